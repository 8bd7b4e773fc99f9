/**
 * Live entities from the database's current-state rows (`assets`, `sensors`), for the snapshot the
 * gateway loads at start and for entity details. The processor's `live.entities` messages are the
 * reference shape; rows carry less, so optional fields come from `attrs` when present and valid
 * (`battery`, `alarm`, `incidentId`, `region`, `cell`, `altitude`, `connectivity`, `entityKind`).
 *
 * Connectivity, when `attrs` has none, is derived from the age of the last fix or reading: assets
 * online up to 5 minutes, stale up to 1 hour; sensors online up to 30 minutes, stale up to 6 hours;
 * offline beyond (or never heard of).
 */
import { ZAssetAlarm, ZAssetStatus } from '@vigie/contracts/assets';
import type { TConnectivity, TLastReading, TLiveEntityV1 } from '@vigie/contracts/live-entities';
import { ZConnectivity, ZEntityKind, ZLastReading, ZLiveEntityV1 } from '@vigie/contracts/live-entities';
import { ZAltitude, ZH3Cell, ZId, ZPercent, ZRegion } from '@vigie/contracts/primitives';
import type { AssetDto } from '@vigie/db/asset-dto';
import type { SensorDto } from '@vigie/db/sensors-repository';
import type { z } from 'zod';

function pick<S extends z.ZodType>(schema: S, value: unknown): z.output<S> | undefined {
  if (value === undefined || value === null) return undefined;
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

function connectivityOf(
  attrs: Record<string, unknown>,
  lastSeen: Date | null,
  now: number,
  onlineMs: number,
  staleMs: number,
): TConnectivity {
  const declared = pick(ZConnectivity, attrs.connectivity);
  if (declared !== undefined) return declared;
  if (lastSeen === null) return 'offline';
  const age = now - lastSeen.getTime();
  return age <= onlineMs ? 'online' : age <= staleMs ? 'stale' : 'offline';
}

function withoutUndefined<T extends Record<string, unknown>>(value: T): T {
  for (const key of Object.keys(value)) if (value[key] === undefined) delete value[key];
  return value;
}

function finalise(candidate: Record<string, unknown>): TLiveEntityV1 | null {
  const parsed = ZLiveEntityV1.safeParse(withoutUndefined(candidate));
  return parsed.success ? parsed.data : null;
}

/** Asset kinds stored as `other` are people (the database's list predates `person`). */
function assetEntityKind(asset: AssetDto): TLiveEntityV1['entityKind'] {
  const declared = pick(ZEntityKind, asset.attrs.entityKind);
  if (declared !== undefined && declared !== 'sensor') return declared;
  const stored = pick(ZEntityKind, asset.kind);
  return stored !== undefined && stored !== 'sensor' ? stored : 'person';
}

/** The live entity of an asset row, or null when the row cannot make a valid one. */
export function entityFromAsset(asset: AssetDto, now = Date.now()): TLiveEntityV1 | null {
  const attrs = asset.attrs;
  return finalise({
    entityId: asset.id,
    entityKind: assetEntityKind(asset),
    name: asset.name.slice(0, 200),
    position: asset.position ?? undefined,
    altitude: pick(ZAltitude, attrs.altitude),
    accuracy: asset.accuracy ?? undefined,
    speed: asset.speed ?? undefined,
    heading: asset.heading ?? undefined,
    status: pick(ZAssetStatus, asset.status),
    connectivity: connectivityOf(attrs, asset.lastFixAt, now, 5 * 60_000, 3_600_000),
    battery: pick(ZPercent, attrs.battery),
    alarm: pick(ZAssetAlarm, attrs.alarm),
    incidentId: pick(ZId, attrs.incidentId),
    region: pick(ZRegion, attrs.region),
    cell: pick(ZH3Cell, attrs.cell),
    updatedAt: asset.updatedAt.toISOString(),
    lastSeenAt: asset.lastFixAt?.toISOString(),
  });
}

/** Latest reading per metric of a sensor row, valid ones only, at most 16. */
export function lastReadingsOfSensor(sensor: SensorDto): TLastReading[] {
  const out: TLastReading[] = [];
  for (const [metric, reading] of Object.entries(sensor.lastReadings)) {
    const parsed = pick(ZLastReading, {
      metric,
      value: reading.value,
      unit: reading.unit,
      at: reading.at,
      ...(typeof reading.anomalyScore === 'number' ? { anomalyScore: reading.anomalyScore } : {}),
    });
    if (parsed !== undefined) out.push(parsed);
  }
  if (out.length === 0 && sensor.lastValue !== null && sensor.lastReadingAt !== null) {
    const single = pick(ZLastReading, {
      metric: sensor.kind,
      value: sensor.lastValue,
      unit: sensor.unit,
      at: sensor.lastReadingAt.toISOString(),
      ...(sensor.anomalyScore === null ? {} : { anomalyScore: sensor.anomalyScore }),
    });
    if (single !== undefined) out.push(single);
  }
  return out.sort((a, b) => (a.metric < b.metric ? -1 : 1)).slice(0, 16);
}

/** The live entity of a sensor row, or null when the row cannot make a valid one. */
export function entityFromSensor(sensor: SensorDto, now = Date.now()): TLiveEntityV1 | null {
  const attrs = sensor.attrs;
  const lastReadings = lastReadingsOfSensor(sensor);
  return finalise({
    entityId: sensor.id,
    entityKind: 'sensor',
    name: sensor.name.slice(0, 200),
    position: sensor.position ?? undefined,
    altitude: pick(ZAltitude, attrs.altitude),
    connectivity: connectivityOf(attrs, sensor.lastReadingAt, now, 30 * 60_000, 6 * 3_600_000),
    battery: pick(ZPercent, attrs.battery),
    lastReadings: lastReadings.length > 0 ? lastReadings : undefined,
    region: pick(ZRegion, attrs.region),
    cell: pick(ZH3Cell, attrs.cell),
    updatedAt: sensor.updatedAt.toISOString(),
    lastSeenAt: sensor.lastReadingAt?.toISOString(),
  });
}
