import type { TLiveAlertV1 } from '@vigie/contracts/live-alerts';
import type { TLiveIncidentV1 } from '@vigie/contracts/live-incidents';
import { describe, expect, it } from 'vitest';
import { visibleIncidents } from './incident-queue';
import {
  alertListLoaded,
  incidentListLoaded,
  initialSituationState,
  situationEventReceived,
} from './situation';

const liveIncident = (seq: number, overrides: Partial<TLiveIncidentV1> = {}): TLiveIncidentV1 => ({
  incidentId: 'inc-1',
  seq,
  change: 'opened',
  status: 'detected',
  severity: 'severe',
  title: 'Flooding in Les Cayes',
  category: 'flood',
  position: { lon: -73.75, lat: 18.2 },
  at: `2026-11-24T08:0${seq}:00.000Z`,
  actor: { kind: 'system', component: 'detector' } as TLiveIncidentV1['actor'],
  openedAt: '2026-11-24T08:00:00.000Z',
  alertIds: [],
  ...overrides,
});

const liveAlert = (overrides: Partial<TLiveAlertV1> = {}): TLiveAlertV1 => ({
  alertId: 'al-1',
  kind: 'report_cluster',
  severity: 'extreme',
  status: 'active',
  title: '5 flood reports',
  place: { type: 'Point', coordinates: [-73.75, 18.2] },
  evidence: [],
  incidentId: 'inc-1',
  raisedAt: '2026-11-24T08:00:00.000Z',
  ...overrides,
});

describe('situation', () => {
  it('follows an incident through its live events, after or before the list answer', () => {
    let state = situationEventReceived(initialSituationState, {
      name: 'incident',
      incident: liveIncident(1),
    });
    state = situationEventReceived(state, {
      name: 'incident',
      incident: liveIncident(3, { status: 'dispatched', change: 'dispatched' }),
    });
    state = incidentListLoaded(state, [
      {
        incidentId: 'inc-1',
        title: 'Flooding in Les Cayes',
        status: 'acknowledged',
        severity: 'severe',
        openedAt: '2026-11-24T08:00:00.000Z',
        updatedAt: '2026-11-24T08:02:00.000Z',
        alertCount: 1,
        dispatchCount: 0,
      },
    ]);
    expect(visibleIncidents(state.queue).map((i) => i.status)).toEqual(['dispatched']);
  });

  it('draws alerts in force, pops a toast for a new one, and forgets cleared ones', () => {
    let state = situationEventReceived(initialSituationState, { name: 'alert', alert: liveAlert() });
    expect([...state.alerts.keys()]).toEqual(['al-1']);
    expect(state.toasts.toasts.map((t) => [t.alertId, t.incidentId])).toEqual([['al-1', 'inc-1']]);
    state = situationEventReceived(state, {
      name: 'alert',
      alert: liveAlert({ status: 'cleared', updatedAt: '2026-11-24T08:10:00.000Z' }),
    });
    expect(state.alerts.size).toBe(0);
    expect(state.toasts.toasts).toHaveLength(0);
  });

  it('turns a notification about an alert into its toast, once', () => {
    const notification = {
      notificationId: 'n-1',
      reason: 'alert' as const,
      severity: 'extreme' as const,
      title: 'Flood',
      alertId: 'al-1',
      incidentId: 'inc-1',
      at: '2026-11-24T08:00:00.000Z',
    };
    let state = situationEventReceived(initialSituationState, { name: 'notification', notification });
    state = situationEventReceived(state, { name: 'alert', alert: liveAlert() });
    expect(state.toasts.toasts).toHaveLength(1);
    const digest = { ...notification, notificationId: 'n-2', alertId: undefined, reason: 'digest' as const };
    expect(situationEventReceived(state, { name: 'notification', notification: digest })).toBe(state);
  });

  it('replaces zones on a full message and applies changes otherwise', () => {
    const zone = (zoneId: string) => ({
      zoneId,
      kind: 'hazard' as const,
      name: zoneId,
      geometry: { type: 'MultiPolygon' as const, coordinates: [] },
      updatedAt: '2026-11-24T08:00:00.000Z',
    });
    let state = situationEventReceived(initialSituationState, {
      name: 'zones',
      full: true,
      upserts: [zone('a'), zone('b')],
      removes: [],
    });
    state = situationEventReceived(state, {
      name: 'zones',
      full: false,
      upserts: [zone('c')],
      removes: ['a'],
    });
    expect([...state.zones.keys()].sort()).toEqual(['b', 'c']);
    state = situationEventReceived(state, { name: 'zones', full: true, upserts: [zone('d')], removes: [] });
    expect([...state.zones.keys()]).toEqual(['d']);
  });

  it('loads the alerts in force from the list', () => {
    const state = alertListLoaded(initialSituationState, [
      { ...liveAlert(), region: undefined, updatedAt: '2026-11-24T08:00:00.000Z' },
      {
        ...liveAlert({ alertId: 'al-2', status: 'acknowledged' }),
        region: undefined,
        updatedAt: '2026-11-24T08:00:00.000Z',
      },
    ]);
    expect([...state.alerts.keys()].sort()).toEqual(['al-1', 'al-2']);
    expect(state.toasts.toasts.map((t) => t.alertId)).toEqual(['al-1']);
  });
});
