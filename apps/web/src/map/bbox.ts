// The viewport as the gateway wants it: [west, south, east, north] in [-180, 180] × [-90, 90], west > east
// when the view crosses the antimeridian, the whole world when more than one turn of longitude is visible.
import type { TBbox } from '@vigie/contracts/primitives';

export interface LngLatBoundsLike {
  readonly west: number;
  readonly south: number;
  readonly east: number;
  readonly north: number;
}

/** Longitude into [-180, 180], keeping +180 as +180. */
export function wrapLongitude(lon: number): number {
  if (lon >= -180 && lon <= 180) return lon;
  const wrapped = ((((lon + 180) % 360) + 360) % 360) - 180;
  return wrapped === -180 && lon > 0 ? 180 : wrapped;
}

const clampLat = (lat: number) => Math.max(-90, Math.min(90, lat));
const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

/** Bounds of the map (longitudes may run past ±180 when world copies show) to a contract bbox. */
export function bboxFromBounds(bounds: LngLatBoundsLike): TBbox {
  const south = round6(clampLat(Math.min(bounds.south, bounds.north)));
  const north = round6(clampLat(Math.max(bounds.south, bounds.north)));
  const span = bounds.east - bounds.west;
  if (!Number.isFinite(span) || span >= 360 || span < 0) return [-180, south, 180, north];
  const west = round6(wrapLongitude(bounds.west));
  let east = round6(wrapLongitude(bounds.east));
  // An east edge exactly on the antimeridian after wrapping reads as -180: keep it at the far end.
  if (east === -180 && bounds.east > bounds.west) east = 180;
  return [west === 180 && east !== 180 ? -180 : west, south, east, north];
}

/** Zoom clamped to the range the socket contract accepts. */
export function subscriptionZoom(zoom: number): number {
  return Math.round(Math.max(0, Math.min(24, zoom)) * 100) / 100;
}
