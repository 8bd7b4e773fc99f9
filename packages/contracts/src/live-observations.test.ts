import { describe, it } from 'vitest';
import fixture from '../fixtures/v1/live.observations.json';
import { ID2, T0, expectInvalidAt, expectValid, withPatch } from '../test/expect-schema';
import { ZLiveObservationEventV1, ZLiveObservationV1 } from './live-observations';

const report = fixture.payload;
const reading = {
  kind: 'reading',
  rawEventId: ID2,
  observedAt: T0,
  position: { lon: 34.9003, lat: -19.7921 },
  cell: '88a4e3a4a5fffff',
  sensorId: 'gauge-pungwe-03',
  metric: 'water_level',
  value: 4.87,
  unit: 'm',
  anomalyScore: 5.2,
};

describe('ZLiveObservationV1', () => {
  it('accepts an enriched report and an enriched reading', () => {
    expectValid(ZLiveObservationV1, report);
    expectValid(ZLiveObservationV1, reading);
  });

  it.each([
    ['rawEventId', 'sms-558201'],
    ['cell', undefined],
    ['cell', 'not-a-cell'],
    ['position', undefined],
    ['position.lat', 91],
    ['category', 'gossip'],
    ['anomalyScore', Number.NaN],
    ['credibility', 1.5],
    ['maskedText', 'a\u0000'],
    ['channel', 'fax'],
    ['source', 'sms gateway'],
  ])('rejects a report with %s = %s', (path, value) =>
    expectInvalidAt(ZLiveObservationV1, withPatch(report, path, value), path),
  );

  it.each([
    ['metric', 'noise'],
    ['value', '4.87'],
    ['sensorId', undefined],
  ])('rejects a reading with %s = %s', (path, value) =>
    expectInvalidAt(ZLiveObservationV1, withPatch(reading, path, value), path),
  );

  it('rejects an unknown kind', () =>
    expectInvalidAt(ZLiveObservationV1, { ...reading, kind: 'tweet' }, 'kind'));

  it('is carried in an observation v1 envelope', () => {
    expectValid(ZLiveObservationEventV1, fixture);
    expectInvalidAt(ZLiveObservationEventV1, withPatch(fixture, 'v', 3), 'v');
  });
});
