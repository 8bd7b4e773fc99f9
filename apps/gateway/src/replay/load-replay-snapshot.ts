/**
 * The picture at instant T for a replay (a seek): entities, alerts, incidents and recent operator
 * actions, read from history (one keyframe plus the changes after it) and mapped to the wire shapes.
 */
import type { TLiveEntityV1 } from '@vigie/contracts/live-entities';
import type { TBbox } from '@vigie/contracts/primitives';
import { ZSeverity } from '@vigie/contracts/severity';
import type { TSeverity } from '@vigie/contracts/severity';
import type {
  TReplayAction,
  TReplayAlert,
  TReplayIncident,
  TReplayLayer,
} from '@vigie/contracts/replay-socket-catalog';
import { ZReplayAction, ZReplayAlert, ZReplayIncident } from '@vigie/contracts/replay-socket-catalog';
import type { Db } from '@vigie/db/database';
import type { BBox, LonLat } from '@vigie/db/geo-types';
import type {
  ReplayActionDto,
  ReplayAlertState,
  ReplayAssetState,
  ReplayIncidentState,
  ReplaySensorState,
} from '@vigie/db/replay-repository';
import {
  actionsBetween,
  alertStatesAt,
  assetAsOf,
  assetDescriptions,
  assetStatesAt,
  incidentStatesAt,
  sensorAsOf,
  sensorDescriptions,
  sensorStatesAt,
} from '@vigie/db/replay-repository';
import { entityFromSensor } from '../live/entity-from-state';
import { replayEntityFromAsset } from './replay-asset-entity';

/** Operator actions a snapshot carries: those of the last quarter of an hour before T. */
export const SNAPSHOT_ACTIONS_MS = 15 * 60_000;

export interface ReplaySnapshot {
  at: Date;
  entities: TLiveEntityV1[];
  /** Latest readings per sensor (kept by the session to merge later readings into). */
  sensors: Map<string, ReplaySensorState>;
  alerts: TReplayAlert[];
  incidents: TReplayIncident[];
  actions: TReplayAction[];
}

export function toBBox(bbox: TBbox | undefined): BBox | undefined {
  if (bbox === undefined) return undefined;
  const [west, south, east, north] = bbox;
  return { west, south, east, north };
}

export function inBox(position: LonLat | null | undefined, bbox: BBox | undefined): boolean {
  if (bbox === undefined) return true;
  if (position === null || position === undefined) return false;
  const inLon =
    bbox.west <= bbox.east
      ? position.lon >= bbox.west && position.lon <= bbox.east
      : position.lon >= bbox.west || position.lon <= bbox.east;
  return inLon && position.lat >= bbox.south && position.lat <= bbox.north;
}

type AssetDescriptions = Awaited<ReturnType<typeof assetDescriptions>>;
type SensorDescriptions = Awaited<ReturnType<typeof sensorDescriptions>>;

/** Caches of entity descriptions (name, kind, sensor position), per session. */
export interface DescriptionCache {
  assets: AssetDescriptions;
  sensors: SensorDescriptions;
}

export function emptyDescriptionCache(): DescriptionCache {
  return { assets: new Map(), sensors: new Map() };
}

export async function assetEntities(
  db: Db,
  states: readonly ReplayAssetState[],
  at: Date,
  cache: DescriptionCache,
): Promise<TLiveEntityV1[]> {
  const missing = states.map((s) => s.id).filter((id) => !cache.assets.has(id));
  if (missing.length > 0) for (const [id, d] of await assetDescriptions(db, missing)) cache.assets.set(id, d);
  const out: TLiveEntityV1[] = [];
  for (const state of states) {
    const entity = replayEntityFromAsset(assetAsOf(state, cache.assets.get(state.id)), at.getTime());
    if (entity !== null) out.push(entity);
  }
  return out;
}

