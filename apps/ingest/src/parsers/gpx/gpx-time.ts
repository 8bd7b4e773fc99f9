/** Parsing and plausibility checks for GPX `<time>` values. */

const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}:?\d{2})?$/;

/** Timestamps this far ahead of `now` are treated as bogus (device clock or rollover errors). */
export const MAX_FUTURE_SKEW_MS = 24 * 60 * 60 * 1000;

export type GpxTimeResult = { ok: true; iso: string } | { ok: false; reason: string };

/**
 * Parses an ISO-8601 GPX time. Accepts 1–9 fractional digits (kept to millisecond precision) and
 * an explicit offset; a value without offset is read as UTC, which is what GPX prescribes.
 * Rejects unparseable values, years up to 1970 (epoch zero and 32-bit underflows such as 1901-12-13)
 * and values more than a day after `now`.
 */
export function parseGpxTime(raw: string, now: number): GpxTimeResult {
  const text = raw.trim();
  const m = ISO_TIME.exec(text);
  if (!m) return { ok: false, reason: `time "${clip(text)}" is not an ISO-8601 date-time` };
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const millis = (frac ?? '').padEnd(3, '0').slice(0, 3);
  let offset = zone ?? 'Z';
  if (offset !== 'Z' && !offset.includes(':')) offset = `${offset.slice(0, 3)}:${offset.slice(3)}`;
  const normalized = `${y}-${mo}-${d}T${h}:${mi}:${s}.${millis}${offset}`;
  const ms = Date.parse(normalized);
  if (!Number.isFinite(ms)) return { ok: false, reason: `time "${clip(text)}" is not a valid date` };
  const date = new Date(ms);
  // Date.parse rolls over impossible days (e.g. 02-31) in some engines; compare the calendar day in UTC.
  if (offset === 'Z' && date.getUTCDate() !== Number(d)) {
    return { ok: false, reason: `time "${clip(text)}" is not a valid calendar date` };
  }
  if (date.getUTCFullYear() <= 1970) {
    return {
      ok: false,
      reason: `time "${clip(text)}" is implausibly old (device clock not set or rolled over)`,
    };
  }
  if (ms > now + MAX_FUTURE_SKEW_MS) {
    return { ok: false, reason: `time "${clip(text)}" is more than a day in the future` };
  }
  return { ok: true, iso: date.toISOString() };
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
