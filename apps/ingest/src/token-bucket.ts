/**
 * Per-key rate limiting with token buckets: each API key may send `ratePerSecond` events per second
 * on average and `burst` at once. A request costs one token per event; when the bucket lacks tokens the
 * request is refused whole with the delay after which it would fit.
 */
export interface RateLimiterOptions {
  ratePerSecond: number;
  burst: number;
  now?: () => number;
  /** Buckets kept at most; idle ones (full again) are dropped first (default 10 000). */
  maxBuckets?: number;
}

export type TakeResult = { ok: true } | { ok: false; retryAfterS: number };

export interface RateLimiter {
  take(key: string, cost: number): TakeResult;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const now = options.now ?? Date.now;
  const maxBuckets = options.maxBuckets ?? 10_000;
  const { ratePerSecond, burst } = options;
  const buckets = new Map<string, Bucket>();

  function refill(bucket: Bucket, at: number): void {
    const elapsedS = Math.max(0, at - bucket.updatedAt) / 1000;
    bucket.tokens = Math.min(burst, bucket.tokens + elapsedS * ratePerSecond);
    bucket.updatedAt = at;
  }

  return {
    take(key, cost) {
      const at = now();
      let bucket = buckets.get(key);
      if (bucket === undefined) {
        if (buckets.size >= maxBuckets) {
          // Drop the least recently created bucket: an idle key simply starts full again.
          const oldest = buckets.keys().next().value;
          if (oldest !== undefined) buckets.delete(oldest);
        }
        bucket = { tokens: burst, updatedAt: at };
        buckets.set(key, bucket);
      } else {
        refill(bucket, at);
      }
      // A request larger than the burst could never pass: charge it as a full bucket instead.
      const charge = Math.min(cost, burst);
      if (bucket.tokens >= charge) {
        bucket.tokens -= charge;
        return { ok: true };
      }
      const waitS = (charge - bucket.tokens) / ratePerSecond;
      return { ok: false, retryAfterS: Math.max(1, Math.ceil(waitS)) };
    },
  };
}
