/**
 * CAP date-times, read leniently. The CAP 1.2 schema wants
 * `YYYY-MM-DDThh:mm:ss±hh:mm` (UTC as `-00:00` or `+00:00`); real feeds also send `Z`, fractions of a
 * second and offsets without a colon. A time without any offset is refused: its instant is unknowable.
 */

const LENIENT =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?\s*(Z|z|[+-]\d{2}:?\d{2}|[+-]\d{2})$/;

/** ISO-8601 UTC (`2011-09-02T11:36:50.000Z`), or undefined when `value` is not a CAP date-time. */
export function parseCapTime(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const match = LENIENT.exec(value.trim());
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s = '00', fraction = '', zone = 'Z'] = match;
  let offset = zone.toUpperCase() === 'Z' ? 'Z' : zone;
  if (/^[+-]\d{4}$/.test(offset)) offset = `${offset.slice(0, 3)}:${offset.slice(3)}`;
  if (/^[+-]\d{2}$/.test(offset)) offset = `${offset}:00`;
  const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${fraction.slice(0, 4)}${offset}`);
  if (Number.isNaN(ms)) return undefined;
  const date = new Date(ms);
  // Date.parse rolls 2021-02-30 over to March: refuse dates that do not exist.
  if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31 || Number(h) > 23)
    return undefined;
  return date.toISOString();
}
