/**
 * Threshold on readings, with hysteresis: a sensor whose metric goes above `above` (or below `below`)
 * for `minConsecutive` readings raises one alert; the alert is cleared once the value is back past
 * the clearing level (`clearAbove`/`clearBelow`, a margin inside the threshold) — not one alert per
 * reading, and no flapping while the value hovers around the threshold.
 * State is per (rule, sensor, metric), a small JSON object.
 */
import type { TCategory } from '@vigie/contracts/categories';
import type { TSeverity } from '@vigie/contracts/severity';
import type { AlertDraft } from './alert-draft';
import { iso, stableAlertId } from './alert-draft';
import type { ReadingSignal } from './reading-signal';
import { readingEvidence, readingPlace } from './reading-signal';

export interface ThresholdParams {
  ruleId: string;
  metric: string;
  /** Raise when the value is strictly above this. */
  above?: number;
  /** Raise when the value is strictly below this. */
  below?: number;
  /** Clear an `above` alert when the value falls to or under this. Default: `above` minus 5 % of |above|. */
  clearBelow?: number;
  /** Clear a `below` alert when the value rises to or over this. Default: `below` plus 5 % of |below|. */
  clearAbove?: number;
  /** Consecutive readings beyond the threshold needed to raise. Default 1. */
  minConsecutive?: number;
  severity?: TSeverity;
  category?: TCategory;
  /** Only these sensors (all sensors of the metric when absent). */
  sensorIds?: readonly string[];
}

export interface ThresholdState {
  /** Consecutive readings beyond the threshold. */
  beyond: number;
  /** Time of the last reading considered, epoch milliseconds. */
  t: number;
  /** The open alert: its id, when it was raised and the most extreme value since. */
  active: { alertId: string; since: number; peak: number } | null;
}

export interface DetectionStep<State> {
  state: State;
  alerts: AlertDraft[];
}

export function thresholdApplies(params: ThresholdParams, reading: ReadingSignal): boolean {
  if (params.metric !== reading.metric) return false;
  return params.sensorIds === undefined || params.sensorIds.includes(reading.sensorId);
}

function clearLevels(params: ThresholdParams): { clearBelow?: number; clearAbove?: number } {
  return {
    ...(params.above === undefined
      ? {}
      : { clearBelow: params.clearBelow ?? params.above - Math.abs(params.above) * 0.05 }),
    ...(params.below === undefined
      ? {}
      : { clearAbove: params.clearAbove ?? params.below + Math.abs(params.below) * 0.05 }),
  };
}

function describe(params: ThresholdParams, reading: ReadingSignal): string {
  const unit = reading.unit === undefined ? '' : ` ${reading.unit}`;
  const limit =
    params.above !== undefined && reading.value > params.above
      ? `above ${params.above}${unit}`
      : `below ${params.below ?? ''}${unit}`;
  return `${reading.metric} of ${reading.sensorId} at ${reading.value}${unit}, ${limit}`;
}

/** Considers one reading; returns the next state and the alert drafts it raises or clears. */
export function detectThreshold(
  state: ThresholdState | undefined,
  reading: ReadingSignal,
  params: ThresholdParams,
): DetectionStep<ThresholdState> {
  const current: ThresholdState = state ?? { beyond: 0, t: Number.NEGATIVE_INFINITY, active: null };
  if (!thresholdApplies(params, reading) || reading.at <= current.t) return { state: current, alerts: [] };
  const { clearBelow, clearAbove } = clearLevels(params);
  const v = reading.value;
  const isBeyond =
    (params.above !== undefined && v > params.above) || (params.below !== undefined && v < params.below);
  const isClear =
    (clearBelow === undefined || v <= clearBelow) && (clearAbove === undefined || v >= clearAbove);
  const beyond = isBeyond ? current.beyond + 1 : 0;
  const base = {
    kind: 'threshold' as const,
    ruleId: params.ruleId,
    severity: params.severity ?? 'severe',
    ...(params.category === undefined ? {} : { category: params.category }),
    ...readingPlace(reading),
  };

  if (current.active === null) {
    if (beyond < (params.minConsecutive ?? 1))
      return { state: { ...current, beyond, t: reading.at }, alerts: [] };
    const alertId = stableAlertId('threshold', params.ruleId, reading.sensorId, reading.metric, reading.at);
    const summary = describe(params, reading);
    const alert: AlertDraft = {
      ...base,
      alertId,
      status: 'active',
      title: `Threshold crossed: ${summary}`,
      evidence: [readingEvidence(reading, summary)],
      raisedAt: iso(reading.at),
    };
    return {
      state: { beyond, t: reading.at, active: { alertId, since: reading.at, peak: v } },
      alerts: [alert],
    };
  }

  const peak =
    params.above !== undefined ? Math.max(current.active.peak, v) : Math.min(current.active.peak, v);
  if (!isClear) return { state: { beyond, t: reading.at, active: { ...current.active, peak } }, alerts: [] };
  const cleared: AlertDraft = {
    ...base,
    alertId: current.active.alertId,
    status: 'cleared',
    title: `Back within limits: ${reading.metric} of ${reading.sensorId} at ${v}${reading.unit === undefined ? '' : ` ${reading.unit}`} (peak ${peak})`,
    evidence: [readingEvidence(reading, 'back within limits')],
    raisedAt: iso(current.active.since),
    updatedAt: iso(reading.at),
  };
  return { state: { beyond: 0, t: reading.at, active: null }, alerts: [cleared] };
}
