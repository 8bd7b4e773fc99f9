/**
 * Group commit: every caller that needs its writes durable asks for a sync of the file (or partition)
 * it wrote to; all requests made while no sync runs are served by ONE fsync per target, and requests
 * arriving during a sync wait for the next one (their bytes may have been written after it started).
 * Many produce calls in the same turn of the event loop thus share one fsync.
 */

export interface Syncable {
  /** Makes everything written so far durable. */
  sync(): Promise<void>;
}

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

export interface SyncStats {
  /** Sync rounds run (each fsyncs every target that asked). */
  readonly rounds: number;
  /** Requests served. */
  readonly requests: number;
}

export class SyncScheduler {
  private pending = new Map<Syncable, Waiter[]>();
  private running = false;
  private scheduled = false;
  private idleWaiters: (() => void)[] = [];
  private rounds = 0;
  private requests = 0;

  /** Resolves once everything `target` had written before this call is durable. */
  request(target: Syncable): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let waiters = this.pending.get(target);
      if (!waiters) {
        waiters = [];
        this.pending.set(target, waiters);
      }
      waiters.push({ resolve, reject });
      this.requests++;
      this.schedule();
    });
  }

  stats(): SyncStats {
    return { rounds: this.rounds, requests: this.requests };
  }

  /** Resolves when no sync is running or waiting. */
  idle(): Promise<void> {
    if (!this.running && !this.scheduled && this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.running || this.scheduled) return;
    this.scheduled = true;
    // setImmediate, not a microtask: calls made by other callbacks of this event-loop turn join in.
    setImmediate(() => {
      this.scheduled = false;
      void this.round();
    });
  }

  private async round(): Promise<void> {
    this.running = true;
    const batch = this.pending;
    this.pending = new Map();
    this.rounds++;
    await Promise.all(
      [...batch].map(async ([target, waiters]) => {
        try {
          await target.sync();
          for (const waiter of waiters) waiter.resolve();
        } catch (error) {
          for (const waiter of waiters) waiter.reject(error);
        }
      }),
    );
    this.running = false;
    if (this.pending.size > 0) {
      this.schedule();
    } else {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }
}
