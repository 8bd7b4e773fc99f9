// The drawn instant's clock kept in step with the replay store: each new instant from the gateway
// re-anchors it (a seek jumps), the chosen speed sets its pace, and it runs only while the replay plays and
// no seek is waiting for its snapshot. Pure.
import {
  clockFrame,
  clockPause,
  clockPlay,
  clockSeek,
  clockSpeed,
  createClock,
  isSpeed,
} from './replay-clock';
import type { ReplayClock } from './replay-clock';
import type { ReplayState } from './replay-state';

/** The clock follows the gateway: each new instant re-anchors it; play, pause and speed change its pace. */
export function followReplayClock(
  clock: ReplayClock | null,
  state: ReplayState,
  previous: ReplayState,
  wallMs: number,
): ReplayClock | null {
  if (state.range === null || state.atMs === null) return null;
  let next = clock ?? createClock(state.atMs, state.range.endMs, wallMs);
  if (next.endMs !== state.range.endMs) next = { ...next, endMs: state.range.endMs };
  if (state.atMs !== previous.atMs || clock === null) {
    next = state.awaitingSnapshot
      ? clockSeek(next, state.atMs, wallMs)
      : clockFrame(next, state.atMs, wallMs);
  }
  if (isSpeed(state.speed) && state.speed !== next.speed) next = clockSpeed(next, state.speed, wallMs);
  // While a seek waits for its snapshot the picture stands still.
  const running = state.playing && !state.awaitingSnapshot && !state.ended;
  if (running && !next.playing) next = clockPlay(next, wallMs);
  if (!running && next.playing) next = clockPause(next, wallMs);
  return next;
}
