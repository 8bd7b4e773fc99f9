/**
 * Rate of change on readings: a metric rising (or falling) faster than a limit per hour, measured as
 * the robust (Theil–Sen) slope of the readings over a sliding window, so one noisy reading does not make a
 * trend. Hysteresis: the alert is raised once when the slope passes the limit over a window long
 * enough (`minSpanMs`), and cleared when the slope falls back under `clearRatio` of it.
 * State is per (rule, sensor, metric): the window's samples and the open alert.
 */
import type { TCategory } from '@vigie/contracts/categories';
import type { TSeverity } from '@vigie/contracts/severity';
import { iso, stableAlertId } from './alert-draft';
import type { ReadingSignal } from './reading-signal';
import { readingEvidence, readingPlace } from './reading-signal';
import type { DetectionStep } from './threshold-detector';

export interface RateOfChangeParams {
  ruleId: string;
  metric: string;
  /** Raise when the value rises faster than this, in units per hour. */
  risePerHour?: number;
  /** Raise when the value falls faster than this (a positive number), in units per hour. */
  fallPerHour?: number;
  /** Sliding window over which the slope is measured. Default 1 hour. */
  windowMs?: number;
  /** Readings must cover at least this span of the window. Default half the window. */
  minSpanMs?: number;
  /** Readings needed in the window. Default 4. */
  minSamples?: number;
  /** The alert clears when the slope is under this share of the limit. Default 0.5. */
  clearRatio?: number;
  severity?: TSeverity;
  category?: TCategory;
  sensorIds?: readonly string[];
}

export interface RateOfChangeState {
  /** [epoch ms, value] of the readings in the window, oldest first. */
  samples: [number, number][];
  active: { alertId: string; since: number; peakRate: number } | null;
}

const HOUR_MS = 3_600_000;
const MAX_SAMPLES = 240;

/**
 * Theil–Sen slope of the samples (median of the pairwise slopes), in units per hour: a single wild
 * reading moves it little, unlike a least-squares fit. Long windows are thinned to at most 40 evenly
 * spaced samples first. Null when fewer than two samples have distinct times.
 */
export function slopePerHour(samples: readonly (readonly [number, number])[]): number | null {
  const stride = Math.max(1, Math.ceil(samples.length / 40));
  const used = samples.filter((_, i) => i % stride === 0 || i === samples.length - 1);
  const slopes: number[] = [];
  for (let i = 0; i < used.length; i++)
    for (let j = i + 1; j < used.length; j++) {
      const [ti, vi] = used[i]!;
      const [tj, vj] = used[j]!;
      if (tj !== ti) slopes.push(((vj - vi) / (tj - ti)) * HOUR_MS);
    }
  if (slopes.length === 0) return null;
  slopes.sort((a, b) => a - b);
  const mid = slopes.length >> 1;
  return slopes.length % 2 === 1 ? slopes[mid]! : (slopes[mid - 1]! + slopes[mid]!) / 2;
}

export function detectRateOfChange(
  state: RateOfChangeState | undefined,
  reading: ReadingSignal,
  params: RateOfChangeParams,
): DetectionStep<RateOfChangeState> {
  const current: RateOfChangeState = state ?? { samples: [], active: null };
  if (params.metric !== reading.metric) return { state: current, alerts: [] };
  if (params.sensorIds !== undefined && !params.sensorIds.includes(reading.sensorId))
    return { state: current, alerts: [] };
  const last = current.samples.at(-1);
  if (last !== undefined && reading.at <= last[0]) return { state: current, alerts: [] };

  const windowMs = params.windowMs ?? HOUR_MS;
  const samples = [...current.samples, [reading.at, reading.value] as [number, number]]
    .filter(([t]) => t > reading.at - windowMs)
    .slice(-MAX_SAMPLES);
  const span = samples[samples.length - 1]![0] - samples[0]![0];
  const enough = samples.length >= (params.minSamples ?? 4) && span >= (params.minSpanMs ?? windowMs / 2);
  const slope = enough ? slopePerHour(samples) : null;
  const rate = slope ?? 0;
  const rising = params.risePerHour !== undefined && rate > params.risePerHour;
  const falling = params.fallPerHour !== undefined && -rate > params.fallPerHour;
  const ratio = params.clearRatio ?? 0.5;
  const calm =
    (params.risePerHour === undefined || rate < params.risePerHour * ratio) &&
    (params.fallPerHour === undefined || -rate < params.fallPerHour * ratio);
  const unit = reading.unit === undefined ? '' : ` ${reading.unit}`;
  const perHour = `${rate >= 0 ? '+' : ''}${rate.toFixed(3)}${unit}/h`;
  const base = {
    kind: 'rate_of_change' as const,
    ruleId: params.ruleId,
    severity: params.severity ?? 'moderate',
    ...(params.category === undefined ? {} : { category: params.category }),
    ...readingPlace(reading),
  };

  if (current.active === null) {
    if (!(rising || falling)) return { state: { samples, active: null }, alerts: [] };
    const alertId = stableAlertId(
      'rate_of_change',
      params.ruleId,
      reading.sensorId,
      reading.metric,
      reading.at,
    );
    const summary = `${reading.metric} of ${reading.sensorId} ${rising ? 'rising' : 'falling'} at ${perHour}`;
    return {
      state: { samples, active: { alertId, since: reading.at, peakRate: rate } },
      alerts: [
        {
          ...base,
          alertId,
          status: 'active',
          title: `Fast change: ${summary}`,
          evidence: [readingEvidence(reading, summary)],
          raisedAt: iso(reading.at),
        },
      ],
    };
  }
  const peakRate = Math.abs(rate) > Math.abs(current.active.peakRate) ? rate : current.active.peakRate;
  if (!calm || slope === null)
    return { state: { samples, active: { ...current.active, peakRate } }, alerts: [] };
  return {
    state: { samples, active: null },
    alerts: [
      {
        ...base,
        alertId: current.active.alertId,
        status: 'cleared',
        title: `Change slowed: ${reading.metric} of ${reading.sensorId} now ${perHour}`,
        evidence: [readingEvidence(reading, `now ${perHour}`)],
        raisedAt: iso(current.active.since),
        updatedAt: iso(reading.at),
      },
    ],
  };
}
