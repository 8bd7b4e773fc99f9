/**
 * Geofences: an asset entering, leaving or dwelling in a zone (hazard zones, restricted areas,
 * warehouse yards). Zones may have a validity interval and may appear and disappear over time (a
 * hazard zone from a CAP alert lives until the alert expires or is cancelled): a zone that is not
 * valid at the time of a fix is not there. One alert per visit:
 * - `geofence_enter` when a fix is inside a zone the asset was not in;
 * - `geofence_dwell` once the asset has stayed `dwellMs` inside;
 * - `geofence_exit` when a fix is outside a zone that is still there; the visit's alerts are cleared.
 *   When the zone itself ends (expired, cancelled, deleted) the visit's alerts are cleared without an
 *   exit: the asset did not move, the hazard went away.
 * State is per asset: the zones it is in, since when, and the alert ids of the visit.
 */
import type { TCategory } from '@vigie/contracts/categories';
import type { TEvidence } from '@vigie/contracts/live-alerts';
import type { TRegion } from '@vigie/contracts/primitives';
import type { TSeverity } from '@vigie/contracts/severity';
import type { BBox } from '../geo';
import { bboxContains, pointInPolygon } from '../geo';
import type { AlertDraft } from './alert-draft';
import { iso, stableAlertId } from './alert-draft';
import type { DetectionStep } from './threshold-detector';

export type ZoneKind = 'hazard' | 'geofence' | 'admin_area';

export interface GeofenceZone {
  id: string;
  kind: ZoneKind;
  name: string;
  /** MultiPolygon coordinates: polygons of rings of [lon, lat]. */
  polygons: number[][][][];
  /** Validity, half-open [validFrom, validTo), epoch milliseconds; null means unbounded. */
  validFrom?: number | null;
  validTo?: number | null;
  /** Severity of an entry; by default `severe` in a hazard zone, `moderate` in a geofence. */
  severity?: TSeverity;
  category?: TCategory;
  /** Dwell time for this zone, overriding the rule's. */
  dwellMs?: number;
  /** Alert kinds this zone raises (default: enter, exit and dwell). */
  alertOn?: readonly ('enter' | 'exit' | 'dwell')[];
}

export interface IndexedZone extends GeofenceZone {
  bbox: BBox;
}

export interface GeofenceParams {
  ruleId: string;
  /** An asset inside a zone for longer than this raises a dwell alert. Default 30 minutes. */
  dwellMs?: number;
  /** Zone kinds watched. Default hazard and geofence. */
  kinds?: readonly ZoneKind[];
}

export interface AssetFix {
  assetId: string;
  name?: string;
  at: number;
  lon: number;
  lat: number;
  /** Envelope id of the event that carried the fix (evidence). */
  eventId: string;
  region?: TRegion;
  cell?: string;
}

export interface Visit {
  since: number;
  enterId: string;
  dwellId?: string;
}

export interface GeofenceState {
  t: number;
  inside: Record<string, Visit>;
}

/** Zones with their bounding boxes, for quick rejection before the point-in-polygon test. */
export function indexZones(zones: readonly GeofenceZone[]): Map<string, IndexedZone> {
  const out = new Map<string, IndexedZone>();
  for (const zone of zones) {
    let w = Infinity;
    let s = Infinity;
    let e = -Infinity;
    let n = -Infinity;
    for (const polygon of zone.polygons)
      for (const [lon, lat] of polygon[0] ?? []) {
        w = Math.min(w, lon!);
        e = Math.max(e, lon!);
        s = Math.min(s, lat!);
        n = Math.max(n, lat!);
      }
    if (w <= e) out.set(zone.id, { ...zone, bbox: [w, s, e, n] });
  }
  return out;
}

export function zoneValidAt(zone: GeofenceZone, at: number): boolean {
  return (zone.validFrom == null || zone.validFrom <= at) && (zone.validTo == null || at < zone.validTo);
}

export function zoneContains(zone: IndexedZone, lon: number, lat: number): boolean {
  return bboxContains(zone.bbox, lon, lat) && zone.polygons.some((p) => pointInPolygon(lon, lat, p));
}

function entrySeverity(zone: GeofenceZone): TSeverity {
  return (
    zone.severity ?? (zone.kind === 'hazard' ? 'severe' : zone.kind === 'geofence' ? 'moderate' : 'info')
  );
}

function raises(zone: GeofenceZone, what: 'enter' | 'exit' | 'dwell'): boolean {
  return zone.alertOn === undefined || zone.alertOn.includes(what);
}

