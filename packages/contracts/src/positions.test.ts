import { describe, it } from 'vitest';
import fixture from '../fixtures/v1/raw.positions.json';
import { expectInvalidAt, expectValid, withPatch } from '../test/expect-schema';
import { ZPositionEventV1, ZPositionV1 } from './positions';

const payload = fixture.payload;

describe('ZPositionV1', () => {
  it('accepts a full fix and a minimal one', () => {
    expectValid(ZPositionV1, payload);
    expectValid(ZPositionV1, { assetId: 'team-3', assetKind: 'team', position: { lon: 0, lat: 0 } });
  });

  it.each([
    ['assetId', 'truck 07'],
    ['assetKind', 'bicycle'],
    ['position.lon', 190],
    ['position.lat', -90.01],
    ['position.lat', Number.NaN],
    ['altitude', Number.POSITIVE_INFINITY],
    ['speed', -1],
    ['speed', 1_000],
    ['heading', 361],
    ['heading', -1],
    ['accuracy', -5],
    ['status', 'lost'],
    ['battery', 101],
    ['alarm', 'panic'],
    ['satellites', 7.5],
    ['attributes.fuel', 'x'.repeat(300)],
  ])('rejects %s = %s', (path, value) => expectInvalidAt(ZPositionV1, withPatch(payload, path, value), path));

  it.each(['assetId', 'assetKind', 'position'])('requires %s', (path) =>
    expectInvalidAt(ZPositionV1, withPatch(payload, path, undefined), path),
  );

  it('is carried in a position v1 envelope', () => {
    expectValid(ZPositionEventV1, fixture);
    expectInvalidAt(ZPositionEventV1, withPatch(fixture, 'type', 'reading'), 'type');
    expectInvalidAt(ZPositionEventV1, withPatch(fixture, 'v', 2), 'v');
    expectInvalidAt(ZPositionEventV1, withPatch(fixture, 'occurredAt', '2024-09-14T08:00:01'), 'occurredAt');
  });
});
