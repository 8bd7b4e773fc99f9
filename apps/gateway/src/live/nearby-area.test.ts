import { describe, expect, it } from 'vitest';
import { EntityIndex } from './entity-index';
import { anchorArea, bboxCenter, clipBbox, squareAround } from './nearby-area';

describe('nearby area', () => {
  it('is a square of the radius around the rounded anchor position', () => {
    const [w, s, e, n] = squareAround(34.8391, -19.8437, 10_000);
    expect((n - s) / 2).toBeCloseTo(10_000 / 111_320, 6);
    expect((w + e) / 2).toBeCloseTo(34.84, 6);
    expect(e - w).toBeGreaterThan(n - s); // wider in longitude away from the equator
  });

  it('uses the first carried asset with a position', () => {
    const index = new EntityIndex({ seqBase: 0 });
    index.applyFromLog([
      {
        entity: {
          entityId: 'phone',
          entityKind: 'team',
          connectivity: 'online',
          updatedAt: '2025-01-01T00:00:00Z',
        },
      },
      {
        entity: {
          entityId: 'truck',
          entityKind: 'vehicle',
          connectivity: 'online',
          updatedAt: '2025-01-01T00:00:00Z',
          position: { lon: 10, lat: 20 },
        },
      },
    ]);
    expect(anchorArea(index, ['phone'], 1000)).toBeNull();
    const area = anchorArea(index, ['phone', 'truck'], 1000);
    expect(area && bboxCenter(area).lat).toBeCloseTo(20, 6);
  });

  it('clips a requested box to the area', () => {
    expect(clipBbox([0, 0, 10, 10], [5, 5, 20, 20])).toEqual([5, 5, 10, 10]);
    expect(clipBbox([0, 0, 1, 1], [5, 5, 20, 20])).toBeNull();
    expect(clipBbox([170, 0, -170, 10], [5, 5, 20, 20])).toEqual([5, 5, 20, 20]);
    expect(bboxCenter([170, 0, -170, 10])).toEqual({ lon: 180, lat: 5 });
  });
});
