/**
 * Robust anomaly score of a sensor's readings, one metric at a time, aware of the daily cycle.
 *
 * Model, per (sensor, metric), all state in a small JSON-safe object:
 * - a daily profile: 24 baselines, one per hour of local solar time (UTC shifted by longitude / 15),
 *   read and learned with linear interpolation between the two nearest hours, so a smooth daily cycle
 *   (temperature, tide, a river fed by melt water) is expected rather than flagged. It is learnt over
 *   a few days (`seasonMemoryMs` of exposure per hour of the day);
 * - a residual scale: exponentially weighted mean absolute deviation of the readings from that
 *   profile over about two days, floored by the usual step between consecutive readings (noise);
 * - the score of a reading is its residual in robust standard deviations (mean absolute deviation ×
 *   1.2533), and the published score is the MEDIAN of the last three, times `sensitivity`: a single
 *   spike (a bird on the gauge, a transmission glitch) is outvoted by its neighbours, while a drift
 *   or a level shift, which lasts, scores high.
 * Learning is robust (Huber): residuals are clipped to `clip` scales before they move the profile or
 * the scale, and an outlier teaches the scale ten times more slowly, so a wild value barely moves
 * either and a drift stays visible for many hours instead of becoming the new normal at once.
 * Memories are durations, not reading counts, so sensors reporting every minute or every hour behave
 * alike. The score is 0 until a whole daily cycle has been seen (`warmupMs`). Readings not newer than
 * the last learned one are scored but not learned from.
 */

export interface AnomalyOptions {
  /** Multiplies the score (2 flags twice as eagerly). Default 1. */
  sensitivity?: number;
  /** Time constant of each hour's baseline, in hours of readings at that hour (3 h ≈ 3 days). */
  seasonMemoryMs?: number;
  /** Same during the warm-up, so that the first day fills the profile quickly. Default 20 min. */
  warmupSeasonMemoryMs?: number;
  /** Time constant of the residual scale. Default 2 days. */
  scaleMemoryMs?: number;
  /** Time constant of the noise (step between consecutive readings). Default 6 h. */
  noiseMemoryMs?: number;
  /** Residuals beyond this many scales are clipped when learning. Default 3. */
  clip?: number;
  /** History needed before a score is given, in milliseconds (a whole daily cycle). Default 24 h. */
  warmupMs?: number;
  /** Readings needed before a score is given. Default 24. */
  warmupReadings?: number;
  /** Smallest scale, in the unit of the metric (a flat-lined sensor does not divide by zero). Default 1e-6. */
  minScale?: number;
}

export interface AnomalyState {
  /** Readings learned. */
  n: number;
  /** Time of the first learned reading, epoch milliseconds. */
  since: number;
  /** Time of the last learned reading, epoch milliseconds. */
  t: number;
  /** Last learned value. */
  x: number;
  /** Mean absolute step between consecutive readings. */
  noise: number;
  /** Mean absolute residual from the daily profile. */
  scale: number;
  /** Baseline per hour of local solar time; null until that hour has been seen. */
  base: (number | null)[];
  /** Robust z of the last (up to) three readings. */
  z: number[];
}

export interface AnomalyReading {
  value: number;
  /** Epoch milliseconds. */
  at: number;
  /** Longitude of the sensor, for local solar time (UTC when unknown). */
  lon?: number | null;
}

export interface AnomalyResult {
  /** 0 = usual; about 3 and above = unusual (robust standard deviations). */
  score: number;
  /** Robust z of this reading alone (before the median), for diagnostics. */
  z: number;
  state: AnomalyState;
}

const HOURS = 24;
const HOUR_MS = 3_600_000;
/** Standard deviation of a normal distribution per unit of mean absolute deviation. */
const MAD_TO_SIGMA = 1.2533;

const DEFAULTS: Required<AnomalyOptions> = {
  sensitivity: 1,
  seasonMemoryMs: 3 * HOUR_MS,
  warmupSeasonMemoryMs: 20 * 60_000,
  scaleMemoryMs: 48 * HOUR_MS,
  noiseMemoryMs: 6 * HOUR_MS,
  clip: 3,
  warmupMs: 24 * HOUR_MS,
  warmupReadings: 24,
  minScale: 1e-6,
};

/** Hour of local solar time, 0 ≤ h < 24. */
export function solarHour(at: number, lon: number | null | undefined): number {
  const utc = (at / HOUR_MS) % HOURS;
  return (((utc + (lon ?? 0) / 15) % HOURS) + HOURS) % HOURS;
}

/** The two profile slots around hour `h` and the weight of the second one. */
function slotsOf(hour: number): [number, number, number] {
  const shifted = hour - 0.5;
  const lower = Math.floor(shifted);
  const weight = shifted - lower;
  return [(lower + HOURS) % HOURS, (lower + 1) % HOURS, weight];
}

