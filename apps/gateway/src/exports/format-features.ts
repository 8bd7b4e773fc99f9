/**
 * Export rows as GeoJSON (RFC 7946: a FeatureCollection of Features, coordinates [lon, lat] in WGS 84,
 * no `crs`) and as CSV (RFC 4180: comma-separated, quoted where needed, CRLF line ends), written page
 * by page so that an export is streamed.
 */
import { EXPORT_CSV_COLUMNS } from '@vigie/contracts/export-api';
import type { ExportRow } from '@vigie/db/export-repository';

export const GEOJSON_HEAD = '{"type":"FeatureCollection","features":[\n';
export const GEOJSON_TAIL = '\n]}\n';

/** One Feature; `id` is `<kind>:<row id>` so that ids are unique across kinds. */
export function featureJson(row: ExportRow): string {
  const properties: Record<string, unknown> = { kind: row.kind, time: row.time.toISOString() };
  if (row.entityId !== null) properties.entityId = row.entityId;
  if (row.name !== null) properties.name = row.name;
  if (row.value !== null) properties.value = row.value;
  if (row.unit !== null) properties.unit = row.unit;
  if (row.category !== null) properties.category = row.category;
  if (row.severity !== null) properties.severity = row.severity;
  if (row.status !== null) properties.status = row.status;
  if (row.text !== null) properties.text = row.text;
  if (row.speed !== null) properties.speed = row.speed;
  if (row.heading !== null) properties.heading = row.heading;
  return JSON.stringify({ type: 'Feature', id: `${row.kind}:${row.id}`, geometry: row.geometry, properties });
}

/** Features of one page, each preceded by a comma unless it is the very first of the export. */
export function featuresChunk(rows: readonly ExportRow[], first: boolean): string {
  return rows.map((row, i) => (first && i === 0 ? '' : ',\n') + featureJson(row)).join('');
}

function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  // A leading = + - @ would be read as a formula by spreadsheets: prefix it with a quote.
  const safe = /^[=+\-@\t\r]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export const CSV_HEADER = `${EXPORT_CSV_COLUMNS.join(',')}\r\n`;

export function csvLine(row: ExportRow): string {
  const point = row.geometry?.type === 'Point' ? row.geometry.coordinates : null;
  const values: Record<(typeof EXPORT_CSV_COLUMNS)[number], string | number | null> = {
    kind: row.kind,
    id: row.id,
    entity_id: row.entityId,
    time: row.time.toISOString(),
    lon: point?.[0] ?? null,
    lat: point?.[1] ?? null,
    geometry: row.geometry === null || point !== null ? null : JSON.stringify(row.geometry),
    name: row.name,
    value: row.value,
    unit: row.unit,
    category: row.category,
    severity: row.severity,
    status: row.status,
    text: row.text,
  };
  return `${EXPORT_CSV_COLUMNS.map((c) => csvField(values[c])).join(',')}\r\n`;
}
