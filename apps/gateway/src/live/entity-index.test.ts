import type { TLiveEntityV1 } from '@vigie/contracts/live-entities';
import { describe, expect, it } from 'vitest';
import { EntityIndex } from './entity-index';
import { makeInterest } from './interest';

let clock = Date.parse('2025-01-01T00:00:00Z');
function entity(
  id: string,
  lon: number | null,
  lat = 0,
  kind: TLiveEntityV1['entityKind'] = 'vehicle',
): TLiveEntityV1 {
  clock += 1000;
  return {
    entityId: id,
    entityKind: kind,
    connectivity: 'online',
    updatedAt: new Date(clock).toISOString(),
    ...(lon === null ? {} : { position: { lon, lat } }),
  };
}

const box = (w: number, s: number, e: number, n: number) => makeInterest([w, s, e, n], ['assets', 'sensors']);

describe('EntityIndex', () => {
  it('answers box queries by layer, across the antimeridian, without unplaced entities', () => {
    const index = new EntityIndex({ cellDeg: 1, seqBase: 0 });
    index.applyFromLog(
      [
        entity('a', 10.5, 10.5),
        entity('b', 11.5, 10.5),
        entity('s', 10.2, 10.2, 'sensor'),
        entity('east', 179.5, 0),
        entity('west', -179.5, 0),
        entity('nowhere', null),
      ].map((e) => ({ entity: e })),
    );
    const ids = (interest: ReturnType<typeof box>) =>
      index
        .query(interest)
        .map((e) => e.entity.entityId)
        .sort();
    expect(ids(box(10, 10, 11, 11))).toEqual(['a', 's']);
    expect(ids(makeInterest([10, 10, 11, 11], ['sensors']))).toEqual(['s']);
    expect(ids(box(170, -5, -170, 5))).toEqual(['east', 'west']);
    expect(ids(box(-180, -90, 180, 90))).toEqual(['a', 'b', 'east', 's', 'west']);
    expect(index.size).toBe(6);
    expect(index.seq).toBe(6);
  });

  it('finds what changed in a box since a seq: entering, leaving, coalescing repeats', () => {
    const index = new EntityIndex({ cellDeg: 0.5, seqBase: 100 });
    index.applyFromLog([{ entity: entity('in', 1, 1) }, { entity: entity('out', 5, 5) }]);
    const from = index.seq;
    index.closeSegment();
    index.applyFromLog([{ entity: entity('in', 1.1, 1.1) }, { entity: entity('in', 1.2, 1.2) }]);
    index.applyFromLog([{ entity: entity('out', 1.5, 1.5) }]); // enters
    index.closeSegment();
    index.applyFromLog([{ entity: entity('far', 40, 40) }]);
    const interest = box(0, 0, 2, 2);
    const result = index.changedSince(from, interest);
    expect([...result.ids].sort()).toEqual(['in', 'out']);
    expect(result.coalesced).toBe(1);
    index.applyFromLog([{ entity: entity('in', 9, 9) }]); // leaves
    expect([...index.changedSince(from + 3, interest).ids].sort()).toEqual(['in']);
    expect(index.changedSince(index.seq, interest).ids.size).toBe(0);
    // a world-wide interest scans every change
    expect([...index.changedSince(from, box(-180, -90, 180, 90)).ids].sort()).toEqual(['far', 'in', 'out']);
  });

  it('keeps a bounded log of changes and says which seqs it still covers', () => {
    const index = new EntityIndex({ capacity: 10, seqBase: 0 });
    for (let i = 0; i < 50; i++) {
      index.applyFromLog([{ entity: entity('one', i % 10, 0) }]);
      index.closeSegment();
    }
    expect(index.retainedChanges).toBeLessThanOrEqual(10);
    expect(index.covers(index.seq)).toBe(true);
    expect(index.covers(index.seq - 5)).toBe(true);
    expect(index.covers(5)).toBe(false);
    expect(index.covers(index.seq + 1)).toBe(false);
    expect(index.size).toBe(1);
  });

  it('ignores older log states and lets the log win over the database snapshot', () => {
    const index = new EntityIndex({ seqBase: 0 });
    const newer = entity('x', 1, 1);
    const older = { ...newer, position: { lon: 2, lat: 2 }, updatedAt: '2020-01-01T00:00:00Z' };
    expect(index.applyFromLog([{ entity: newer }, { entity: older }])).toBe(1);
    expect(index.get('x')?.lon).toBe(1);
    expect(index.applySnapshot([{ ...newer, position: { lon: 3, lat: 3 } }, entity('y', 4, 4)])).toBe(1);
    expect(index.get('x')?.lon).toBe(1);
    expect(index.get('y')?.fromLog).toBe(false);
    expect(index.applyFromLog([{ entity: { ...older, entityId: 'y' } }])).toBe(1);
    expect(index.get('y')?.lon).toBe(2);
  });

  it('starts sequences at a random base per process', () => {
    expect(new EntityIndex().seq).not.toBe(new EntityIndex().seq);
  });
});
