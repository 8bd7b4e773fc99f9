/**
 * Drizzle column types for PostGIS geometries in WGS 84 (SRID 4326), carrying GeoJSON in and out.
 *
 * - Writing: `toDriver` turns the GeoJSON value into
 *   `ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON($1::text), 4326))`, so inserts and updates through the
 *   query builder need no spatial SQL at the call site. Columns are 2D; a third coordinate is dropped.
 * - Reading: PostgreSQL's text output of a geometry is hex EWKB on both node-postgres and PGlite, and
 *   `fromDriver` decodes it in JavaScript (see `ewkb.ts`). A plain select of the column therefore
 *   yields GeoJSON with no `ST_AsGeoJSON` wrapper and no per-row JSON parsing.
 *
 * drizzle's built-in `geometry` covers points as tuples only; the full set is defined once here.
 * Hot paths that write many rows build points with `makePoint` inside one `INSERT … SELECT` instead.
 */
import { customType, index } from 'drizzle-orm/pg-core';
import type { IndexBuilder, PgColumn } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { decodeEwkb } from './ewkb';
import type {
  BBox,
  GeoGeometry,
  GeoLineString,
  GeoMultiPolygon,
  GeoPoint,
  GeoPolygon,
  LonLat,
} from './geo-types';

export const SRID = 4326;

/** SQL expression for a GeoJSON value as a 2D geometry in SRID 4326. */
export function geomFromGeoJson(value: GeoGeometry): SQL {
  return sql`ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(value)}::text), 4326))`;
}

/** SQL expression for a point from numeric lon/lat (parameters, never interpolated text). */
export function makePoint({ lon, lat }: LonLat): SQL {
  return sql`ST_SetSRID(ST_MakePoint(${lon}::float8, ${lat}::float8), 4326)`;
}

/** SQL expression for the envelope of a bounding box that does not cross the antimeridian. */
export function makeEnvelope({ west, south, east, north }: BBox): SQL {
  return sql`ST_MakeEnvelope(${west}::float8, ${south}::float8, ${east}::float8, ${north}::float8, 4326)`;
}

function geometryColumn<T extends GeoGeometry>(subtype: string, expected: T['type'] | null) {
  return customType<{ data: T; driverData: string | Uint8Array }>({
    dataType: () => `geometry(${subtype},${SRID})`,
    toDriver: (value) => geomFromGeoJson(value),
    fromDriver: (value) => {
      const geometry = decodeEwkb(value);
      if (expected !== null && geometry.type !== expected) {
        throw new Error(`geometry column: expected ${expected}, read ${geometry.type}`);
      }
      return geometry as T;
    },
  });
}

/** `geometry(Point,4326)` as GeoJSON Point. */
export const pointColumn = geometryColumn<GeoPoint>('Point', 'Point');
/** `geometry(LineString,4326)` as GeoJSON LineString. */
export const lineStringColumn = geometryColumn<GeoLineString>('LineString', 'LineString');
/** `geometry(Polygon,4326)` as GeoJSON Polygon. */
export const polygonColumn = geometryColumn<GeoPolygon>('Polygon', 'Polygon');
/** `geometry(MultiPolygon,4326)` as GeoJSON MultiPolygon. */
export const multiPolygonColumn = geometryColumn<GeoMultiPolygon>('MultiPolygon', 'MultiPolygon');
/** `geometry(Geometry,4326)`: any geometry type, as GeoJSON. */
export const anyGeometryColumn = geometryColumn<GeoGeometry>('Geometry', null);

/** GiST index on a geometry column (bounding-box `&&`, `ST_Intersects`, KNN `<->` in degrees). */
export function gistIndex(name: string, column: PgColumn): IndexBuilder {
  return index(name).using('gist', column);
}

/**
 * GiST index on the geography cast of a geometry column: KNN `<->` ordering by distance on the
 * sphere, in metres, which a planar index in degrees cannot give away from the equator.
 */
export function geographyGistIndex(name: string, column: PgColumn): IndexBuilder {
  return index(name).using('gist', sql`(${column}::geography)`);
}
