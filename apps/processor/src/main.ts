/**
 * The processor on its own: environment → database (migrated) → log → processor, with /metrics,
 * /healthz and /readyz. SIGINT/SIGTERM stop it gracefully: stop consuming (the batches in hand finish:
 * persisted, published, committed), then close the log and the database.
 */
import { join } from 'node:path';
import type { Log } from '@vigie/bus/log';
import { openLog } from '@vigie/bus/open-log';
import { createDb } from '@vigie/db/create-db';
import type { Database } from '@vigie/db/database';
import { pino } from 'pino';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { describeError } from './database-error';
import { readEnv } from './env';
import type { HttpEndpoint } from './serve-http';
import { serveHttp } from './serve-http';
import type { Processor } from './start-processor';
import { startProcessor } from './start-processor';

const env = readEnv();
const logger = pino({ level: env.LOG_LEVEL, base: { app: 'processor' } });
const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'vigie_processor_' });

let stopping = false;
let database: Database | undefined;
let log: Log | undefined;
let processor: Processor | undefined;
let http: HttpEndpoint | undefined;

/** Retries `attempt` with exponential backoff (1 s → 30 s) until it succeeds or the process stops. */
async function withRetry<T>(what: string, attempt: () => Promise<T>): Promise<T> {
  let delay = 1_000;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (stopping) throw error;
      logger.warn({ what, retryInMs: delay, ...describeError(error) }, `${what} failed; retrying`);
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 30_000);
    }
  }
}

async function shutdown(signal: string): Promise<void> {
  if (stopping) {
    logger.warn({ signal }, 'second signal: exiting at once');
    process.exit(1);
  }
  stopping = true;
  logger.info({ signal }, 'stopping');
  let code = 0;
  for (const [what, close] of [
    ['processor', () => processor?.close()],
    ['log', () => log?.close()],
    ['database', () => database?.close()],
    ['http', () => http?.close()],
  ] as const) {
    try {
      await close();
    } catch (error) {
      code = 1;
      logger.error({ what, ...describeError(error) }, 'did not close cleanly');
    }
  }
  logger.info('stopped');
  process.exit(code);
}

process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

try {
  if (env.PROCESSOR_HTTP_PORT >= 0) {
    http = await serveHttp({
      host: env.PROCESSOR_HTTP_HOST,
      port: env.PROCESSOR_HTTP_PORT,
      registry,
      isReady: () => processor !== undefined && !stopping,
    });
    logger.info({ port: http.port }, 'metrics and health on /metrics, /healthz, /readyz');
  }
  database = await withRetry('database', async () => {
    const db = await createDb(
      env.DATABASE_URL === undefined
        ? { dataDir: join(env.VIGIE_DATA_DIR, 'pglite') }
        : { url: env.DATABASE_URL, applicationName: 'vigie-processor' },
    );
    try {
      await db.migrate();
    } catch (error) {
      await db.close().catch(() => undefined);
      throw error;
    }
    return db;
  });
  const brokers =
    env.KAFKA_BROKERS?.split(',')
      .map((b) => b.trim())
      .filter((b) => b !== '') ?? [];
  log = await withRetry('log', () =>
    openLog({
      brokers,
      dataDir: join(env.VIGIE_DATA_DIR, 'log'),
      clientId: env.KAFKA_CLIENT_ID,
      logger,
      kafka: {
        consumer: {
          ...(env.KAFKA_SESSION_TIMEOUT_MS === undefined
            ? {}
            : { sessionTimeoutMs: env.KAFKA_SESSION_TIMEOUT_MS }),
          ...(env.KAFKA_HEARTBEAT_INTERVAL_MS === undefined
            ? {}
            : { heartbeatIntervalMs: env.KAFKA_HEARTBEAT_INTERVAL_MS }),
          ...(env.KAFKA_REBALANCE_TIMEOUT_MS === undefined
            ? {}
            : { rebalanceTimeoutMs: env.KAFKA_REBALANCE_TIMEOUT_MS }),
          ...(env.KAFKA_MAX_WAIT_MS === undefined ? {} : { maxWaitTimeMs: env.KAFKA_MAX_WAIT_MS }),
        },
      },
    }),
  );
  const db = database;
  const bus = log;
  processor = await withRetry('processor start', () =>
    startProcessor({
      db,
      log: bus,
      logger,
      metrics: registry,
      config: {
        groupId: env.PROCESSOR_GROUP_ID,
        topicPrefix: env.PROCESSOR_TOPIC_PREFIX,
        partitions: env.PROCESSOR_PARTITIONS,
        maxBatchSize: env.PROCESSOR_BATCH_SIZE,
        consumers: env.PROCESSOR_CONSUMERS,
        h3Resolution: env.PROCESSOR_H3_RESOLUTION,
        dedup: { windowMs: env.PROCESSOR_DEDUP_WINDOW_MS, maxEntries: env.PROCESSOR_DEDUP_MAX_ENTRIES },
        anomaly: { sensitivity: env.PROCESSOR_ANOMALY_SENSITIVITY },
        lagIntervalMs: env.PROCESSOR_LAG_INTERVAL_MS,
        keyframes: {
          enabled: env.PROCESSOR_KEYFRAME_INTERVAL_MINUTES > 0,
          intervalMs: Math.max(1_000, Math.round(env.PROCESSOR_KEYFRAME_INTERVAL_MINUTES * 60_000)),
        },
        retention: { days: env.PROCESSOR_RETENTION_DAYS },
      },
    }),
  );
  logger.info({ log: bus.kind, database: db.kind }, 'processor running');
} catch (error) {
  if (!stopping) {
    logger.fatal({ ...describeError(error) }, 'processor failed to start');
    process.exit(1);
  }
}
