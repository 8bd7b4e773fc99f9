import { describe, expect, it } from 'vitest';
import { loadCountryIndex } from './region-index';

describe('country index over the shipped shapes', () => {
  const index = loadCountryIndex();

  it('holds the 177 countries', () => {
    expect(index.size).toBe(177);
  });

  it.each([
    ['Port-au-Prince', -72.3388, 18.5392, 'HTI'],
    ['Santo Domingo', -69.9312, 18.4861, 'DOM'],
    ['Paris', 2.3522, 48.8566, 'FRA'],
    ['Niamey', 2.1254, 13.5116, 'NER'],
    ['Dhaka', 90.4125, 23.8103, 'BGD'],
  ])('puts %s in %s', (_name, lon, lat, code) => {
    expect(index.lookup(lon, lat)?.code).toBe(code);
  });

  it('attributes a coastal town outside the coarse coastline to the nearest country, marked approximate', () => {
    const beira = index.lookup(34.8389, -19.8436);
    expect(beira).toEqual({ code: 'MOZ', name: 'Mozambique', approximate: true });
  });

  it('finds no country in the open sea or for non-finite input', () => {
    expect(index.lookup(-40, 30)).toBeNull();
    expect(index.lookup(Number.NaN, 10)).toBeNull();
  });
});
