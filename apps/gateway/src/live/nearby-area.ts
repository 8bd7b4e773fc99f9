/**
 * What "near" means for the field role (`map.view_nearby`).
 *
 * A field user's anchor is their linked asset (`users.asset_id`, set with the CLI's `--asset`), else the
 * first (by id) asset they carry — an asset whose `attrs.userId` is their user id — that has a position in
 * the live index. Their area is the square of `radiusM` metres
 * around it (half side; longitudes widened by 1/cos(latitude)), its centre rounded to 0.005° so that
 * small moves do not change it. The live interest of a field user is the requested box clipped to
 * that area; entity details and history are answered only for entities inside it.
 *
 * Without an anchor with a position (no carried asset, or no fix yet), the area is the square around
 * the centre of the requested box: the user sees one neighbourhood at a time, wherever they look.
 */
import type { TBbox } from '@vigie/contracts/primitives';
import type { EntityIndex } from './entity-index';

const METRES_PER_DEGREE = 111_320;
const QUANTUM = 0.005;

const round = (value: number) => Math.round(value / QUANTUM) * QUANTUM;

/** The square of half side `radiusM` around a point, clamped to valid coordinates. */
export function squareAround(lon: number, lat: number, radiusM: number): TBbox {
  const centerLon = round(lon);
  const centerLat = round(lat);
  const dLat = radiusM / METRES_PER_DEGREE;
  const cos = Math.max(0.01, Math.cos((centerLat * Math.PI) / 180));
  const dLon = Math.min(180, dLat / cos);
  const clampLat = (v: number) => Math.max(-90, Math.min(90, v));
  const clampLon = (v: number) => Math.max(-180, Math.min(180, v));
  return [
    clampLon(centerLon - dLon),
    clampLat(centerLat - dLat),
    clampLon(centerLon + dLon),
    clampLat(centerLat + dLat),
  ];
}

/** The area around the user's first positioned anchor, or null when none has a position. */
export function anchorArea(index: EntityIndex, anchorIds: readonly string[], radiusM: number): TBbox | null {
  for (const id of anchorIds) {
    const entry = index.get(id);
    if (entry !== undefined && !Number.isNaN(entry.lon)) return squareAround(entry.lon, entry.lat, radiusM);
  }
  return null;
}

/** The centre of a box (across the antimeridian when west > east). */
export function bboxCenter([west, south, east, north]: TBbox): { lon: number; lat: number } {
  const width = west <= east ? east - west : 360 - (west - east);
  let lon = west + width / 2;
  if (lon > 180) lon -= 360;
  return { lon, lat: (south + north) / 2 };
}

/**
 * The part of `requested` inside `area`; null when they do not overlap. A requested box crossing the
 * antimeridian is replaced by the area itself.
 */
export function clipBbox(requested: TBbox, area: TBbox): TBbox | null {
  const [rw, rs, re, rn] = requested;
  const [aw, as, ae, an] = area;
  if (rw > re) return area;
  const west = Math.max(rw, aw);
  const east = Math.min(re, ae);
  const south = Math.max(rs, as);
  const north = Math.min(rn, an);
  return west <= east && south <= north ? [west, south, east, north] : null;
}

export function bboxContainsPoint([west, south, east, north]: TBbox, lon: number, lat: number): boolean {
  if (!(lat >= south && lat <= north)) return false;
  return west <= east ? lon >= west && lon <= east : lon >= west || lon <= east;
}
