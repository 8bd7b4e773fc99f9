// Live alert toasts as named pure operations: an active alert worth a coordinator's attention pops a toast
// once; acknowledging it (here or anywhere else) or its end removes it. Sound is a preference, off by default.
import type { TLiveAlertV1 } from '@vigie/contracts/live-alerts';
import type { TSeverity } from '@vigie/contracts/severity';
import { severityRank } from '@vigie/contracts/severity';

export type ToastAlert = Pick<TLiveAlertV1, 'alertId' | 'severity' | 'status' | 'title' | 'raisedAt'> &
  Partial<Pick<TLiveAlertV1, 'incidentId' | 'category' | 'kind'>>;

export interface AlertToast {
  readonly alertId: string;
  readonly title: string;
  readonly severity: TSeverity;
  readonly incidentId: string | null;
  readonly raisedAt: string;
  /** An acknowledge command is on its way. */
  readonly acknowledging: boolean;
}

export interface AlertToastsState {
  /** Newest first. */
  readonly toasts: readonly AlertToast[];
  /**
   * Alerts that already had their toast, and whether it led to an incident: a repeated or updated alert does
   * not pop again, unless a toast that gave way to others now leads to an incident (it became actionable).
   */
  readonly seen: ReadonlyMap<string, boolean>;
  /** Alerts whose toast the operator dismissed or acknowledged: never again. */
  readonly dismissed: ReadonlySet<string>;
  readonly soundOn: boolean;
  /** Least severity that pops a toast. */
  readonly minSeverity: TSeverity;
}

export const MAX_TOASTS = 3;

export const initialAlertToastsState: AlertToastsState = {
  toasts: [],
  seen: new Map(),
  dismissed: new Set(),
  soundOn: false,
  minSeverity: 'moderate',
};

function dismissedToast(state: AlertToastsState, alertId: string): AlertToastsState {
  const gone = withoutToast(state, alertId);
  return state.dismissed.has(alertId) ? gone : { ...gone, dismissed: new Set(state.dismissed).add(alertId) };
}

function withoutToast(state: AlertToastsState, alertId: string): AlertToastsState {
  return state.toasts.some((t) => t.alertId === alertId)
    ? { ...state, toasts: state.toasts.filter((t) => t.alertId !== alertId) }
    : state;
}

/** An alert's current state arrived. */
export function alertReceived(state: AlertToastsState, alert: ToastAlert): AlertToastsState {
  if (alert.status !== 'active') return withoutToast(state, alert.alertId);
  const shown = state.toasts.find((t) => t.alertId === alert.alertId);
  if (shown !== undefined) {
    // Still active: keep the toast, follow its title, severity and incident.
    const updated: AlertToast = {
      ...shown,
      title: alert.title,
      severity: alert.severity,
      incidentId: alert.incidentId ?? shown.incidentId,
    };
    return { ...state, toasts: state.toasts.map((t) => (t.alertId === alert.alertId ? updated : t)) };
  }
  if (state.dismissed.has(alert.alertId)) return state;
  const hadIncident = state.seen.get(alert.alertId);
  if (hadIncident === true || (hadIncident === false && alert.incidentId === undefined)) return state;
  if (severityRank[alert.severity] < severityRank[state.minSeverity]) return state;
  const seen = new Map(state.seen).set(alert.alertId, alert.incidentId !== undefined);
  const toast: AlertToast = {
    alertId: alert.alertId,
    title: alert.title,
    severity: alert.severity,
    incidentId: alert.incidentId ?? null,
    raisedAt: alert.raisedAt,
    acknowledging: false,
  };
  // Too many at once: the least severe, then those leading to no incident, then the oldest give way.
  const toasts = [toast, ...state.toasts]
    .map((t, order) => ({ t, order }))
    .sort(
      (a, b) =>
        severityRank[b.t.severity] - severityRank[a.t.severity] ||
        Number(b.t.incidentId !== null) - Number(a.t.incidentId !== null) ||
        a.order - b.order,
    )
    .slice(0, MAX_TOASTS)
    .sort((a, b) => a.order - b.order)
    .map(({ t }) => t);
  return { ...state, seen, toasts };
}

export function toastDismissed(state: AlertToastsState, alertId: string): AlertToastsState {
  return dismissedToast(state, alertId);
}

export function acknowledgeRequested(state: AlertToastsState, alertId: string): AlertToastsState {
  return {
    ...state,
    toasts: state.toasts.map((t) => (t.alertId === alertId ? { ...t, acknowledging: true } : t)),
  };
}

/** The gateway accepted the acknowledgement: the toast goes. */
export function alertAcknowledged(state: AlertToastsState, alertId: string): AlertToastsState {
  return dismissedToast(state, alertId);
}

/** The acknowledgement failed: the toast stays, ready for another try. */
export function acknowledgeFailed(state: AlertToastsState, alertId: string): AlertToastsState {
  return {
    ...state,
    toasts: state.toasts.map((t) => (t.alertId === alertId ? { ...t, acknowledging: false } : t)),
  };
}

export function soundToggled(state: AlertToastsState, soundOn: boolean): AlertToastsState {
  return state.soundOn === soundOn ? state : { ...state, soundOn };
}

/** Whether the change from `previous` to `next` should ring: sound on and a new severe or extreme toast. */
export function shouldRing(previous: AlertToastsState, next: AlertToastsState): boolean {
  if (!next.soundOn || next.toasts === previous.toasts) return false;
  const before = new Set(previous.toasts.map((t) => t.alertId));
  return next.toasts.some((t) => !before.has(t.alertId) && severityRank[t.severity] >= severityRank.severe);
}
