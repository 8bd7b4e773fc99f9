/**
 * The clock of a replay session: where in history it stands, whether it runs and how fast. Pure: every
 * operation takes the wall time, so it is tested without timers. While playing, history time advances
 * `speed` times faster than wall time and stops at the end of the range.
 */
export interface ReplayClockState {
  readonly from: number;
  readonly to: number;
  readonly playing: boolean;
  readonly speed: number;
  /** History time (ms) at wall time `wall`. */
  readonly anchorAt: number;
  readonly wall: number;
}

export function createClock(from: number, to: number, wall: number, speed = 1): ReplayClockState {
  return { from, to, playing: false, speed, anchorAt: from, wall };
}

function clamp(state: ReplayClockState, at: number): number {
  return Math.min(state.to, Math.max(state.from, at));
}

/** History time at wall time `wall`. */
export function clockAt(state: ReplayClockState, wall: number): number {
  if (!state.playing) return state.anchorAt;
  return clamp(state, state.anchorAt + Math.max(0, wall - state.wall) * state.speed);
}

export function play(state: ReplayClockState, wall: number): ReplayClockState {
  const at = clockAt(state, wall);
  // Playing from the end starts over.
  return { ...state, playing: true, anchorAt: at >= state.to ? state.from : at, wall };
}

export function pause(state: ReplayClockState, wall: number): ReplayClockState {
  return { ...state, playing: false, anchorAt: clockAt(state, wall), wall };
}

export function seek(state: ReplayClockState, at: number, wall: number): ReplayClockState {
  return { ...state, anchorAt: clamp(state, at), wall };
}

export function setSpeed(state: ReplayClockState, speed: number, wall: number): ReplayClockState {
  return { ...state, speed, anchorAt: clockAt(state, wall), wall };
}

/** Whether a playing clock has reached the end of its range. */
export function atEnd(state: ReplayClockState, wall: number): boolean {
  return clockAt(state, wall) >= state.to;
}
