import { ZLiveAlertV1 } from '@vigie/contracts/live-alerts';
import { describe, expect, it } from 'vitest';
import type { AlertDraft } from './alert-draft';
import type { AnomalyDetectorState, AnomalyParams } from './anomaly-detector';
import { detectAnomaly } from './anomaly-detector';
import { givenSensor } from './detection-scenario';
import type { ReadingSignal } from './reading-signal';

const rule: AnomalyParams = { ruleId: 'sensor-anomaly' };

function run(readings: readonly ReadingSignal[], params = rule): AlertDraft[] {
  let state: AnomalyDetectorState | undefined;
  const alerts: AlertDraft[] = [];
  for (const reading of readings) {
    const step = detectAnomaly(state, reading, params);
    state = JSON.parse(JSON.stringify(step.state)) as AnomalyDetectorState;
    alerts.push(...step.alerts);
  }
  return alerts;
}

const river = (id: string) =>
  givenSensor(id).withDailyCycle({ mean: 2, amplitude: 0.4 }).noise(0.02).every('10m').for('5d');

describe('anomaly detector', () => {
  it('a sensor following its daily cycle raises nothing', () => {
    expect(run(river('river-calm').readings())).toEqual([]);
  });

  it('a sensor drifting outside its normal daily range is flagged once', () => {
    const alerts = run(river('river-drift').thenDrift({ after: '4d', by: 1.2, over: '3h' }).readings());
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kind: 'anomaly', status: 'active', ruleId: 'sensor-anomaly' });
    const raised = Date.parse(alerts[0]!.raisedAt);
    expect(raised).toBeGreaterThan(Date.parse('2025-10-05T00:00:00Z'));
    expect(ZLiveAlertV1.safeParse(alerts[0]).success).toBe(true);
  });

  it('one spike of noise is not flagged', () => {
    expect(run(river('river-spike').thenSpike({ after: '4d', by: 2 }).readings())).toEqual([]);
  });

  it('is cleared when the level comes back to its usual course', () => {
    const readings = river('river-back')
      .thenDrift({ after: '4d', by: 1.2, over: '1h' })
      .thenDrift({ after: '102h', by: -1.2, over: '1h' })
      .readings();
    expect(run(readings).map((a) => a.status)).toEqual(['active', 'cleared']);
  });

  it('sensitivity: a smaller drift is flagged only by a more sensitive rule', () => {
    const readings = river('river-small').thenDrift({ after: '4d', by: 0.12, over: '1h' }).readings();
    expect(run(readings, { ...rule, sensitivity: 0.5 })).toEqual([]);
    expect(run(readings, { ...rule, sensitivity: 3 })).toHaveLength(1);
  });

  it('uses the score computed upstream when the reading carries one', () => {
    const reading = river('river-scored').readings()[0]!;
    let state: AnomalyDetectorState | undefined;
    const out: AlertDraft[] = [];
    for (let i = 0; i < 3; i++) {
      const step = detectAnomaly(state, { ...reading, at: reading.at + i, anomalyScore: 9 }, rule);
      state = step.state;
      out.push(...step.alerts);
    }
    expect(out).toHaveLength(1);
    expect(state?.scoring).toBeUndefined();
  });
});
