import { describe, expect, it } from 'vitest';
import { atEnd, clockAt, createClock, pause, play, seek, setSpeed } from './replay-clock';

const from = Date.parse('2026-03-01T00:00:00Z');
const to = from + 3_600_000;

describe('replay clock', () => {
  it('stands still until played, then runs at its speed', () => {
    let clock = createClock(from, to, 1_000);
    expect(clockAt(clock, 5_000)).toBe(from);
    clock = play(setSpeed(clock, 60, 5_000), 5_000);
    expect(clockAt(clock, 6_000)).toBe(from + 60_000);
    clock = pause(clock, 7_000);
    expect(clockAt(clock, 100_000)).toBe(from + 120_000);
  });

  it('keeps its position when the speed changes while playing', () => {
    let clock = play(createClock(from, to, 0), 0);
    clock = setSpeed(clock, 600, 10_000);
    expect(clockAt(clock, 10_000)).toBe(from + 10_000);
    expect(clockAt(clock, 11_000)).toBe(from + 10_000 + 600_000);
  });

  it('clamps seeks to the range and stops at the end', () => {
    let clock = seek(createClock(from, to, 0), to + 5_000, 0);
    expect(clockAt(clock, 0)).toBe(to);
    clock = seek(clock, from - 5_000, 0);
    expect(clockAt(clock, 0)).toBe(from);
    clock = play(setSpeed(seek(clock, to - 60_000, 0), 600, 0), 0);
    expect(atEnd(clock, 50)).toBe(false);
    expect(atEnd(clock, 100)).toBe(true);
    expect(clockAt(clock, 10_000)).toBe(to);
  });

  it('starts over when played from the end', () => {
    const clock = play(seek(createClock(from, to, 0), to, 0), 0);
    expect(clockAt(clock, 0)).toBe(from);
  });
});
