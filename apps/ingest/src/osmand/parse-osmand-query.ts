/**
 * The query-string form of the OsmAnd protocol (`GET|POST /?id=..&lat=..&lon=..&timestamp=..`), as
 * Traccar's `OsmAndProtocolDecoder` reads it: `id`/`deviceid`; `lat`+`lon` or `location=lat,lon`;
 * `timestamp` (see parse-osmand-timestamp.ts); `speed` in knots by default; `bearing`/`heading`;
 * `altitude`; `accuracy`; `hdop`; `batt`; `charge`; `valid`; `driverUniqueId`; `alarm`; any other
 * parameter becomes an attribute (number, boolean or text). `cell`/`wifi` are read but not used (no
 * network geolocation here), and a request without coordinates is refused, where Traccar would reuse
 * the last known position. `key` (the API key) and `notificationToken` never become attributes.
 */
import { ZAssetStatus } from '@vigie/contracts/assets';
import type { SpeedUnit } from '../ingest-config';
import { parseOsmandTimestamp } from './parse-osmand-timestamp';
import { alarmOf, ATTRIBUTE_NAME_PATTERN, DEVICE_ID_PATTERN, numberOf } from './osmand-fix';
import type { AttributeValue, OsmandFix, OsmandParseResult } from './osmand-fix';

const SPEED_TO_MPS: Record<SpeedUnit, number> = { kn: 1852 / 3600, mps: 1, kmh: 1 / 3.6 };

/** Parameters that are consumed, or deliberately dropped, rather than kept as attributes. */
const NOT_ATTRIBUTES = new Set([
  'id',
  'deviceid',
  'key',
  'timestamp',
  'lat',
  'lon',
  'location',
  'speed',
  'bearing',
  'heading',
  'altitude',
  'accuracy',
  'batt',
  'alarm',
  'status',
  'cell',
  'wifi',
  'notificationToken',
]);

const MAX_ATTRIBUTES = 32;
const MAX_ATTRIBUTE_TEXT = 256;

function hasControlCharacters(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f-\u009f]/.test(text);
}

function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?').slice(0, 64);
}

function attributeValue(text: string): AttributeValue {
  const number = numberOf(text);
  if (number !== undefined) return number;
  if (text === 'true') return true;
  if (text === 'false') return false;
  return text;
}

export interface OsmandQueryOptions {
  speedUnit: SpeedUnit;
  now?: number;
}

export function parseOsmandQuery(params: URLSearchParams, options: OsmandQueryOptions): OsmandParseResult {
  const fail = (message: string): OsmandParseResult => ({ ok: false, message });
  const first = (name: string) => params.get(name) ?? undefined;

  const deviceId = first('id') ?? first('deviceid');
  if (deviceId === undefined || deviceId.trim() === '') {
    return fail('Missing device identifier: send id (or deviceid)');
  }
  if (!DEVICE_ID_PATTERN.test(deviceId)) {
    return fail(
      `Device id "${printable(deviceId)}" is not usable: 1-63 letters, digits or . _ : @ / + # = ~ - (no spaces)`,
    );
  }

  let lat: number | undefined;
  let lon: number | undefined;
  const location = first('location');
  if (first('lat') !== undefined || first('lon') !== undefined) {
    lat = numberOf(first('lat') ?? '');
    lon = numberOf(first('lon') ?? '');
    if (lat === undefined || lon === undefined) return fail('lat and lon must both be decimal degrees');
  } else if (location !== undefined) {
    const parts = location.split(',');
    lat = numberOf(parts[0] ?? '');
    lon = numberOf(parts[1] ?? '');
    if (parts.length !== 2 || lat === undefined || lon === undefined) {
      return fail('location must be "lat,lon" in decimal degrees');
    }
  } else {
    const network =
      params.has('cell') || params.has('wifi') ? ' (cell/wifi-only requests cannot be located)' : '';
    return fail(`No position: send lat and lon, or location=lat,lon${network}`);
  }
  if (lat < -90 || lat > 90) return fail(`lat ${lat} is outside -90..90`);
  if (lon < -180 || lon > 180) return fail(`lon ${lon} is outside -180..180`);

  const fix: OsmandFix = { deviceId, time: undefined, lat, lon, attributes: {} };

  const timestamp = first('timestamp');
  if (timestamp !== undefined) {
    const parsed = parseOsmandTimestamp(timestamp, options.now);
    if (!parsed.ok) return fail(parsed.message);
    fix.time = parsed.time;
  }

  const numeric = (name: string): number | undefined | Error => {
    const text = first(name);
    if (text === undefined || text === '') return undefined;
    const value = numberOf(text);
    return value === undefined ? new Error(`${name} "${printable(text)}" is not a number`) : value;
  };

  const speed = numeric('speed');
  if (speed instanceof Error) return fail(speed.message);
  if (speed !== undefined && speed >= 0) fix.speed = speed * SPEED_TO_MPS[options.speedUnit];

  const heading = params.has('bearing') ? numeric('bearing') : numeric('heading');
  if (heading instanceof Error) return fail(heading.message);
  if (heading !== undefined && heading >= 0 && heading <= 360) fix.heading = heading;

  const altitude = numeric('altitude');
  if (altitude instanceof Error) return fail(altitude.message);
  if (altitude !== undefined) fix.altitude = altitude;

  const accuracy = numeric('accuracy');
  if (accuracy instanceof Error) return fail(accuracy.message);
  if (accuracy !== undefined && accuracy >= 0) fix.accuracy = accuracy;

  const battery = numeric('batt');
  if (battery instanceof Error) return fail(battery.message);
  if (battery !== undefined) {
    if (battery >= 0 && battery <= 100) fix.battery = battery;
    else fix.attributes.batt = battery;
  }

  const alarm = first('alarm');
  if (alarm !== undefined && alarm !== '') {
    fix.alarm = alarmOf(alarm);
    if (fix.alarm === 'other') fix.attributes.alarm = alarm;
  }
  const status = ZAssetStatus.safeParse(first('status'));
  if (status.success) fix.status = status.data;
  else if (params.has('status')) fix.attributes.status = first('status') ?? '';

  for (const [name, text] of params) {
    if (NOT_ATTRIBUTES.has(name)) continue;
    if (!ATTRIBUTE_NAME_PATTERN.test(name)) {
      return fail(
        `Parameter name "${printable(name)}" is not usable: letters, digits or . _ : @ / + # = ~ -`,
      );
    }
    if (hasControlCharacters(text)) return fail(`Parameter ${name} contains control characters`);
    if (text.length > MAX_ATTRIBUTE_TEXT)
      return fail(`Parameter ${name} is longer than ${MAX_ATTRIBUTE_TEXT} characters`);
    if (name === 'charge' || name === 'valid') fix.attributes[name] = text === 'true' || text === '1';
    else fix.attributes[name] = attributeValue(text);
  }
  for (const [name, value] of Object.entries(fix.attributes)) {
    if (typeof value === 'string' && (hasControlCharacters(value) || value.length > MAX_ATTRIBUTE_TEXT)) {
      return fail(`Parameter ${name} contains control characters or is too long`);
    }
  }
  if (Object.keys(fix.attributes).length > MAX_ATTRIBUTES) {
    return fail(`Too many parameters: at most ${MAX_ATTRIBUTES} extra attributes are kept per position`);
  }
  return { ok: true, fixes: [fix] };
}
