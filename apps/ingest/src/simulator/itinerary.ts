/**
 * A repeating itinerary for a simulated asset: phases of waiting somewhere (loading at a warehouse,
 * working on a site) and of moving along a path at a cruise speed that depends on the road, with short
 * stops on the way (checkpoints, debris clearing, fuel). The state at any instant is a pure function of
 * the time, so a seed reproduces a run and any instant can be computed directly.
 */
import type { TAssetStatus } from '@vigie/contracts/assets';
import { pointAlong } from './polyline';
import type { Polyline, Vertex } from './polyline';
import type { Prng } from './prng';
import type { RouteStretch } from './road-network';

interface MovePiece {
  /** ms from the phase start */
  readonly t0: number;
  readonly t1: number;
  /** metres along the path */
  readonly d0: number;
  readonly d1: number;
  /** m/s (0 while stopped) */
  readonly speed: number;
}

export type Phase =
  | {
      readonly kind: 'dwell';
      readonly duration: number;
      readonly status: TAssetStatus;
      readonly at: Vertex;
      readonly heading: number;
    }
  | {
      readonly kind: 'move';
      readonly duration: number;
      readonly status: TAssetStatus;
      readonly path: Polyline;
      readonly pieces: readonly MovePiece[];
    };

export interface Itinerary {
  readonly phases: readonly Phase[];
  /** Length of one cycle, ms. */
  readonly period: number;
  /** Where in its cycle the asset is at the scenario start, ms. */
  readonly offset: number;
}

export interface AssetState {
  lon: number;
  lat: number;
  /** m/s */
  speed: number;
  heading: number;
  status: TAssetStatus;
}

export interface MoveOptions {
  /** Cruise speed on a road of pace 1, m/s. */
  cruise: number;
  /** Stretches of the path with their pace (absent: pace 1 all along). */
  stretches?: readonly RouteStretch[];
  /** Expected stops per 10 km. */
  stopsPer10Km: number;
  /** Duration range of a stop, ms. */
  stopMs: readonly [number, number];
}

/** Plans a move along a path: cruise speed per stretch (±10 %), random stops. */
export function planMove(path: Polyline, status: TAssetStatus, options: MoveOptions, prng: Prng): Phase {
  const stretches = options.stretches ?? [{ start: 0, end: path.length, pace: 1, road: '' }];
  const pieces: MovePiece[] = [];
  let t = 0;
  const drive = (d0: number, d1: number, speed: number) => {
    if (d1 <= d0) return;
    const dt = ((d1 - d0) / speed) * 1000;
    pieces.push({ t0: t, t1: t + dt, d0, d1, speed });
    t += dt;
  };
  for (const stretch of stretches) {
    const speed = Math.max(0.5, options.cruise * stretch.pace * prng.range(0.9, 1.1));
    const km = (stretch.end - stretch.start) / 1000;
    const expectedStops = (km / 10) * options.stopsPer10Km;
    const stops: number[] = [];
    for (let i = 0; i < Math.floor(expectedStops) + (prng.chance(expectedStops % 1) ? 1 : 0); i++) {
      stops.push(prng.range(stretch.start, stretch.end));
    }
    stops.sort((a, b) => a - b);
    let d = stretch.start;
    for (const stop of stops) {
      drive(d, stop, speed);
      const dt = prng.range(options.stopMs[0], options.stopMs[1]);
      pieces.push({ t0: t, t1: t + dt, d0: stop, d1: stop, speed: 0 });
      t += dt;
      d = stop;
    }
    drive(d, stretch.end, speed);
  }
  return { kind: 'move', duration: Math.max(t, 1), status, path, pieces };
}

export function dwell(at: Vertex, durationMs: number, status: TAssetStatus, heading = 0): Phase {
  return { kind: 'dwell', duration: Math.max(1, durationMs), status, at, heading };
}

export function makeItinerary(phases: readonly Phase[], prng: Prng): Itinerary {
  const period = phases.reduce((sum, phase) => sum + phase.duration, 0);
  return { phases, period, offset: prng.range(0, period) };
}

/** Where the asset is and what it does `elapsedMs` after the scenario start. */
export function stateAt(itinerary: Itinerary, elapsedMs: number): AssetState {
  const { period, phases } = itinerary;
  let t = (((elapsedMs + itinerary.offset) % period) + period) % period;
  for (const phase of phases) {
    if (t < phase.duration) {
      if (phase.kind === 'dwell') {
        return { lon: phase.at[0], lat: phase.at[1], speed: 0, heading: phase.heading, status: phase.status };
      }
      const piece = phase.pieces.find((p) => t < p.t1) ?? phase.pieces[phase.pieces.length - 1];
      if (piece === undefined) {
        const end = pointAlong(phase.path, phase.path.length);
        return { lon: end.lon, lat: end.lat, speed: 0, heading: end.heading, status: phase.status };
      }
      const f = piece.t1 === piece.t0 ? 1 : Math.min(1, (t - piece.t0) / (piece.t1 - piece.t0));
      const point = pointAlong(phase.path, piece.d0 + (piece.d1 - piece.d0) * f);
      return {
        lon: point.lon,
        lat: point.lat,
        speed: piece.speed,
        heading: point.heading,
        status: phase.status,
      };
    }
    t -= phase.duration;
  }
  const last = phases[phases.length - 1]!;
  if (last.kind === 'dwell')
    return { lon: last.at[0], lat: last.at[1], speed: 0, heading: 0, status: last.status };
  const end = pointAlong(last.path, last.path.length);
  return { lon: end.lon, lat: end.lat, speed: 0, heading: end.heading, status: last.status };
}
