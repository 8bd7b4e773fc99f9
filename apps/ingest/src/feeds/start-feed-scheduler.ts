/**
 * The feed scheduler: every tick it claims the enabled feeds that are due (a lease keeps other
 * schedulers off them), polls them with a bounded concurrency, and records each outcome: counters and
 * the next run at the feed's interval after a success, the error and an exponential backoff with
 * jitter after a failure. Admins make a feed due at once ("run now") by setting its `next_run_at`.
 */
import type { Log } from '@vigie/bus/log';
import { newEventId } from '@vigie/contracts/envelope';
import type { Database } from '@vigie/db/database';
import { claimDueFeeds, recordFeedFailure, recordFeedSuccess } from '@vigie/db/feeds-repository';
import type { FeedJob } from '@vigie/db/feeds-repository';
import type { FastifyBaseLogger } from 'fastify';
import { ensureIngestTopics } from '../ensure-ingest-topics';
import type { IngestConfig } from '../ingest-config';
import { nextRunDelayMs } from './feed-backoff';
import { pollFeed } from './poll-feed';

export interface FeedSchedulerConfig {
  /** How often due feeds are looked for, ms. */
  tickMs: number;
  /** Feeds polled at the same time. */
  concurrency: number;
  /** Whole-request timeout of one fetch, ms. */
  fetchTimeoutMs: number;
  /** Largest feed or alert document read, bytes. */
  maxDocumentBytes: number;
  /** Alert documents followed from one CAP index per run. */
  maxIndexLinks: number;
  /** Longest wait between two attempts of a failing feed, s. */
  maxBackoffS: number;
  userAgent: string;
}

export const defaultFeedSchedulerConfig: FeedSchedulerConfig = {
  tickMs: 5_000,
  concurrency: 4,
  fetchTimeoutMs: 20_000,
  maxDocumentBytes: 10 * 1024 * 1024,
  maxIndexLinks: 50,
  maxBackoffS: 6 * 3600,
  userAgent: 'Vigie feed poller',
};

export interface FeedSchedulerDeps {
  db: Database;
  log: Log;
  logger: FastifyBaseLogger;
  ingest: IngestConfig;
  config?: Partial<FeedSchedulerConfig>;
  now?: () => Date;
  random?: () => number;
}

export interface FeedScheduler {
  /** Runs one tick now (claims and polls what is due); resolves when those polls are recorded. */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

export function startFeedScheduler(deps: FeedSchedulerDeps): FeedScheduler {
  const config = { ...defaultFeedSchedulerConfig, ...deps.config };
  const logger = deps.logger.child({ component: 'feed-scheduler' });
  const now = deps.now ?? (() => new Date());
  const lease = config.fetchTimeoutMs * (config.maxIndexLinks + 2) + 60_000;
  const running = new Set<Promise<void>>();
  let stopped = false;
  let topicsReady: Promise<void> | undefined;

  async function runOne(job: FeedJob): Promise<void> {
    const startedAt = now();
    try {
      topicsReady ??= ensureIngestTopics(deps.log, deps.ingest).catch((error: unknown) => {
        topicsReady = undefined;
        throw error;
      });
      await topicsReady;
      const outcome = await pollFeed(job, {
        log: deps.log,
        config: deps.ingest,
        limits: {
          timeoutMs: config.fetchTimeoutMs,
          maxBytes: config.maxDocumentBytes,
          userAgent: config.userAgent,
        },
        maxIndexLinks: config.maxIndexLinks,
        newId: newEventId,
        now,
      });
      const at = now();
      await recordFeedSuccess(deps.db.db, job.id, {
        at,
        nextRunAt: new Date(at.getTime() + nextRunDelayMs(job.intervalS, 0, config)),
        seen: outcome.seen,
        accepted: outcome.accepted,
        rejected: outcome.rejected,
        state: outcome.state as Record<string, unknown>,
      });
      logger.debug({ feed: job.id, ...outcome, state: undefined }, 'feed polled');
    } catch (error) {
      const at = now();
      const failures = job.consecutiveFailures + 1;
      const message = error instanceof Error ? error.message : String(error);
      const delay = nextRunDelayMs(job.intervalS, failures, {
        maxBackoffS: config.maxBackoffS,
        ...(deps.random ? { random: deps.random } : {}),
      });
      logger.warn({ feed: job.id, failures, retryInMs: delay, err: message }, 'feed poll failed');
      await recordFeedFailure(deps.db.db, job.id, {
        at,
        nextRunAt: new Date(at.getTime() + delay),
        error: message,
      }).catch((dbError: unknown) =>
        logger.error({ err: dbError, feed: job.id }, 'could not record a feed failure'),
      );
    } finally {
      logger.trace({ feed: job.id, ms: now().getTime() - startedAt.getTime() }, 'feed run done');
    }
  }

  async function tick(): Promise<void> {
    if (stopped) return;
    const free = config.concurrency - running.size;
    if (free <= 0) return;
    let jobs: FeedJob[];
    try {
      jobs = await claimDueFeeds(deps.db.db, now(), lease, free);
    } catch (error) {
      logger.warn({ err: error }, 'could not read the due feeds');
      return;
    }
    const runs = jobs.map((job) => {
      const run = runOne(job).finally(() => running.delete(run));
      running.add(run);
      return run;
    });
    await Promise.all(runs);
  }

  let ticking: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (ticking) return;
    ticking = tick().finally(() => (ticking = undefined));
  }, config.tickMs);
  timer.unref();

  return {
    tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await ticking;
      await Promise.all([...running]);
    },
  };
}