export function detectGeofence(
  state: GeofenceState | undefined,
  fix: AssetFix,
  zones: ReadonlyMap<string, IndexedZone>,
  params: GeofenceParams,
): DetectionStep<GeofenceState> {
  const current: GeofenceState = state ?? { t: Number.NEGATIVE_INFINITY, inside: {} };
  if (fix.at <= current.t) return { state: current, alerts: [] };
  const kinds = params.kinds ?? ['hazard', 'geofence'];
  const who = fix.name ?? fix.assetId;
  const evidence: TEvidence = {
    kind: 'position',
    eventId: fix.eventId,
    entityId: fix.assetId,
    at: iso(fix.at),
  };
  const common = (zone: GeofenceZone | undefined) => ({
    ruleId: params.ruleId,
    place: { type: 'Point' as const, coordinates: [fix.lon, fix.lat] as [number, number] },
    ...(fix.region === undefined ? {} : { region: fix.region }),
    ...(fix.cell === undefined ? {} : { cell: fix.cell }),
    ...(zone?.category === undefined ? {} : { category: zone.category }),
    evidence: [evidence],
  });
  const alerts: AlertDraft[] = [];
  const inside: Record<string, Visit> = {};

  for (const [zoneId, visit] of Object.entries(current.inside)) {
    const zone = zones.get(zoneId);
    const present = zone !== undefined && kinds.includes(zone.kind) && zoneValidAt(zone, fix.at);
    if (present && zoneContains(zone, fix.lon, fix.lat)) {
      inside[zoneId] = visit;
      continue;
    }
    const name = zone?.name ?? zoneId;
    const reason = present ? `${who} left ${name}` : `${name} ended while ${who} was inside`;
    const cleared = (id: string, kind: 'geofence_enter' | 'geofence_dwell'): AlertDraft => ({
      ...common(zone),
      alertId: id,
      kind,
      severity: zone === undefined ? 'info' : entrySeverity(zone),
      status: 'cleared',
      title: reason,
      raisedAt: iso(visit.since),
      updatedAt: iso(fix.at),
    });
    if (zone === undefined || raises(zone, 'enter')) alerts.push(cleared(visit.enterId, 'geofence_enter'));
    if (visit.dwellId !== undefined) alerts.push(cleared(visit.dwellId, 'geofence_dwell'));
    if (present && raises(zone, 'exit')) {
      alerts.push({
        ...common(zone),
        alertId: stableAlertId('geofence_exit', params.ruleId, fix.assetId, zoneId, fix.at),
        kind: 'geofence_exit',
        severity: 'info',
        status: 'active',
        title: `${who} left ${name}`,
        raisedAt: iso(fix.at),
      });
    }
  }

  for (const zone of zones.values()) {
    if (inside[zone.id] !== undefined || !kinds.includes(zone.kind)) continue;
    if (!zoneValidAt(zone, fix.at) || !zoneContains(zone, fix.lon, fix.lat)) continue;
    const enterId = stableAlertId('geofence_enter', params.ruleId, fix.assetId, zone.id, fix.at);
    inside[zone.id] = { since: fix.at, enterId };
    if (raises(zone, 'enter')) {
      alerts.push({
        ...common(zone),
        alertId: enterId,
        kind: 'geofence_enter',
        severity: entrySeverity(zone),
        status: 'active',
        title: `${who} entered ${zone.kind === 'hazard' ? 'hazard zone ' : ''}${zone.name}`,
        raisedAt: iso(fix.at),
      });
    }
  }

  for (const [zoneId, visit] of Object.entries(inside)) {
    const zone = zones.get(zoneId)!;
    const dwellMs = zone.dwellMs ?? params.dwellMs ?? 30 * 60_000;
    if (visit.dwellId !== undefined || fix.at - visit.since < dwellMs || !raises(zone, 'dwell')) continue;
    const dwellId = stableAlertId('geofence_dwell', params.ruleId, fix.assetId, zoneId, visit.since);
    inside[zoneId] = { ...visit, dwellId };
    alerts.push({
      ...common(zone),
      alertId: dwellId,
      kind: 'geofence_dwell',
      severity: zone.kind === 'hazard' ? 'severe' : 'minor',
      status: 'active',
      title: `${who} has been in ${zone.name} for ${Math.round((fix.at - visit.since) / 60_000)} min`,
      raisedAt: iso(fix.at),
    });
  }
  return { state: { t: fix.at, inside }, alerts };
}
