/**
 * Corroboration: signals from different sources about the same place and time — a sensor alert
 * (threshold, rate of change, anomaly), a cluster of reports, an external alert (CAP, USGS, GDACS) —
 * raise one corroboration alert, more severe than any of them alone. Families, not alerts, are
 * counted: two sensors on one river are one kind of evidence, a sensor and a cluster of reports are
 * two. Later signals near a live corroboration join it (same alert id, updated), and a third family
 * raises its severity once more.
 * State: the active signals of the window and the live corroborations, one small JSON object.
 */
import type { TCategory } from '@vigie/contracts/categories';
import type { TAlertKind } from '@vigie/contracts/live-alerts';
import type { TGeometry } from '@vigie/contracts/primitives';
import type { TSeverity } from '@vigie/contracts/severity';
import { maxSeverity } from '@vigie/contracts/severity';
import { haversineMeters, pointInPolygon } from '../geo';
import type { AlertDraft } from './alert-draft';
import { iso, raiseSeverity, stableAlertId } from './alert-draft';
import type { DetectionStep } from './threshold-detector';

export type SignalFamily = 'sensor' | 'reports' | 'external';

export function familyOf(kind: TAlertKind): SignalFamily | null {
  if (kind === 'threshold' || kind === 'rate_of_change' || kind === 'anomaly') return 'sensor';
  if (kind === 'report_cluster') return 'reports';
  if (kind === 'external') return 'external';
  return null;
}

export interface CorroborationParams {
  ruleId: string;
  /** Signals whose places are this close (or one inside the other's area) are about the same place. Default 15 km. */
  radiusKm?: number;
  /** …and this close in time. Default 6 hours. */
  windowMs?: number;
  /** Distinct families needed. Default 2. */
  minFamilies?: number;
}

export interface SignalRecord {
  alertId: string;
  eventId: string;
  family: SignalFamily;
  t: number;
  lon: number;
  lat: number;
  /** Polygons of an area signal (external alerts), to test whether a point signal lies inside. */
  area?: number[][][][];
  severity: TSeverity;
  category?: TCategory;
  title: string;
}

export interface CorroborationGroup {
  alertId: string;
  since: number;
  last: number;
  lon: number;
  lat: number;
  signals: string[];
  families: SignalFamily[];
}

export interface CorroborationState {
  signals: SignalRecord[];
  groups: CorroborationGroup[];
}

export interface AlertSignal {
  alert: AlertDraft;
  /** Envelope id of the live.alerts event that carried it (evidence). */
  eventId: string;
}

/** A representative point of a geometry (a point itself, the mean of an area's outer vertices). */
export function centreOf(geometry: TGeometry): { lon: number; lat: number } {
  const points: number[][] =
    geometry.type === 'Point'
      ? [geometry.coordinates as number[]]
      : geometry.type === 'LineString'
        ? (geometry.coordinates as number[][])
        : geometry.type === 'Polygon'
          ? (geometry.coordinates[0] as number[][]).slice(0, -1)
          : geometry.coordinates.flatMap((p) => (p[0] as number[][]).slice(0, -1));
  const lon = points.reduce((s, p) => s + p[0]!, 0) / Math.max(1, points.length);
  const lat = points.reduce((s, p) => s + p[1]!, 0) / Math.max(1, points.length);
  return { lon, lat };
}

function areaOf(geometry: TGeometry): number[][][][] | undefined {
  if (geometry.type === 'Polygon') return [geometry.coordinates as number[][][]];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates as number[][][][];
  return undefined;
}

function samePlace(
  a: SignalRecord,
  b: { lon: number; lat: number; area?: number[][][][] },
  radiusM: number,
): boolean {
  if (haversineMeters(a, b) <= radiusM) return true;
  if (a.area?.some((p) => pointInPolygon(b.lon, b.lat, p))) return true;
  return b.area?.some((p) => pointInPolygon(a.lon, a.lat, p)) ?? false;
}

