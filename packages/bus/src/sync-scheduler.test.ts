import { describe, expect, it } from 'vitest';
import { SyncScheduler } from './sync-scheduler';
import type { Syncable } from './sync-scheduler';

function target(): Syncable & { syncs: number; written: number; durable: number } {
  const t = {
    syncs: 0,
    written: 0,
    durable: 0,
    async sync() {
      t.syncs++;
      const upTo = t.written;
      await new Promise((resolve) => setTimeout(resolve, 5));
      t.durable = Math.max(t.durable, upTo);
    },
  };
  return t;
}

describe('SyncScheduler', () => {
  it('serves requests made together with one sync per target', async () => {
    const scheduler = new SyncScheduler();
    const a = target();
    const b = target();
    await Promise.all([
      ...Array.from({ length: 10 }, () => scheduler.request(a)),
      scheduler.request(b),
      scheduler.request(b),
    ]);
    expect(a.syncs).toBe(1);
    expect(b.syncs).toBe(1);
    expect(scheduler.stats()).toEqual({ rounds: 1, requests: 12 });
  });

  it('never resolves a request with a sync that started before it', async () => {
    const scheduler = new SyncScheduler();
    const a = target();
    const checks: Promise<void>[] = [];
    for (let i = 0; i < 20; i++) {
      a.written++;
      const mine = a.written;
      checks.push(scheduler.request(a).then(() => expect(a.durable).toBeGreaterThanOrEqual(mine)));
      if (i % 3 === 0) await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await Promise.all(checks);
    expect(a.syncs).toBeLessThan(20);
  });

  it('rejects the waiters of a failed sync only', async () => {
    const scheduler = new SyncScheduler();
    const good = target();
    const bad: Syncable = { sync: () => Promise.reject(new Error('EIO')) };
    const results = await Promise.allSettled([scheduler.request(good), scheduler.request(bad)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    await scheduler.idle();
  });
});
