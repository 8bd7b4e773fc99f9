import { describe, expect, it } from 'vitest';
import type { RegionIndex } from './region-index';
import { loadCountryIndex } from './region-index';
import { regionOf } from './region-of';

describe('regionOf', () => {
  const index = loadCountryIndex();

  it('names the country of a point', () => {
    expect(regionOf(index, -72.34, 18.54)).toEqual({ country: 'HTI', name: 'Haiti' });
    expect(regionOf(index, 2.35, 48.85)).toEqual({ country: 'FRA', name: 'France' });
  });

  it('knows nothing of the open sea', () => {
    expect(regionOf(index, -30, 0)).toBeUndefined();
  });

  it('leaves out codes that are not ISO alpha-3 and cleans names', () => {
    const fake: RegionIndex = { size: 1, lookup: () => ({ code: '-99', name: 'Somewhere\u0007 ' }) };
    expect(regionOf(fake, 0, 0)).toEqual({ name: 'Somewhere' });
    const empty: RegionIndex = { size: 1, lookup: () => ({ code: '', name: '' }) };
    expect(regionOf(empty, 0, 0)).toBeUndefined();
  });
});
