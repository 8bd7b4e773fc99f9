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

  it('tells which dispatch a tracking update or an arrival is about', () => {
    const tracking = { kind: 'system', component: 'dispatch-tracking' } as const;
    const eta = { assetId: 'truck-7', status: 'en_route', eta: '2026-01-10T12:30:00.000Z', distanceM: 4200 };
    expectValid(ZLiveIncidentV1, { ...payload, change: 'updated', actor: tracking, dispatch: eta });
    expectValid(ZLiveIncidentV1, {
      ...payload,
      change: 'status_changed',
      status: 'on_scene',
      actor: tracking,
      dispatch: { assetId: 'truck-7', status: 'on_scene', arrivedAt: '2026-01-10T12:28:00.000Z' },
    });
    expectInvalidAt(ZLiveIncidentV1, { ...payload, dispatch: { ...eta, status: 'lost' } }, 'dispatch.status');
    expectInvalidAt(
      ZLiveIncidentV1,
      { ...payload, dispatch: { ...eta, distanceM: -1 } },
      'dispatch.distanceM',
    );
  });

  it('requires a merged incident to be closed', () =>
    expectInvalidAt(ZLiveIncidentV1, { ...payload, mergedInto: 'inc-9' }, 'status'));

  it('is carried in an incident v1 envelope', () => {
    expectValid(ZLiveIncidentEventV1, fixture);
    expectInvalidAt(ZLiveIncidentEventV1, withPatch(fixture, 'receivedAt', undefined), 'receivedAt');
  });
});
