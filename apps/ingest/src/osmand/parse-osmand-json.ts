/**
 * The JSON form of the OsmAnd protocol, sent by Traccar Client and other apps built on the Transistorsoft
 * background-geolocation library (`Content-Type: application/json`), as Traccar's decoder reads it:
 *
 * ```json
 * { "device_id": "…", "location": { "timestamp": "2025-…Z",
 *   "coords": { "latitude": …, "longitude": …, "speed": m/s, "heading": °, "accuracy": m, "altitude": m },
 *   "is_moving": true, "event": "motionchange", "odometer": 1234, "mock": false,
 *   "activity": { "type": "in_vehicle" }, "battery": { "level": 0.87, "is_charging": false },
 *   "extras": { "alarm": "sos" } } }
 * ```
 *
 * Speed is m/s here (−1: unknown), heading −1 is unknown, battery level is a fraction. `location` may
 * also be an array (the library's batch sync), giving one fix per element.
 */
import { DEVICE_ID_PATTERN, alarmOf } from './osmand-fix';
import type { OsmandFix, OsmandParseResult } from './osmand-fix';
import { parseOsmandTimestamp } from './parse-osmand-timestamp';

const MAX_LOCATIONS = 100;

type Json = Record<string, unknown>;

function objectOf(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function shortText(value: unknown, max = 64): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > max) return undefined;
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f-\u009f]/.test(value) ? undefined : value;
}

function fixOf(deviceId: string, location: Json, index: string, now: number | undefined): OsmandFix | string {
  const coords = objectOf(location.coords);
  if (coords === undefined) return `${index}location.coords is missing: no position to record`;
  const lat = finite(coords.latitude);
  const lon = finite(coords.longitude);
  if (lat === undefined || lon === undefined) {
    return `${index}location.coords.latitude and longitude must be numbers`;
  }
  if (lat < -90 || lat > 90) return `${index}latitude ${lat} is outside -90..90`;
  if (lon < -180 || lon > 180) return `${index}longitude ${lon} is outside -180..180`;

  const fix: OsmandFix = { deviceId, time: undefined, lat, lon, attributes: {} };
  if (location.timestamp !== undefined) {
    const text = typeof location.timestamp === 'number' ? String(location.timestamp) : location.timestamp;
    if (typeof text !== 'string') return `${index}location.timestamp must be an ISO-8601 date-time`;
    const parsed = parseOsmandTimestamp(text, now);
    if (!parsed.ok) return `${index}location.${parsed.message}`;
    fix.time = parsed.time;
  }
  const speed = finite(coords.speed);
  if (speed !== undefined && speed >= 0) fix.speed = speed;
  const heading = finite(coords.heading);
  if (heading !== undefined && heading >= 0 && heading <= 360) fix.heading = heading;
  const accuracy = finite(coords.accuracy);
  if (accuracy !== undefined && accuracy >= 0) fix.accuracy = accuracy;
  const altitude = finite(coords.altitude);
  if (altitude !== undefined) fix.altitude = altitude;

  const event = shortText(location.event);
  if (event !== undefined) fix.attributes.event = event;
  if (typeof location.is_moving === 'boolean') fix.attributes.motion = location.is_moving;
  const odometer = finite(location.odometer);
  if (odometer !== undefined) fix.attributes.odometer = odometer;
  if (typeof location.mock === 'boolean') fix.attributes.mock = location.mock;
  const activity = shortText(objectOf(location.activity)?.type);
  if (activity !== undefined) fix.attributes.activity = activity;

  const battery = objectOf(location.battery);
  if (battery !== undefined) {
    const level = finite(battery.level);
    if (level !== undefined && level >= 0 && level <= 1) fix.battery = Math.round(level * 1000) / 10;
    if (battery.is_charging === true) fix.attributes.charge = true;
  }
  const alarm = shortText(location.alarm) ?? shortText(objectOf(location.extras)?.alarm);
  if (alarm !== undefined) {
    fix.alarm = alarmOf(alarm);
    if (fix.alarm === 'other') fix.attributes.alarm = alarm;
  }
  return fix;
}

export function parseOsmandJson(body: unknown, options: { now?: number } = {}): OsmandParseResult {
  const root = objectOf(body);
  if (root === undefined) return { ok: false, message: 'Expected a JSON object with device_id and location' };
  const rawId = typeof root.device_id === 'number' ? String(root.device_id) : root.device_id;
  if (typeof rawId !== 'string' || rawId.trim() === '') {
    return { ok: false, message: 'Missing device identifier: send device_id' };
  }
  if (!DEVICE_ID_PATTERN.test(rawId)) {
    return {
      ok: false,
      message: 'device_id is not usable: 1-63 letters, digits or . _ : @ / + # = ~ - (no spaces)',
    };
  }
  const locations = Array.isArray(root.location) ? root.location : [root.location];
  if (locations.length === 0 || locations.length > MAX_LOCATIONS) {
    return { ok: false, message: `location must be an object or an array of 1-${MAX_LOCATIONS} objects` };
  }
  const fixes: OsmandFix[] = [];
  for (const [i, entry] of locations.entries()) {
    const location = objectOf(entry);
    const index = Array.isArray(root.location) ? `[${i}] ` : '';
    if (location === undefined)
      return { ok: false, message: `${index}location is missing: no position to record` };
    const fix = fixOf(rawId, location, index, options.now);
    if (typeof fix === 'string') return { ok: false, message: fix };
    fixes.push(fix);
  }
  return { ok: true, fixes };
}
