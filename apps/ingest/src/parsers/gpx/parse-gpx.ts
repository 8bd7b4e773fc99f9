/**
 * GPX 1.0 / 1.1 parser: tracks (trk/trkseg/trkpt), routes (rte/rtept) and waypoints (wpt).
 *
 * Pure: no I/O, never throws. Problems are reported in `rejected`, one entry per point or field,
 * with a path (`where`) and a reason a person can act on.
 *
 * Choices:
 * - Entities are never expanded; a DOCTYPE that declares entities refuses the whole document.
 *   The five predefined XML entities and numeric character references are decoded in names and
 *   descriptions only.
 * - A point with a missing, out-of-range or non-numeric lat/lon is dropped.
 * - A bad `time` (unparseable, year ≤ 1970, more than a day in the future) is reported and the
 *   point is KEPT without time; the same for a bad `ele`, `speed` or `course`. A track point with
 *   no `<time>` at all is kept and reported; waypoints and route points may omit time silently.
 * - Time without an offset is read as UTC (the GPX schema says UTC).
 * - Empty segments are dropped; a track with no points is kept with `segments: []`.
 * - Routes come out as tracks with `kind: 'route'` and a single segment.
 */
import { XMLParser } from 'fast-xml-parser';
import { parseGpxTime } from './gpx-time';

export interface GpxPoint {
  lon: number;
  lat: number;
  /** Metres. */
  ele?: number;
  /** ISO-8601 UTC, millisecond precision. */
  time?: string;
  /** m/s (GPX 1.0 `<speed>` or a 1.1 extension). */
  speed?: number;
  /** Degrees clockwise from true north. */
  course?: number;
}

export interface GpxTrack {
  name?: string;
  /** `track` for trk, `route` for rte. */
  kind: 'track' | 'route';
  segments: GpxPoint[][];
}

export interface GpxWaypoint {
  name?: string;
  lon: number;
  lat: number;
  ele?: number;
  time?: string;
  description?: string;
}

export interface GpxRejection {
  /** Path of the element, 1-based, e.g. `trk[2] "Morning run" / trkseg[1] / trkpt[4]`, or `document`. */
  where: string;
  reason: string;
  /** What happened: the whole document, one point, or one field of a kept point was discarded. */
  outcome: 'document-rejected' | 'point-rejected' | 'field-dropped';
}

export interface GpxParseResult {
  /** `version` attribute of `<gpx>` when present (some 1.0 files have none). */
  version?: string;
  tracks: GpxTrack[];
  waypoints: GpxWaypoint[];
  rejected: GpxRejection[];
}

export interface GpxParseOptions {
  /** Refuse documents larger than this many bytes (UTF-8). */
  maxBytes: number;
  /** Reference time for the "far future" check; defaults to the current time. */
  now?: Date | number;
  /** Stop recording per-item problems after this many (a summary entry is added). Default 1000. */
  maxRejections?: number;
}

const ARRAY_TAGS = new Set(['wpt', 'rte', 'rtept', 'trk', 'trkseg', 'trkpt']);

type XmlNode = Record<string, unknown>;

function createParser(): XMLParser {
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    processEntities: false,
    htmlEntities: false,
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    isArray: (name) => ARRAY_TAGS.has(name),
  });
}

