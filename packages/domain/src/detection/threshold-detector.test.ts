import { ZLiveAlertV1 } from '@vigie/contracts/live-alerts';
import { describe, expect, it } from 'vitest';
import type { AlertDraft } from './alert-draft';
import { givenSensor } from './detection-scenario';
import type { ReadingSignal } from './reading-signal';
import type { ThresholdParams, ThresholdState } from './threshold-detector';
import { detectThreshold } from './threshold-detector';

const rule: ThresholdParams = {
  ruleId: 'river-level',
  metric: 'water_level',
  above: 4,
  clearBelow: 3.7,
  category: 'flood',
};

function run(
  readings: readonly ReadingSignal[],
  params = rule,
): { alerts: AlertDraft[]; state?: ThresholdState } {
  let state: ThresholdState | undefined;
  const alerts: AlertDraft[] = [];
  for (const reading of readings) {
    const step = detectThreshold(state, reading, params);
    state = JSON.parse(JSON.stringify(step.state)) as ThresholdState; // as a checkpoint would keep it
    alerts.push(...step.alerts);
  }
  return { alerts, ...(state === undefined ? {} : { state }) };
}

describe('threshold detector', () => {
  it('a river rising past its threshold raises one alert, cleared once it is back under the clearing level', () => {
    const readings = givenSensor('river-1')
      .steadyAt(3)
      .noise(0.02)
      .thenFlood({ after: '6h', by: 1.6, over: '4h' })
      .every('10m')
      .for('24h')
      .readings();
    const { alerts } = run(readings);
    expect(alerts.map((a) => a.status)).toEqual(['active', 'cleared']);
    const [raised, cleared] = alerts as [AlertDraft, AlertDraft];
    expect(raised.alertId).toBe(cleared.alertId);
    expect(raised).toMatchObject({
      kind: 'threshold',
      ruleId: 'river-level',
      severity: 'severe',
      category: 'flood',
    });
    expect(raised.place).toEqual({ type: 'Point', coordinates: [readings[0]!.lon, readings[0]!.lat] });
    expect(raised.evidence[0]!.value).toBeGreaterThan(4);
    expect(Date.parse(cleared.updatedAt!)).toBeGreaterThan(Date.parse(raised.raisedAt));
    for (const alert of alerts) expect(ZLiveAlertV1.safeParse(alert).success).toBe(true);
  });

  it('does not flap while the level hovers around the threshold', () => {
    const readings = givenSensor('river-2').steadyAt(4).noise(0.05).every('5m').for('6h').readings();
    const { alerts } = run(readings);
    expect(alerts.filter((a) => a.status === 'active')).toHaveLength(1);
    expect(alerts.filter((a) => a.status === 'cleared')).toHaveLength(0);
  });

  it('gives the same alert id when the same readings are processed again, and a new one for a new episode', () => {
    const readings = givenSensor('river-3')
      .steadyAt(3)
      .noise(0.01)
      .thenFlood({ after: '2h', by: 1.5, over: '2h' })
      .every('10m')
      .for('12h')
      .readings();
    const first = run(readings).alerts.map((a) => a.alertId);
    expect(run(readings).alerts.map((a) => a.alertId)).toEqual(first);
    const later = readings.map((r) => ({ ...r, at: r.at + 86_400_000 }));
    expect(run(later).alerts[0]!.alertId).not.toBe(first[0]);
  });

  it('needs minConsecutive readings beyond the threshold, and ignores other metrics and stale readings', () => {
    const spike = givenSensor('river-4')
      .steadyAt(3)
      .noise(0)
      .thenSpike({ after: '1h', by: 2 })
      .every('10m')
      .for('3h')
      .readings();
    expect(run(spike, { ...rule, minConsecutive: 2 }).alerts).toEqual([]);
    expect(run(spike).alerts.map((a) => a.status)).toEqual(['active', 'cleared']);
    const rain = spike.map((r) => ({ ...r, metric: 'rain' }));
    expect(run(rain).alerts).toEqual([]);
    const high = spike[6]!;
    const step = detectThreshold(undefined, high, rule);
    expect(detectThreshold(step.state, { ...high, at: high.at - 1 }, rule).alerts).toEqual([]);
  });
});
