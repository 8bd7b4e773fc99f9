/**
 * `timestamp` of an OsmAnd request, in every form Traccar's decoder accepts: Unix seconds (values
 * below 2^31 - 1), Unix milliseconds, ISO-8601 (anything with a `T`; without an offset it is taken as
 * UTC), or `yyyy-MM-dd HH:mm:ss` (UTC; Traccar uses its server's zone, which for us is UTC).
 */

const INT32_MAX = 2_147_483_647;
const NUMERIC = /^\d+(\.\d+)?$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const SPACED = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?$/;
/** Earliest and latest instants accepted (a fix from 1970 or from the far future is a broken clock). */
const MIN_MS = Date.UTC(2000, 0, 1);
const MAX_AHEAD_MS = 24 * 3600 * 1000;

export type TimestampResult = { ok: true; time: Date } | { ok: false; message: string };

function checked(ms: number, raw: string, now: number): TimestampResult {
  if (!Number.isFinite(ms)) return { ok: false, message: `timestamp "${raw}" is not a valid date` };
  if (ms < MIN_MS || ms > now + MAX_AHEAD_MS) {
    return { ok: false, message: `timestamp "${raw}" is outside 2000-01-01 .. now + 1 day` };
  }
  return { ok: true, time: new Date(Math.round(ms)) };
}

export function parseOsmandTimestamp(value: string, now: number = Date.now()): TimestampResult {
  const raw = value.trim().slice(0, 64);
  if (NUMERIC.test(raw)) {
    const n = Number(raw);
    return checked(n < INT32_MAX ? n * 1000 : n, raw, now);
  }
  if (raw.includes('T') || raw.includes('t')) {
    if (!ISO.test(raw)) return { ok: false, message: `timestamp "${raw}" is not an ISO-8601 date-time` };
    const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(raw);
    const normalised = raw.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
    return checked(Date.parse(hasZone ? normalised : `${raw}Z`), raw, now);
  }
  const spaced = SPACED.exec(raw);
  if (spaced !== null) {
    const [, y, mo, d, h, mi, s, frac] = spaced;
    const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
    const valid = new Date(ms);
    if (valid.getUTCMonth() !== Number(mo) - 1 || valid.getUTCDate() !== Number(d)) {
      return { ok: false, message: `timestamp "${raw}" is not a valid date` };
    }
    return checked(ms + (frac ? Number(frac) * 1000 : 0), raw, now);
  }
  return {
    ok: false,
    message: `timestamp "${raw}" is not Unix seconds or milliseconds, ISO-8601, or yyyy-MM-dd HH:mm:ss`,
  };
}