export function parseGpx(input: string | Uint8Array, options: GpxParseOptions): GpxParseResult {
  const result: GpxParseResult = { tracks: [], waypoints: [], rejected: [] };
  const refuse = (reason: string): GpxParseResult => {
    result.rejected.push({ where: 'document', reason, outcome: 'document-rejected' });
    return result;
  };

  const { maxBytes } = options;
  if (!Number.isFinite(maxBytes) || maxBytes <= 0) return refuse('maxBytes must be a positive number');

  let text: string;
  if (typeof input === 'string') {
    // UTF-8 never uses fewer bytes than UTF-16 code units, so a long string is too big without encoding it.
    const bytes = input.length > maxBytes ? input.length : new TextEncoder().encode(input).byteLength;
    if (bytes > maxBytes) return refuse(`document is larger than the ${maxBytes}-byte limit`);
    text = input;
  } else {
    if (input.byteLength > maxBytes) {
      return refuse(`document is ${input.byteLength} bytes, over the ${maxBytes}-byte limit`);
    }
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch {
      return refuse('document is not valid UTF-8; re-export it as UTF-8');
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return refuse('document is empty');

  if (/<!DOCTYPE/i.test(text) && /<!ENTITY/i.test(text)) {
    return refuse(
      'document declares XML entities in a DOCTYPE; entity expansion is refused, remove the DOCTYPE',
    );
  }

  let parsed: unknown;
  try {
    parsed = createParser().parse(text, true);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return refuse(`not well-formed XML: ${message}`);
  }
  const root = asNode(parsed);
  const gpx = root.gpx;
  if (gpx === undefined) {
    const first = Object.keys(root).find((k) => !k.startsWith('?') && !k.startsWith('#'));
    return refuse(`not a GPX document: root element is ${first ? `<${first}>` : 'missing'}, expected <gpx>`);
  }
  const gpxNode = asNode(gpx);
  const version = attr(gpxNode, 'version');
  if (version !== undefined) result.version = version;

  const now = options.now === undefined ? Date.now() : Number(options.now);
  const ctx = new Context(result.rejected, now, options.maxRejections ?? 1000);

  asList(gpxNode.wpt).forEach((node, i) => {
    const wpt = asNode(node);
    const name = textOf(wpt.name);
    const where = `wpt[${i + 1}]${label(name)}`;
    const point = readPoint(wpt, where, ctx, false);
    if (!point) return;
    const waypoint: GpxWaypoint = { lon: point.lon, lat: point.lat };
    if (name !== undefined) waypoint.name = name;
    if (point.ele !== undefined) waypoint.ele = point.ele;
    if (point.time !== undefined) waypoint.time = point.time;
    const description = textOf(wpt.desc) ?? textOf(wpt.cmt);
    if (description !== undefined) waypoint.description = description;
    result.waypoints.push(waypoint);
  });

  asList(gpxNode.rte).forEach((node, i) => {
    const rte = asNode(node);
    const name = textOf(rte.name);
    const base = `rte[${i + 1}]${label(name)}`;
    const points = readPoints(asList(rte.rtept), `${base} / rtept`, ctx, false);
    const track: GpxTrack = { kind: 'route', segments: points.length > 0 ? [points] : [] };
    if (name !== undefined) track.name = name;
    result.tracks.push(track);
  });

  asList(gpxNode.trk).forEach((node, i) => {
    const trk = asNode(node);
    const name = textOf(trk.name);
    const base = `trk[${i + 1}]${label(name)}`;
    const segments: GpxPoint[][] = [];
    asList(trk.trkseg).forEach((seg, j) => {
      const points = readPoints(asList(asNode(seg).trkpt), `${base} / trkseg[${j + 1}] / trkpt`, ctx, true);
      if (points.length > 0) segments.push(points);
    });
    const track: GpxTrack = { kind: 'track', segments };
    if (name !== undefined) track.name = name;
    result.tracks.push(track);
  });

  ctx.finish();
  return result;
}

class Context {
  private dropped = 0;
  constructor(
    private readonly rejected: GpxRejection[],
    readonly now: number,
    private readonly max: number,
  ) {}

  report(where: string, reason: string, outcome: GpxRejection['outcome']): void {
    if (this.rejected.length < this.max) this.rejected.push({ where, reason, outcome });
    else this.dropped += 1;
  }

  finish(): void {
    if (this.dropped > 0) {
      this.rejected.push({
        where: 'document',
        reason: `${this.dropped} more problems not listed (limit ${this.max})`,
        outcome: 'field-dropped',
      });
    }
  }
}

function readPoints(nodes: unknown[], prefix: string, ctx: Context, timeExpected: boolean): GpxPoint[] {
  const points: GpxPoint[] = [];
  nodes.forEach((node, k) => {
    const point = readPoint(asNode(node), `${prefix}[${k + 1}]`, ctx, timeExpected);
    if (point) points.push(point);
  });
  return points;
}

function readPoint(node: XmlNode, where: string, ctx: Context, timeExpected: boolean): GpxPoint | undefined {
  const lat = readCoordinate(node, 'lat', 90);
  const lon = readCoordinate(node, 'lon', 180);
  if (typeof lat === 'string' || typeof lon === 'string') {
    const reasons = [lat, lon].filter((r): r is string => typeof r === 'string');
    ctx.report(where, `${reasons.join('; ')}; point rejected`, 'point-rejected');
    return undefined;
  }
  const point: GpxPoint = { lon, lat };

  const eleText = textOf(node.ele);
  if (eleText !== undefined) {
    const ele = parseNumber(eleText);
    if (ele === undefined)
      ctx.report(where, `ele "${eleText}" is not a number; elevation dropped`, 'field-dropped');
    else point.ele = ele;
  }

  const timeText = textOf(node.time);
  if (timeText === undefined) {
    if (timeExpected) ctx.report(where, 'no <time>; point kept without time', 'field-dropped');
  } else {
    const time = parseGpxTime(timeText, ctx.now);
    if (time.ok) point.time = time.iso;
    else ctx.report(where, `${time.reason}; point kept without time`, 'field-dropped');
  }

  const ext = asNode(node.extensions);
  const tpx = asNode(ext.TrackPointExtension);
  const speedText = textOf(node.speed) ?? textOf(tpx.speed) ?? textOf(ext.speed);
  if (speedText !== undefined) {
    const speed = parseNumber(speedText);
    if (speed === undefined || speed < 0) {
      ctx.report(where, `speed "${speedText}" is not a non-negative number; speed dropped`, 'field-dropped');
    } else point.speed = speed;
  }

  const courseText = textOf(node.course) ?? textOf(tpx.course) ?? textOf(ext.course);
  if (courseText !== undefined) {
    const course = parseNumber(courseText);
    if (course === undefined || course < 0 || course > 360) {
      ctx.report(where, `course "${courseText}" is not between 0 and 360; course dropped`, 'field-dropped');
    } else point.course = course;
  }
  return point;
}

/** Returns the coordinate, or a reason string when it is missing or invalid. */
function readCoordinate(node: XmlNode, name: 'lat' | 'lon', limit: number): number | string {
  const raw = attr(node, name);
  if (raw === undefined) return `missing ${name} attribute`;
  const value = parseNumber(raw);
  if (value === undefined) return `${name} "${raw}" is not a number`;
  if (value < -limit || value > limit) return `${name} ${value} is outside -${limit}..${limit}`;
  return value;
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

function parseNumber(raw: string): number | undefined {
  const text = raw.trim();
  if (!NUMBER.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

function asNode(value: unknown): XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as XmlNode) : {};
}

function asList(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function attr(node: XmlNode, name: string): string | undefined {
  const value = node[`@_${name}`];
  return typeof value === 'string' ? value : undefined;
}

/** Text content of a simple element (string, or object with `#text` when it has attributes). */
function textOf(value: unknown): string | undefined {
  const first = Array.isArray(value) ? (value as unknown[])[0] : value;
  let text: unknown = first;
  if (typeof first === 'object' && first !== null) text = (first as XmlNode)['#text'];
  if (typeof text === 'number' || typeof text === 'boolean') text = String(text);
  if (typeof text !== 'string') return undefined;
  const decoded = decodeXmlText(text).trim();
  return decoded === '' ? undefined : decoded;
}

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes predefined entities and character references only; never user-declared entities. */
function decodeXmlText(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return PREDEFINED[ref] ?? whole;
  });
}

function label(name: string | undefined): string {
  if (name === undefined) return '';
  return ` "${name.length > 40 ? `${name.slice(0, 40)}…` : name}"`;
}
