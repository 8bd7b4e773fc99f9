/**
 * One MQTT message → the payload of a reading or a position, or the reason it cannot be one.
 *
 * Readings: a bare number (`3.12`) or JSON — a number, or `{ value, unit?, time|ts|timestamp?,
 * lat?, lon?, quality? }`. Positions: JSON `{ lat, lon, time|ts|timestamp?, speed? (m/s), heading?|course?,
 * alt?|altitude?, accuracy?, battery? }`, or an OwnTracks `location` (`tst` in seconds, `vel` in km/h,
 * `cog`, `alt`, `acc`, `batt`). A time may be ISO-8601, epoch seconds or epoch milliseconds; without
 * one, the receive time is used.
 */
import { convertReadingUnit } from '../convert-reading-unit';
import type { MqttTarget } from './mqtt-mappings';

export type MqttMapResult =
  | {
      ok: true;
      topic: 'raw.readings' | 'raw.positions';
      occurredAt: string;
      payload: Record<string, unknown>;
    }
  | { ok: false; topic: 'raw.readings' | 'raw.positions'; reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

function timeOf(value: unknown, receivedAt: Date): string | undefined {
  if (value === undefined || value === null) return receivedAt.toISOString();
  let ms: number;
  if (typeof value === 'number') ms = value < 1e11 ? value * 1000 : value;
  else if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value)) {
    const n = Number(value);
    ms = n < 1e11 ? n * 1000 : n;
  } else if (typeof value === 'string') ms = Date.parse(value);
  else return undefined;
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return undefined;
}

export function mapMqttMessage(
  target: MqttTarget,
  id: string,
  bytes: Uint8Array,
  receivedAt: Date,
): MqttMapResult {
  const topic = target.kind === 'reading' ? 'raw.readings' : 'raw.positions';
  const fail = (reason: string): MqttMapResult => ({ ok: false, topic, reason });
  let text: string;
  try {
    text = utf8.decode(bytes).trim();
  } catch {
    return fail('payload is not UTF-8 text');
  }
  if (text === '') return fail('empty payload');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return fail(`payload is neither JSON nor a number: "${text.slice(0, 40)}"`);
  }
  const object =
    typeof data === 'object' && data !== null && !Array.isArray(data)
      ? (data as Record<string, unknown>)
      : undefined;

  if (target.kind === 'reading') {
    const value = object ? num(object.value) : num(data);
    if (value === undefined) return fail('no numeric value (send a number, or JSON with "value")');
    const occurredAt = timeOf(object?.time ?? object?.ts ?? object?.timestamp, receivedAt);
    if (occurredAt === undefined) return fail('unreadable time');
    const payload: Record<string, unknown> = {
      sensorId: id,
      metric: target.metric,
      value,
      unit: typeof object?.unit === 'string' ? object.unit : target.unit,
    };
    const lat = num(object?.lat);
    const lon = num(object?.lon);
    if (lat !== undefined && lon !== undefined) payload.position = { lon, lat };
    if (object?.quality !== undefined) payload.quality = object.quality;
    return { ok: true, topic, occurredAt, payload: convertReadingUnit(payload) as Record<string, unknown> };
  }

  if (!object) return fail('a position must be a JSON object with lat and lon');
  const lat = num(object.lat);
  const lon = num(object.lon);
  if (lat === undefined || lon === undefined) return fail('no numeric lat and lon');
  const occurredAt = timeOf(object.time ?? object.ts ?? object.timestamp ?? object.tst, receivedAt);
  if (occurredAt === undefined) return fail('unreadable time');
  const payload: Record<string, unknown> = {
    assetId: id,
    assetKind: target.assetKind,
    position: { lon, lat },
  };
  const speed =
    num(object.speed) ?? (num(object.vel) === undefined ? undefined : (num(object.vel) as number) / 3.6);
  if (speed !== undefined) payload.speed = speed;
  const heading = num(object.heading) ?? num(object.course) ?? num(object.cog);
  if (heading !== undefined) payload.heading = heading;
  const altitude = num(object.altitude) ?? num(object.alt);
  if (altitude !== undefined) payload.altitude = altitude;
  const accuracy = num(object.accuracy) ?? num(object.acc);
  if (accuracy !== undefined) payload.accuracy = accuracy;
  const battery = num(object.battery) ?? num(object.batt);
  if (battery !== undefined) payload.battery = battery;
  return { ok: true, topic, occurredAt, payload };
}
