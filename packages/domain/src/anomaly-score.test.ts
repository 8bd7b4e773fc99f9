import { describe, expect, it } from 'vitest';
import type { AnomalyState } from './anomaly-score';
import { compactAnomalyState, parseAnomalyState, scoreReading, solarHour } from './anomaly-score';

const DAY = 86_400_000;
const STEP = 5 * 60_000;
const T0 = Date.UTC(2025, 0, 1);

/** Deterministic standard normal noise (LCG + sum of uniforms). */
function noise(seed: number): () => number {
  let s = seed >>> 0;
  const uniform = () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  return () => {
    let sum = 0;
    for (let k = 0; k < 6; k++) sum += uniform();
    return (sum - 3) * Math.SQRT2;
  };
}

/** A river gauge: a daily cycle (melt water by day) and its harmonic, plus measurement noise. */
function dailyCycle(t: number): number {
  return 2 + Math.sin((2 * Math.PI * t) / DAY) + 0.3 * Math.sin((4 * Math.PI * t) / DAY);
}

/** Feeds `days` of readings every 5 minutes; returns the highest score of each day. */
function run(days: number, value: (t: number, i: number) => number, lon = -72.3): number[] {
  let state: AnomalyState | undefined;
  const maxByDay = new Array<number>(days).fill(0);
  for (let i = 0; i < (days * DAY) / STEP; i++) {
    const t = i * STEP;
    const result = scoreReading(state, { value: value(t, i), at: T0 + t, lon });
    state = result.state;
    const day = Math.floor(t / DAY);
    maxByDay[day] = Math.max(maxByDay[day]!, result.score);
  }
  return maxByDay;
}

describe('scoreReading', () => {
  it('gives no score during the first daily cycle', () => {
    const gauss = noise(1);
    const scores = run(2, (t) => dailyCycle(t) + 0.05 * gauss());
    expect(scores[0]).toBe(0);
  });

  it('keeps a daily cycle with noise low, day after day', () => {
    const gauss = noise(2);
    const scores = run(8, (t) => dailyCycle(t) + 0.05 * gauss());
    for (const score of scores.slice(1)) expect(score).toBeLessThan(3);
  });

  it('keeps a cycle whose amplitude wanders from day to day low', () => {
    const gauss = noise(3);
    const scores = run(8, (t) => dailyCycle(t) * (1 + 0.1 * Math.sin(t / DAY)) + 0.05 * gauss());
    for (const score of scores.slice(1)) expect(score).toBeLessThan(3.5);
  });

  it('ignores one noisy spike (median of three) and does not learn it', () => {
    const gauss = noise(4);
    const spikeAt = Math.round((5.5 * DAY) / STEP);
    const scores = run(7, (t, i) => dailyCycle(t) + 0.05 * gauss() + (i === spikeAt ? 8 : 0));
    for (const score of scores.slice(1)) expect(score).toBeLessThan(3);
  });

  it('flags a sensor that drifts away from its daily cycle', () => {
    const gauss = noise(5);
    const driftFrom = 5 * DAY;
    const scores = run(7, (t) => dailyCycle(t) + 0.05 * gauss() + Math.max(0, (t - driftFrom) / DAY));
    for (const score of scores.slice(1, 5)) expect(score).toBeLessThan(3);
    expect(scores[5]).toBeGreaterThan(8);
    expect(scores[6]).toBeGreaterThan(15);
  });

  it('flags two consecutive wild readings (a real jump, not a glitch)', () => {
    const gauss = noise(6);
    const at = Math.round((3.5 * DAY) / STEP);
    let state: AnomalyState | undefined;
    const scores: number[] = [];
    for (let i = 0; i <= at + 1; i++) {
      const t = i * STEP;
      const jump = i >= at ? 3 : 0;
      const result = scoreReading(state, { value: dailyCycle(t) + 0.05 * gauss() + jump, at: T0 + t });
      state = result.state;
      scores.push(result.score);
    }
    expect(scores[at]).toBeLessThan(3);
    expect(scores[at + 1]).toBeGreaterThan(10);
  });

  it('scales with sensitivity', () => {
    const gauss = noise(7);
    const base = run(7, (t) => dailyCycle(t) + 0.05 * gauss() + Math.max(0, (t - 5 * DAY) / DAY));
    const gauss2 = noise(7);
    let state: AnomalyState | undefined;
    let max = 0;
    for (let i = 0; i < (7 * DAY) / STEP; i++) {
      const t = i * STEP;
      const value = dailyCycle(t) + 0.05 * gauss2() + Math.max(0, (t - 5 * DAY) / DAY);
      const result = scoreReading(state, { value, at: T0 + t, lon: -72.3 }, { sensitivity: 0.5 });
      state = result.state;
      if (t >= 6 * DAY) max = Math.max(max, result.score);
    }
    expect(max).toBeCloseTo(base[6]! / 2, 0);
  });

  it('behaves alike whatever the reporting interval (memories are durations)', () => {
    let state: AnomalyState | undefined;
    let max = 0;
    for (let h = 0; h < 24 * 6; h++) {
      const t = h * 3_600_000;
      const result = scoreReading(state, { value: dailyCycle(t), at: T0 + t });
      state = result.state;
      if (h > 24) max = Math.max(max, result.score);
    }
    expect(max).toBeLessThan(3);
  });

  it('scores late readings without learning from them', () => {
    let state: AnomalyState | undefined;
    for (let i = 0; i < 10; i++) state = scoreReading(state, { value: i, at: T0 + i * STEP }).state;
    const late = scoreReading(state, { value: 1000, at: T0 });
    expect(late.state).toBe(state);
  });

  it('uses local solar time', () => {
    expect(solarHour(Date.UTC(2025, 0, 1, 12), 0)).toBeCloseTo(12);
    expect(solarHour(Date.UTC(2025, 0, 1, 12), -75)).toBeCloseTo(7);
    expect(solarHour(Date.UTC(2025, 0, 1, 2), -75)).toBeCloseTo(21);
    expect(solarHour(Date.UTC(2025, 0, 1, 2), null)).toBeCloseTo(2);
  });

  it('round-trips a compact state through JSON and rejects malformed ones', () => {
    let state: AnomalyState | undefined;
    for (let i = 0; i < 50; i++)
      state = scoreReading(state, { value: Math.sqrt(i), at: T0 + i * STEP }).state;
    const compact = compactAnomalyState(state!);
    const parsed = parseAnomalyState(JSON.parse(JSON.stringify(compact)));
    expect(parsed).toEqual(compact);
    expect(JSON.stringify(compact).length).toBeLessThan(400);
    expect(parseAnomalyState({ ...compact, base: [1, 2] })).toBeUndefined();
    expect(parseAnomalyState({ ...compact, n: 'x' })).toBeUndefined();
    expect(parseAnomalyState(null)).toBeUndefined();
  });
});
