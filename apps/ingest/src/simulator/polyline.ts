/** Paths as lon/lat polylines with cumulative lengths, and the point reached after a distance along one. */
import { bearingDegrees, haversineMeters } from '@vigie/domain/geo';
import type { LonLat } from '@vigie/domain/geo';

/** A vertex `[lon, lat]`, as in GeoJSON. */
export type Vertex = readonly [lon: number, lat: number];

export interface Polyline {
  readonly points: readonly Vertex[];
  /** Distance from the start to each vertex, metres. */
  readonly cumulative: readonly number[];
  /** Total length, metres. */
  readonly length: number;
}

export interface PointOnPath extends LonLat {
  /** Direction of travel at that point, degrees clockwise from north. */
  heading: number;
}

const at = (v: Vertex): LonLat => ({ lon: v[0], lat: v[1] });

export function makePolyline(points: readonly Vertex[]): Polyline {
  if (points.length === 0) throw new RangeError('a polyline needs at least one vertex');
  const kept: Vertex[] = [points[0]!];
  for (const point of points.slice(1)) {
    const last = kept[kept.length - 1]!;
    if (point[0] !== last[0] || point[1] !== last[1]) kept.push(point);
  }
  const cumulative = [0];
  for (let i = 1; i < kept.length; i++) {
    cumulative.push(cumulative[i - 1]! + haversineMeters(at(kept[i - 1]!), at(kept[i]!)));
  }
  return { points: kept, cumulative, length: cumulative[cumulative.length - 1]! };
}

export function reversePolyline(polyline: Polyline): Polyline {
  return makePolyline([...polyline.points].reverse());
}

/** Joins paths end to start (a vertex shared by two parts is kept once). */
export function joinPolylines(parts: readonly Polyline[]): Polyline {
  return makePolyline(parts.flatMap((part) => part.points));
}

/** The point `distance` metres from the start (clamped to the ends), with the heading of its segment. */
export function pointAlong(polyline: Polyline, distance: number): PointOnPath {
  const { points, cumulative } = polyline;
  if (points.length === 1) return { ...at(points[0]!), heading: 0 };
  const d = Math.min(Math.max(distance, 0), polyline.length);
  // Binary search of the segment holding d.
  let lo = 0;
  let hi = cumulative.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! <= d) lo = mid;
    else hi = mid;
  }
  const a = points[lo]!;
  const b = points[hi]!;
  const span = cumulative[hi]! - cumulative[lo]!;
  const f = span === 0 ? 0 : (d - cumulative[lo]!) / span;
  return {
    lon: a[0] + (b[0] - a[0]) * f,
    lat: a[1] + (b[1] - a[1]) * f,
    heading: bearingDegrees(at(a), at(b)),
  };
}

/** The part of a path between two distances from its start. */
export function slicePolyline(polyline: Polyline, from: number, to: number): Polyline {
  const start = Math.max(0, Math.min(from, to));
  const end = Math.min(polyline.length, Math.max(from, to));
  const inner = polyline.points.filter(
    (_, i) => polyline.cumulative[i]! > start && polyline.cumulative[i]! < end,
  );
  const a = pointAlong(polyline, start);
  const b = pointAlong(polyline, end);
  return makePolyline([[a.lon, a.lat], ...inner, [b.lon, b.lat]]);
}
