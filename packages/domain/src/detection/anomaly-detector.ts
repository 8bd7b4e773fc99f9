/**
 * Per-sensor anomaly alerts on top of the daily-cycle-aware robust score (`anomaly-score.ts`: a daily
 * profile, a mean-absolute-deviation scale, the median of the last three robust z values). A reading
 * counts as unusual when its score, times `sensitivity`, reaches `raiseScore`; `minConsecutive`
 * unusual readings in a row raise one alert (a drift or a level shift lasts; one spike of noise does
 * not), and as many usual readings in a row (score under `clearScore`) clear it.
 * The score comes with the reading when the processor computed it already; otherwise the detector
 * keeps its own scoring state.
 */
import type { TCategory } from '@vigie/contracts/categories';
import type { TSeverity } from '@vigie/contracts/severity';
import type { AnomalyOptions, AnomalyState } from '../anomaly-score';
import { scoreReading } from '../anomaly-score';
import { iso, stableAlertId } from './alert-draft';
import type { ReadingSignal } from './reading-signal';
import { readingEvidence, readingPlace } from './reading-signal';
import type { DetectionStep } from './threshold-detector';

export interface AnomalyParams {
  ruleId: string;
  /** Multiplies the score: 2 flags twice as eagerly, 0.5 half as. Default 1. */
  sensitivity?: number;
  /** Score (robust standard deviations) from which a reading is unusual. Default 4. */
  raiseScore?: number;
  /** Score under which a reading is usual again. Default 2. */
  clearScore?: number;
  /** Unusual readings in a row to raise, usual ones in a row to clear. Default 3. */
  minConsecutive?: number;
  /** Only these metrics (every metric when absent). */
  metrics?: readonly string[];
  severity?: TSeverity;
  category?: TCategory;
  /** Options of the score when the detector computes it itself. */
  scoring?: AnomalyOptions;
}

export interface AnomalyDetectorState {
  unusual: number;
  usual: number;
  t: number;
  active: { alertId: string; since: number; peak: number } | null;
  /** Scoring state, only when the readings come without a score. */
  scoring?: AnomalyState;
}

export function detectAnomaly(
  state: AnomalyDetectorState | undefined,
  reading: ReadingSignal,
  params: AnomalyParams,
): DetectionStep<AnomalyDetectorState> & { score: number } {
  const current: AnomalyDetectorState = state ?? {
    unusual: 0,
    usual: 0,
    t: Number.NEGATIVE_INFINITY,
    active: null,
  };
  if (params.metrics !== undefined && !params.metrics.includes(reading.metric))
    return { state: current, alerts: [], score: 0 };
  if (reading.at <= current.t) return { state: current, alerts: [], score: 0 };

  let scoring = current.scoring;
  let raw = reading.anomalyScore;
  if (raw === undefined) {
    const result = scoreReading(
      scoring,
      { value: reading.value, at: reading.at, lon: reading.lon },
      params.scoring,
    );
    raw = result.score;
    scoring = result.state;
  }
  const score = raw * (params.sensitivity ?? 1);
  const need = params.minConsecutive ?? 3;
  const unusual = score >= (params.raiseScore ?? 4) ? current.unusual + 1 : 0;
  const usual = score < (params.clearScore ?? 2) ? current.usual + 1 : 0;
  const next = { unusual, usual, t: reading.at, ...(scoring === undefined ? {} : { scoring }) };
  const base = {
    kind: 'anomaly' as const,
    ruleId: params.ruleId,
    severity: params.severity ?? 'moderate',
    ...(params.category === undefined ? {} : { category: params.category }),
    ...readingPlace(reading),
  };
  const summary = `${reading.metric} of ${reading.sensorId} at ${reading.value}${reading.unit === undefined ? '' : ` ${reading.unit}`}, anomaly score ${score.toFixed(1)}`;

  if (current.active === null) {
    if (unusual < need) return { state: { ...next, active: null }, alerts: [], score };
    const alertId = stableAlertId('anomaly', params.ruleId, reading.sensorId, reading.metric, reading.at);
    return {
      state: { ...next, active: { alertId, since: reading.at, peak: score } },
      alerts: [
        {
          ...base,
          alertId,
          status: 'active',
          title: `Unusual readings: ${summary}`,
          description: `${need} readings in a row outside the sensor's usual range for the time of day.`,
          evidence: [readingEvidence(reading, summary)],
          raisedAt: iso(reading.at),
        },
      ],
      score,
    };
  }
  const active = { ...current.active, peak: Math.max(current.active.peak, score) };
  if (usual < need) return { state: { ...next, active }, alerts: [], score };
  return {
    state: { ...next, active: null },
    alerts: [
      {
        ...base,
        alertId: current.active.alertId,
        status: 'cleared',
        title: `Readings usual again: ${reading.metric} of ${reading.sensorId} (peak score ${active.peak.toFixed(1)})`,
        evidence: [readingEvidence(reading, summary)],
        raisedAt: iso(current.active.since),
        updatedAt: iso(reading.at),
      },
    ],
    score,
  };
}
