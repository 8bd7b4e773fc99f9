// The timeline of a replay as pure geometry: a time range mapped onto a track, the event density histogram
// scaled to bar heights, incident markers placed on it, and the cursor moved by pointer or keyboard.

export interface TimeRange {
  /** Epoch milliseconds, inclusive. */
  readonly startMs: number;
  /** Epoch milliseconds, inclusive; after `startMs`. */
  readonly endMs: number;
}

export function clampTime(range: TimeRange, ms: number): number {
  return Math.min(range.endMs, Math.max(range.startMs, ms));
}

/** Where `ms` falls on the range, 0 at the start and 1 at the end (clamped). */
export function fractionOf(range: TimeRange, ms: number): number {
  const span = range.endMs - range.startMs;
  if (span <= 0) return 0;
  return (clampTime(range, ms) - range.startMs) / span;
}

/** The instant at `fraction` of the range (clamped to it), rounded to the millisecond. */
export function timeAt(range: TimeRange, fraction: number): number {
  const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  return Math.round(range.startMs + f * (range.endMs - range.startMs));
}

/** The instant under a pointer at `x` on a track drawn from `left` over `width` pixels. */
export function timeAtPointer(range: TimeRange, x: number, left: number, width: number): number {
  return timeAt(range, width <= 0 ? 0 : (x - left) / width);
}

export interface HistogramBar {
  /** Left edge and width as fractions of the track. */
  readonly x: number;
  readonly width: number;
  /** Bar height as a fraction of the track height (0 for an empty bucket). */
  readonly height: number;
  readonly count: number;
  readonly startMs: number;
}

/** Smallest visible height of a non-empty bucket, so a lone event still shows next to a busy hour. */
export const MIN_BAR_HEIGHT = 0.06;

/**
 * Bars of the event density histogram. Heights follow the square root of the count, so a burst does not
 * flatten every quieter bucket to nothing, and any non-empty bucket is at least `MIN_BAR_HEIGHT` tall.
 * Buckets are consecutive, `bucketMs` wide from `startMs`; parts outside the range are cut off.
 */
export function histogramBars(
  range: TimeRange,
  histogram: { readonly startMs: number; readonly bucketMs: number; readonly counts: readonly number[] },
): HistogramBar[] {
  const span = range.endMs - range.startMs;
  if (span <= 0 || histogram.bucketMs <= 0) return [];
  const peak = Math.max(0, ...histogram.counts);
  const peakRoot = Math.sqrt(peak);
  const bars: HistogramBar[] = [];
  histogram.counts.forEach((rawCount, i) => {
    const count = Math.max(0, rawCount);
    const from = Math.max(range.startMs, histogram.startMs + i * histogram.bucketMs);
    const to = Math.min(range.endMs, histogram.startMs + (i + 1) * histogram.bucketMs);
    if (to <= from) return;
    const height = count === 0 || peakRoot === 0 ? 0 : Math.max(MIN_BAR_HEIGHT, Math.sqrt(count) / peakRoot);
    bars.push({
      x: (from - range.startMs) / span,
      width: (to - from) / span,
      height,
      count,
      startMs: histogram.startMs + i * histogram.bucketMs,
    });
  });
  return bars;
}

export interface TimelineMarker {
  readonly id: string;
  readonly atMs: number;
}

/** Markers inside the range with their place on the track, in time order. */
export function placeMarkers<M extends TimelineMarker>(
  range: TimeRange,
  markers: readonly M[],
): (M & { readonly x: number })[] {
  return markers
    .filter((m) => m.atMs >= range.startMs && m.atMs <= range.endMs)
    .sort((a, b) => a.atMs - b.atMs)
    .map((m) => ({ ...m, x: fractionOf(range, m.atMs) }));
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * Where the cursor goes for a key on the focused timeline (the slider pattern): arrows ±1 min (±10 min with
 * Shift), Page Up/Down ±1 h, Home/End the range's ends. `null` for any other key.
 */
export function timeForKey(range: TimeRange, cursorMs: number, key: string, shiftKey = false): number | null {
  const step = shiftKey ? 10 * MINUTE : MINUTE;
  switch (key) {
    case 'ArrowLeft':
    case 'ArrowDown':
      return clampTime(range, cursorMs - step);
    case 'ArrowRight':
    case 'ArrowUp':
      return clampTime(range, cursorMs + step);
    case 'PageDown':
      return clampTime(range, cursorMs - HOUR);
    case 'PageUp':
      return clampTime(range, cursorMs + HOUR);
    case 'Home':
      return range.startMs;
    case 'End':
      return range.endMs;
    default:
      return null;
  }
}

/** Tick marks at a round interval that gives about `target` ticks over the range. */
export function timeTicks(range: TimeRange, target = 6): number[] {
  const span = range.endMs - range.startMs;
  if (span <= 0 || target <= 0) return [];
  const steps = [
    MINUTE,
    5 * MINUTE,
    10 * MINUTE,
    15 * MINUTE,
    30 * MINUTE,
    HOUR,
    2 * HOUR,
    3 * HOUR,
    6 * HOUR,
    12 * HOUR,
    24 * HOUR,
  ];
  const step = steps.find((s) => span / s <= target) ?? 24 * HOUR;
  const ticks: number[] = [];
  for (let t = Math.ceil(range.startMs / step) * step; t <= range.endMs; t += step) ticks.push(t);
  return ticks;
}
