import { describe, expect, it } from 'vitest';
import { haversineMeters } from './geo';
import { DEFAULT_H3_RESOLUTION, h3CellCenter, h3CellOf } from './h3-cell';

describe('h3 cells', () => {
  it('puts a point in a resolution-7 cell whose centre is within 2 km', () => {
    const point = { lon: -73.75, lat: 18.2 };
    const cell = h3CellOf(point.lon, point.lat);
    expect(cell).toMatch(/^87[0-9a-f]{13}$/);
    expect(DEFAULT_H3_RESOLUTION).toBe(7);
    expect(haversineMeters(point, h3CellCenter(cell))).toBeLessThan(2_000);
  });

  it('gives the same cell to two nearby points and different cells to distant ones', () => {
    expect(h3CellOf(-73.75, 18.2)).toBe(h3CellOf(-73.7501, 18.2001));
    expect(h3CellOf(-73.75, 18.2)).not.toBe(h3CellOf(-72.33, 18.54));
  });
});
