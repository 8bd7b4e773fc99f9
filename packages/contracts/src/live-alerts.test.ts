import { describe, it } from 'vitest';
import fixture from '../fixtures/v1/live.alerts.json';
import { expectInvalidAt, expectValid, withPatch } from '../test/expect-schema';
import { ZLiveAlertEventV1, ZLiveAlertV1 } from './live-alerts';

const payload = fixture.payload;

describe('ZLiveAlertV1', () => {
  it('accepts a threshold alert at a point, a cluster over an area, and a relayed external alert', () => {
    expectValid(ZLiveAlertV1, payload);
    expectValid(ZLiveAlertV1, {
      ...payload,
      kind: 'report_cluster',
      place: {
        type: 'Polygon',
        coordinates: [
          [
            [34.85, -19.84],
            [34.87, -19.84],
            [34.87, -19.82],
            [34.85, -19.84],
          ],
        ],
      },
      evidence: [],
    });
    expectValid(ZLiveAlertV1, {
      ...payload,
      kind: 'external',
      external: { sender: 'alerts@inam.gov.mz', identifier: 'INAM-2024-0914-FLW-02' },
    });
  });

  it.each([
    ['alertId', ''],
    ['kind', 'hunch'],
    ['severity', 'critical'],
    ['status', 'open'],
    ['title', ''],
    ['title', 'two\nlines'],
    ['place', undefined],
    ['place.type', 'Circle'],
    ['place.coordinates[0]', 200],
    ['evidence[0].eventId', 'reading-1'],
    ['evidence[0].kind', 'rumour'],
    ['evidence[0].at', '08:00'],
    ['raisedAt', '2024-09-14T08:00:02'],
  ])('rejects %s = %s', (path, value) =>
    expectInvalidAt(ZLiveAlertV1, withPatch(payload, path, value), path),
  );

  it('requires `external` exactly for external alerts', () => {
    expectInvalidAt(ZLiveAlertV1, { ...payload, kind: 'external' }, 'external');
    expectInvalidAt(ZLiveAlertV1, { ...payload, external: { sender: 's', identifier: 'i' } }, 'external');
  });

  it('is carried in an alert v1 envelope', () => {
    expectValid(ZLiveAlertEventV1, fixture);
    expectInvalidAt(ZLiveAlertEventV1, withPatch(fixture, 'type', 'external_alert'), 'type');
  });
});
