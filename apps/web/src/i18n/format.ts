// Number and time formatting for the panels. Pure.
import type { TLocale } from '@vigie/contracts/auth-api';
import type { TUnit } from '@vigie/contracts/readings';
import { translate } from './translate';
import type { Dictionary } from './translate';

/** "3 min ago" from an ISO time, relative to `now` (ms). */
export function timeAgo(dictionary: Dictionary, iso: string | undefined, now: number): string | null {
  if (iso === undefined) return null;
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return null;
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  if (seconds < 5) return translate(dictionary, 'time.justNow');
  if (seconds < 60) return translate(dictionary, 'time.secondsAgo', { n: seconds });
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return translate(dictionary, 'time.minutesAgo', { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return translate(dictionary, 'time.hoursAgo', { n: hours });
  return translate(dictionary, 'time.daysAgo', { n: Math.floor(hours / 24) });
}

/** m/s to "12 km/h". */
export function formatSpeed(
  locale: TLocale,
  metresPerSecond: number | undefined,
  unit: string,
): string | null {
  if (metresPerSecond === undefined) return null;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(metresPerSecond * 3.6)} ${unit}`;
}

const COMPASS = ['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW'] as const;
const COMPASS_FR = ['N', 'NE', 'E', 'SE', 'S', 'SO', 'O', 'NO'] as const;

/** 274 → "274° W". */
export function formatHeading(locale: TLocale, heading: number | undefined): string | null {
  if (heading === undefined) return null;
  const points = locale === 'fr' ? COMPASS_FR : COMPASS;
  const point = points[Math.round((((heading % 360) + 360) % 360) / 45) % 8]!;
  return `${Math.round(heading)}° ${point}`;
}

export function formatNumber(locale: TLocale, value: number, digits = 2): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value);
}

/** "19.8436° S, 34.8389° E". */
export function formatPosition(lon: number, lat: number): string {
  const ns = lat >= 0 ? 'N' : 'S';
  const ew = lon >= 0 ? 'E' : 'W';
  return `${Math.abs(lat).toFixed(4)}° ${ns}, ${Math.abs(lon).toFixed(4)}° ${ew}`;
}

const UNIT_SYMBOLS: Readonly<Record<TUnit, string>> = {
  m: 'm',
  'm3/s': 'm³/s',
  mm: 'mm',
  'mm/h': 'mm/h',
  degC: '°C',
  percent: '%',
  hPa: 'hPa',
  'm/s': 'm/s',
  deg: '°',
  'ug/m3': 'µg/m³',
  'm/s2': 'm/s²',
};

/** The symbol people read for a contract unit: `degC` → `°C`. */
export function unitSymbol(unit: string): string {
  return Object.hasOwn(UNIT_SYMBOLS, unit) ? UNIT_SYMBOLS[unit as TUnit] : unit;
}
