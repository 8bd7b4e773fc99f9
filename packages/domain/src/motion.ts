/**
 * Speed and heading from successive fixes of one asset. A device's own speed/heading wins when present;
 * otherwise they are derived from the previous fix, ignoring GPS jitter and physically impossible jumps.
 */
import { bearingDegrees, haversineMeters, type LonLat } from './geo';

export interface Fix extends LonLat {
  /** Epoch milliseconds. */
  at: number;
  speed?: number | null;
  heading?: number | null;
}

export interface Motion {
  /** Metres per second. */
  speed: number | null;
  /** Degrees clockwise from north, or null when unknown (standing still keeps the previous heading). */
  heading: number | null;
  /** True when the fix is older than or equal to the previous one (it must not move the asset back). */
  stale: boolean;
  /** True when reaching this fix from the previous one needs an implausible speed. */
  jump: boolean;
}

export interface MotionOptions {
  /** Below this displacement (m) the asset is considered still; heading is not recomputed. */
  jitterMeters?: number;
  /** Above this speed (m/s) a derived value is treated as a position jump, not a speed. */
  maxSpeedMps?: number;
}

export function deriveMotion(previous: Fix | null, next: Fix, options: MotionOptions = {}): Motion {
  const { jitterMeters = 5, maxSpeedMps = 350 } = options;
  const own = {
    speed: next.speed ?? null,
    heading: next.heading ?? null,
  };
  if (!previous) return { ...own, stale: false, jump: false };
  const dtSeconds = (next.at - previous.at) / 1000;
  if (dtSeconds <= 0) return { ...own, stale: true, jump: false };
  const distance = haversineMeters(previous, next);
  const derivedSpeed = distance / dtSeconds;
  const jump = derivedSpeed > maxSpeedMps;
  const still = distance < jitterMeters;
  return {
    speed: own.speed ?? (jump ? null : still ? 0 : derivedSpeed),
    heading: own.heading ?? (still || jump ? (previous.heading ?? null) : bearingDegrees(previous, next)),
    stale: false,
    jump,
  };
}