export async function sensorEntities(
  db: Db,
  states: readonly ReplaySensorState[],
  at: Date,
  cache: DescriptionCache,
  bbox: BBox | undefined,
): Promise<TLiveEntityV1[]> {
  const missing = states.map((s) => s.id).filter((id) => !cache.sensors.has(id));
  if (missing.length > 0)
    for (const [id, d] of await sensorDescriptions(db, missing)) cache.sensors.set(id, d);
  const out: TLiveEntityV1[] = [];
  for (const state of states) {
    const description = cache.sensors.get(state.id);
    if (!inBox(description?.position, bbox)) continue;
    const entity = entityFromSensor(sensorAsOf(state, description), at.getTime());
    if (entity !== null) out.push(entity);
  }
  return out;
}

/** The wire severity of a stored one (`unknown` is stored for what the wire calls `info`). */
export function wireSeverity(severity: string | null): TSeverity | undefined {
  if (severity === 'unknown') return 'info';
  const parsed = ZSeverity.safeParse(severity);
  return parsed.success ? parsed.data : undefined;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function toReplayAlert(alert: ReplayAlertState): TReplayAlert | null {
  const parsed = ZReplayAlert.safeParse({
    alertId: alert.id,
    kind: alert.kind,
    severity: wireSeverity(alert.severity),
    status: alert.status,
    title: clip(alert.headline, 500),
    ...(alert.position === null ? {} : { position: alert.position }),
    raisedAt: alert.raisedAt.toISOString(),
    ...(alert.incidentId === null ? {} : { incidentId: alert.incidentId }),
  });
  return parsed.success ? parsed.data : null;
}

export function toReplayIncident(incident: ReplayIncidentState): TReplayIncident | null {
  const parsed = ZReplayIncident.safeParse({
    incidentId: incident.id,
    seq: incident.seq,
    change: incident.change,
    status: incident.status,
    severity: wireSeverity(incident.severity),
    title: clip(incident.title, 500),
    ...(incident.position === null ? {} : { position: incident.position }),
    openedAt: incident.openedAt.toISOString(),
    at: incident.at.toISOString(),
  });
  return parsed.success ? parsed.data : null;
}

export function toReplayAction(action: ReplayActionDto): TReplayAction | null {
  const parsed = ZReplayAction.safeParse({
    commandId: action.commandId,
    kind: action.kind,
    actorId: action.actorId,
    target: action.target,
    at: action.at.toISOString(),
    outcome: action.outcome,
    ...(action.reason === null ? {} : { reason: clip(action.reason, 1_000) }),
  });
  return parsed.success ? parsed.data : null;
}

export function notNull<T>(value: T | null): value is T {
  return value !== null;
}

/** The picture at `at` for these layers, inside `bbox` when given. */
export async function loadReplaySnapshot(
  db: Db,
  at: Date,
  layers: readonly TReplayLayer[],
  bbox: TBbox | undefined,
  cache: DescriptionCache = emptyDescriptionCache(),
): Promise<ReplaySnapshot> {
  const box = toBBox(bbox);
  const has = (layer: TReplayLayer) => layers.includes(layer);
  const [assets, sensors, alerts, incidents, actions] = await Promise.all([
    has('assets') ? assetStatesAt(db, at, box === undefined ? {} : { bbox: box }) : [],
    has('sensors') ? sensorStatesAt(db, at) : [],
    has('alerts') ? alertStatesAt(db, at, box === undefined ? {} : { bbox: box }) : [],
    has('incidents') ? incidentStatesAt(db, at) : [],
    has('actions') ? actionsBetween(db, new Date(at.getTime() - SNAPSHOT_ACTIONS_MS), at) : [],
  ]);
  const entities = [
    ...(await assetEntities(db, assets, at, cache)),
    ...(await sensorEntities(db, sensors, at, cache, box)),
  ];
  return {
    at,
    entities,
    sensors: new Map(sensors.map((s) => [s.id, s])),
    alerts: alerts.map(toReplayAlert).filter(notNull),
    incidents: incidents
      .filter((i) => i.status !== 'closed' && inBox(i.position, box))
      .map(toReplayIncident)
      .filter(notNull),
    actions: actions.map(toReplayAction).filter(notNull),
  };
}
