import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './token-bucket';

describe('createRateLimiter (token bucket per key)', () => {
  it('lets a burst through, refills at the rate, and says how long to wait', () => {
    let now = 0;
    const limiter = createRateLimiter({ ratePerSecond: 100, burst: 300, now: () => now });
    expect(limiter.take('k', 200)).toEqual({ ok: true });
    expect(limiter.take('k', 100)).toEqual({ ok: true });
    expect(limiter.take('k', 50)).toEqual({ ok: false, retryAfterS: 1 });
    now += 500; // +50 tokens
    expect(limiter.take('k', 50)).toEqual({ ok: true });
    expect(limiter.take('k', 250)).toEqual({ ok: false, retryAfterS: 3 });
    now += 10_000;
    expect(limiter.take('k', 300)).toEqual({ ok: true });
  });

  it('keeps keys apart and charges requests larger than the burst as a full bucket', () => {
    let now = 0;
    const limiter = createRateLimiter({ ratePerSecond: 10, burst: 20, now: () => now });
    expect(limiter.take('a', 1_000)).toEqual({ ok: true });
    expect(limiter.take('a', 1)).toMatchObject({ ok: false });
    expect(limiter.take('b', 20)).toEqual({ ok: true });
    now += 2_000;
    expect(limiter.take('a', 1_000)).toEqual({ ok: true });
  });

  it('forgets the oldest buckets beyond its size', () => {
    const limiter = createRateLimiter({ ratePerSecond: 1, burst: 1, now: () => 0, maxBuckets: 2 });
    expect(limiter.take('a', 1).ok).toBe(true);
    expect(limiter.take('b', 1).ok).toBe(true);
    expect(limiter.take('c', 1).ok).toBe(true);
    expect(limiter.take('a', 1).ok).toBe(true); // a was dropped and starts full again
  });
});
