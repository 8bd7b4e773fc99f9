import { describe, expect, it } from 'vitest';
import {
  MIN_BAR_HEIGHT,
  clampTime,
  fractionOf,
  histogramBars,
  placeMarkers,
  timeAt,
  timeAtPointer,
  timeForKey,
  timeTicks,
} from './timeline';

const T0 = Date.parse('2026-03-01T00:00:00Z');
const H = 3_600_000;
const range = { startMs: T0, endMs: T0 + 24 * H };

describe('time ↔ track', () => {
  it('maps instants to fractions and back', () => {
    expect(fractionOf(range, T0)).toBe(0);
    expect(fractionOf(range, T0 + 6 * H)).toBe(0.25);
    expect(fractionOf(range, T0 + 24 * H)).toBe(1);
    expect(timeAt(range, 0.5)).toBe(T0 + 12 * H);
  });

  it('clamps outside the range and survives a degenerate range', () => {
    expect(fractionOf(range, T0 - H)).toBe(0);
    expect(fractionOf(range, T0 + 30 * H)).toBe(1);
    expect(timeAt(range, 1.5)).toBe(range.endMs);
    expect(timeAt(range, Number.NaN)).toBe(range.startMs);
    expect(fractionOf({ startMs: T0, endMs: T0 }, T0)).toBe(0);
    expect(clampTime(range, T0 - 1)).toBe(T0);
  });

  it('reads the instant under a pointer', () => {
    expect(timeAtPointer(range, 150, 100, 200)).toBe(T0 + 6 * H);
    expect(timeAtPointer(range, 50, 100, 200)).toBe(T0);
    expect(timeAtPointer(range, 500, 100, 0)).toBe(T0);
  });
});

describe('histogramBars', () => {
  it('scales by the square root of the peak and keeps quiet buckets visible', () => {
    const bars = histogramBars(range, { startMs: T0, bucketMs: 6 * H, counts: [0, 1, 100, 25] });
    expect(bars.map((b) => b.height)).toEqual([0, 0.1, 1, 0.5]);
    expect(bars.map((b) => b.x)).toEqual([0, 0.25, 0.5, 0.75]);
    expect(bars.every((b) => b.width === 0.25)).toBe(true);
    const lone = histogramBars(range, { startMs: T0, bucketMs: 6 * H, counts: [10_000, 1, 0, 0] });
    expect(lone[1]!.height).toBe(MIN_BAR_HEIGHT);
  });

  it('cuts buckets at the range edges and drops those outside', () => {
    const bars = histogramBars(
      { startMs: T0 + H, endMs: T0 + 5 * H },
      { startMs: T0, bucketMs: 2 * H, counts: [4, 4, 4, 4] },
    );
    expect(bars).toHaveLength(3);
    expect(bars[0]).toMatchObject({ x: 0, width: 0.25 });
    expect(bars[2]).toMatchObject({ x: 0.75, width: 0.25 });
  });

  it('draws nothing tall when every bucket is empty', () => {
    const bars = histogramBars(range, { startMs: T0, bucketMs: H, counts: [0, 0] });
    expect(bars.every((b) => b.height === 0)).toBe(true);
    expect(histogramBars(range, { startMs: T0, bucketMs: 0, counts: [1] })).toEqual([]);
  });
});

describe('placeMarkers', () => {
  it('keeps markers inside the range, sorted, with their place', () => {
    const placed = placeMarkers(range, [
      { id: 'b', atMs: T0 + 18 * H },
      { id: 'out', atMs: T0 - 1 },
      { id: 'a', atMs: T0 + 6 * H },
    ]);
    expect(placed.map((m) => [m.id, m.x])).toEqual([
      ['a', 0.25],
      ['b', 0.75],
    ]);
  });
});

describe('timeForKey', () => {
  const at = T0 + 12 * H;
  it('moves by a minute, ten with Shift, an hour with Page keys, to the ends with Home/End', () => {
    expect(timeForKey(range, at, 'ArrowRight')).toBe(at + 60_000);
    expect(timeForKey(range, at, 'ArrowLeft', true)).toBe(at - 600_000);
    expect(timeForKey(range, at, 'PageUp')).toBe(at + H);
    expect(timeForKey(range, at, 'PageDown')).toBe(at - H);
    expect(timeForKey(range, at, 'Home')).toBe(range.startMs);
    expect(timeForKey(range, at, 'End')).toBe(range.endMs);
    expect(timeForKey(range, range.endMs, 'ArrowUp')).toBe(range.endMs);
    expect(timeForKey(range, at, 'a')).toBeNull();
  });
});

describe('timeTicks', () => {
  it('picks a round step giving at most the target count', () => {
    const ticks = timeTicks(range, 6);
    expect(ticks).toHaveLength(5);
    expect(ticks[1]! - ticks[0]!).toBe(6 * H);
    const short = timeTicks({ startMs: T0 + 90_000, endMs: T0 + 20 * 60_000 }, 6);
    expect(short[0]).toBe(T0 + 5 * 60_000);
    expect(timeTicks({ startMs: T0, endMs: T0 }, 6)).toEqual([]);
  });
});
