/**
 * Stateful decoder for GNSS NMEA 0183 logs: RMC, GGA, VTG and GLL from GP/GN/GL/GA/GB/BD talkers.
 * Sentences of one epoch (same UTC time) are merged into one fix; GGA/GLL take their date from the last RMC
 * (rolling over midnight). A fix without a known date is rejected.
 */
import { KNOT_TO_MPS, parseSentence } from './nmea-sentence';
import type { DecodeOutput, PositionFix } from './nmea-sentence';

const GNSS_TALKERS = new Set(['GP', 'GN', 'GL', 'GA', 'GB', 'BD']);
const DAY_MS = 86_400_000;

export interface NmeaDecoderOptions {
  /** Asset the receiver belongs to. */
  assetId: string;
  assetKind?: PositionFix['payload']['assetKind'];
}

export interface NmeaDecoder {
  /** Decodes one line; returns the fixes completed and rejections. Never throws. */
  push(line: string): DecodeOutput[];
  /** Emits the fix still being assembled. */
  flush(): DecodeOutput[];
}

interface Pending {
  /** Milliseconds since UTC midnight. */
  timeOfDay: number;
  /** UTC midnight of the fix date (ms), when an RMC gave it. */
  dateMs?: number;
  lat?: number;
  lon?: number;
  speed?: number;
  heading?: number;
  altitude?: number;
  satellites?: number;
  line: string;
}

/** `ddmm.mmmm` / `dddmm.mmmm` + hemisphere → signed decimal degrees; undefined when empty or invalid. */
export function nmeaCoordinate(value: string, hemisphere: string, degreeDigits: 2 | 3): number | undefined {
  if (!/^\d+(\.\d+)?$/.test(value)) return undefined;
  const dot = value.indexOf('.');
  const intLength = dot < 0 ? value.length : dot;
  if (intLength !== degreeDigits + 2) return undefined;
  const degrees = Number(value.slice(0, degreeDigits));
  const minutes = Number(value.slice(degreeDigits));
  if (minutes >= 60) return undefined;
  const abs = degrees + minutes / 60;
  const limit = degreeDigits === 2 ? 90 : 180;
  if (abs > limit) return undefined;
  const [positive, negative] = degreeDigits === 2 ? ['N', 'S'] : ['E', 'W'];
  if (hemisphere === positive) return abs;
  if (hemisphere === negative) return -abs;
  return undefined;
}

/** `hhmmss[.sss]` → ms since midnight. */
export function nmeaTimeOfDay(value: string): number | undefined {
  const m = /^(\d{2})(\d{2})(\d{2}(?:\.\d+)?)$/.exec(value);
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  const s = Number(m[3]);
  if (h > 23 || min > 59 || s >= 61) return undefined;
  return Math.round(((h * 60 + min) * 60 + s) * 1000);
}

/** `ddmmyy` → UTC midnight in ms (years 80–99 → 19xx, else 20xx). */
export function nmeaDate(value: string): number | undefined {
  const m = /^(\d{2})(\d{2})(\d{2})$/.exec(value);
  if (!m) return undefined;
  const d = Number(m[1]);
  const mo = Number(m[2]);
  const yy = Number(m[3]);
  const year = yy >= 80 ? 1900 + yy : 2000 + yy;
  const ms = Date.UTC(year, mo - 1, d);
  const check = new Date(ms);
  if (check.getUTCDate() !== d || check.getUTCMonth() !== mo - 1) return undefined;
  return ms;
}

