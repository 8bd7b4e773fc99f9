/**
 * The live.* records the processor publishes after a commit: the current state of an asset or sensor
 * (`TLiveEntityV1`, keyed by entity id) and an enriched observation (`TLiveObservationV1`, keyed by H3
 * cell). Envelope ids derive from what they describe (the raw event of an observation, the version of
 * an entity's state), so a record published again has the same id.
 * Every record carries the raw event's ingest time in the `vigie-received-at` header (ISO-8601), from
 * which consumers measure source-to-screen latency: the envelope's own `receivedAt` is the time the
 * processor created the live event.
 */
import { RAW_EVENT_HEADER, RECEIVED_AT_HEADER } from '@vigie/contracts/record-headers';
import type { ProduceRecord } from '@vigie/bus/log';
import { eventIdTime } from '@vigie/contracts/envelope';
import type { TLastReading, TLiveEntityEventV1, TLiveEntityV1 } from '@vigie/contracts/live-entities';
import type { TLiveObservationEventV1, TLiveObservationV1 } from '@vigie/contracts/live-observations';
import { clipText, sanitizeText } from '@vigie/contracts/primitives';
import { deriveEventId } from './derive-event-id';
import type { AssetLive, SensorLive } from './entity-cache';

function cleanName(name: string): string {
  return clipText(sanitizeText(name, false), 200);
}

export function assetEntity(asset: AssetLive, now: Date): TLiveEntityV1 {
  const entity: TLiveEntityV1 = {
    entityId: asset.id,
    entityKind: asset.kind ?? 'vehicle',
    name: cleanName(asset.name),
    position: { lon: asset.last.lon, lat: asset.last.lat },
    connectivity: 'online',
    updatedAt: now.toISOString(),
    lastSeenAt: new Date(asset.last.at).toISOString(),
  };
  if (asset.last.speed !== null) entity.speed = asset.last.speed;
  if (asset.last.heading !== null) entity.heading = asset.last.heading;
  if (asset.altitude !== undefined) entity.altitude = asset.altitude;
  if (asset.accuracy !== undefined) entity.accuracy = asset.accuracy;
  if (asset.status !== undefined) entity.status = asset.status;
  if (asset.battery !== undefined) entity.battery = asset.battery;
  if (asset.alarm !== undefined) entity.alarm = asset.alarm;
  if (asset.region !== undefined) entity.region = asset.region;
  if (asset.cell !== undefined) entity.cell = asset.cell;
  return entity;
}

export function sensorEntity(sensor: SensorLive, now: Date): TLiveEntityV1 {
  const lastReadings = Object.values(sensor.lastReadings).filter((r): r is TLastReading => r !== undefined);
  const entity: TLiveEntityV1 = {
    entityId: sensor.id,
    entityKind: 'sensor',
    name: cleanName(sensor.name),
    connectivity: 'online',
    lastReadings,
    updatedAt: now.toISOString(),
  };
  if (sensor.position !== undefined) entity.position = sensor.position;
  if (sensor.lastReadingAt !== undefined) entity.lastSeenAt = new Date(sensor.lastReadingAt).toISOString();
  if (sensor.region !== undefined) entity.region = sensor.region;
  if (sensor.cell !== undefined) entity.cell = sensor.cell;
  return entity;
}

function headers(rawEventId: string | undefined, receivedAt: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (receivedAt !== undefined) out[RECEIVED_AT_HEADER] = receivedAt;
  if (rawEventId !== undefined) out[RAW_EVENT_HEADER] = rawEventId;
  return out;
}

/**
 * What makes a version of an entity's state: the time of its last fix, or of its last reading of each
 * metric. Two publications of the same version get the same id; any change gets a new one.
 */
function stateVersion(entity: TLiveEntityV1): string {
  const readings = (entity.lastReadings ?? []).map((r) => `${r.metric}@${r.at}`).sort();
  return [entity.lastSeenAt ?? '', ...readings].join(',');
}

export function entityRecord(
  entity: TLiveEntityV1,
  origin: { eventId?: string | undefined; receivedAt?: string | undefined },
  context: { sourceId: string; now: Date },
): ProduceRecord {
  const occurredAt = entity.lastSeenAt ?? entity.updatedAt;
  const event: TLiveEntityEventV1 = {
    id: deriveEventId(Date.parse(occurredAt), 'entity', entity.entityId, stateVersion(entity)),
    type: 'entity',
    v: 1,
    source: context.sourceId,
    occurredAt,
    receivedAt: context.now.toISOString(),
    payload: entity,
  };
  if (entity.position !== undefined) event.geo = entity.position;
  return {
    key: entity.entityId,
    value: JSON.stringify(event),
    headers: headers(origin.eventId, origin.receivedAt),
  };
}

export function observationRecord(
  observation: TLiveObservationV1,
  receivedAt: string,
  context: { sourceId: string; now: Date },
): ProduceRecord {
  const event: TLiveObservationEventV1 = {
    id: deriveEventId(eventIdTime(observation.rawEventId) ?? 0, 'observation', observation.rawEventId),
    type: 'observation',
    v: 1,
    source: context.sourceId,
    occurredAt: observation.observedAt,
    receivedAt: context.now.toISOString(),
    geo: observation.position,
    payload: observation,
  };
  return {
    key: observation.cell,
    value: JSON.stringify(event),
    headers: headers(observation.rawEventId, receivedAt),
  };
}
