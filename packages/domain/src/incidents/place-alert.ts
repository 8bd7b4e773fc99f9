/**
 * Where an incoming alert goes: the incident it is already part of (an update of a known alert never
 * opens a second incident), an open incident of a compatible category close in space and time, or a
 * new incident. Alerts that no longer call for action (cleared, expired, cancelled) and `info` alerts
 * never open an incident on their own; they may still be added to an incident as evidence.
 */
import type { TCategory } from '@vigie/contracts/categories';
import type { TAlertKind, TAlertStatus } from '@vigie/contracts/live-alerts';
import type { TIncidentStatus } from '@vigie/contracts/live-incidents';
import type { TGeometry } from '@vigie/contracts/primitives';
import type { TSeverity } from '@vigie/contracts/severity';
import { compareSeverity } from '@vigie/contracts/severity';
import type { LonLat } from '../geo';
import { haversineMeters } from '../geo';
import { isOpen } from './incident-state';

export interface AlertFacts {
  alertId: string;
  kind: TAlertKind;
  severity: TSeverity;
  status: TAlertStatus;
  category?: TCategory | undefined;
  position: LonLat;
  /** Raised or last updated. */
  at: string;
}

export interface CandidateIncident {
  id: string;
  category?: TCategory | undefined;
  status: TIncidentStatus;
  position: LonLat;
  lastEvidenceAt: string;
  mergedInto?: string | undefined;
}

export interface PlacementOptions {
  /** Furthest distance between the alert and an incident it may join. */
  maxDistanceKm: number;
  /** Longest gap between the incident's latest evidence and the alert. */
  maxGapMinutes: number;
  /** Least severity of an alert that opens an incident on its own. */
  minSeverityToOpen: TSeverity;
  /**
   * Hazards that spread over a wide area (a river in flood, a storm, an earthquake) join alerts from
   * further away than `maxDistanceKm`: an alert joins an incident within the extent of the incident's
   * category (the alert's when the incident has none), and always within `maxDistanceKm`.
   */
  extentKm?: Partial<Record<TCategory, number>> | undefined;
}

/** Typical reach of wide-area hazards, in km: gauges along one flooding river are one situation. */
export const HAZARD_EXTENT_KM: Readonly<Partial<Record<TCategory, number>>> = {
  flood: 20,
  storm: 30,
  tsunami: 30,
  earthquake: 50,
  wildfire: 10,
  drought: 50,
};

export const DEFAULT_PLACEMENT: PlacementOptions = {
  maxDistanceKm: 5,
  maxGapMinutes: 120,
  minSeverityToOpen: 'minor',
  extentKm: HAZARD_EXTENT_KM,
};

/**
 * How far from an incident an alert may be to join it: the incident's hazard sets the reach (a flood
 * spreads along its river; a fire stays local), at least `maxDistanceKm`.
 */
export function reachKm(
  options: PlacementOptions,
  incident: TCategory | undefined,
  alert: TCategory | undefined,
): number {
  const category = incident ?? alert;
  const extent = category === undefined ? 0 : (options.extentKm?.[category] ?? 0);
  return Math.max(options.maxDistanceKm, extent);
}

/** The widest reach any incident may have: how far to look for candidate incidents. */
export function searchReachKm(options: PlacementOptions): number {
  return Math.max(options.maxDistanceKm, ...Object.values(options.extentKm ?? {}));
}

export type AlertPlacement =
  | { action: 'update'; incidentId: string }
  | { action: 'attach'; incidentId: string; distanceKm: number }
  | { action: 'open' }
  | { action: 'ignore'; reason: string };

/** Hazards that describe one situation seen from different angles. */
const HAZARD_FAMILIES: readonly (readonly TCategory[])[] = [
  ['flood', 'storm', 'tsunami', 'landslide'],
  ['earthquake', 'tsunami', 'landslide'],
  ['wildfire', 'fire'],
  ['conflict', 'security'],
  ['volcano'],
  ['drought'],
  ['epidemic'],
  ['accident'],
];

/** Damage and needs: consequences, compatible with any hazard. */
const CONSEQUENCES: ReadonlySet<TCategory> = new Set([
  'infrastructure',
  'access',
  'medical',
  'shelter',
  'food',
  'water',
  'missing_person',
  'other',
]);

/** Whether an alert of category `a` may join an incident of category `b`. */
export function compatibleCategories(a: TCategory | undefined, b: TCategory | undefined): boolean {
  if (a === undefined || b === undefined || a === b) return true;
  if (CONSEQUENCES.has(a) || CONSEQUENCES.has(b)) return true;
  return HAZARD_FAMILIES.some((family) => family.includes(a) && family.includes(b));
}

/** A representative point of a geometry: the point itself, else the centre of its bounding box. */
export function anchorPoint(geometry: TGeometry): LonLat {
  if (geometry.type === 'Point') return { lon: geometry.coordinates[0], lat: geometry.coordinates[1] };
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  const visit = (position: readonly [number, number, (number | undefined)?]) => {
    const [lon, lat] = position;
    west = Math.min(west, lon);
    east = Math.max(east, lon);
    south = Math.min(south, lat);
    north = Math.max(north, lat);
  };
  if (geometry.type === 'LineString') geometry.coordinates.forEach((p) => visit(p));
  else if (geometry.type === 'Polygon') geometry.coordinates.forEach((ring) => ring.forEach((p) => visit(p)));
  else geometry.coordinates.forEach((polygon) => polygon.forEach((ring) => ring.forEach((p) => visit(p))));
  return { lon: (west + east) / 2, lat: (south + north) / 2 };
}

/**
 * Decides where `alert` goes. `knownIncidentId` is the incident the alert id is already linked to
 * (found by the caller), `candidates` the incidents near it (any order).
 */
export function placeAlert(
  alert: AlertFacts,
  knownIncidentId: string | undefined,
  candidates: readonly CandidateIncident[],
  options: PlacementOptions = DEFAULT_PLACEMENT,
): AlertPlacement {
  if (knownIncidentId !== undefined) return { action: 'update', incidentId: knownIncidentId };
  const at = Date.parse(alert.at);
  let best: { id: string; distanceKm: number; gapMs: number } | undefined;
  for (const c of candidates) {
    if (!isOpen(c.status) || c.mergedInto !== undefined) continue;
    if (!compatibleCategories(alert.category, c.category)) continue;
    const distanceKm = haversineMeters(alert.position, c.position) / 1000;
    if (distanceKm > reachKm(options, c.category, alert.category)) continue;
    const gapMs = Math.abs(at - Date.parse(c.lastEvidenceAt));
    if (gapMs > options.maxGapMinutes * 60_000) continue;
    if (
      best === undefined ||
      distanceKm < best.distanceKm ||
      (distanceKm === best.distanceKm && gapMs < best.gapMs)
    ) {
      best = { id: c.id, distanceKm, gapMs };
    }
  }
  if (best !== undefined) return { action: 'attach', incidentId: best.id, distanceKm: best.distanceKm };
  if (alert.status !== 'active' && alert.status !== 'acknowledged') {
    return { action: 'ignore', reason: `alert is ${alert.status}: it does not open an incident` };
  }
  if (compareSeverity(alert.severity, options.minSeverityToOpen) < 0) {
    return {
      action: 'ignore',
      reason: `severity ${alert.severity} is below ${options.minSeverityToOpen}: it does not open an incident`,
    };
  }
  return { action: 'open' };
}
