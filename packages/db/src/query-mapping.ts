/**
 * Small conversions shared by the read-side (`*-queries-repository.ts`) files: database values to the
 * wire DTOs of `@vigie/contracts` (severity `unknown` is the wire's `info`, dates as ISO strings, points
 * as `{ lon, lat }`, null as absent).
 */
import type { TSeverity } from '@vigie/contracts/severity';
import type { GeoPoint } from './geo-types';
import type { Severity } from './schema/values';

export function severityToWire(value: string): TSeverity {
  return value === 'unknown' ? 'info' : (value as TSeverity);
}

export function severityToDb(value: TSeverity): Severity {
  return value === 'info' ? 'unknown' : value;
}

export function iso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

export function lonLatOf(point: GeoPoint | null | undefined): { lon: number; lat: number } | undefined {
  if (point === null || point === undefined) return undefined;
  return { lon: point.coordinates[0], lat: point.coordinates[1] };
}

/** Copies `value` under `key` only when it is neither null nor undefined (exactOptional-friendly). */
export function opt<K extends string, V>(key: K, value: V | null | undefined): { [P in K]?: V } {
  return (value === null || value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** Cursor of a list ordered by (time desc, id desc). */
export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): { at: Date; id: string } | null {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const bar = text.indexOf('|');
  if (bar < 0) return null;
  const at = new Date(text.slice(0, bar));
  if (Number.isNaN(at.getTime())) return null;
  return { at, id: text.slice(bar + 1) };
}
