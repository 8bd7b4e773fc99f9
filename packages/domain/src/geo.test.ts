import { describe, expect, it } from 'vitest';
import { bboxContains, bearingDegrees, destinationPoint, haversineMeters, pointInPolygon } from './geo';

describe('geo', () => {
  it('measures Port-au-Prince → Les Cayes as about 152 km', () => {
    const d = haversineMeters({ lon: -72.3388, lat: 18.5392 }, { lon: -73.75, lat: 18.2 });
    expect(d).toBeGreaterThan(150_000);
    expect(d).toBeLessThan(155_000);
  });

  it('gives bearings on the compass: north 0, east 90, south 180, west 270', () => {
    const o = { lon: 0, lat: 0 };
    expect(bearingDegrees(o, { lon: 0, lat: 1 })).toBeCloseTo(0, 6);
    expect(bearingDegrees(o, { lon: 1, lat: 0 })).toBeCloseTo(90, 6);
    expect(bearingDegrees(o, { lon: 0, lat: -1 })).toBeCloseTo(180, 6);
    expect(bearingDegrees(o, { lon: -1, lat: 0 })).toBeCloseTo(270, 6);
  });

  it('walks a bearing and distance and comes back to the same distance', () => {
    const start = { lon: -72.3, lat: 18.5 };
    const end = destinationPoint(start, 45, 10_000);
    expect(haversineMeters(start, end)).toBeCloseTo(10_000, 3);
    expect(bearingDegrees(start, end)).toBeCloseTo(45, 1);
  });

  it('tests points against a polygon with a hole', () => {
    const outer = [
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 10],
      [0, 0],
    ];
    const hole = [
      [4, 4],
      [6, 4],
      [6, 6],
      [4, 6],
      [4, 4],
    ];
    expect(pointInPolygon(1, 1, [outer])).toBe(true);
    expect(pointInPolygon(5, 5, [outer, hole])).toBe(false);
    expect(pointInPolygon(11, 5, [outer, hole])).toBe(false);
  });

  it('handles a bbox that crosses the antimeridian', () => {
    expect(bboxContains([170, -20, -170, 0], 179, -10)).toBe(true);
    expect(bboxContains([170, -20, -170, 0], -175, -10)).toBe(true);
    expect(bboxContains([170, -20, -170, 0], 0, -10)).toBe(false);
  });
});
