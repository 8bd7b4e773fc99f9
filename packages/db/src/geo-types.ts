/**
 * Plain geographic value types exchanged with the database layer: GeoJSON geometries (RFC 7946,
 * longitude/latitude in WGS 84, i.e. SRID 4326) and the small lon/lat and bounding-box shapes used by
 * repository queries. No dependency on any GeoJSON library.
 */

/** `[lon, lat]` or `[lon, lat, altitude]`. */
export type GeoPosition = [number, number] | [number, number, number];

export interface GeoPoint {
  type: 'Point';
  coordinates: GeoPosition;
}

export interface GeoMultiPoint {
  type: 'MultiPoint';
  coordinates: GeoPosition[];
}

export interface GeoLineString {
  type: 'LineString';
  coordinates: GeoPosition[];
}

export interface GeoMultiLineString {
  type: 'MultiLineString';
  coordinates: GeoPosition[][];
}

/** First ring is the exterior, the following rings are holes. */
export interface GeoPolygon {
  type: 'Polygon';
  coordinates: GeoPosition[][];
}

export interface GeoMultiPolygon {
  type: 'MultiPolygon';
  coordinates: GeoPosition[][][];
}

export interface GeoGeometryCollection {
  type: 'GeometryCollection';
  geometries: GeoGeometry[];
}

export type GeoGeometry =
  | GeoPoint
  | GeoMultiPoint
  | GeoLineString
  | GeoMultiLineString
  | GeoPolygon
  | GeoMultiPolygon
  | GeoGeometryCollection;

/** A WGS 84 coordinate in degrees. */
export interface LonLat {
  lon: number;
  lat: number;
}

/**
 * A WGS 84 bounding box in degrees. `west > east` denotes a box that crosses the antimeridian
 * (for example west 170, east -170).
 */
export interface BBox {
  west: number;
  south: number;
  east: number;
  north: number;
}

export function toGeoPoint({ lon, lat }: LonLat): GeoPoint {
  return { type: 'Point', coordinates: [lon, lat] };
}

/** Reads a GeoJSON point as lon/lat; `null` for an empty point. */
export function fromGeoPoint(point: GeoPoint): LonLat | null {
  const [lon, lat] = point.coordinates;
  if (lon === undefined || lat === undefined) return null;
  return { lon, lat };
}
