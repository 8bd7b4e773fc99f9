/**
 * The last fix of an asset, moved along by each new fix: speed and heading come from the device when
 * it sends them, otherwise from the previous fix (`deriveMotion`). A fix older than (or as old as) the
 * last one is late: it is history, but it must not move the asset back, so the last fix stays.
 */
import type { Fix, Motion, MotionOptions } from './motion';
import { deriveMotion } from './motion';

export interface TrackedFix {
  lon: number;
  lat: number;
  /** Epoch milliseconds. */
  at: number;
  /** m/s, when known. */
  speed: number | null;
  /** Degrees clockwise from north, when known. */
  heading: number | null;
}

export interface TrackStep {
  motion: Motion;
  /** True when the fix is the asset's new current position (false for a late fix). */
  current: boolean;
  /** The last fix to keep after this one. */
  last: TrackedFix;
}

export function advanceTrack(
  previous: TrackedFix | undefined,
  next: Fix,
  options: MotionOptions = {},
): TrackStep {
  const motion = deriveMotion(previous ?? null, next, options);
  if (motion.stale && previous !== undefined) return { motion, current: false, last: previous };
  return {
    motion,
    current: true,
    last: { lon: next.lon, lat: next.lat, at: next.at, speed: motion.speed, heading: motion.heading },
  };
}
