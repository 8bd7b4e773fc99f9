import { describe, expect, it } from 'vitest';
import {
  MAX_LEAD_WALL_MS,
  SPEEDS,
  clockFrame,
  clockPause,
  clockPlay,
  clockSeek,
  clockSpeed,
  clockTime,
  createClock,
  isSpeed,
  stepSpeed,
} from './replay-clock';

const T0 = Date.parse('2026-03-01T08:00:00Z');
const END = T0 + 3_600_000;

describe('speeds', () => {
  it('go from 1× to 600× and step within those bounds', () => {
    expect(SPEEDS[0]).toBe(1);
    expect(SPEEDS.at(-1)).toBe(600);
    expect(stepSpeed(60, 1)).toBe(120);
    expect(stepSpeed(60, -1)).toBe(30);
    expect(stepSpeed(600, 1)).toBe(600);
    expect(stepSpeed(1, -1)).toBe(1);
    expect(isSpeed(60)).toBe(true);
    expect(isSpeed(61)).toBe(false);
  });
});

describe('replay clock', () => {
  it('stands still while paused', () => {
    const clock = createClock(T0, END, 1_000);
    expect(clockTime(clock, 5_000)).toBe(T0);
  });

  it('runs at the speed while playing, up to the lead limit and the end', () => {
    const clock = clockPlay(createClock(T0, END, 1_000, 60), 1_000);
    expect(clockTime(clock, 1_500)).toBe(T0 + 500 * 60);
    expect(clockTime(clock, 1_000 + 10_000)).toBe(T0 + MAX_LEAD_WALL_MS * 60);
    const fast = clockPlay(createClock(END - 1_000, END, 0, 600), 0);
    expect(clockTime(fast, 1_000)).toBe(END);
  });

  it('restarts from each frame', () => {
    const clock = clockFrame(clockPlay(createClock(T0, END, 0, 10), 0), T0 + 30_000, 2_000);
    expect(clockTime(clock, 2_100)).toBe(T0 + 30_000 + 1_000);
  });

  it('keeps the instant reached when paused, when the speed changes, and jumps on a seek', () => {
    let clock = clockPlay(createClock(T0, END, 0, 60), 0);
    clock = clockPause(clock, 1_000);
    expect(clock.playing).toBe(false);
    expect(clockTime(clock, 9_999)).toBe(T0 + 60_000);
    clock = clockPlay(clock, 2_000);
    clock = clockSpeed(clock, 600, 2_500);
    expect(clock.anchorMs).toBe(T0 + 60_000 + 30_000);
    expect(clockTime(clock, 2_600)).toBe(T0 + 90_000 + 60_000);
    clock = clockSeek(clock, T0 + 5, 3_000);
    expect(clockTime(clock, 3_000)).toBe(T0 + 5);
    expect(clockSeek(clock, END + 1, 3_000).anchorMs).toBe(END);
  });
});
