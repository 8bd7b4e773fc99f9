/**
 * Following a dispatched vehicle: its ETA from where it is now, and whether it has arrived (within
 * `arrivalRadiusM` of the destination). Same speed rule as the planner: the vehicle's own speed when
 * it is moving, a fallback speed when it is stopped or its speed is unknown.
 */
import type { LonLat } from '../geo';
import { haversineMeters } from '../geo';
import { DEFAULT_PLANNER_OPTIONS, planningSpeed } from './plan-dispatch';

export interface TrackingOptions {
  roadFactor: number;
  fallbackSpeedKmh: number;
  minMovingSpeedKmh: number;
  arrivalRadiusM: number;
}

export const DEFAULT_TRACKING: TrackingOptions = {
  roadFactor: DEFAULT_PLANNER_OPTIONS.roadFactor,
  fallbackSpeedKmh: DEFAULT_PLANNER_OPTIONS.fallbackSpeedKmh,
  minMovingSpeedKmh: DEFAULT_PLANNER_OPTIONS.minMovingSpeedKmh,
  arrivalRadiusM: 200,
};

export interface VehicleFix {
  position: LonLat;
  /** metres per second, when the fix carries one */
  speedMps?: number | undefined;
  at: string;
}

export type TrackingUpdate =
  | { arrived: true; distanceM: number; at: string }
  | { arrived: false; distanceM: number; eta: string; speedKmh: number };

export function trackDispatch(
  fix: VehicleFix,
  destination: LonLat,
  options: TrackingOptions = DEFAULT_TRACKING,
): TrackingUpdate {
  const distanceM = haversineMeters(fix.position, destination);
  if (distanceM <= options.arrivalRadiusM) return { arrived: true, distanceM, at: fix.at };
  const fixTime = new Date(fix.at);
  const { speedKmh } = planningSpeed({ speedMps: fix.speedMps, lastFixAt: fix.at }, fixTime, {
    ...DEFAULT_PLANNER_OPTIONS,
    ...options,
  });
  const roadKm = (distanceM / 1000) * options.roadFactor;
  const eta = new Date(fixTime.getTime() + (roadKm / speedKmh) * 3_600_000).toISOString();
  return { arrived: false, distanceM, eta, speedKmh };
}

/** Whether an ETA moved enough to be worth publishing (avoids an update per fix). */
export function etaChanged(previous: string | null | undefined, next: string, thresholdMs = 60_000): boolean {
  if (previous === null || previous === undefined) return true;
  return Math.abs(Date.parse(previous) - Date.parse(next)) >= thresholdMs;
}
