/**
 * USGS earthquake GeoJSON summary feeds (`…/summary/{significant|4.5|2.5|1.0|all}_{hour|day|week|month}`),
 * plain `.geojson` or JSONP `.geojsonp` (`eqfeed_callback({...});`), api 1.0.x to 1.10.x, mapped to
 * `TExternalAlertV1`. Pure: never throws, every feature becomes an alert or a rejection with a reason.
 *
 * Mapping notes:
 * - `identifier` is the feature `id`; `episode` is `properties.updated` (ms), so a re-issued version of the
 *   same event keeps its identifier and carries a new episode. `sent` is `updated` (falls back to `time`).
 * - `msgType` is `Update` (with a `references` entry) when `options.previous` knows the event under its `id`
 *   or any alias in `ids`, `Cancel` when `status` is `deleted`, `Alert` otherwise.
 * - Severity: the PAGER `alert` level when present (green → Minor, yellow → Moderate, orange → Severe,
 *   red → Extreme), otherwise the magnitude (see `severityFromMagnitude`), otherwise `Unknown`.
 * - `urgency` is `Past` (the shaking is over when the feed lists it); `certainty` is `Observed` for
 *   reviewed events and `Likely` for automatic solutions.
 * - Non-earthquake `type` (quarry blast, explosion, ice quake…) and out-of-range positions are rejected.
 */
import { ZExternalAlertV1, type TExternalAlertV1, type TNamedValue } from '@vigie/contracts/alerts';
import { ID_PATTERN, ZHttpUrl, clipText, sanitizeText } from '@vigie/contracts/primitives';

export interface UsgsRejection {
  /** Index of the feature in `features`; -1 when the whole document is unusable. */
  index: number;
  /** Feature id when one could be read. */
  id?: string;
  reason: string;
}

export interface UsgsParseResult {
  alerts: TExternalAlertV1[];
  rejected: UsgsRejection[];
}

export interface UsgsParseOptions {
  /**
   * Events already stored, by USGS event id (any id of the event's `ids` list) → `sent` of the stored
   * version. A feature whose id or alias is found here becomes an `Update` referencing that version.
   */
  previous?: ReadonlyMap<string, string>;
}

const SENDER = 'usgs';

/** Magnitude → CAP severity: ≥ 7 Extreme, ≥ 6 Severe, ≥ 5 Moderate, below 5 Minor, null Unknown. */
export function severityFromMagnitude(mag: number | null | undefined): TExternalAlertV1['severity'] {
  if (typeof mag !== 'number' || !Number.isFinite(mag)) return 'Unknown';
  if (mag >= 7) return 'Extreme';
  if (mag >= 6) return 'Severe';
  if (mag >= 5) return 'Moderate';
  return 'Minor';
}

const PAGER_SEVERITY: Record<string, TExternalAlertV1['severity']> = {
  green: 'Minor',
  yellow: 'Moderate',
  orange: 'Severe',
  red: 'Extreme',
};

