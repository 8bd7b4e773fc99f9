/**
 * CAP geometry text → GeoJSON: `<polygon>` is "lat,lon lat,lon …" (pairs separated by whitespace,
 * which may include newlines), `<circle>` is "lat,lon radius_km". Rings are closed when the feed did
 * not close them. Pairs written lon,lat are swapped back when that is unambiguous: a "latitude" beyond
 * ±90 whose "longitude" is a valid latitude. When both readings are valid the text is taken as CAP says.
 */
import type { TAlertCircle } from '@vigie/contracts/alerts';
import type { TPolygon } from '@vigie/contracts/primitives';

export type GeometryResult<T> =
  { ok: true; value: T; swapped: boolean } | { ok: false; reason: string } | { ok: 'empty' };

const MAX_PAIRS = 20_000;

function readPair(pair: string): [number, number] | undefined {
  const parts = pair.split(',');
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') return undefined;
  const a = Number(parts[0]);
  const b = Number(parts[1]);
  return Number.isFinite(a) && Number.isFinite(b) ? [a, b] : undefined;
}

const isLat = (v: number): boolean => v >= -90 && v <= 90;
const isLon = (v: number): boolean => v >= -180 && v <= 180;

/** Chooses the order of a whole set of pairs at once: either every pair is lat,lon or every one lon,lat. */
function orient(
  pairs: readonly [number, number][],
): { ok: true; points: [number, number][]; swapped: boolean } | { ok: false; reason: string } {
  const asWritten = pairs.every(([lat, lon]) => isLat(lat) && isLon(lon));
  if (asWritten) return { ok: true, points: pairs.map(([lat, lon]) => [lon, lat]), swapped: false };
  const asSwapped = pairs.every(([lon, lat]) => isLat(lat) && isLon(lon));
  if (asSwapped) return { ok: true, points: pairs.map(([lon, lat]) => [lon, lat]), swapped: true };
  const bad = pairs.find(([lat, lon]) => !(isLat(lat) && isLon(lon)))!;
  return {
    ok: false,
    reason: `coordinates out of range: "${bad[0]},${bad[1]}" is neither lat,lon nor lon,lat (latitude must be within ±90, longitude within ±180)`,
  };
}

/** Parses one `<polygon>` text into a closed GeoJSON polygon ([lon, lat] positions). */
export function parseCapPolygon(text: string): GeometryResult<TPolygon> {
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  if (tokens.length === 0) return { ok: 'empty' };
  if (tokens.length > MAX_PAIRS) return { ok: false, reason: `polygon has more than ${MAX_PAIRS} points` };
  const pairs: [number, number][] = [];
  for (const token of tokens) {
    const pair = readPair(token);
    if (!pair) return { ok: false, reason: `polygon point "${token.slice(0, 40)}" is not "lat,lon"` };
    pairs.push(pair);
  }
  const oriented = orient(pairs);
  if (!oriented.ok) return { ok: false, reason: `polygon ${oriented.reason}` };
  const ring = oriented.points;
  const first = ring[0]!;
  const last = ring[ring.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1]) ring.push([first[0], first[1]]);
  const distinct = new Set(ring.map(([lon, lat]) => `${lon},${lat}`)).size;
  if (ring.length < 4 || distinct < 3) {
    return { ok: false, reason: `polygon has ${distinct} distinct point(s); at least 3 are needed` };
  }
  return { ok: true, value: { type: 'Polygon', coordinates: [ring] }, swapped: oriented.swapped };
}

/** Parses one `<circle>` text ("lat,lon radius_km"; a missing radius is 0, a point). */
export function parseCapCircle(text: string): GeometryResult<TAlertCircle> {
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  if (tokens.length === 0) return { ok: 'empty' };
  const pair = readPair(tokens[0]!);
  if (!pair || tokens.length > 2) {
    return { ok: false, reason: `circle "${text.trim().slice(0, 60)}" is not "lat,lon radius_km"` };
  }
  const radiusKm = tokens[1] === undefined ? 0 : Number(tokens[1]);
  if (!Number.isFinite(radiusKm) || radiusKm < 0 || radiusKm > 20_000) {
    return { ok: false, reason: `circle radius "${tokens[1] ?? ''}" is not a distance in km (0 to 20000)` };
  }
  const oriented = orient([pair]);
  if (!oriented.ok) return { ok: false, reason: `circle ${oriented.reason}` };
  const [lon, lat] = oriented.points[0]!;
  return { ok: true, value: { center: { lon, lat }, radiusKm }, swapped: oriented.swapped };
}
