// The operational picture beside the live entities: incidents, alerts, hazard zones and the alert toasts, fed
// by the socket's `incident`, `alert`, `zones` and `notification` events and by the list queries. Named pure
// operations on one state; a vanilla store holds it for the map and the panels.
import type { TAlertSummary } from '@vigie/contracts/alert-api';
import type { TIncidentSummary } from '@vigie/contracts/incident-api';
import type { TLiveAlertV1 } from '@vigie/contracts/live-alerts';
import type { TLiveIncidentV1 } from '@vigie/contracts/live-incidents';
import type { TInAppNotificationV1 } from '@vigie/contracts/notification-api';
import type { TGeometry } from '@vigie/contracts/primitives';
import type { TLiveZoneV1 } from '@vigie/contracts/zone-api';
import { createStore } from 'zustand/vanilla';
import { alertReceived, initialAlertToastsState } from '../alerts/alert-toasts';
import type { AlertToastsState } from '../alerts/alert-toasts';
import { dispatchProgressed, initialDispatchProgress } from './dispatch-progress';
import type { DispatchProgressState } from './dispatch-progress';
import {
  incidentChanged,
  incidentsLoaded,
  initialIncidentQueueState,
  itemFromLiveIncident,
  itemFromSummary,
} from './incident-queue';
import type { IncidentQueueState } from './incident-queue';

/** What the map draws of an alert. */
export interface MapAlert {
  readonly alertId: string;
  readonly title: string;
  readonly severity: TLiveAlertV1['severity'];
  readonly status: TLiveAlertV1['status'];
  readonly place?: TGeometry | undefined;
  readonly incidentId?: string | undefined;
  readonly updatedAt: string;
}

export interface SituationState {
  readonly queue: IncidentQueueState;
  readonly alerts: ReadonlyMap<string, MapAlert>;
  readonly zones: ReadonlyMap<string, TLiveZoneV1>;
  readonly toasts: AlertToastsState;
  /** ETA and distance of dispatched vehicles, from the live incident events. */
  readonly dispatchProgress: DispatchProgressState;
}

export const initialSituationState: SituationState = {
  queue: initialIncidentQueueState,
  alerts: new Map(),
  zones: new Map(),
  toasts: initialAlertToastsState,
  dispatchProgress: initialDispatchProgress,
};

/** A socket event of the situation, already checked against the catalog. */
export type SituationEvent =
  | { readonly name: 'incident'; readonly incident: TLiveIncidentV1 }
  | { readonly name: 'alert'; readonly alert: TLiveAlertV1 }
  | {
      readonly name: 'zones';
      readonly full: boolean;
      readonly upserts: readonly TLiveZoneV1[];
      readonly removes: readonly string[];
    }
  | { readonly name: 'notification'; readonly notification: TInAppNotificationV1 };

const ACTIVE_ALERT_STATUSES: ReadonlySet<MapAlert['status']> = new Set(['active', 'acknowledged']);

function withAlert(alerts: ReadonlyMap<string, MapAlert>, alert: MapAlert): ReadonlyMap<string, MapAlert> {
  const known = alerts.get(alert.alertId);
  if (known !== undefined && Date.parse(known.updatedAt) > Date.parse(alert.updatedAt)) return alerts;
  const next = new Map(alerts);
  // The map shows alerts still in force; cleared, expired or cancelled ones leave it.
  if (ACTIVE_ALERT_STATUSES.has(alert.status)) next.set(alert.alertId, alert);
  else next.delete(alert.alertId);
  return next;
}

export function situationEventReceived(state: SituationState, event: SituationEvent): SituationState {
  switch (event.name) {
    case 'incident': {
      const queue = incidentChanged(state.queue, itemFromLiveIncident(event.incident));
      const dispatchProgress = dispatchProgressed(state.dispatchProgress, event.incident);
      return queue === state.queue && dispatchProgress === state.dispatchProgress
        ? state
        : { ...state, queue, dispatchProgress };
    }
    case 'alert': {
      const a = event.alert;
      return {
        ...state,
        alerts: withAlert(state.alerts, {
          alertId: a.alertId,
          title: a.title,
          severity: a.severity,
          status: a.status,
          place: a.place,
          incidentId: a.incidentId,
          updatedAt: a.updatedAt ?? a.raisedAt,
        }),
        toasts: alertReceived(state.toasts, a),
      };
    }
    case 'zones': {
      const zones = new Map(event.full ? [] : state.zones);
      for (const id of event.removes) zones.delete(id);
      for (const zone of event.upserts) zones.set(zone.zoneId, zone);
      return { ...state, zones };
    }
    case 'notification': {
      const n = event.notification;
      // A notification about one alert is that alert's toast; digests of many are not acknowledged one by one.
      if (n.alertId === undefined) return state;
      const toasts = alertReceived(state.toasts, {
        alertId: n.alertId,
        title: n.title,
        severity: n.severity,
        status: 'active',
        raisedAt: n.at,
        incidentId: n.incidentId,
      });
      return toasts === state.toasts ? state : { ...state, toasts };
    }
  }
}

/** The incident list query answered. */
export function incidentListLoaded(
  state: SituationState,
  items: readonly TIncidentSummary[],
): SituationState {
  const queue = incidentsLoaded(state.queue, items.map(itemFromSummary));
  return queue === state.queue ? state : { ...state, queue };
}

/** The alert list query answered (alerts in force): they are drawn, and the unacknowledged ones pop. */
export function alertListLoaded(state: SituationState, items: readonly TAlertSummary[]): SituationState {
  let alerts = state.alerts;
  let toasts = state.toasts;
  for (const a of items) {
    alerts = withAlert(alerts, {
      alertId: a.alertId,
      title: a.title,
      severity: a.severity,
      status: a.status,
      place: a.place,
      incidentId: a.incidentId,
      updatedAt: a.updatedAt,
    });
    toasts = alertReceived(toasts, a);
  }
  return { ...state, alerts, toasts };
}

export function toastsChanged(
  state: SituationState,
  operation: (toasts: AlertToastsState) => AlertToastsState,
): SituationState {
  const toasts = operation(state.toasts);
  return toasts === state.toasts ? state : { ...state, toasts };
}

export function queueChanged(
  state: SituationState,
  operation: (queue: IncidentQueueState) => IncidentQueueState,
): SituationState {
  const queue = operation(state.queue);
  return queue === state.queue ? state : { ...state, queue };
}

export const situationStore = createStore<SituationState>()(() => initialSituationState);

/** Applies a named operation to the page's situation store. */
export function updateSituation<P extends unknown[]>(
  operation: (state: SituationState, ...payload: P) => SituationState,
  ...payload: P
): void {
  situationStore.setState((s) => operation(s, ...payload), true);
}
