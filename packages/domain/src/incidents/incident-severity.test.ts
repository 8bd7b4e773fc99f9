import { describe, expect, it } from 'vitest';
import { effectiveSeverity, evidenceSeverity } from './incident-severity';
import type { ManualSeverity } from './incident-state';

const manual = (
  severity: ManualSeverity['severity'],
  evidence: ManualSeverity['severity'],
): ManualSeverity => ({
  severity,
  evidenceSeverity: evidence,
  byUserId: 'u-coord',
  at: '2025-03-01T12:00:00.000Z',
});

describe('evidenceSeverity', () => {
  it('is the highest alert severity when the alerts are of one kind', () => {
    expect(
      evidenceSeverity([
        { kind: 'report_cluster', severity: 'minor' },
        { kind: 'report_cluster', severity: 'moderate' },
      ]),
    ).toBe('moderate');
  });

  it('raises one step when different kinds of alert corroborate each other', () => {
    expect(
      evidenceSeverity([
        { kind: 'report_cluster', severity: 'moderate' },
        { kind: 'external', severity: 'moderate' },
      ]),
    ).toBe('severe');
  });

  it('raises one more step with many alerts, never above extreme', () => {
    const many = Array.from({ length: 10 }, () => ({
      kind: 'report_cluster' as const,
      severity: 'severe' as const,
    }));
    expect(evidenceSeverity(many)).toBe('extreme');
    expect(evidenceSeverity([...many, { kind: 'external', severity: 'extreme' }])).toBe('extreme');
  });

  it('keeps info evidence at info and gives info without evidence', () => {
    expect(
      evidenceSeverity([
        { kind: 'anomaly', severity: 'info' },
        { kind: 'external', severity: 'info' },
      ]),
    ).toBe('info');
    expect(evidenceSeverity([])).toBe('info');
  });
});

describe('effectiveSeverity', () => {
  it('follows the evidence without a coordinator value', () => {
    expect(effectiveSeverity('severe', undefined)).toEqual({
      severity: 'severe',
      manual: undefined,
      overridden: false,
    });
  });

  it('keeps a lowered manual severity while the evidence does not grow', () => {
    const m = manual('minor', 'severe');
    expect(effectiveSeverity('severe', m)).toEqual({ severity: 'minor', manual: m, overridden: false });
  });

  it('never lets the evidence lower a raised manual severity', () => {
    const m = manual('extreme', 'moderate');
    expect(effectiveSeverity('severe', m).severity).toBe('extreme');
  });

  it('gives way to evidence stronger than both the manual value and the evidence when it was set', () => {
    const outcome = effectiveSeverity('extreme', manual('minor', 'severe'));
    expect(outcome).toEqual({ severity: 'extreme', manual: undefined, overridden: true });
  });
});
