/**
 * The periodic retention job: every `checkMs` it deletes, table by table, history rows older than
 * that table's retention (`deleteHistoryBefore`, in batches of short statements). A table without a
 * retention is kept forever. Failures are logged and retried on the next check.
 */
import type { Database } from '@vigie/db/database';
import type { RetentionTable } from '@vigie/db/replay-repository';
import { deleteHistoryBefore } from '@vigie/db/replay-repository';
import type { Logger } from 'pino';
import { describeError } from '../database-error';

export interface RetentionJobOptions {
  /** Days kept per table; absent: kept forever. */
  days: Partial<Record<RetentionTable, number>>;
  checkMs: number;
  batchSize: number;
}

export interface RetentionJob {
  /** Deletes what is expired now; resolves to rows deleted per table. */
  runOnce(now?: Date): Promise<Partial<Record<RetentionTable, number>>>;
  stop(): Promise<void>;
}

export function startRetentionJob(db: Database, options: RetentionJobOptions, parent: Logger): RetentionJob {
  const logger = parent.child({ job: 'retention' });
  let running: Promise<Partial<Record<RetentionTable, number>>> | undefined;
  let stopped = false;

  async function deleteExpired(now: Date): Promise<Partial<Record<RetentionTable, number>>> {
    const deleted: Partial<Record<RetentionTable, number>> = {};
    for (const [table, days] of Object.entries(options.days) as [RetentionTable, number | undefined][]) {
      if (stopped || days === undefined) continue;
      const before = new Date(now.getTime() - days * 86_400_000);
      const n = await deleteHistoryBefore(db.db, table, before, options.batchSize);
      deleted[table] = n;
      if (n > 0) logger.info({ table, before: before.toISOString(), rows: n }, 'expired history deleted');
    }
    return deleted;
  }

  function runOnce(now = new Date()) {
    running ??= deleteExpired(now).finally(() => {
      running = undefined;
    });
    return running;
  }

  const timer = setInterval(() => {
    runOnce().catch((error: unknown) =>
      logger.warn({ ...describeError(error) }, 'retention not applied; retrying later'),
    );
  }, options.checkMs);
  timer.unref();

  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
