import { describe, expect, it } from 'vitest';
import type { TLiveEntityV1 } from '@vigie/contracts/live-entities';
import { ASSET_KINDS, SENSOR_ANOMALY, STATUS_COLORS } from '../map/entity-style';
import {
  applyDelta,
  applySnapshot,
  clearLiveEntities,
  entityCount,
  entityIds,
  getEntity,
  initialLiveEntitiesState,
  liveLayerFrame,
  resyncRequest,
} from './live-entities';
import type { LiveEntitiesState } from './live-entities';

const at = '2024-09-14T08:00:00Z';

function entity(id: string, lon = 0, extra: Partial<TLiveEntityV1> = {}): TLiveEntityV1 {
  return {
    entityId: id,
    entityKind: 'vehicle',
    position: { lon, lat: 1 },
    connectivity: 'online',
    updatedAt: at,
    ...extra,
  };
}

const ids = (state: LiveEntitiesState) => [...entityIds(state)].sort();
const lonOf = (state: LiveEntitiesState, id: string) => getEntity(state, id)?.position?.lon;

/** Every index entry points at a slot holding that id, and every slot is indexed: the columns are consistent. */
function expectConsistent(state: LiveEntitiesState) {
  let slots = 0;
  state.groups.forEach((columns, group) => {
    expect(columns.ids).toHaveLength(columns.length);
    expect(columns.objects).toHaveLength(columns.length);
    columns.ids.forEach((id, slot) => {
      expect(state.index.get(id)).toBe(slot * 4 + group);
      expect(columns.objects[slot]!.entityId).toBe(id);
      if (group < 2) {
        expect(columns.positions[slot * 2]).toBeCloseTo(columns.objects[slot]!.position!.lon, 4);
      }
    });
    slots += columns.length;
  });
  expect(slots).toBe(state.index.size);
}

describe('applySnapshot', () => {
  it('replaces the whole picture and takes the seq', () => {
    const first = applySnapshot(initialLiveEntitiesState, { seq: 3, entities: [entity('a'), entity('b')] });
    expect(ids(first)).toEqual(['a', 'b']);
    expect(first.seq).toBe(3);
    const second = applySnapshot(first, { seq: 9, entities: [entity('c')] });
    expect(ids(second)).toEqual(['c']);
    expect(second.seq).toBe(9);
    expect(second.version).toBeGreaterThan(first.version);
    expectConsistent(second);
  });

  it('is accepted even with a lower seq (a restarted gateway counts again)', () => {
    const s = applySnapshot(applySnapshot(initialLiveEntitiesState, { seq: 50, entities: [entity('a')] }), {
      seq: 0,
      entities: [entity('z')],
    });
    expect(s.seq).toBe(0);
    expect(ids(s)).toEqual(['z']);
  });

  it('keeps the last of duplicate ids', () => {
    const s = applySnapshot(initialLiveEntitiesState, { seq: 1, entities: [entity('a', 1), entity('a', 2)] });
    expect(entityCount(s)).toBe(1);
    expect(lonOf(s, 'a')).toBe(2);
    expectConsistent(s);
  });
});

describe('applyDelta', () => {
  const base = () =>
    applySnapshot(initialLiveEntitiesState, { seq: 10, entities: [entity('a'), entity('b')] });

  it('upserts new and changed entities and advances the seq', () => {
    const s = applyDelta(base(), { seq: 11, upserts: [entity('a', 5), entity('c')], removes: [] });
    expect(lonOf(s, 'a')).toBe(5);
    expect(getEntity(s, 'c')).toBeDefined();
    expect(entityCount(s)).toBe(3);
    expect(s.seq).toBe(11);
    expectConsistent(s);
  });

  it('removes ids that left the subscription, and ignores unknown ids', () => {
    const s = applyDelta(base(), { seq: 11, upserts: [], removes: ['a', 'nope'] });
    expect(ids(s)).toEqual(['b']);
    expectConsistent(s);
  });

  it('lets a remove win over an upsert of the same id in one delta', () => {
    const s = applyDelta(base(), { seq: 11, upserts: [entity('b', 7)], removes: ['b'] });
    expect(getEntity(s, 'b')).toBeUndefined();
    expectConsistent(s);
  });

  it('moves an entity between groups when it gains or loses a position or changes kind', () => {
    let s = applyDelta(base(), { seq: 11, upserts: [{ ...entity('a'), position: undefined }], removes: [] });
    expect(s.groups[0].length).toBe(1);
    expect(s.groups[2].length).toBe(1);
    s = applyDelta(s, { seq: 12, upserts: [entity('a', 3, { entityKind: 'sensor' })], removes: [] });
    expect(s.groups[1].ids).toEqual(['a']);
    expect(s.groups[2].length).toBe(0);
    expectConsistent(s);
  });

  it('stays consistent through many random upserts and removes', () => {
    let s = applySnapshot(initialLiveEntitiesState, { seq: 0, entities: [] });
    const alive = new Map<string, number>();
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let seq = 1; seq <= 200; seq++) {
      const upserts: TLiveEntityV1[] = [];
      const removes: string[] = [];
      for (let k = 0; k < 20; k++) {
        const id = `e${Math.floor(rand() * 60)}`;
        if (rand() < 0.3) {
          removes.push(id);
        } else {
          const lon = Math.round(rand() * 100);
          const kind = rand() < 0.3 ? 'sensor' : 'team';
          upserts.push(
            entity(id, lon, rand() < 0.1 ? { position: undefined, entityKind: kind } : { entityKind: kind }),
          );
        }
      }
      s = applyDelta(s, { seq, upserts, removes });
      for (const e of upserts) alive.set(e.entityId, e.position?.lon ?? -1);
      for (const id of removes) alive.delete(id);
    }
    expectConsistent(s);
    expect(ids(s)).toEqual([...alive.keys()].sort());
    for (const [id, lon] of alive) expect(lonOf(s, id) ?? -1).toBe(lon);
  });

  it('ignores a stale or duplicate seq and counts it', () => {
    const s1 = applyDelta(base(), { seq: 12, upserts: [entity('a', 1)], removes: [] });
    const s2 = applyDelta(s1, { seq: 11, upserts: [entity('a', 99)], removes: ['b'] });
    const s3 = applyDelta(s2, { seq: 12, upserts: [entity('a', 98)], removes: [] });
    expect(lonOf(s3, 'a')).toBe(1);
    expect(getEntity(s3, 'b')).toBeDefined();
    expect(s3.seq).toBe(12);
    expect(s3.ignored).toBe(2);
    expect(s3.version).toBe(s1.version);
  });

  it('ignores deltas before the first snapshot', () => {
    const s = applyDelta(initialLiveEntitiesState, { seq: 1, upserts: [entity('a')], removes: [] });
    expect(entityCount(s)).toBe(0);
    expect(s.seq).toBeNull();
    expect(s.ignored).toBe(1);
  });

  it('accepts a gap in seq (the gateway numbers its ticks, not every client message)', () => {
    const s = applyDelta(base(), { seq: 15, upserts: [entity('d')], removes: [] });
    expect(s.seq).toBe(15);
    expect(getEntity(s, 'd')).toBeDefined();
  });
});

