/**
 * The processor's memory of every asset and sensor: the last fix of each asset (motion is derived
 * from it, and a late fix is recognised against it) and the last reading per metric of each sensor.
 * Seeded from the current-state tables when the processor starts, then kept up to date after each
 * committed batch — never before, so a batch that fails leaves it untouched.
 */
import type { AssetDto } from '@vigie/db/asset-dto';
import type { Database, Db } from '@vigie/db/database';
import type { SensorDto } from '@vigie/db/sensors-repository';
import { loadAssetStates, loadSensorStates } from '@vigie/db/live-state-repository';
import { ZAssetKind, ZAssetStatus } from '@vigie/contracts/assets';
import type { TAssetAlarm, TAssetKind, TAssetStatus } from '@vigie/contracts/assets';
import type { TLastReading } from '@vigie/contracts/live-entities';
import type { TLonLat, TRegion } from '@vigie/contracts/primitives';
import { ZMetric, ZUnit, metrics } from '@vigie/contracts/readings';
import type { TMetric } from '@vigie/contracts/readings';
import type { TrackedFix } from '@vigie/domain/track-fix';

export interface AssetLive {
  id: string;
  /** Kind from the latest fix (undefined for an asset only known from the database as `other`). */
  kind: TAssetKind | undefined;
  name: string;
  status: TAssetStatus | undefined;
  last: TrackedFix;
  altitude?: number;
  accuracy?: number;
  battery?: number;
  alarm?: TAssetAlarm;
  region?: TRegion;
  cell?: string;
  /** Envelope of the fix this state comes from, for the live message id and latency header. */
  eventId?: string;
  receivedAt?: string;
}

export interface SensorLive {
  id: string;
  name: string;
  /** First metric the sensor was seen with. */
  kind: string;
  position?: TLonLat;
  /** Latest reading per metric. */
  lastReadings: Partial<Record<TMetric, TLastReading>>;
  /** Time of the newest reading, epoch milliseconds. */
  lastReadingAt?: number;
  region?: TRegion;
  cell?: string;
  eventId?: string;
  receivedAt?: string;
}

export interface EntityCache {
  readonly assets: Map<string, AssetLive>;
  readonly sensors: Map<string, SensorLive>;
}

function lastReadingsFrom(stored: Record<string, unknown>): Partial<Record<TMetric, TLastReading>> {
  const out: Partial<Record<TMetric, TLastReading>> = {};
  for (const [metric, value] of Object.entries(stored)) {
    const m = ZMetric.safeParse(metric);
    if (!m.success || typeof value !== 'object' || value === null) continue;
    const r = value as { value?: unknown; unit?: unknown; at?: unknown; anomalyScore?: unknown };
    const unit = ZUnit.safeParse(r.unit);
    if (typeof r.value !== 'number' || !Number.isFinite(r.value) || !unit.success) continue;
    if (unit.data !== metrics[m.data].unit || typeof r.at !== 'string' || Number.isNaN(Date.parse(r.at)))
      continue;
    const reading: TLastReading = { metric: m.data, value: r.value, unit: unit.data, at: r.at };
    if (typeof r.anomalyScore === 'number' && r.anomalyScore >= 0) reading.anomalyScore = r.anomalyScore;
    out[m.data] = reading;
  }
  return out;
}

function assetLiveFrom(row: AssetDto): AssetLive | null {
  if (row.position === null || row.lastFixAt === null) return null;
  const kind = ZAssetKind.safeParse(row.kind);
  const status = ZAssetStatus.safeParse(row.status);
  return {
    id: row.id,
    kind: kind.success ? kind.data : undefined,
    name: row.name,
    status: status.success ? status.data : undefined,
    last: {
      lon: row.position.lon,
      lat: row.position.lat,
      at: row.lastFixAt.getTime(),
      speed: row.speed,
      heading: row.heading,
    },
  };
}

function sensorLiveFrom(row: SensorDto): SensorLive {
  const sensor: SensorLive = {
    id: row.id,
    name: row.name,
    kind: row.kind,
    lastReadings: lastReadingsFrom(row.lastReadings),
  };
  if (row.position !== null) sensor.position = row.position;
  if (row.lastReadingAt !== null) sensor.lastReadingAt = row.lastReadingAt.getTime();
  return sensor;
}

/** Reads every asset's last fix and every sensor's last readings from the database. */
export async function loadEntityCache(database: Database): Promise<EntityCache> {
  const assets = new Map<string, AssetLive>();
  for (const row of await loadAssetStates(database.db)) {
    const asset = assetLiveFrom(row);
    if (asset !== null) assets.set(row.id, asset);
  }
  const sensors = new Map<string, SensorLive>();
  for (const row of await loadSensorStates(database.db)) sensors.set(row.id, sensorLiveFrom(row));
  return { assets, sensors };
}

/**
 * Reads some assets again from the database, for a partition that another process may have moved on
 * since this one last saw it. The database wins when it holds a newer fix.
 */
export async function refreshAssets(cache: EntityCache, db: Db, ids: readonly string[]): Promise<void> {
  for (const row of await loadAssetStates(db, { ids })) {
    const stored = assetLiveFrom(row);
    const known = cache.assets.get(row.id);
    if (stored !== null && (known === undefined || stored.last.at > known.last.at))
      cache.assets.set(row.id, stored);
  }
}

/** The same for sensors: the database wins when its newest reading is newer. */
export async function refreshSensors(cache: EntityCache, db: Db, ids: readonly string[]): Promise<void> {
  for (const row of await loadSensorStates(db, { ids })) {
    const stored = sensorLiveFrom(row);
    const known = cache.sensors.get(row.id);
    if (known === undefined || (stored.lastReadingAt ?? 0) > (known.lastReadingAt ?? 0))
      cache.sensors.set(row.id, stored);
  }
}

export function emptyEntityCache(): EntityCache {
  return { assets: new Map(), sensors: new Map() };
}
