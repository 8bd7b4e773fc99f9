/**
 * Rows of a time range and box for exports, read in pages so that an export of millions of rows is
 * streamed with bounded memory:
 * - features (`exportFeaturePages`): positions, readings, reports, alerts and incident events, one
 *   page per time window (a range the BRIN indexes on time narrow down), in time order;
 * - tracks (`exportTrackPages`): the fixes of each asset in time order, asset by asset, through the
 *   (asset_id, time) index.
 */
import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { Db } from './database';
import type { BBox, GeoGeometry } from './geo-types';
import { makeEnvelope } from './geometry';
import { queryRows } from './sql-rows';

export type ExportKind = 'positions' | 'readings' | 'reports' | 'alerts' | 'incidents';

export interface ExportRange {
  from: Date;
  to: Date;
  bbox?: BBox;
}

/** One exported fact, whatever its kind. */
export interface ExportRow {
  kind: ExportKind;
  /** Row id: envelope id, alert id, `incident:seq`. */
  id: string;
  /** Asset, sensor or incident the row is about. */
  entityId: string | null;
  time: Date;
  geometry: GeoGeometry | null;
  name: string | null;
  value: number | null;
  unit: string | null;
  category: string | null;
  severity: string | null;
  status: string | null;
  text: string | null;
  /** Speed (m/s) and heading (degrees) of a fix. */
  speed: number | null;
  heading: number | null;
}

function inBox(column: string, bbox: BBox | undefined): SQL {
  if (bbox === undefined) return sql``;
  const c = sql.raw(column);
  return bbox.west <= bbox.east
    ? sql`AND ${c} && ${makeEnvelope(bbox)} AND ST_Intersects(${c}, ${makeEnvelope(bbox)})`
    : sql`AND (ST_Intersects(${c}, ${makeEnvelope({ ...bbox, east: 180 })}) OR ST_Intersects(${c}, ${makeEnvelope({ ...bbox, west: -180 })}))`;
}

function window(column: string, from: Date, to: Date, last: boolean): SQL {
  const c = sql.raw(column);
  return sql`${c} >= ${from.toISOString()}::timestamptz AND ${c} ${sql.raw(last ? '<=' : '<')} ${to.toISOString()}::timestamptz`;
}

function kindSql(kind: ExportKind, from: Date, to: Date, last: boolean, bbox: BBox | undefined): SQL {
  switch (kind) {
    case 'positions':
      return sql`SELECT 'positions' AS kind, p.envelope_id AS id, p.asset_id AS entity_id, p.time, p.position AS geom,
                        a.name, NULL::float8 AS value, NULL::text AS unit, NULL::text AS category, NULL::text AS severity,
                        NULL::text AS status, NULL::text AS text, p.speed::float8 AS speed, p.heading::float8 AS heading
                 FROM positions p LEFT JOIN assets a ON a.id = p.asset_id
                 WHERE ${window('p.time', from, to, last)} ${inBox('p.position', bbox)}`;
    case 'readings':
      return sql`SELECT 'readings', r.envelope_id, r.sensor_id, r.time, s.position, s.name, r.value, coalesce(r.unit, s.unit),
                        coalesce(r.metric, s.kind), NULL, NULL, NULL, NULL::float8, NULL::float8
                 FROM readings r LEFT JOIN sensors s ON s.id = r.sensor_id
                 WHERE ${window('r.time', from, to, last)} ${inBox('s.position', bbox)}`;
    case 'reports':
      return sql`SELECT 'reports', envelope_id, incident_id, occurred_at, position, source, NULL, NULL, category, NULL,
                        NULL, text, NULL, NULL
                 FROM reports WHERE ${window('occurred_at', from, to, last)} ${inBox('position', bbox)}`;
    case 'alerts':
      return sql`SELECT 'alerts', id, incident_id, raised_at, geometry, headline, NULL, NULL, category, severity, status,
                        description, NULL, NULL
                 FROM alerts WHERE ${window('raised_at', from, to, last)} ${inBox('geometry', bbox)}`;
    case 'incidents':
      return sql`SELECT 'incidents', e.incident_id || ':' || e.seq, e.incident_id, e.at, i.position, i.title, NULL, NULL,
                        i.category, i.severity, e.type, e.data->>'note', NULL, NULL
                 FROM incident_events e JOIN incidents i ON i.id = e.incident_id
                 WHERE ${window('e.at', from, to, last)} ${inBox('i.position', bbox)}`;
  }
}

interface ExportDbRow extends Record<string, unknown> {
  kind: ExportKind;
  id: string;
  entity_id: string | null;
  time_ms: number;
  geometry: string | null;
  name: string | null;
  value: number | null;
  unit: string | null;
  category: string | null;
  severity: string | null;
  status: string | null;
  text: string | null;
  speed: number | null;
  heading: number | null;
}

function toExportRow(row: ExportDbRow): ExportRow {
  const num = (v: number | null) => (v === null ? null : Number(v));
  return {
    kind: row.kind,
    id: row.id,
    entityId: row.entity_id,
    time: new Date(Number(row.time_ms)),
    geometry: row.geometry === null ? null : (JSON.parse(row.geometry) as GeoGeometry),
    name: row.name,
    value: num(row.value),
    unit: row.unit,
    category: row.category,
    severity: row.severity,
    status: row.status,
    text: row.text,
    speed: num(row.speed),
    heading: num(row.heading),
  };
}

