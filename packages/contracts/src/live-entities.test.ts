import { describe, it } from 'vitest';
import fixture from '../fixtures/v1/live.entities.json';
import { T0, expectInvalidAt, expectValid, withPatch } from '../test/expect-schema';
import { ZLiveEntityEventV1, ZLiveEntityV1 } from './live-entities';

const payload = fixture.payload;
const sensor = {
  entityId: 'gauge-pungwe-03',
  entityKind: 'sensor',
  position: { lon: 34.9003, lat: -19.7921 },
  connectivity: 'stale',
  lastReadings: [{ metric: 'water_level', value: 4.87, unit: 'm', at: T0, anomalyScore: 5.2 }],
  updatedAt: T0,
};

describe('ZLiveEntityV1', () => {
  it('accepts an asset and a sensor', () => {
    expectValid(ZLiveEntityV1, payload);
    expectValid(ZLiveEntityV1, sensor);
  });

  it.each([
    ['entityId', 'truck|07'],
    ['entityKind', 'building'],
    ['position.lon', Number.NaN],
    ['speed', -3],
    ['heading', 720],
    ['status', 'busy'],
    ['connectivity', undefined],
    ['connectivity', 'lost'],
    ['region.country', 'MZ'],
    ['cell', '88a4e3a4a5'],
    ['updatedAt', '2024-09-14T08:00:01'],
    ['updatedAt', undefined],
  ])('rejects %s = %s', (path, value) =>
    expectInvalidAt(ZLiveEntityV1, withPatch(payload, path, value), path),
  );

  it.each([
    ['lastReadings[0].metric', 'noise'],
    ['lastReadings[0].value', Number.POSITIVE_INFINITY],
    ['lastReadings[0].at', 'now'],
    ['lastReadings[0].anomalyScore', -1],
  ])('rejects a sensor with %s = %s', (path, value) =>
    expectInvalidAt(ZLiveEntityV1, withPatch(sensor, path, value), path),
  );

  it('is carried in an entity v1 envelope', () => {
    expectValid(ZLiveEntityEventV1, fixture);
    expectInvalidAt(ZLiveEntityEventV1, withPatch(fixture, 'type', 'position'), 'type');
  });
});
