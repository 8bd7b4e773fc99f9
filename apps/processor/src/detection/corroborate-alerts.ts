/**
 * Corroboration across sources, wired on the database: the alerts a detection batch wrote are weighed,
 * inside the batch's transaction, against the recent alerts near them that any partition or topic
 * wrote (a gauge's threshold on live.observations, a CAP warning on raw.alerts, a cluster of reports
 * in another H3 cell), so no detector state has to be shared between partitions. The domain's
 * corroboration detector decides; the live corroborations near the alert are its groups, so a later
 * signal joins the same corroboration (same alert id) instead of raising another. Corroboration
 * alerts are written in the same transaction and published with the batch's alerts.
 */
import type { TAlertKind, TLiveAlertV1 } from '@vigie/contracts/live-alerts';
import { getAlert, listRecentAlertsNear, upsertAlerts } from '@vigie/db/alerts-repository';
import type { Db } from '@vigie/db/database';
import type { GeoGeometry } from '@vigie/db/geo-types';
import type {
  CorroborationGroup,
  CorroborationParams,
  CorroborationState,
  SignalRecord,
} from '@vigie/domain/detection/corroboration-detector';
import { centreOf, detectCorroboration, familyOf } from '@vigie/domain/detection/corroboration-detector';
import { alertEventId } from './build-alert-record';

const SIGNAL_KINDS: readonly TAlertKind[] = [
  'threshold',
  'rate_of_change',
  'anomaly',
  'report_cluster',
  'external',
];
const DEFAULT_RADIUS_KM = 15;
const DEFAULT_WINDOW_MS = 6 * 3_600_000;

/** When a stored alert last changed, never later than the instant judged (clocks of replayed runs). */
function timeOf(alert: TLiveAlertV1, notAfter: number): number {
  const raised = Date.parse(alert.raisedAt);
  const updated = Date.parse(alert.updatedAt ?? alert.raisedAt);
  return Math.max(raised, Math.min(updated, notAfter));
}

function signalRecord(alert: TLiveAlertV1, notAfter: number): SignalRecord | null {
  const family = familyOf(alert.kind);
  if (family === null) return null;
  const area =
    alert.place.type === 'Polygon'
      ? [alert.place.coordinates as number[][][]]
      : alert.place.type === 'MultiPolygon'
        ? (alert.place.coordinates as number[][][][])
        : undefined;
  return {
    alertId: alert.alertId,
    eventId: alertEventId(alert),
    family,
    t: timeOf(alert, notAfter),
    ...centreOf(alert.place),
    ...(area === undefined ? {} : { area }),
    severity: alert.severity,
    ...(alert.category === undefined ? {} : { category: alert.category }),
    title: alert.title,
  };
}

/** The detector state around `alert`, read back from the alerts table. */
async function stateAround(
  tx: Db,
  alert: TLiveAlertV1,
  params: CorroborationParams,
  at: number,
): Promise<CorroborationState> {
  const nearby = await listRecentAlertsNear(tx, {
    place: alert.place as GeoGeometry,
    radiusKm: params.radiusKm ?? DEFAULT_RADIUS_KM,
    since: new Date(at - (params.windowMs ?? DEFAULT_WINDOW_MS)),
    kinds: [...SIGNAL_KINDS, 'corroboration'],
    excludeId: alert.alertId,
  });
  const signals = nearby
    .filter((a) => a.kind !== 'corroboration')
    .map((a) => signalRecord(a, at))
    .filter((s) => s !== null);
  const byId = new Map(signals.map((s) => [s.alertId, s]));
  const groups: CorroborationGroup[] = [];
  for (const c of nearby) {
    if (c.kind !== 'corroboration' || c.ruleId !== params.ruleId) continue;
    const members = [...new Set(c.evidence.map((e) => e.entityId).filter((id) => id !== undefined))];
    const families = new Set<string>();
    for (const id of members) {
      // A member outside the window or the radius is read by id: its family still counts.
      const known = byId.get(id) ?? (id === alert.alertId ? alert : await getAlert(tx, id));
      const family = known === null ? null : 'family' in known ? known.family : familyOf(known.kind);
      if (family !== null) families.add(family);
    }
    const centre = centreOf(c.place);
    groups.push({
      alertId: c.alertId,
      since: Date.parse(c.raisedAt),
      last: timeOf(c, at),
      ...centre,
      signals: members,
      families: [...families].sort() as CorroborationGroup['families'],
    });
  }
  return { signals, groups };
}

/**
 * Runs the corroboration rules over the alerts a batch wrote (already in `tx`); writes and returns
 * the corroboration alerts raised or updated.
 */
export async function corroborateAlerts(
  tx: Db,
  alerts: readonly TLiveAlertV1[],
  rules: readonly CorroborationParams[],
): Promise<TLiveAlertV1[]> {
  const out: TLiveAlertV1[] = [];
  if (rules.length === 0) return out;
  for (const alert of alerts) {
    if (alert.status !== 'active' || familyOf(alert.kind) === null) continue;
    const at = Date.parse(alert.updatedAt ?? alert.raisedAt);
    for (const params of rules) {
      const state = await stateAround(tx, alert, params, at);
      const step = detectCorroboration(state, { alert, eventId: alertEventId(alert) }, params);
      if (step.alerts.length === 0) continue;
      // Written at once: the next alert of the batch sees this corroboration as a group.
      await upsertAlerts(tx, step.alerts);
      out.push(...step.alerts);
    }
  }
  return out;
}
