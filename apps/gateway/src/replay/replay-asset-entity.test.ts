import type { AssetDto } from '@vigie/db/asset-dto';
import { describe, expect, it } from 'vitest';
import { entityFromAsset } from '../live/entity-from-state';
import { replayEntityFromAsset } from './replay-asset-entity';

const at = Date.parse('2026-03-01T12:00:00Z');
const base: AssetDto = {
  id: 'truck-7',
  kind: 'vehicle',
  name: 'Truck 7',
  source: null,
  status: 'en_route',
  position: { lon: -73.7, lat: 18.2 },
  speed: 12.5,
  heading: 90,
  accuracy: 5,
  lastFixAt: new Date(at - 30_000),
  updatedAt: new Date(at - 30_000),
  attrs: { altitude: 12 },
};

describe('replayEntityFromAsset', () => {
  it.each([
    ['a plain row', base],
    ['a stale fix', { ...base, lastFixAt: new Date(at - 20 * 60_000) }],
    [
      'an offline asset without speed or heading',
      { ...base, lastFixAt: new Date(at - 2 * 3_600_000), speed: null, heading: null, attrs: {} },
    ],
    ['a kind stored as other', { ...base, kind: 'other' as const }],
    ['an unknown status', { ...base, status: 'parked' }],
    ['a name with a control character', { ...base, name: 'Truck\u00077' }],
    ['a speed out of range', { ...base, speed: 900 }],
  ])('gives what the parsing mapper gives for %s', (_label, asset) => {
    expect(replayEntityFromAsset(asset, at)).toEqual(entityFromAsset(asset, at));
  });
});
