// Building blocks shared by every wire shape: bounded strings, coordinates, times, GeoJSON geometry.
// Coordinates are WGS84 degrees, always longitude first ([lon, lat], {lon, lat}) as in GeoJSON.
import { z } from 'zod';

// ---------------------------------------------------------------------------------------------------------
// Bounded strings
// ---------------------------------------------------------------------------------------------------------

/**
 * Characters allowed in identifiers: ASCII letters, digits and `_` first, then also `. : @ / + # = ~ -`.
 * No whitespace, commas, quotes, `<`, `&` (CAP's own restrictions) and no `|`, which is reserved as the
 * separator of compound partition keys (see `KEY_SEPARATOR` in topics.ts).
 */
export const ID_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9._:@/+#=~-]*$/;

/** An identifier of at most `max` characters in the safe charset of `ID_PATTERN`. */
export function boundedId(max = 128) {
  return z
    .string()
    .min(1)
    .max(max)
    .regex(ID_PATTERN, { error: 'Use letters, digits and . _ : @ / + # = ~ - only (no spaces or |)' });
}

/** Default identifier: assets, sensors, users, incidents, alerts, warehouses, items, media. */
export const ZId = boundedId(128);
export type TId = z.infer<typeof ZId>;

/** Identifier of a data source (an ingest API key owner, a feed, a simulator, an app instance). */
export const ZSourceId = boundedId(64);

/**
 * Scans for characters that must never reach storage or a screen: C0/C1 control characters (except
 * tab and line feed when `multiline`) and lone UTF-16 surrogates (they cannot be encoded as UTF-8).
 */
function hasForbiddenCharacters(value: string, multiline: boolean): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20) {
      if (multiline && (c === 0x09 || c === 0x0a)) continue;
      return true;
    }
    if (c >= 0x7f && c <= 0x9f) return true;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true;
      i++;
      continue;
    }
    if (c >= 0xdc00 && c <= 0xdfff) return true;
  }
  return false;
}

/**
 * Replaces what `boundedText`/`boundedLine` reject (control characters, lone surrogates) with a space or
 * U+FFFD, for text built from untrusted input (error messages, dead-letter keys).
 */
export function sanitizeText(value: string, multiline: boolean): string {
  if (!hasForbiddenCharacters(value, multiline)) return value;
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += value[i]! + value[i + 1]!;
        i++;
      } else out += '\uFFFD';
    } else if (c >= 0xdc00 && c <= 0xdfff) out += '\uFFFD';
    else if (hasForbiddenCharacters(value[i]!, multiline)) out += ' ';
    else out += value[i]!;
  }
  return out;
}

/** Shortens `text` to at most `max` UTF-16 code units, ending with `…`, never splitting a surrogate pair. */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

/**
 * Free text of `min`..`max` UTF-16 code units. Tabs and line feeds are allowed; every other control
 * character (including carriage return: ingest normalises CRLF to LF) is rejected.
 */
export function boundedText(max: number, min = 0) {
  return z
    .string()
    .min(min)
    .max(max)
    .refine((s) => !hasForbiddenCharacters(s, true), {
      error: 'Must not contain control characters (only line feed and tab are allowed)',
    });
}

/** Single-line text (titles, headlines, names, handles): no control character at all. */
export function boundedLine(max: number, min = 0) {
  return z
    .string()
    .min(min)
    .max(max)
    .refine((s) => !hasForbiddenCharacters(s, false), {
      error: 'Must be a single line without control characters',
    });
}

/** BCP 47 language tag, simplified: `fr`, `en-US`, `zh-Hant-TW`, `und`. */
export const ZLanguageTag = z
  .string()
  .max(35)
  .regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/, {
    error: 'Expected a BCP 47 language tag such as "fr" or "en-US"',
  });
export type TLanguageTag = z.infer<typeof ZLanguageTag>;

