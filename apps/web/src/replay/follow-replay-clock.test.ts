import { describe, expect, it } from 'vitest';
import { followReplayClock } from './follow-replay-clock';
import { clockTime } from './replay-clock';
import { initialReplayState } from './replay-state';
import type { ReplayState } from './replay-state';

const T0 = Date.parse('2026-03-01T08:00:00Z');
const END = T0 + 3_600_000;
const open: ReplayState = {
  ...initialReplayState,
  status: 'open',
  range: { startMs: T0, endMs: END },
  atMs: T0,
  frameSeq: 1,
};

describe('followReplayClock', () => {
  it('has no clock before a session has a range and an instant', () => {
    expect(followReplayClock(null, initialReplayState, initialReplayState, 0)).toBeNull();
  });

  it('starts paused at the instant, and runs at the speed once playing', () => {
    const clock = followReplayClock(null, open, open, 0)!;
    expect(clockTime(clock, 1_000)).toBe(T0);
    const playing = { ...open, playing: true, speed: 60 };
    const running = followReplayClock(clock, playing, open, 1_000)!;
    expect(clockTime(running, 1_500)).toBe(T0 + 30_000);
  });

  it('re-anchors on each new instant from the gateway', () => {
    const playing = { ...open, playing: true, speed: 10 };
    let clock = followReplayClock(null, playing, playing, 0)!;
    const frame = { ...playing, atMs: T0 + 60_000 };
    clock = followReplayClock(clock, frame, playing, 5_000)!;
    expect(clockTime(clock, 5_100)).toBe(T0 + 61_000);
  });

  it('stands still while a seek waits for its snapshot, and at the end', () => {
    const playing = { ...open, playing: true, speed: 60 };
    let clock = followReplayClock(null, playing, playing, 0)!;
    const seeking = { ...playing, atMs: T0 + 600_000, awaitingSnapshot: true };
    clock = followReplayClock(clock, seeking, playing, 1_000)!;
    expect(clockTime(clock, 2_000)).toBe(T0 + 600_000);
    const ended = { ...playing, atMs: END, ended: true };
    clock = followReplayClock(clock, ended, seeking, 3_000)!;
    expect(clock.playing).toBe(false);
    expect(clockTime(clock, 9_000)).toBe(END);
  });

  it('keeps the reached instant when the speed changes', () => {
    const playing = { ...open, playing: true, speed: 60 };
    let clock = followReplayClock(null, playing, playing, 0)!;
    clock = followReplayClock(clock, { ...playing, speed: 600 }, playing, 1_000)!;
    expect(clock.speed).toBe(600);
    expect(clockTime(clock, 1_000)).toBe(T0 + 60_000);
    expect(clockTime(clock, 1_100)).toBe(T0 + 60_000 + 60_000);
  });
});
