import { describe, expect, it } from 'vitest';
import { ZSeverity, compareSeverity, maxSeverity, severityRank } from './severity';

describe('severity', () => {
  it('orders the scale from info to extreme', () => {
    expect(ZSeverity.options).toEqual(['info', 'minor', 'moderate', 'severe', 'extreme']);
    expect(ZSeverity.options.map((s) => severityRank[s])).toEqual([0, 1, 2, 3, 4]);
    expect(compareSeverity('severe', 'minor')).toBeGreaterThan(0);
    expect(compareSeverity('info', 'extreme')).toBeLessThan(0);
    expect(compareSeverity('moderate', 'moderate')).toBe(0);
  });

  it('takes the maximum', () => {
    expect(maxSeverity('minor', 'severe', 'moderate')).toBe('severe');
    expect(maxSeverity()).toBe('info');
  });

  it('rejects values outside the scale (CAP spelling included)', () => {
    for (const value of ['Severe', 'critical', 'high', '', 3])
      expect(ZSeverity.safeParse(value).success).toBe(false);
  });
});
