/**
 * Media rows: the metadata of images and videos kept in object storage (the bytes never live here),
 * with the camera position and the ground footprint, queried by bounding box and time.
 */
import { sql } from 'drizzle-orm';
import type { Db } from './database';
import type { BBox, LonLat } from './geo-types';
import { geomFromGeoJson, makeEnvelope, makePoint } from './geometry';
import { queryRows } from './sql-rows';

export interface MediaInput {
  id: string;
  uri: string;
  kind: 'image' | 'video';
  mimeType: string;
  sizeBytes: number;
  sha256?: string;
  thumbnailUri?: string;
  caption?: string;
  bearing?: number;
  source: string;
  position?: LonLat;
  /** GeoJSON Polygon or MultiPolygon (a MultiPolygon is stored as its convex hull). */
  footprint?: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
  capturedAt: Date;
  receivedAt: Date;
  attrs?: Record<string, unknown>;
  /** The incident this media documents; ignored when no such incident exists. */
  incidentId?: string;
}

export interface MediaDto {
  id: string;
  uri: string;
  kind: 'image' | 'video';
  mimeType: string | null;
  sizeBytes: number | null;
  thumbnailUri: string | null;
  caption: string | null;
  bearing: number | null;
  source: string | null;
  position: LonLat | null;
  footprint: { type: 'Polygon'; coordinates: number[][][] } | null;
  capturedAt: Date | null;
  receivedAt: Date;
  incidentId: string | null;
  attrs: Record<string, unknown>;
}

function footprintSql(footprint: MediaInput['footprint']) {
  if (footprint === undefined) return sql`NULL`;
  const geometry = geomFromGeoJson(footprint as Parameters<typeof geomFromGeoJson>[0]);
  return footprint.type === 'Polygon' ? geometry : sql`ST_ConvexHull(${geometry})`;
}

/** Inserts or replaces a media row by id (a redelivered or re-sent media updates the same row). */
export async function upsertMedia(db: Db, media: MediaInput): Promise<void> {
  await db.execute(sql`
    INSERT INTO media (id, uri, kind, mime_type, size_bytes, sha256, thumbnail_uri, caption, bearing, source,
                       position, footprint, captured_at, received_at, attrs, incident_id)
    VALUES (${media.id}, ${media.uri}, ${media.kind}, ${media.mimeType}, ${media.sizeBytes}::bigint,
            ${media.sha256 ?? null}, ${media.thumbnailUri ?? null}, ${media.caption ?? null},
            ${media.bearing ?? null}::real, ${media.source},
            ${media.position === undefined ? sql`NULL` : makePoint(media.position)},
            ${footprintSql(media.footprint)},
            ${media.capturedAt.toISOString()}::timestamptz, ${media.receivedAt.toISOString()}::timestamptz,
            ${JSON.stringify(media.attrs ?? {})}::jsonb,
            ${media.incidentId === undefined ? sql`NULL` : sql`(SELECT id FROM incidents WHERE id = ${media.incidentId})`})
    ON CONFLICT (id) DO UPDATE SET
      uri = EXCLUDED.uri, kind = EXCLUDED.kind, mime_type = EXCLUDED.mime_type, size_bytes = EXCLUDED.size_bytes,
      sha256 = EXCLUDED.sha256, thumbnail_uri = EXCLUDED.thumbnail_uri, caption = EXCLUDED.caption,
      bearing = EXCLUDED.bearing, source = EXCLUDED.source, position = EXCLUDED.position,
      footprint = EXCLUDED.footprint, captured_at = EXCLUDED.captured_at, attrs = EXCLUDED.attrs,
      incident_id = COALESCE(EXCLUDED.incident_id, media.incident_id)`);
}

interface MediaRow extends Record<string, unknown> {
  id: string;
  uri: string;
  kind: 'image' | 'video';
  mime_type: string | null;
  size_bytes: string | null;
  thumbnail_uri: string | null;
  caption: string | null;
  bearing: number | null;
  source: string | null;
  lon: number | null;
  lat: number | null;
  footprint: string | null;
  captured_at: string | null;
  received_at: string;
  incident_id: string | null;
  attrs: Record<string, unknown> | string | null;
}

const SELECT = sql`
  SELECT id, uri, kind, mime_type, size_bytes::text AS size_bytes, thumbnail_uri, caption, bearing::float8 AS bearing,
         source, ST_X(position)::float8 AS lon, ST_Y(position)::float8 AS lat,
         ST_AsGeoJSON(footprint, 7) AS footprint, captured_at::text AS captured_at,
         received_at::text AS received_at, incident_id, attrs
  FROM media`;

function toDto(row: MediaRow): MediaDto {
  return {
    id: row.id,
    uri: row.uri,
    kind: row.kind,
    mimeType: row.mime_type,
    sizeBytes: row.size_bytes === null ? null : Number(row.size_bytes),
    thumbnailUri: row.thumbnail_uri,
    caption: row.caption,
    bearing: row.bearing,
    source: row.source,
    position: row.lon === null || row.lat === null ? null : { lon: row.lon, lat: row.lat },
    footprint: row.footprint === null ? null : (JSON.parse(row.footprint) as MediaDto['footprint']),
    capturedAt: row.captured_at === null ? null : new Date(row.captured_at),
    receivedAt: new Date(row.received_at),
    incidentId: row.incident_id,
    attrs:
      typeof row.attrs === 'string' ? (JSON.parse(row.attrs) as Record<string, unknown>) : (row.attrs ?? {}),
  };
}

export async function getMedia(db: Db, id: string): Promise<MediaDto | null> {
  const rows = await queryRows<MediaRow>(db, sql`${SELECT} WHERE id = ${id}`);
  return rows[0] === undefined ? null : toDto(rows[0]);
}

export interface MediaQuery {
  /** Media whose position or footprint is inside or crosses this box. */
  bbox?: BBox;
  /** Captured at or after. */
  from?: Date;
  /** Captured before. */
  to?: Date;
  limit: number;
}

/** Media in a box and a time window, newest first. */
export async function listMedia(db: Db, query: MediaQuery): Promise<MediaDto[]> {
  const conditions = [sql`TRUE`];
  if (query.bbox !== undefined) {
    const box = makeEnvelope(query.bbox);
    conditions.push(sql`(ST_Intersects(position, ${box}) OR ST_Intersects(footprint, ${box}))`);
  }
  if (query.from !== undefined) conditions.push(sql`captured_at >= ${query.from.toISOString()}::timestamptz`);
  if (query.to !== undefined) conditions.push(sql`captured_at < ${query.to.toISOString()}::timestamptz`);
  const rows = await queryRows<MediaRow>(
    db,
    sql`${SELECT} WHERE ${sql.join(conditions, sql` AND `)} ORDER BY captured_at DESC NULLS LAST, id LIMIT ${query.limit}`,
  );
  return rows.map(toDto);
}
