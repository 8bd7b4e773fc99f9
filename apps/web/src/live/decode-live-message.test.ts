import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeDelta, decodeSnapshot, isUsableEntity } from './decode-live-message';

const fixture = JSON.parse(
  readFileSync(
    new URL('../../../../packages/contracts/fixtures/v1/live.entities.json', import.meta.url),
    'utf8',
  ),
) as { payload: unknown };

describe('decode live messages', () => {
  it('accepts the published live.entities v1 fixture', () => {
    expect(isUsableEntity(fixture.payload)).toBe(true);
  });

  it('decodes a snapshot and drops malformed entities', () => {
    const decoded = decodeSnapshot({
      v: 1,
      seq: 5,
      entities: [
        fixture.payload,
        { entityId: 'x', entityKind: 'spaceship', connectivity: 'online' },
        { entityId: 'y', entityKind: 'team', connectivity: 'online', position: { lon: 200, lat: 0 } },
        { entityId: 'z', entityKind: 'sensor', connectivity: 'stale' },
      ],
    });
    expect(decoded?.message.seq).toBe(5);
    expect(decoded?.message.entities.map((e) => e.entityId)).toEqual(['truck-07', 'z']);
    expect(decoded?.dropped).toBe(2);
  });

  it('rejects a payload of another version or without a seq', () => {
    expect(decodeSnapshot({ v: 2, seq: 1, entities: [] })).toBeNull();
    expect(decodeSnapshot({ v: 1, entities: [] })).toBeNull();
    expect(decodeDelta({ v: 1, seq: -1, upserts: [], removes: [] })).toBeNull();
    expect(decodeDelta('nope')).toBeNull();
  });

  it('decodes a delta and keeps only string ids in removes', () => {
    const decoded = decodeDelta({ v: 1, seq: 7, upserts: [fixture.payload], removes: ['a', 3, 'b'] });
    expect(decoded?.message.removes).toEqual(['a', 'b']);
    expect(decoded?.message.upserts).toHaveLength(1);
    expect(decoded?.dropped).toBe(1);
  });
});