export function detectCorroboration(
  state: CorroborationState | undefined,
  signal: AlertSignal,
  params: CorroborationParams,
): DetectionStep<CorroborationState> {
  const current: CorroborationState = state ?? { signals: [], groups: [] };
  const { alert } = signal;
  const family = familyOf(alert.kind);
  const at = Date.parse(alert.updatedAt ?? alert.raisedAt);
  const windowMs = params.windowMs ?? 6 * 3_600_000;
  const radiusM = (params.radiusKm ?? 15) * 1000;
  const since = at - windowMs;
  const groups = current.groups.filter((g) => g.last > since);
  let signals = current.signals.filter((s) => s.t > since && s.alertId !== alert.alertId);
  if (family === null || alert.status !== 'active') return { state: { signals, groups }, alerts: [] };

  const centre = centreOf(alert.place);
  const area = areaOf(alert.place);
  const record: SignalRecord = {
    alertId: alert.alertId,
    eventId: signal.eventId,
    family,
    t: at,
    ...centre,
    ...(area === undefined ? {} : { area }),
    severity: alert.severity,
    ...(alert.category === undefined ? {} : { category: alert.category }),
    title: alert.title,
  };
  signals = [...signals, record];
  const near = signals.filter((s) => s.alertId === alert.alertId || samePlace(s, record, radiusM));
  const families = [...new Set(near.map((s) => s.family))].sort();
  if (families.length < (params.minFamilies ?? 2)) return { state: { signals, groups }, alerts: [] };

  const existing = groups.find((g) => g.signals.some((id) => near.some((s) => s.alertId === id)));
  const members = [...new Set([...(existing?.signals ?? []), ...near.map((s) => s.alertId)])];
  const memberRecords = signals.filter((s) => members.includes(s.alertId));
  const allFamilies = [...new Set([...(existing?.families ?? []), ...families])].sort();
  if (
    existing !== undefined &&
    existing.signals.includes(alert.alertId) &&
    existing.families.length === allFamilies.length
  ) {
    return {
      state: { signals, groups: groups.map((g) => (g === existing ? { ...g, last: at } : g)) },
      alerts: [],
    };
  }
  const first = [...near].sort((a, b) => a.t - b.t || a.alertId.localeCompare(b.alertId))[0]!;
  const group: CorroborationGroup = existing
    ? { ...existing, last: at, signals: members, families: allFamilies }
    : {
        alertId: stableAlertId('corroboration', params.ruleId, first.alertId),
        since: first.t,
        last: at,
        lon: near.reduce((s, r) => s + r.lon, 0) / near.length,
        lat: near.reduce((s, r) => s + r.lat, 0) / near.length,
        signals: members,
        families: allFamilies,
      };
  const severity = raiseSeverity(
    maxSeverity(...memberRecords.map((s) => s.severity)),
    allFamilies.length - 1,
  );
  const category = memberRecords.find((s) => s.category !== undefined)?.category;
  const draft: AlertDraft = {
    alertId: group.alertId,
    kind: 'corroboration',
    ruleId: params.ruleId,
    severity,
    status: 'active',
    title: `Corroborated by ${allFamilies.length} kinds of source (${allFamilies.join(', ')})`,
    description: memberRecords
      .map((s) => `- ${s.title}`)
      .join('\n')
      .slice(0, 4_000),
    ...(category === undefined ? {} : { category }),
    place: { type: 'Point', coordinates: [group.lon, group.lat] },
    ...(alert.region === undefined ? {} : { region: alert.region }),
    ...(alert.cell === undefined ? {} : { cell: alert.cell }),
    evidence: memberRecords.map((s) => ({
      kind: 'alert' as const,
      eventId: s.eventId,
      entityId: s.alertId,
      at: iso(s.t),
      summary: s.title.slice(0, 500),
    })),
    raisedAt: iso(group.since),
    ...(existing === undefined ? {} : { updatedAt: iso(at) }),
  };
  return {
    state: { signals, groups: [...groups.filter((g) => g !== existing), group] },
    alerts: [draft],
  };
}
