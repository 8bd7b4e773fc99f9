/**
 * Login throttling per (e-mail, client address): after `maxFailures` failed attempts within
 * `windowMs`, further attempts are refused until the window that started with the first failure ends.
 * A success clears the counter. Memory is bounded (`maxKeys`, oldest entries evicted first).
 *
 * Kept in this process: with several gateways behind a balancer, each counts on its own.
 */
export interface LoginThrottleOptions {
  maxFailures: number;
  windowMs: number;
  maxKeys?: number;
  now?: () => number;
}

interface Failures {
  count: number;
  firstAt: number;
}

export class LoginThrottle {
  private readonly failures = new Map<string, Failures>();
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(options: LoginThrottleOptions) {
    this.maxFailures = options.maxFailures;
    this.windowMs = options.windowMs;
    this.maxKeys = options.maxKeys ?? 100_000;
    this.now = options.now ?? Date.now;
  }

  /** Milliseconds to wait before trying again, or 0 when an attempt is allowed now. */
  retryAfterMs(email: string, ip: string): number {
    const entry = this.current(this.key(email, ip));
    if (entry === undefined || entry.count < this.maxFailures) return 0;
    return Math.max(1, entry.firstAt + this.windowMs - this.now());
  }

  recordFailure(email: string, ip: string): void {
    const key = this.key(email, ip);
    const entry = this.current(key);
    if (entry === undefined) {
      if (this.failures.size >= this.maxKeys) {
        const oldest = this.failures.keys().next();
        if (!oldest.done) this.failures.delete(oldest.value);
      }
      this.failures.set(key, { count: 1, firstAt: this.now() });
    } else {
      entry.count++;
    }
  }

  recordSuccess(email: string, ip: string): void {
    this.failures.delete(this.key(email, ip));
  }

  private key(email: string, ip: string): string {
    return `${email.toLowerCase()}\u0000${ip}`;
  }

  private current(key: string): Failures | undefined {
    const entry = this.failures.get(key);
    if (entry !== undefined && this.now() - entry.firstAt >= this.windowMs) {
      this.failures.delete(key);
      return undefined;
    }
    return entry;
  }
}
