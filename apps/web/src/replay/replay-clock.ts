// The replayed time between two frames from the server: anchored on the last frame's instant, it runs at
// the chosen speed while playing, so trails move smoothly at 60 frames a second even when the server sends
// a few frames a second. It never runs ahead of the server by more than `maxLeadMs` of wall time, so a
// slow stream shows a paused picture rather than an invented one. Pure.

/** Replay speeds offered, in replayed seconds per wall second. */
export const SPEEDS = [1, 2, 5, 10, 30, 60, 120, 300, 600] as const;
export type Speed = (typeof SPEEDS)[number];

export function isSpeed(value: number): value is Speed {
  return (SPEEDS as readonly number[]).includes(value);
}

/** The next faster (`+1`) or slower (`-1`) speed, staying at the ends. */
export function stepSpeed(speed: Speed, direction: 1 | -1): Speed {
  const i = SPEEDS.indexOf(speed);
  return SPEEDS[Math.min(SPEEDS.length - 1, Math.max(0, i + direction))]!;
}

export interface ReplayClock {
  /** Replayed instant (epoch ms) at `anchorWallMs`. */
  readonly anchorMs: number;
  /** Wall time (performance.now-like ms) of the anchor. */
  readonly anchorWallMs: number;
  readonly speed: Speed;
  readonly playing: boolean;
  /** Upper bound of the replayed time (end of the range). */
  readonly endMs: number;
}

/** How far, in wall milliseconds, the clock may run past the last frame before it waits for the next. */
export const MAX_LEAD_WALL_MS = 1_500;

export function createClock(atMs: number, endMs: number, wallMs: number, speed: Speed = 60): ReplayClock {
  return { anchorMs: atMs, anchorWallMs: wallMs, speed, playing: false, endMs };
}

/** The replayed instant at wall time `wallMs`. */
export function clockTime(clock: ReplayClock, wallMs: number): number {
  if (!clock.playing) return clock.anchorMs;
  const elapsed = Math.min(MAX_LEAD_WALL_MS, Math.max(0, wallMs - clock.anchorWallMs));
  return Math.min(clock.endMs, clock.anchorMs + elapsed * clock.speed);
}

/** A frame for instant `atMs` arrived at `wallMs`: the clock restarts from it. */
export function clockFrame(clock: ReplayClock, atMs: number, wallMs: number): ReplayClock {
  return { ...clock, anchorMs: atMs, anchorWallMs: wallMs };
}

export function clockPlay(clock: ReplayClock, wallMs: number): ReplayClock {
  return clock.playing ? clock : { ...clock, playing: true, anchorWallMs: wallMs };
}

export function clockPause(clock: ReplayClock, wallMs: number): ReplayClock {
  return clock.playing
    ? { ...clock, playing: false, anchorMs: clockTime(clock, wallMs), anchorWallMs: wallMs }
    : clock;
}

export function clockSpeed(clock: ReplayClock, speed: Speed, wallMs: number): ReplayClock {
  return { ...clock, speed, anchorMs: clockTime(clock, wallMs), anchorWallMs: wallMs };
}

export function clockSeek(clock: ReplayClock, atMs: number, wallMs: number): ReplayClock {
  return { ...clock, anchorMs: Math.min(clock.endMs, atMs), anchorWallMs: wallMs };
}