describe('resync and clear', () => {
  it('asks for the changes after the last applied seq', () => {
    expect(resyncRequest(initialLiveEntitiesState)).toBeNull();
    const s = applyDelta(applySnapshot(initialLiveEntitiesState, { seq: 4, entities: [] }), {
      seq: 6,
      upserts: [entity('a')],
      removes: [],
    });
    expect(resyncRequest(s)).toEqual({ v: 1, fromSeq: 6 });
  });

  it('a snapshot answering a resync replaces the state', () => {
    const before = applySnapshot(initialLiveEntitiesState, {
      seq: 4,
      entities: [entity('gone'), entity('a')],
    });
    const after = applySnapshot(before, { seq: 20, entities: [entity('a', 3), entity('new')] });
    expect(ids(after)).toEqual(['a', 'new']);
    expect(after.seq).toBe(20);
  });

  it('clear forgets entities and seq', () => {
    const s = clearLiveEntities(applySnapshot(initialLiveEntitiesState, { seq: 4, entities: [entity('a')] }));
    expect(entityCount(s)).toBe(0);
    expect(s.seq).toBeNull();
  });
});

describe('liveLayerFrame', () => {
  const state = applySnapshot(initialLiveEntitiesState, {
    seq: 1,
    entities: [
      entity('truck', 34.5, { heading: 90, status: 'en_route', position: { lon: 34.5, lat: -19.5 } }),
      entity('gauge', 35, {
        entityKind: 'sensor',
        position: { lon: 35, lat: -20 },
        lastReadings: [{ metric: 'water_level', value: 4, unit: 'm', at, anomalyScore: 5 }],
      }),
      entity('nowhere', 0, { entityKind: 'team', position: undefined }),
      entity('boat', -1, { entityKind: 'boat', position: { lon: -1, lat: 2 } }),
    ],
  });
  const frame = liveLayerFrame(state);

  it('splits assets and sensors and leaves out entities without a position', () => {
    expect(frame.assets.ids).toEqual(['truck', 'boat']);
    expect(frame.sensors.ids).toEqual(['gauge']);
    expect(entityCount(state)).toBe(4);
  });

  it('fills the columns index by index: position, colour by status, angle from heading, icon kind', () => {
    expect([...frame.assets.positions]).toEqual([34.5, -19.5, -1, 2]);
    expect([...frame.assets.colors.subarray(0, 4)]).toEqual([...STATUS_COLORS.en_route]);
    expect([...frame.assets.colors.subarray(4, 8)]).toEqual([...STATUS_COLORS.unknown]);
    expect([...frame.assets.angles]).toEqual([270, 0]);
    expect([...frame.assets.kinds]).toEqual([ASSET_KINDS.indexOf('vehicle'), ASSET_KINDS.indexOf('boat')]);
    expect([...frame.sensors.colors]).toEqual([...SENSOR_ANOMALY]);
    expect([...frame.sensors.positions]).toEqual([35, -20]);
  });

  it('counts layout changes only when entities take or leave slots', () => {
    const moved = applyDelta(state, { seq: 2, upserts: [entity('truck', 11)], removes: [] });
    expect(moved.layout).toBe(state.layout);
    const entered = applyDelta(moved, { seq: 3, upserts: [entity('new', 1)], removes: [] });
    expect(entered.layout).toBe(moved.layout + 1);
    const left = applyDelta(entered, { seq: 4, upserts: [], removes: ['new'] });
    expect(left.layout).toBe(entered.layout + 1);
    expect(applyDelta(left, { seq: 5, upserts: [], removes: ['never-there'] }).layout).toBe(left.layout);
  });

  it('hands out new arrays every time, untouched by later updates', () => {
    const next = applyDelta(state, { seq: 2, upserts: [entity('truck', 10, { heading: 0 })], removes: [] });
    const again = liveLayerFrame(next);
    expect(again.assets.positions).not.toBe(frame.assets.positions);
    expect(frame.assets.positions[0]).toBe(34.5);
    expect(again.assets.positions[0]).toBe(10);
    expect(again.version).toBeGreaterThan(frame.version);
  });
});
