/**
 * Position fixes: batched recording (history + current state in one statement) and the spatial
 * queries over current asset positions (viewport and nearest).
 */
import { and, asc, inArray, isNotNull, or, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { AssetDto } from './asset-dto';
import { toAssetDto } from './asset-dto';
import type { Db } from './database';
import type { BBox, LonLat } from './geo-types';
import { makeEnvelope, makePoint } from './geometry';
import { assets } from './schema/tracking';
import type { AssetKind } from './schema/values';
import { queryRows } from './sql-rows';

export interface PositionFix {
  /** Envelope id: a fix recorded twice is stored once. */
  envelopeId: string;
  assetId: string;
  time: Date;
  lon: number;
  lat: number;
  /** m/s */
  speed?: number | null;
  /** degrees clockwise from north */
  heading?: number | null;
  /** metres */
  accuracy?: number | null;
  /** metres above the ellipsoid */
  altitude?: number | null;
  source?: string | null;
  /** Used only when the asset does not exist yet (default `other`). */
  kind?: AssetKind | null;
  /** Used only when the asset does not exist yet (default: the asset id). */
  name?: string | null;
}

export interface RecordPositionsResult {
  /** History rows written (fixes not seen before). */
  inserted: number;
  /** Fixes skipped because their envelope id was already stored (or repeated in the batch). */
  duplicates: number;
  /** Assets whose current position changed (created, or moved to a newer fix). */
  assetsMoved: number;
}

function checkFix(fix: PositionFix): void {
  if (!(fix.lon >= -180 && fix.lon <= 180 && fix.lat >= -90 && fix.lat <= 90)) {
    throw new RangeError(`position ${fix.envelopeId}: lon/lat out of range (${fix.lon}, ${fix.lat})`);
  }
  if (Number.isNaN(fix.time.getTime())) throw new RangeError(`position ${fix.envelopeId}: invalid time`);
}

/**
 * Records a batch of fixes in one statement (one round trip; run it inside the caller's transaction
 * to commit it with the consumer offsets):
 * - history: one multi-row `INSERT … SELECT FROM unnest(…)` into `positions`, skipping envelope ids
 *   already stored (`ON CONFLICT DO NOTHING`), so redelivered messages leave no duplicate rows;
 * - current state: per asset, the newest fix of the batch is upserted into `assets`, but only when it
 *   is newer than the stored `last_fix_at`, so a late, out-of-order fix never moves an asset back.
 */
export async function recordPositions(db: Db, batch: readonly PositionFix[]): Promise<RecordPositionsResult> {
  if (batch.length === 0) return { inserted: 0, duplicates: 0, assetsMoved: 0 };
  const n = batch.length;
  const envelopeIds = new Array<string>(n);
  const assetIds = new Array<string>(n);
  const times = new Array<string>(n);
  const lons = new Array<number>(n);
  const lats = new Array<number>(n);
  const speeds = new Array<number | null>(n);
  const headings = new Array<number | null>(n);
  const accuracies = new Array<number | null>(n);
  const altitudes = new Array<number | null>(n);
  const sources = new Array<string | null>(n);
  const kinds = new Array<string | null>(n);
  const names = new Array<string | null>(n);
  for (let i = 0; i < n; i++) {
    const fix = batch[i] as PositionFix;
    checkFix(fix);
    envelopeIds[i] = fix.envelopeId;
    assetIds[i] = fix.assetId;
    times[i] = fix.time.toISOString();
    lons[i] = fix.lon;
    lats[i] = fix.lat;
    speeds[i] = fix.speed ?? null;
    headings[i] = fix.heading ?? null;
    accuracies[i] = fix.accuracy ?? null;
    altitudes[i] = fix.altitude ?? null;
    sources[i] = fix.source ?? null;
    kinds[i] = fix.kind ?? null;
    names[i] = fix.name ?? null;
  }
  // sql.param keeps each array a single bind parameter (a bare array would be spread into a list).
  const p = sql.param;
  const [result] = await queryRows<{ inserted: number; moved: number }>(
    db,
    sql`
      WITH input AS (
        SELECT * FROM unnest(
          ${p(envelopeIds)}::text[], ${p(assetIds)}::text[], ${p(times)}::timestamptz[],
          ${p(lons)}::float8[], ${p(lats)}::float8[], ${p(speeds)}::real[], ${p(headings)}::real[],
          ${p(accuracies)}::real[], ${p(altitudes)}::real[], ${p(sources)}::text[], ${p(kinds)}::text[],
          ${p(names)}::text[]
        ) AS i(envelope_id, asset_id, time, lon, lat, speed, heading, accuracy, altitude, source, kind, name)
      ),
      history AS (
        INSERT INTO positions (envelope_id, asset_id, time, position, speed, heading, accuracy, altitude, source)
        SELECT envelope_id, asset_id, time, ST_SetSRID(ST_MakePoint(lon, lat), 4326), speed, heading, accuracy,
               altitude, source
        FROM input
        ON CONFLICT (envelope_id) DO NOTHING
        RETURNING 1
      ),
      latest AS (
        SELECT DISTINCT ON (asset_id) * FROM input ORDER BY asset_id, time DESC, envelope_id DESC
      ),
      moved AS (
        INSERT INTO assets AS a (id, kind, name, source, position, speed, heading, accuracy, last_fix_at,
                                 last_envelope_id, updated_at)
        SELECT asset_id, coalesce(kind, 'other'), coalesce(name, asset_id), source,
               ST_SetSRID(ST_MakePoint(lon, lat), 4326), speed, heading, accuracy, time, envelope_id, now()
        FROM latest
        ORDER BY asset_id
        ON CONFLICT (id) DO UPDATE SET
          position = excluded.position,
          speed = excluded.speed,
          heading = excluded.heading,
          accuracy = excluded.accuracy,
          last_fix_at = excluded.last_fix_at,
          last_envelope_id = excluded.last_envelope_id,
          source = coalesce(excluded.source, a.source),
          updated_at = excluded.updated_at
        WHERE a.last_fix_at IS NULL OR excluded.last_fix_at > a.last_fix_at
        RETURNING 1
      )
      SELECT (SELECT count(*) FROM history)::int AS inserted, (SELECT count(*) FROM moved)::int AS moved
    `,
  );
  const inserted = Number(result?.inserted ?? 0);
  return { inserted, duplicates: n - inserted, assetsMoved: Number(result?.moved ?? 0) };
}

export interface AssetQueryOptions {
  kinds?: readonly AssetKind[];
  /** Default 5000. */
  limit?: number;
}

function kindFilter(kinds: readonly AssetKind[] | undefined): SQL | undefined {
  return kinds === undefined ? undefined : inArray(assets.kind, [...kinds]);
}

function checkBBox(bbox: BBox): void {
  const { west, south, east, north } = bbox;
  const inRange = (v: number, max: number) => v >= -max && v <= max;
  if (!(
    inRange(west, 180) &&
    inRange(east, 180) &&
    inRange(south, 90) &&
    inRange(north, 90) &&
    south <= north
  )) {
    throw new RangeError(`invalid bbox ${JSON.stringify(bbox)}`);
  }
}

/**
 * Assets whose current position lies in the box (edges included), ordered by id. Uses the GiST
 * index through `&&` with `ST_MakeEnvelope`; a box with `west > east` crosses the antimeridian and is
 * queried as its two halves.
 */
export async function assetsInBbox(db: Db, bbox: BBox, options: AssetQueryOptions = {}): Promise<AssetDto[]> {
  checkBBox(bbox);
  const inBox =
    bbox.west <= bbox.east
      ? sql`${assets.position} && ${makeEnvelope(bbox)}`
      : or(
          sql`${assets.position} && ${makeEnvelope({ ...bbox, east: 180 })}`,
          sql`${assets.position} && ${makeEnvelope({ ...bbox, west: -180 })}`,
        );
  const rows = await db
    .select()
    .from(assets)
    .where(and(inBox, kindFilter(options.kinds)))
    .orderBy(asc(assets.id))
    .limit(options.limit ?? 5000);
  return rows.map(toAssetDto);
}

export interface NearestAsset extends AssetDto {
  /** Great-circle distance in metres (sphere of mean radius 6 371 008.8 m, as PostGIS geography). */
  distanceM: number;
}

/** Mean earth radius PostGIS uses for spherical geography distances, in metres. */
const EARTH_RADIUS_M = 6_371_008.7714;

/**
 * SQL for the lon/lat bounding box of the spherical cap of `radiusM` metres (a scalar SQL
 * expression) around `point`: latitudes within ±r, longitudes within ±asin(sin r / cos lat), or all
 * longitudes when the cap reaches a pole or crosses the antimeridian. NULL when the radius is NULL
 * (then `&&` matches nothing). The radius is widened by 1e-6 against rounding. `OFFSET 0` keeps the
 * planner from inlining the radius into each of its uses, which would evaluate a subquery radius
 * (the KNN candidates) once per use.
 */
function capEnvelope(point: LonLat, radiusM: SQL): SQL {
  const lon = sql`${point.lon}::float8`;
  const lat = sql`${point.lat}::float8`;
  return sql`(
    SELECT CASE
      WHEN cap.rad IS NULL THEN NULL
      WHEN cap.south <= -90 OR cap.north >= 90 OR cap.s >= 1
        OR ${lon} - cap.dlon < -180 OR ${lon} + cap.dlon > 180
        THEN ST_MakeEnvelope(-180, greatest(-90, cap.south), 180, least(90, cap.north), 4326)
      ELSE ST_MakeEnvelope(${lon} - cap.dlon, cap.south, ${lon} + cap.dlon, cap.north, 4326)
    END
    FROM (
      SELECT r.rad,
             ${lat} - degrees(r.rad) AS south,
             ${lat} + degrees(r.rad) AS north,
             sin(r.rad) / cos(radians(${lat})) AS s,
             degrees(asin(least(1, sin(r.rad) / cos(radians(${lat}))))) AS dlon
      FROM (SELECT ${radiusM} / ${EARTH_RADIUS_M}::float8 * 1.000001 + 1e-12 AS rad OFFSET 0) r
    ) cap
  )`;
}

/**
 * The `k` assets nearest to `point` by great-circle distance, nearest first (ties by id).
 *
 * One statement, exact, served by the one planar GiST index on `assets.position` (a second,
 * geography index would cost every position update about a quarter of its throughput):
 * 1. KNN `<->` on the planar index yields `k` candidates; the farthest of them, in metres on the
 *    sphere, bounds the true k-th distance: r.
 * 2. Every asset within r lies inside the lon/lat bounding box of the spherical cap of radius r
 *    (widened to all longitudes when the cap reaches a pole or crosses the antimeridian), which the
 *    same index answers with `&&`; those are sorted by exact spherical distance and cut at `k`.
 * So ordering and distances agree with the sphere even at high latitude, where planar degrees
 * mislead, and across the antimeridian.
 */
export async function nearestAssets(
  db: Db,
  point: LonLat,
  k: number,
  options: { kinds?: readonly AssetKind[]; maxDistanceM?: number } = {},
): Promise<NearestAsset[]> {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  checkBBox({ west: point.lon, east: point.lon, south: point.lat, north: point.lat });
  const target = makePoint(point);
  const geography = sql`${assets.position}::geography`;
  const distance = sql<number>`ST_Distance(${geography}, ${target}::geography, false)`;
  const maxDistanceM = options.maxDistanceM;
  const filters = and(
    isNotNull(assets.position),
    kindFilter(options.kinds),
    maxDistanceM === undefined
      ? undefined
      : and(
          sql`${assets.position} && ${capEnvelope(point, sql`${maxDistanceM}::float8`)}`,
          sql`ST_DWithin(${geography}, ${target}::geography, ${maxDistanceM}::float8, false)`,
        ),
  );
  const candidates = db
    .select({ d: distance.as('d') })
    .from(assets)
    .where(filters)
    .orderBy(sql`${assets.position} <-> ${target}`)
    .limit(k);
  const radius = sql`(SELECT max(c.d) FROM (${candidates}) c)`;
  const rows = await db
    .select({ asset: assets, distanceM: distance.mapWith(Number) })
    .from(assets)
    .where(and(filters, sql`${assets.position} && ${capEnvelope(point, radius)}`))
    .orderBy(distance, asc(assets.id))
    .limit(k);
  return rows.map(({ asset, distanceM }) => ({ ...toAssetDto(asset), distanceM }));
}
