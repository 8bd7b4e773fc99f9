import { describe, expect, it } from 'vitest';
import { boundsOverlap, geometryBounds } from './overlay-push';

describe('overlay geometry checks', () => {
  it('bounds points, polygons and multipolygons', () => {
    expect(geometryBounds({ coordinates: [-73.75, 18.19] })).toEqual([-73.75, 18.19, -73.75, 18.19]);
    expect(
      geometryBounds({
        coordinates: [
          [
            [-74, 18],
            [-73, 18],
            [-73, 19.5],
            [-74, 18],
          ],
        ],
      }),
    ).toEqual([-74, 18, -73, 19.5]);
    expect(geometryBounds({ coordinates: [] })).toBeNull();
  });

  it('finds overlaps, edges included, across the antimeridian too', () => {
    expect(boundsOverlap([-74, 18, -73, 19], [-73, 19, -72, 20])).toBe(true);
    expect(boundsOverlap([-74, 18, -73, 19], [-72.9, 18, -72, 19])).toBe(false);
    expect(boundsOverlap([-74, 18, -73, 19], [-73.5, 10, -73.4, 17.9])).toBe(false);
    // A viewport from 170°E to 170°W.
    expect(boundsOverlap([170, -20, -170, -10], [178, -15, 179, -14])).toBe(true);
    expect(boundsOverlap([170, -20, -170, -10], [-175, -15, -174, -14])).toBe(true);
    expect(boundsOverlap([170, -20, -170, -10], [0, -15, 1, -14])).toBe(false);
  });
});
