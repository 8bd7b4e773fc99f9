import { describe, expect, it } from 'vitest';
import { nextRunDelayMs } from './feed-backoff';

describe('nextRunDelayMs', () => {
  it('waits the interval after a success', () => {
    expect(nextRunDelayMs(300, 0, { maxBackoffS: 3600 })).toBe(300_000);
  });
  it('doubles per failure, with half of the delay random, up to the cap', () => {
    const low = { maxBackoffS: 3600, random: () => 0 };
    const high = { maxBackoffS: 3600, random: () => 1 };
    expect(nextRunDelayMs(60, 1, low)).toBe(60_000);
    expect(nextRunDelayMs(60, 1, high)).toBe(120_000);
    expect(nextRunDelayMs(60, 3, high)).toBe(480_000);
    expect(nextRunDelayMs(60, 20, high)).toBe(3_600_000);
    expect(nextRunDelayMs(60, 20, low)).toBe(1_800_000);
  });
});
