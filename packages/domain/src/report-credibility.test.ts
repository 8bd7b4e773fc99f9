import { describe, expect, it } from 'vitest';
import { reportCredibility } from './report-credibility';

const bare = { hasPosition: false, mediaCount: 0, categoryConfidence: 0 } as const;

describe('reportCredibility', () => {
  it('starts from the channel', () => {
    expect(reportCredibility({ ...bare, channel: 'field' })).toBe(0.7);
    expect(reportCredibility({ ...bare, channel: 'social' })).toBe(0.3);
    expect(reportCredibility({ ...bare, channel: 'sms' })).toBeLessThan(
      reportCredibility({ ...bare, channel: 'news' }),
    );
  });

  it('rises with a precise position, media and a clear category, and stops short of 1', () => {
    const social = reportCredibility({ ...bare, channel: 'social' });
    const rich = reportCredibility({
      channel: 'social',
      hasPosition: true,
      positionAccuracyM: 20,
      mediaCount: 2,
      categoryConfidence: 1,
    });
    expect(rich).toBeCloseTo(social + 0.3, 5);
    expect(
      reportCredibility({
        channel: 'social',
        hasPosition: true,
        positionAccuracyM: 50_000,
        mediaCount: 0,
        categoryConfidence: 0,
      }),
    ).toBeCloseTo(0.33, 5);
    expect(
      reportCredibility({
        channel: 'field',
        hasPosition: true,
        positionAccuracyM: 5,
        mediaCount: 3,
        categoryConfidence: 1,
      }),
    ).toBe(0.95);
  });
});