/** Strips a UTF-8 BOM and a JSONP wrapper (`callback( … );`) around a JSON document. */
export function stripJsonp(text: string): string {
  const body = text.replace(/^\uFEFF/, '').trim();
  const match = /^[A-Za-z_$][\w$.]*\s*\(([\s\S]*)\)\s*;?$/.exec(body);
  return match ? match[1]! : body;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const line = (v: string, max: number): string => clipText(sanitizeText(v.trim(), false), max);

function isoFromMs(ms: number | undefined): string | undefined {
  if (ms === undefined) return undefined;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** Splits USGS comma lists (`",us6000len8,ci123,"`) and drops the empty entries. */
export function splitUsgsList(v: unknown): string[] {
  return typeof v === 'string'
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '')
    : [];
}

/**
 * Parses a USGS summary feed given as text (GeoJSON or JSONP) or as an already parsed object.
 */
export function parseUsgsGeoJson(input: unknown, options: UsgsParseOptions = {}): UsgsParseResult {
  const alerts: TExternalAlertV1[] = [];
  const rejected: UsgsRejection[] = [];
  let doc: unknown = input;
  if (typeof input === 'string') {
    try {
      doc = JSON.parse(stripJsonp(input));
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return { alerts, rejected: [{ index: -1, reason: `Not JSON or JSONP: ${line(detail, 300)}` }] };
    }
  }
  if (!isObject(doc) || !Array.isArray(doc.features)) {
    return {
      alerts,
      rejected: [{ index: -1, reason: 'Not a GeoJSON FeatureCollection: no "features" array' }],
    };
  }

  // Within one document, keep only the newest version of each id.
  const newestIndexById = new Map<string, { index: number; updated: number }>();
  doc.features.forEach((f, index) => {
    if (!isObject(f) || typeof f.id !== 'string') return;
    const p = isObject(f.properties) ? f.properties : {};
    const updated = num(p.updated) ?? num(p.time) ?? 0;
    const seen = newestIndexById.get(f.id);
    if (!seen || updated > seen.updated) newestIndexById.set(f.id, { index, updated });
  });

  doc.features.forEach((feature, index) => {
    const result = mapFeature(feature, index, options);
    if ('reason' in result) {
      rejected.push(result);
      return;
    }
    const newest = newestIndexById.get(result.identifier);
    if (newest && newest.index !== index) {
      rejected.push({
        index,
        id: result.identifier,
        reason: `Duplicate of feature ${newest.index} (same id, that one is the newer or same version)`,
      });
      return;
    }
    alerts.push(result);
  });
  return { alerts, rejected };
}

function mapFeature(
  feature: unknown,
  index: number,
  options: UsgsParseOptions,
): TExternalAlertV1 | UsgsRejection {
  if (!isObject(feature)) return { index, reason: 'Feature is not an object' };
  const id = typeof feature.id === 'string' ? feature.id.trim() : undefined;
  if (!id) return { index, reason: 'Feature has no "id" string' };
  const reject = (reason: string): UsgsRejection => ({ index, id, reason });
  if (!ID_PATTERN.test(id) || id.length > 256) return reject(`Unusable event id "${line(id, 80)}"`);
  if (!isObject(feature.properties)) return reject('Feature has no "properties" object');
  const p = feature.properties;

  const type = str(p.type)?.trim().toLowerCase();
  if (type !== undefined && type !== 'earthquake') {
    return reject(`Not an earthquake: properties.type is "${line(type, 60)}"`);
  }

  const geometry = feature.geometry;
  if (!isObject(geometry) || geometry.type !== 'Point' || !Array.isArray(geometry.coordinates)) {
    return reject('Geometry is not a GeoJSON Point');
  }
  const [lonRaw, latRaw, depthRaw] = geometry.coordinates as unknown[];
  const lon = num(lonRaw);
  const lat = num(latRaw);
  if (lon === undefined || lat === undefined) return reject('Coordinates are not numbers [lon, lat, depth]');
  if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
    return reject(`Position out of range: lon ${lon}, lat ${lat} (expected [-180,180], [-90,90])`);
  }
  const depthKm = num(depthRaw);

  const timeMs = num(p.time);
  const updatedMs = num(p.updated) ?? timeMs;
  const onset = isoFromMs(timeMs);
  const sent = isoFromMs(updatedMs);
  if (!sent) return reject('No usable "time"/"updated" (epoch milliseconds)');

  const mag = num(p.mag);
  const pager = str(p.alert)?.toLowerCase();
  const severity = (pager && PAGER_SEVERITY[pager]) || severityFromMagnitude(mag);
  const status = str(p.status)?.toLowerCase();
  const ids = splitUsgsList(p.ids);
  if (!ids.includes(id)) ids.unshift(id);

  let msgType: TExternalAlertV1['msgType'] = status === 'deleted' ? 'Cancel' : 'Alert';
  let references: TExternalAlertV1['references'];
  const known = ids.find((alias) => options.previous?.has(alias));
  if (known !== undefined) {
    if (msgType === 'Alert') msgType = 'Update';
    references = [{ sender: SENDER, identifier: known, sent: options.previous!.get(known)! }];
  }

  const place = str(p.place);
  const magText = mag === undefined ? 'M ?' : `M ${mag.toFixed(1)}`;
  const headline = str(p.title) ?? (place ? `${magText} - ${place}` : magText);
  const description = place ?? `${lat.toFixed(3)}, ${lon.toFixed(3)}`;
  const url = str(p.url);
  const web = url && ZHttpUrl.safeParse(url).success ? url : undefined;

  const parameters: TNamedValue[] = [];
  const add = (name: string, value: unknown): void => {
    if (value === undefined || value === null || value === '') return;
    parameters.push({ name, value: line(String(value), 512) });
  };
  add('mag', mag);
  add('magType', str(p.magType)?.toLowerCase());
  add('depthKm', depthKm);
  add('alert', pager);
  add('tsunami', num(p.tsunami));
  add('sig', num(p.sig));
  add('status', status);
  add('net', str(p.net));
  add('ids', ids.join(','));
  add('felt', num(p.felt));
  add('cdi', num(p.cdi));
  add('mmi', num(p.mmi));
  add('tzOffsetMin', num(p.tz));
  add('updated', updatedMs);

  const candidate: TExternalAlertV1 = {
    format: 'usgs_geojson',
    sender: SENDER,
    identifier: id,
    sent,
    status: 'Actual',
    msgType,
    ...(references ? { references } : {}),
    episode: String(updatedMs),
    category: ['Geo'],
    event: 'Earthquake',
    urgency: 'Past',
    severity,
    certainty: status === 'reviewed' ? 'Observed' : 'Likely',
    senderName: 'U.S. Geological Survey',
    headline: line(headline, 512),
    ...(onset ? { effective: onset, onset } : {}),
    ...(web ? { web } : {}),
    parameters,
    areas: [{ description: line(description, 2_000), circles: [{ center: { lon, lat }, radiusKm: 0 }] }],
  };
  const checked = ZExternalAlertV1.safeParse(candidate);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return reject(`Does not fit the alert contract: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`);
  }
  return checked.data;
}
