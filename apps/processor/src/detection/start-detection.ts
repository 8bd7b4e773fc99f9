/**
 * Starts detection beside the raw pipelines: a consumer group of its own (`<groupId>.detection`) on
 * live.observations, live.entities and raw.alerts, with its checkpoints (offsets and detector state
 * together) in the database; the alerts of each batch corroborated against the alerts near them;
 * the default rules seeded once; rules and zones loaded and refreshed every `refreshMs`; active
 * alerts past their `expires` marked expired on the same tick.
 */
import type { Consumer, Log } from '@vigie/bus/log';
import type { Database } from '@vigie/db/database';
import { expireAlerts } from '@vigie/db/alerts-repository';
import { seedDefaultRules } from '@vigie/db/rules-repository';
import type { Logger } from 'pino';
import { CheckpointStore } from '../checkpoint-store';
import { describeError } from '../database-error';
import { produceAll } from '../publish-records';
import type { TopicMap } from '../topic-map';
import { alertRecord } from './build-alert-record';
import { corroborateAlerts } from './corroborate-alerts';
import { DetectionContext } from './detection-context';
import type { DetectionStats } from './handle-detection-batch';
import { createDetectionHandler } from './handle-detection-batch';
import { entitiesDetector } from './entities.detector';
import { externalAlertsConsumer } from './external-alerts.consumer';
import { observationsDetector } from './observations.detector';

export interface DetectionOptions {
  database: Database;
  log: Log;
  logger: Logger;
  topics: TopicMap;
  groupId: string;
  sourceId: string;
  consumers: number;
  maxBatchSize: number;
  refreshMs: number;
  seedRules: boolean;
  publishRetry: { initialMs: number; maxMs: number };
  validateOutput: boolean;
}

export interface Detection {
  readonly context: DetectionContext;
  readonly stats: DetectionStats;
  close(): Promise<void>;
}

export async function startDetection(options: DetectionOptions): Promise<Detection> {
  const logger = options.logger.child({ component: 'detection', groupId: options.groupId });
  if (options.seedRules) await seedDefaultRules(options.database.db);
  const context = new DetectionContext(logger);
  await context.refresh(options.database.db);
  const checkpoints = new CheckpointStore(options.database, options.groupId);
  await checkpoints.preload();
  const stats: DetectionStats = { batches: 0, alerts: 0, deadLettered: 0 };
  let closing = false;
  const onBatch = createDetectionHandler({
    database: options.database,
    log: options.log,
    logger,
    groupId: options.groupId,
    sourceId: options.sourceId,
    topics: options.topics,
    checkpoints,
    stages: {
      'live.observations': observationsDetector(context),
      'live.entities': entitiesDetector(context),
      'raw.alerts': externalAlertsConsumer(context),
    },
    publishRetry: options.publishRetry,
    validateOutput: options.validateOutput,
    stats,
    isClosing: () => closing,
    corroborate: (tx, alerts) => corroborateAlerts(tx, alerts, context.rules.corroboration),
  });
  const consumers: Consumer[] = [];
  const topics = [
    options.topics['raw.alerts'],
    options.topics['live.entities'],
    options.topics['live.observations'],
  ];
  try {
    for (let i = 0; i < options.consumers; i++) {
      consumers.push(
        await options.log.consumer({
          groupId: options.groupId,
          topics,
          startFrom: 'earliest',
          maxBatchSize: options.maxBatchSize,
          onBatch,
        }),
      );
    }
  } catch (error) {
    closing = true;
    await Promise.allSettled(consumers.map((c) => c.close()));
    throw error;
  }

  let ticking = false;
  const timer = setInterval(() => {
    if (ticking) return;
    ticking = true;
    void (async () => {
      try {
        await context.refresh(options.database.db);
        const expired = await expireAlerts(options.database.db, new Date());
        if (expired.length > 0) {
          const now = new Date();
          await produceAll(
            options.log,
            options.topics['live.alerts'],
            expired.map((a) => alertRecord(a, { sourceId: options.sourceId, now })),
          );
        }
      } catch (error) {
        logger.warn({ ...describeError(error) }, 'detection refresh failed; retried on the next tick');
      } finally {
        ticking = false;
      }
    })();
  }, options.refreshMs);
  timer.unref();
  logger.info({ topics, zones: context.zones.size }, 'detection started');

  let closed: Promise<void> | undefined;
  return {
    context,
    stats,
    close() {
      closed ??= (async () => {
        closing = true;
        clearInterval(timer);
        await Promise.all(consumers.map((c) => c.close()));
        logger.info({ ...stats }, 'detection stopped');
      })();
      return closed;
    },
  };
}
