/**
 * The periodic keyframe writer: every `checkMs` it writes the keyframes that are due (the state of
 * every asset, sensor and open incident at each instant, see `writeKeyframe`), one transaction per
 * instant. Writing is idempotent, so several processor instances may run it side by side. Failures
 * (database down) are logged and retried on the next check.
 */
import type { Database } from '@vigie/db/database';
import { keyframeAtOrBefore, summarizeHistoryIndexes, writeKeyframe } from '@vigie/db/replay-repository';
import type { Logger } from 'pino';
import { describeError } from '../database-error';
import { dueKeyframes } from './due-keyframes';

export interface KeyframeJobOptions {
  intervalMs: number;
  lagMs: number;
  checkMs: number;
  maxCatchUp: number;
}

export interface KeyframeJob {
  /** Writes whatever is due now (also what the timer does); resolves to the instants written. */
  runOnce(now?: Date): Promise<Date[]>;
  /** Stops the timer and waits for a write in progress. */
  stop(): Promise<void>;
}

export function startKeyframeJob(db: Database, options: KeyframeJobOptions, parent: Logger): KeyframeJob {
  const logger = parent.child({ job: 'keyframes' });
  let running: Promise<Date[]> | undefined;
  let stopped = false;

  async function writeDue(now: Date): Promise<Date[]> {
    const last = await keyframeAtOrBefore(db.db, now);
    const due = dueKeyframes(last, now, {
      intervalMs: options.intervalMs,
      lagMs: options.lagMs,
      max: options.maxCatchUp,
    });
    const written: Date[] = [];
    // Time-range reads of the history just appended skip what they do not need.
    if (due.length > 0) await summarizeHistoryIndexes(db.db);
    for (const at of due) {
      if (stopped) break;
      const started = performance.now();
      const counts = await db.transaction((tx) => writeKeyframe(tx, at));
      written.push(at);
      logger.info(
        { at: at.toISOString(), ...counts, ms: Math.round(performance.now() - started) },
        'keyframe written',
      );
    }
    return written;
  }

  function runOnce(now = new Date()): Promise<Date[]> {
    running ??= writeDue(now).finally(() => {
      running = undefined;
    });
    return running;
  }

  const timer = setInterval(() => {
    runOnce().catch((error: unknown) =>
      logger.warn({ ...describeError(error) }, 'keyframe not written; retrying later'),
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
