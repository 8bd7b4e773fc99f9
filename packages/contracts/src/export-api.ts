// HTTP exports of a time range and area (permission `data.export`), streamed with a Content-Disposition:
//   GET /api/v1/exports/features.geojson?from=…&to=…&bbox=w,s,e,n&kinds=positions,reports
//   GET /api/v1/exports/features.csv?…            (same parameters; one row per feature)
//   GET /api/v1/exports/tracks.gpx?from=…&to=…&bbox=…&assets=truck-1,truck-2
//   GET /api/v1/exports/tracks.kml?…              (same parameters as GPX)
// `from` and `to` are ISO-8601 date-times; `bbox` defaults to the whole world; `kinds` to every kind.
// Errors are JSON bodies (`ZErrorBody`): 400 for a bad parameter or a range longer than allowed, 413 when
// the export would hold more rows than allowed.
import { z } from 'zod';
import { ZBbox, ZId, ZIsoDateTime } from './primitives';

/** What a features export can hold. */
export const ZExportKind = z.enum(['positions', 'readings', 'reports', 'alerts', 'incidents']);
export type TExportKind = z.infer<typeof ZExportKind>;

export const ZExportFormat = z.enum(['geojson', 'csv', 'gpx', 'kml']);
export type TExportFormat = z.infer<typeof ZExportFormat>;

/** Longest range of one export. */
export const EXPORT_MAX_RANGE_HOURS = 7 * 24;
/** Most rows one export may hold (checked before streaming starts). */
export const EXPORT_MAX_ROWS = 5_000_000;
/** Most assets a tracks export may name. */
export const EXPORT_MAX_ASSETS = 1_000;

/** Comma-separated list in a query string. */
function commaList<T extends z.ZodType<unknown, string>>(item: T) {
  return z
    .string()
    .transform((s) => s.split(',').map((part) => part.trim()))
    .pipe(z.array(item).min(1));
}

export const ZBboxParameter = z
  .string()
  .transform((s) => s.split(',').map((part) => (part.trim() === '' ? Number.NaN : Number(part))))
  .pipe(z.array(z.number()).length(4, { error: 'Expected four numbers: west,south,east,north' }))
  .pipe(ZBbox);

function withinRange<T extends { from: string; to: string }>(schema: z.ZodType<T>) {
  return schema
    .refine((q) => Date.parse(q.from) < Date.parse(q.to), { error: 'from must be before to', path: ['to'] })
    .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= EXPORT_MAX_RANGE_HOURS * 3_600_000, {
      error: `An export covers at most ${EXPORT_MAX_RANGE_HOURS} hours`,
      path: ['to'],
    });
}

/** Query string of the features exports (GeoJSON, CSV). */
export const ZFeaturesExportQuery = withinRange(
  z.object({
    from: ZIsoDateTime,
    to: ZIsoDateTime,
    bbox: ZBboxParameter.optional(),
    kinds: commaList(ZExportKind)
      .refine((k) => new Set(k).size === k.length, { error: 'Kinds must be unique' })
      .default([...ZExportKind.options]),
  }),
);
export type TFeaturesExportQuery = z.output<typeof ZFeaturesExportQuery>;

/** Query string of the tracks exports (GPX, KML). */
export const ZTracksExportQuery = withinRange(
  z.object({
    from: ZIsoDateTime,
    to: ZIsoDateTime,
    bbox: ZBboxParameter.optional(),
    assets: commaList(ZId).pipe(z.array(ZId).max(EXPORT_MAX_ASSETS)).optional(),
  }),
);
export type TTracksExportQuery = z.output<typeof ZTracksExportQuery>;

/** Columns of the CSV export, in order. Geometry other than a point is given as GeoJSON in `geometry`. */
export const EXPORT_CSV_COLUMNS = [
  'kind',
  'id',
  'entity_id',
  'time',
  'lon',
  'lat',
  'geometry',
  'name',
  'value',
  'unit',
  'category',
  'severity',
  'status',
  'text',
] as const;
