// Trails of moving entities for deck.gl's TripsLayer, built from the positions the replay frames carry.
// Timestamps are seconds after `originMs` (the replay's start): epoch milliseconds do not fit the 32-bit
// floats the GPU compares them in. Only the last `windowMs` of each trail is kept (plus the point just
// before, so the oldest segment still reaches into the window). Pure: each operation returns new trails and
// new arrays for the entities that changed.

export interface Fix {
  readonly id: string;
  readonly atMs: number;
  readonly lon: number;
  readonly lat: number;
}

export interface Trip {
  readonly id: string;
  /** [lon, lat] in time order. */
  readonly path: readonly (readonly [number, number])[];
  /** Seconds after the trails' origin, one per path point, increasing. */
  readonly timestamps: readonly number[];
}

export interface Trails {
  readonly originMs: number;
  readonly windowMs: number;
  readonly byId: ReadonlyMap<string, Trip>;
  /** Changes whenever a trip changed, so the map knows to hand deck.gl new data. */
  readonly version: number;
}

export const DEFAULT_TRAIL_WINDOW_MS = 15 * 60_000;

export function emptyTrails(originMs: number, windowMs = DEFAULT_TRAIL_WINDOW_MS): Trails {
  return { originMs, windowMs, byId: new Map(), version: 0 };
}

/** Seconds after the origin of an instant, as TripsLayer's `currentTime`. */
export function trailTime(trails: Pick<Trails, 'originMs'>, atMs: number): number {
  return (atMs - trails.originMs) / 1000;
}

/**
 * Adds fixes (any order, any entities). A fix not after the trip's last point is ignored (seeking back
 * starts new trails); a fix at the same place as the last point only moves its time forward when the entity
 * has not moved since the point before, so a halt stays one segment instead of many.
 */
export function addFixes(trails: Trails, fixes: readonly Fix[]): Trails {
  if (fixes.length === 0) return trails;
  const sorted = [...fixes].sort((a, b) => a.atMs - b.atMs);
  const byId = new Map(trails.byId);
  const touched = new Map<string, { path: (readonly [number, number])[]; timestamps: number[] }>();
  let latestMs = -Infinity;
  for (const fix of sorted) {
    if (!Number.isFinite(fix.lon) || !Number.isFinite(fix.lat)) continue;
    let trip = touched.get(fix.id);
    if (trip === undefined) {
      const old = byId.get(fix.id);
      trip = { path: old ? [...old.path] : [], timestamps: old ? [...old.timestamps] : [] };
      touched.set(fix.id, trip);
    }
    const t = trailTime(trails, fix.atMs);
    const n = trip.timestamps.length;
    if (n > 0 && t <= trip.timestamps[n - 1]!) continue;
    const last = trip.path[n - 1];
    const beforeLast = trip.path[n - 2];
    const still = last !== undefined && last[0] === fix.lon && last[1] === fix.lat;
    const stillBefore =
      still && beforeLast !== undefined && beforeLast[0] === fix.lon && beforeLast[1] === fix.lat;
    if (stillBefore) {
      trip.timestamps[n - 1] = t;
    } else {
      trip.path.push([fix.lon, fix.lat]);
      trip.timestamps.push(t);
    }
    if (fix.atMs > latestMs) latestMs = fix.atMs;
  }
  if (touched.size === 0) return trails;
  const cutoff = trailTime(trails, latestMs - trails.windowMs);
  for (const [id, trip] of touched) {
    // Keep the last point before the cut-off so the trail's oldest segment still enters the window.
    let first = 0;
    while (first + 1 < trip.timestamps.length && trip.timestamps[first + 1]! <= cutoff) first++;
    byId.set(id, {
      id,
      path: first === 0 ? trip.path : trip.path.slice(first),
      timestamps: first === 0 ? trip.timestamps : trip.timestamps.slice(first),
    });
  }
  return { ...trails, byId, version: trails.version + 1 };
}

/** Removes the trails of entities that left the picture. */
export function removeTrails(trails: Trails, ids: readonly string[]): Trails {
  if (!ids.some((id) => trails.byId.has(id))) return trails;
  const byId = new Map(trails.byId);
  for (const id of ids) byId.delete(id);
  return { ...trails, byId, version: trails.version + 1 };
}

/** The trips TripsLayer can draw: those with at least one segment. */
export function drawableTrips(trails: Trails): Trip[] {
  const trips: Trip[] = [];
  for (const trip of trails.byId.values()) if (trip.path.length >= 2) trips.push(trip);
  return trips;
}