/** ISO 3166-1 alpha-3 country code (`HTI`, `MOZ`); joins GDACS `iso3` and the basemap's `a3`. */
export const ZCountryCode = z.string().regex(/^[A-Z]{3}$/, { error: 'Expected an ISO 3166-1 alpha-3 code' });

/** An http(s) URL of at most 2048 characters. */
export const ZHttpUrl = z.url({ protocol: /^https?$/, error: 'Expected an http(s) URL' }).max(2048);

/** Object-storage or web URI of a stored blob: `s3://`, `gs://`, `az://`, `file://`, `http(s)://`. */
export const ZObjectUri = z
  .string()
  .max(2048)
  .regex(/^(?:s3|gs|az|file|https?):\/\/[^\s<>"]+$/, {
    error: 'Expected an s3, gs, az, file or http(s) URI',
  });

/** MIME type, lower-cased on parse: `image/jpeg`, `video/mp4`. */
export const ZMimeType = z
  .string()
  .max(127)
  .toLowerCase()
  .regex(/^[a-z]+\/[a-z0-9][a-z0-9!#$&^_.+-]*$/, { error: 'Expected a MIME type such as image/jpeg' });

/** Lower-case hex SHA-256 digest. */
export const ZSha256Hex = z.string().regex(/^[0-9a-f]{64}$/, { error: 'Expected 64 lower-case hex digits' });

// ---------------------------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------------------------

// z.number() already rejects NaN and ±Infinity; the bounds below make every value physically plausible.

export const ZLon = z.number().min(-180).max(180).meta({ description: 'Longitude, WGS84 degrees' });
export const ZLat = z.number().min(-90).max(90).meta({ description: 'Latitude, WGS84 degrees' });

/** Altitude in metres above mean sea level (GPX `ele`, GGA altitude); negative below sea level. */
export const ZAltitude = z.number().min(-1_000).max(50_000);

/** Ground speed in metres per second (sources in knots or km/h are converted at ingest). */
export const ZSpeed = z.number().min(0).max(400);

/** Course over ground, degrees clockwise from true north; 360 is accepted as a synonym of 0. */
export const ZHeading = z.number().min(0).max(360);

/** Horizontal accuracy radius in metres. */
export const ZAccuracy = z.number().min(0).max(100_000);

/** A percentage, 0..100 (battery, humidity). */
export const ZPercent = z.number().min(0).max(100);

/** A finite number (zod rejects NaN and ±Infinity by default). */
export const ZFinite = z.number();

/** A monotonically increasing sequence number (per incident, per socket stream). */
export const ZSeq = z.int().min(0);

// ---------------------------------------------------------------------------------------------------------
// Points, boxes and times
// ---------------------------------------------------------------------------------------------------------

/** A point as an object, `{ lon, lat }`: the shape used in payloads and the envelope's `geo`. */
export const ZLonLat = z.object({ lon: ZLon, lat: ZLat });
export type TLonLat = z.infer<typeof ZLonLat>;

/** Same schema as `ZLonLat`, named for readability where a point on the map is meant. */
export const ZGeoPoint = ZLonLat;
export type TGeoPoint = TLonLat;

/**
 * ISO-8601 / RFC 3339 date-time with seconds and an explicit offset or `Z`
 * (`2024-05-01T12:00:00Z`, `2024-05-01T14:00:00.250+02:00`, CAP's `-00:00`). Local times without an
 * offset are rejected: their instant is unknowable.
 */
export const ZIsoDateTime = z.iso.datetime({
  offset: true,
  error: 'Expected an ISO-8601 date-time with seconds and an offset or Z, e.g. 2024-05-01T12:00:00Z',
});
export type TIsoDateTime = z.infer<typeof ZIsoDateTime>;

/**
 * Bounding box `[west, south, east, north]` (RFC 7946 order). `south <= north` is required;
 * `west > east` is allowed and means the box crosses the antimeridian.
 */
export const ZBbox = z
  .tuple([ZLon, ZLat, ZLon, ZLat])
  .refine(([, south, , north]) => south <= north, { error: 'south must be <= north', path: [3] });
export type TBbox = z.infer<typeof ZBbox>;

/** H3 cell index as 15 lower-case hex digits (h3-js string form), e.g. `8a2a1072b59ffff`. */
export const ZH3Cell = z
  .string()
  .regex(/^8[0-9a-f]{14}$/, { error: 'Expected an H3 cell index (15 hex digits)' });
export type TH3Cell = z.infer<typeof ZH3Cell>;

/** Administrative place of a point, filled by enrichment (point-in-polygon on admin areas). */
export const ZRegion = z.object({
  country: ZCountryCode.optional(),
  admin1: boundedId(64).optional(),
  admin2: boundedId(64).optional(),
  name: boundedLine(200).optional(),
});
export type TRegion = z.infer<typeof ZRegion>;

/** Free-form key/value attributes from a device or feed (Traccar `ignition=true&fuel=24`); at most 32. */
export const ZAttributes = z
  .record(boundedId(64), z.union([boundedLine(256), ZFinite, z.boolean()]))
  .refine((o) => Object.keys(o).length <= 32, { error: 'At most 32 attributes' });
export type TAttributes = z.infer<typeof ZAttributes>;

// ---------------------------------------------------------------------------------------------------------
// GeoJSON geometry (RFC 7946), coordinates [lon, lat] or [lon, lat, altitude]
// ---------------------------------------------------------------------------------------------------------

/** Upper bounds that keep one geometry from exhausting memory; payload size limits apply as well. */
export const GEOMETRY_LIMITS = { positions: 50_000, rings: 1_000, polygons: 1_000 } as const;

export const ZGeoJsonPosition = z.tuple([ZLon, ZLat, ZAltitude.optional()]);
export type TGeoJsonPosition = z.infer<typeof ZGeoJsonPosition>;

function samePosition(a: TGeoJsonPosition, b: TGeoJsonPosition): boolean {
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2];
}

/** A closed linear ring: at least 4 positions, the first equal to the last. Winding is not checked. */
export const ZLinearRing = z
  .array(ZGeoJsonPosition)
  .min(4, { error: 'A linear ring needs at least 4 positions' })
  .max(GEOMETRY_LIMITS.positions)
  .refine((ring) => ring.length === 0 || samePosition(ring[0]!, ring[ring.length - 1]!), {
    error: 'A linear ring must be closed: its first and last positions must be equal',
  });

export const ZPoint = z.object({ type: z.literal('Point'), coordinates: ZGeoJsonPosition });
export type TPoint = z.infer<typeof ZPoint>;

export const ZLineString = z.object({
  type: z.literal('LineString'),
  coordinates: z.array(ZGeoJsonPosition).min(2).max(GEOMETRY_LIMITS.positions),
});
export type TLineString = z.infer<typeof ZLineString>;

const polygonCoordinates = z.array(ZLinearRing).min(1).max(GEOMETRY_LIMITS.rings);

/** Polygon: an exterior ring followed by optional holes. */
export const ZPolygon = z.object({ type: z.literal('Polygon'), coordinates: polygonCoordinates });
export type TPolygon = z.infer<typeof ZPolygon>;

export const ZMultiPolygon = z.object({
  type: z.literal('MultiPolygon'),
  coordinates: z.array(polygonCoordinates).min(1).max(GEOMETRY_LIMITS.polygons),
});
export type TMultiPolygon = z.infer<typeof ZMultiPolygon>;

/** Any geometry Vigie exchanges: a place, a route, an area. */
export const ZGeometry = z.discriminatedUnion('type', [ZPoint, ZLineString, ZPolygon, ZMultiPolygon]);
export type TGeometry = z.infer<typeof ZGeometry>;

/** An area: hazard zone, alert area, media footprint, incident extent. */
export const ZAreaGeometry = z.discriminatedUnion('type', [ZPolygon, ZMultiPolygon]);
export type TAreaGeometry = z.infer<typeof ZAreaGeometry>;