function optionalNumber(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

export function createNmeaDecoder(options: NmeaDecoderOptions): NmeaDecoder {
  let lastDateMs: number | undefined;
  let lastDateTimeOfDay = 0;
  let pending: Pending | undefined;

  function emit(): DecodeOutput[] {
    const p = pending;
    pending = undefined;
    if (!p || p.lat === undefined || p.lon === undefined) return [];
    let dateMs = p.dateMs;
    if (dateMs === undefined && lastDateMs !== undefined) {
      // A time far earlier than the RMC that gave the date means midnight has passed since.
      dateMs = p.timeOfDay < lastDateTimeOfDay - DAY_MS / 2 ? lastDateMs + DAY_MS : lastDateMs;
    }
    if (dateMs === undefined) {
      return [
        { kind: 'rejected', rejection: { line: p.line, reason: 'no date yet: waiting for an RMC sentence' } },
      ];
    }
    const fix: PositionFix = {
      occurredAt: new Date(dateMs + p.timeOfDay).toISOString(),
      payload: {
        assetId: options.assetId,
        assetKind: options.assetKind ?? 'vehicle',
        position: { lon: p.lon, lat: p.lat },
        ...(p.altitude !== undefined ? { altitude: p.altitude } : {}),
        ...(p.speed !== undefined ? { speed: p.speed } : {}),
        ...(p.heading !== undefined ? { heading: p.heading } : {}),
        ...(p.satellites !== undefined ? { satellites: p.satellites } : {}),
      },
    };
    return [{ kind: 'fix', fix }];
  }

  /** Starts (or continues) the epoch at `timeOfDay`; returns what the previous epoch produced. */
  function epoch(timeOfDay: number, line: string): { out: DecodeOutput[]; p: Pending } {
    if (pending && pending.timeOfDay === timeOfDay) return { out: [], p: pending };
    const out = emit();
    const p: Pending = { timeOfDay, line };
    pending = p;
    return { out, p };
  }

  function reject(line: string, reason: string): DecodeOutput[] {
    return [{ kind: 'rejected', rejection: { line, reason } }];
  }

  function position(f: string[], latIndex: number): { lat: number; lon: number } | string {
    const lat = nmeaCoordinate(f[latIndex] ?? '', f[latIndex + 1] ?? '', 2);
    const lon = nmeaCoordinate(f[latIndex + 2] ?? '', f[latIndex + 3] ?? '', 3);
    if (lat === undefined) return `invalid latitude "${f[latIndex] ?? ''},${f[latIndex + 1] ?? ''}"`;
    if (lon === undefined) return `invalid longitude "${f[latIndex + 2] ?? ''},${f[latIndex + 3] ?? ''}"`;
    return { lat, lon };
  }

  function push(rawLine: string): DecodeOutput[] {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) return [];
    const parsed = parseSentence(line);
    if (!parsed.ok) return reject(line, parsed.reason);
    const { start, address, fields: f } = parsed.sentence;
    if (start !== '$' || address.startsWith('P')) return [];
    const talker = address.slice(0, 2);
    const type = address.slice(2);
    if (!GNSS_TALKERS.has(talker)) return [];
    switch (type) {
      case 'RMC': {
        const time = nmeaTimeOfDay(f[0] ?? '');
        if (f[1] !== 'A') return reject(line, 'no fix: RMC status is not "A" (valid)');
        if (time === undefined) return reject(line, `invalid RMC time "${f[0] ?? ''}"`);
        const date = nmeaDate(f[8] ?? '');
        if (date === undefined) return reject(line, `invalid RMC date "${f[8] ?? ''}" (expected ddmmyy)`);
        const pos = position(f, 2);
        if (typeof pos === 'string') return reject(line, pos);
        const { out, p } = epoch(time, line);
        lastDateMs = date;
        lastDateTimeOfDay = time;
        p.dateMs = date;
        p.lat = pos.lat;
        p.lon = pos.lon;
        const knots = optionalNumber(f[6]);
        if (knots !== undefined && knots >= 0) p.speed = knots * KNOT_TO_MPS;
        const course = optionalNumber(f[7]);
        if (course !== undefined && course >= 0 && course <= 360) p.heading = course;
        return out;
      }
      case 'GGA': {
        const quality = f[5] ?? '';
        if (quality === '' || quality === '0') return reject(line, 'no fix: GGA fix quality is 0');
        const time = nmeaTimeOfDay(f[0] ?? '');
        if (time === undefined) return reject(line, `invalid GGA time "${f[0] ?? ''}"`);
        const pos = position(f, 1);
        if (typeof pos === 'string') return reject(line, pos);
        const { out, p } = epoch(time, line);
        p.lat = pos.lat;
        p.lon = pos.lon;
        const sats = optionalNumber(f[6]);
        if (sats !== undefined && Number.isInteger(sats) && sats <= 128) p.satellites = sats;
        const alt = optionalNumber(f[8]);
        if (alt !== undefined && f[9] === 'M') p.altitude = alt;
        return out;
      }
      case 'GLL': {
        if (f[5] !== 'A') return reject(line, 'no fix: GLL status is not "A" (valid)');
        const time = nmeaTimeOfDay(f[4] ?? '');
        if (time === undefined) return reject(line, `invalid GLL time "${f[4] ?? ''}"`);
        const pos = position(f, 0);
        if (typeof pos === 'string') return reject(line, pos);
        const { out, p } = epoch(time, line);
        p.lat = pos.lat;
        p.lon = pos.lon;
        return out;
      }
      case 'VTG': {
        // No time: completes the epoch being assembled.
        if (!pending) return [];
        const course = optionalNumber(f[0]);
        if (course !== undefined && course >= 0 && course <= 360 && pending.heading === undefined) {
          pending.heading = course;
        }
        const knots = optionalNumber(f[4]);
        const kmh = optionalNumber(f[6]);
        if (pending.speed === undefined) {
          if (knots !== undefined && knots >= 0) pending.speed = knots * KNOT_TO_MPS;
          else if (kmh !== undefined && kmh >= 0) pending.speed = kmh / 3.6;
        }
        return [];
      }
      default:
        return [];
    }
  }

  return { push: (line) => safe(() => push(line), line), flush: () => safe(emit, '') };
}

function safe(fn: () => DecodeOutput[], line: string): DecodeOutput[] {
  try {
    return fn();
  } catch (error) {
    return [{ kind: 'rejected', rejection: { line, reason: `decoder error: ${String(error)}` } }];
  }
}

/** Decodes a whole text (file content); convenience over the streaming decoder. */
export function decodeNmeaText(text: string, options: NmeaDecoderOptions): DecodeOutput[] {
  const decoder = createNmeaDecoder(options);
  const out: DecodeOutput[] = [];
  for (const line of text.split(/\r\n|\r|\n/)) out.push(...decoder.push(line));
  out.push(...decoder.flush());
  return out;
}