async function featuresIn(
  db: Db,
  kinds: readonly ExportKind[],
  from: Date,
  to: Date,
  last: boolean,
  bbox: BBox | undefined,
): Promise<ExportRow[]> {
  const parts = kinds.map((k) => kindSql(k, from, to, last, bbox));
  const rows = await queryRows<ExportDbRow>(
    db,
    sql`SELECT kind, id, entity_id, (extract(epoch FROM time) * 1000)::float8 AS time_ms,
               ST_AsGeoJSON(geom, 7) AS geometry, name, value, unit, category, severity, status, text, speed, heading
        FROM (${sql.join(parts, sql` UNION ALL `)}) f (kind, id, entity_id, time, geom, name, value, unit, category,
              severity, status, text, speed, heading)
        ORDER BY time, kind, id`,
  );
  return rows.map(toExportRow);
}

/**
 * Pages of features in [from, to] (bbox optional), in time order: one page per `windowMinutes` of
 * history (default 10), empty windows skipped.
 */
export async function* exportFeaturePages(
  db: Db,
  kinds: readonly ExportKind[],
  range: ExportRange,
  windowMinutes = 10,
): AsyncGenerator<ExportRow[]> {
  if (kinds.length === 0) return;
  const step = windowMinutes * 60_000;
  for (let start = range.from.getTime(); start <= range.to.getTime(); start += step) {
    const end = Math.min(start + step, range.to.getTime());
    const last = end === range.to.getTime();
    const page = await featuresIn(db, kinds, new Date(start), new Date(end), last, range.bbox);
    if (page.length > 0) yield page;
    if (last) return;
  }
}

/** Rows an export would hold, counted up to `cap` (returns `cap + 1` when there are more). */
export async function countExportRows(
  db: Db,
  kinds: readonly ExportKind[],
  range: ExportRange,
  cap: number,
): Promise<number> {
  if (kinds.length === 0) return 0;
  const parts = kinds.map((k) => kindSql(k, range.from, range.to, true, range.bbox));
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM (${sql.join(parts, sql` UNION ALL `)}) f LIMIT ${cap + 1}) c`,
  );
  return Number(row?.n ?? 0);
}

export interface TrackPoint {
  lon: number;
  lat: number;
  altitude: number | null;
  time: Date;
  speed: number | null;
  heading: number | null;
}

export interface TrackPage {
  assetId: string;
  name: string;
  kind: string;
  points: TrackPoint[];
  /** True on the first page of an asset's track. */
  first: boolean;
}

/** Assets with at least one fix in the range (and box), by id; only `assetIds` when given. */
export async function assetsWithFixes(
  db: Db,
  range: ExportRange,
  assetIds?: readonly string[],
): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`SELECT DISTINCT asset_id AS id FROM positions
        WHERE ${window('time', range.from, range.to, true)} ${inBox('position', range.bbox)}
          ${assetIds === undefined ? sql`` : sql`AND asset_id = ANY(${sql.param([...assetIds])}::text[])`}
        ORDER BY 1`,
  );
  return rows.map((r) => r.id);
}

/**
 * The track of each asset with fixes in the range (and box; only `assetIds` when given), asset by asset,
 * in pages of at most `pageSize` points (default 10 000), points in time order.
 */
export async function* exportTrackPages(
  db: Db,
  range: ExportRange,
  assetIds?: readonly string[],
  pageSize = 10_000,
): AsyncGenerator<TrackPage> {
  const ids = await assetsWithFixes(db, range, assetIds);
  for (const assetId of ids) {
    const [described] = await queryRows<{ name: string; kind: string }>(
      db,
      sql`SELECT name, kind FROM assets WHERE id = ${assetId}`,
    );
    let after: { ms: number; id: string } | null = null;
    let first = true;
    for (;;) {
      const rows: {
        envelope_id: string;
        lon: number;
        lat: number;
        altitude: number | null;
        time_ms: number;
        speed: number | null;
        heading: number | null;
      }[] = await queryRows(
        db,
        sql`SELECT envelope_id, ST_X(position)::float8 AS lon, ST_Y(position)::float8 AS lat, altitude::float8 AS altitude,
                   (extract(epoch FROM time) * 1000)::float8 AS time_ms, speed::float8 AS speed, heading::float8 AS heading
            FROM positions
            WHERE asset_id = ${assetId} AND ${window('time', range.from, range.to, true)} ${inBox('position', range.bbox)}
              ${after === null ? sql`` : sql`AND (time, envelope_id) > (to_timestamp(${after.ms / 1000}), ${after.id})`}
            ORDER BY time, envelope_id
            LIMIT ${pageSize}`,
      );
      const lastRow = rows[rows.length - 1];
      if (rows.length > 0) {
        yield {
          assetId,
          name: described?.name ?? assetId,
          kind: described?.kind ?? 'other',
          first,
          points: rows.map((r) => ({
            lon: Number(r.lon),
            lat: Number(r.lat),
            altitude: r.altitude === null ? null : Number(r.altitude),
            time: new Date(Number(r.time_ms)),
            speed: r.speed === null ? null : Number(r.speed),
            heading: r.heading === null ? null : Number(r.heading),
          })),
        };
        first = false;
      }
      if (rows.length < pageSize || lastRow === undefined) break;
      after = { ms: Number(lastRow.time_ms), id: lastRow.envelope_id };
    }
  }
}
