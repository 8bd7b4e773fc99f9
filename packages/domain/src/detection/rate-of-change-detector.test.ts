import { ZLiveAlertV1 } from '@vigie/contracts/live-alerts';
import { describe, expect, it } from 'vitest';
import type { AlertDraft } from './alert-draft';
import { givenSensor } from './detection-scenario';
import type { RateOfChangeParams, RateOfChangeState } from './rate-of-change-detector';
import { detectRateOfChange, slopePerHour } from './rate-of-change-detector';
import type { ReadingSignal } from './reading-signal';

const rule: RateOfChangeParams = {
  ruleId: 'river-rise',
  metric: 'water_level',
  risePerHour: 0.3,
  windowMs: 3_600_000,
};

function run(readings: readonly ReadingSignal[], params = rule): AlertDraft[] {
  let state: RateOfChangeState | undefined;
  const alerts: AlertDraft[] = [];
  for (const reading of readings) {
    const step = detectRateOfChange(state, reading, params);
    state = JSON.parse(JSON.stringify(step.state)) as RateOfChangeState;
    alerts.push(...step.alerts);
  }
  return alerts;
}

describe('rate-of-change detector', () => {
  it('measures the robust slope in units per hour', () => {
    expect(
      slopePerHour([
        [0, 1],
        [1_800_000, 1.5],
        [3_600_000, 2],
      ]),
    ).toBeCloseTo(1);
    expect(
      slopePerHour([
        [0, 1],
        [900_000, 1],
        [1_800_000, 9],
        [2_700_000, 1],
        [3_600_000, 1],
      ]),
    ).toBeCloseTo(0);
    expect(slopePerHour([[0, 1]])).toBeNull();
  });

  it('a river rising 0.6 m/h raises one alert, cleared when the rise slows', () => {
    const readings = givenSensor('river-1')
      .steadyAt(2)
      .noise(0.01)
      .thenFlood({ after: '3h', by: 2.4, over: '4h' })
      .every('5m')
      .for('16h')
      .readings();
    const alerts = run(readings);
    expect(alerts.map((a) => a.status)).toEqual(['active', 'cleared']);
    expect(alerts[0]).toMatchObject({ kind: 'rate_of_change', severity: 'moderate' });
    expect(alerts[0]!.alertId).toBe(alerts[1]!.alertId);
    const raisedAt = Date.parse(alerts[0]!.raisedAt);
    expect(raisedAt - readings[0]!.at).toBeGreaterThan(3 * 3_600_000);
    expect(raisedAt - readings[0]!.at).toBeLessThan(4 * 3_600_000);
    for (const alert of alerts) expect(ZLiveAlertV1.safeParse(alert).success).toBe(true);
  });

  it('a noisy but level river, and one spike, raise nothing', () => {
    expect(run(givenSensor('river-2').steadyAt(2).noise(0.05).every('5m').for('12h').readings())).toEqual([]);
    expect(
      run(
        givenSensor('river-3')
          .steadyAt(2)
          .noise(0.01)
          .thenSpike({ after: '2h', by: 1 })
          .every('5m')
          .for('6h')
          .readings(),
      ),
    ).toEqual([]);
  });

  it('watches falls when asked to', () => {
    const readings = givenSensor('tank-1')
      .steadyAt(5)
      .noise(0)
      .thenDrift({ after: '1h', by: -3, over: '2h' })
      .every('5m')
      .for('4h')
      .readings();
    expect(run(readings)).toEqual([]);
    expect(run(readings, { ...rule, risePerHour: undefined, fallPerHour: 1 })[0]?.status).toBe('active');
  });
});
