import { describe, it } from 'vitest';
import fixture from '../fixtures/v1/live.incidents.json';
import { expectInvalidAt, expectValid, withPatch } from '../test/expect-schema';
import { ZLiveIncidentEventV1, ZLiveIncidentV1 } from './live-incidents';

const payload = fixture.payload;

describe('ZLiveIncidentV1', () => {
  it('accepts an operator change and a detector change', () => {
    expectValid(ZLiveIncidentV1, payload);
    expectValid(ZLiveIncidentV1, {
      ...payload,
      seq: 1,
      change: 'opened',
      status: 'detected',
      actor: { kind: 'system', component: 'report-cluster-detector' },
      commandId: undefined,
      area: undefined,
    });
    expectValid(ZLiveIncidentV1, { ...payload, change: 'merged', status: 'closed', mergedInto: 'inc-9' });
  });

  it.each([
    ['incidentId', 'inc 1'],
    ['seq', 0],
    ['seq', 1.5],
    ['change', 'exploded'],
    ['status', 'open'],
    ['severity', 'urgent'],
    ['title', ''],
    ['position.lon', -181],
    ['area.type', 'Point'],
    [
      'area.coordinates[0][0]',
      [
        [34.85, -19.84],
        [34.87, -19.84],
        [34.87, -19.82],
        [34.85, -19.82],
      ],
    ],
    ['at', '2024-09-14'],
    ['actor.kind', 'robot'],
    ['actor.role', 'superuser'],
    ['commandId', 'cmd-7'],
    ['alertIds', undefined],
  ])('rejects %s = %s', (path, value) =>
    expectInvalidAt(ZLiveIncidentV1, withPatch(payload, path, value), path),
  );

  it('requires a merged incident to be closed', () =>
    expectInvalidAt(ZLiveIncidentV1, { ...payload, mergedInto: 'inc-9' }, 'status'));

  it('is carried in an incident v1 envelope', () => {
    expectValid(ZLiveIncidentEventV1, fixture);
    expectInvalidAt(ZLiveIncidentEventV1, withPatch(fixture, 'receivedAt', undefined), 'receivedAt');
  });
});
