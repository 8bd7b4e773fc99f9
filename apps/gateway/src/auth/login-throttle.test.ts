import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle';

describe('LoginThrottle', () => {
  it('refuses after N failures per e-mail and address until the window ends; success clears', () => {
    let now = 1_000_000;
    const throttle = new LoginThrottle({ maxFailures: 3, windowMs: 60_000, now: () => now });
    for (let i = 0; i < 3; i++) {
      expect(throttle.retryAfterMs('A@x.org', '1.1.1.1')).toBe(0);
      throttle.recordFailure('a@x.org', '1.1.1.1');
    }
    expect(throttle.retryAfterMs('a@x.org', '1.1.1.1')).toBe(60_000);
    expect(throttle.retryAfterMs('a@x.org', '2.2.2.2')).toBe(0);
    expect(throttle.retryAfterMs('b@x.org', '1.1.1.1')).toBe(0);
    now += 59_000;
    expect(throttle.retryAfterMs('a@x.org', '1.1.1.1')).toBe(1000);
    now += 1000;
    expect(throttle.retryAfterMs('a@x.org', '1.1.1.1')).toBe(0);
    throttle.recordFailure('a@x.org', '1.1.1.1');
    throttle.recordSuccess('a@x.org', '1.1.1.1');
    throttle.recordFailure('a@x.org', '1.1.1.1');
    throttle.recordFailure('a@x.org', '1.1.1.1');
    expect(throttle.retryAfterMs('a@x.org', '1.1.1.1')).toBe(0);
  });

  it('keeps at most maxKeys entries', () => {
    const throttle = new LoginThrottle({ maxFailures: 1, windowMs: 60_000, maxKeys: 2 });
    throttle.recordFailure('a@x.org', 'ip');
    throttle.recordFailure('b@x.org', 'ip');
    throttle.recordFailure('c@x.org', 'ip');
    expect(throttle.retryAfterMs('a@x.org', 'ip')).toBe(0);
    expect(throttle.retryAfterMs('c@x.org', 'ip')).toBeGreaterThan(0);
  });
});