function expectedValue(state: AnomalyState, i: number, j: number, w: number): number {
  const a = state.base[i] ?? null;
  const b = state.base[j] ?? null;
  if (a !== null && b !== null) return a * (1 - w) + b * w;
  if (a !== null) return a;
  if (b !== null) return b;
  return state.x;
}

function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

function clamp(value: number, limit: number): number {
  return value > limit ? limit : value < -limit ? -limit : value;
}

/** Weight of a new observation in an exponential average with time constant `memoryMs`. */
function weightAfter(elapsedMs: number, memoryMs: number): number {
  return 1 - Math.exp(-Math.min(elapsedMs, memoryMs) / memoryMs);
}

/** Scores a reading against `state` (undefined for a sensor seen for the first time) and learns from it. */
export function scoreReading(
  state: AnomalyState | undefined,
  reading: AnomalyReading,
  options: AnomalyOptions = {},
): AnomalyResult {
  const o = { ...DEFAULTS, ...options };
  const [i, j, w] = slotsOf(solarHour(reading.at, reading.lon));
  if (state === undefined) {
    const base = new Array<number | null>(HOURS).fill(null);
    base[i] = reading.value;
    base[j] = reading.value;
    return {
      score: 0,
      z: 0,
      state: { n: 1, since: reading.at, t: reading.at, x: reading.value, noise: 0, scale: 0, base, z: [] },
    };
  }

  const expected = expectedValue(state, i, j, w);
  const residual = reading.value - expected;
  const scale = Math.max(state.scale, state.noise, o.minScale);
  const z = Math.abs(residual) / (MAD_TO_SIGMA * scale);
  const zs = [...state.z.slice(-2), z];
  const warm = state.n >= o.warmupReadings && state.t - state.since >= o.warmupMs;
  const score = warm ? median(zs) * o.sensitivity : 0;

  const elapsed = reading.at - state.t;
  // Out of order (or repeated): scored against the profile, not learned from.
  if (elapsed <= 0) return { score, z, state };

  const limit = warm ? o.clip * scale : Number.POSITIVE_INFINITY;
  const learnt = clamp(residual, limit);
  const outlier = Math.abs(residual) > limit;
  const seasonWeight = weightAfter(elapsed, warm ? o.seasonMemoryMs : o.warmupSeasonMemoryMs);
  const base = [...state.base];
  const target = expected + learnt;
  for (const [slot, share] of [
    [i, 1 - w],
    [j, w],
  ] as const) {
    const current = base[slot] ?? null;
    base[slot] = current === null ? target : current + seasonWeight * share * (target - current);
  }
  const n = state.n + 1;
  const scaleWeight = Math.max(weightAfter(elapsed, o.scaleMemoryMs), 1 / n) * (outlier ? 0.1 : 1);
  const noiseWeight = Math.max(weightAfter(elapsed, o.noiseMemoryMs), 1 / n);
  const step = Math.abs(reading.value - state.x);
  const noiseLimit = warm ? o.clip * Math.max(state.noise, o.minScale) : Number.POSITIVE_INFINITY;
  return {
    score,
    z,
    state: {
      n,
      since: state.since,
      t: reading.at,
      x: reading.value,
      noise: state.noise + noiseWeight * (Math.min(step, noiseLimit) - state.noise),
      scale: state.scale + scaleWeight * (Math.abs(learnt) - state.scale),
      base,
      z: zs,
    },
  };
}

function round(value: number): number {
  return Number.isFinite(value) ? Number(value.toPrecision(6)) : 0;
}

/** The state with its numbers rounded to 6 significant digits, for a compact checkpoint. */
export function compactAnomalyState(state: AnomalyState): AnomalyState {
  return {
    n: state.n,
    since: state.since,
    t: state.t,
    x: state.x,
    noise: round(state.noise),
    scale: round(state.scale),
    base: state.base.map((b) => (b === null ? null : round(b))),
    z: state.z.map(round),
  };
}

/** Reads a state back from a checkpoint; undefined when it does not have the expected shape. */
export function parseAnomalyState(value: unknown): AnomalyState | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const s = value as Partial<AnomalyState>;
  const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  if (!finite(s.n) || !finite(s.since) || !finite(s.t) || !finite(s.x)) return undefined;
  if (!finite(s.noise) || !finite(s.scale)) return undefined;
  if (!Array.isArray(s.base) || s.base.length !== HOURS) return undefined;
  if (!s.base.every((b) => b === null || finite(b))) return undefined;
  if (!Array.isArray(s.z) || s.z.length > 3 || !s.z.every(finite)) return undefined;
  return {
    n: s.n,
    since: s.since,
    t: s.t,
    x: s.x,
    noise: s.noise,
    scale: s.scale,
    base: [...s.base],
    z: [...s.z],
  };
}
