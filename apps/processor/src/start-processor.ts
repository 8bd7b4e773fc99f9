/**
 * Starts the stream processor on dependencies built by its host (`main.ts`, the all-in-one start,
 * tests, benchmarks): creates the catalog topics, loads the checkpoints and the entity state, joins
 * the consumer group on raw.positions, raw.readings and raw.reports, and keeps the lag gauge fresh.
 */
import type { Consumer, Log } from '@vigie/bus/log';
import type { Database } from '@vigie/db/database';
import { DedupWindow } from '@vigie/domain/dedup-window';
import { HAZARD_EXTENT_KM } from '@vigie/domain/incidents/place-alert';
import type { RegionIndex } from '@vigie/domain/region-index';
import { loadCountryIndex } from '@vigie/domain/region-index';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { alignWithDatabase } from './align-with-database';
import { CheckpointStore } from './checkpoint-store';
import { describeError } from './database-error';
import type { RawTopic } from './decode-record';
import { ensureTopics } from './ensure-topics';
import { startOperations } from './incidents/start-operations';
import { startMediaConsumer } from './media/start-media-consumer';
import type { KeyframeJob } from './keyframes/start-keyframe-job';
import { startKeyframeJob } from './keyframes/start-keyframe-job';
import type { EntityCache } from './entity-cache';
import { loadEntityCache } from './entity-cache';
import type { Detection } from './detection/start-detection';
import { startDetection } from './detection/start-detection';
import { createBatchHandler } from './handle-batch';
import { positionsConsumer } from './positions.consumer';
import type { ProcessorConfig, ProcessorConfigInput } from './processor-config';
import { processorConfig } from './processor-config';
import { createProcessorMetrics } from './processor-metrics';
import type { ProcessorStats } from './processor-stats';
import { emptyStats } from './processor-stats';
import { readingsConsumer } from './readings.consumer';
import { reportsConsumer } from './reports.consumer';
import { startLagRefresh } from './refresh-lag';
import type { RetentionJob } from './retention/start-retention-job';
import { startRetentionJob } from './retention/start-retention-job';
import type { TopicMap } from './topic-map';
import { resolveTopics } from './topic-map';

export interface ProcessorDependencies {
  db: Database;
  log: Log;
  logger: Logger;
  metrics: Registry;
  config?: ProcessorConfigInput;
}

export interface Processor {
  readonly config: ProcessorConfig;
  /** Names on the log of every catalog topic. */
  readonly topics: TopicMap;
  readonly stats: ProcessorStats;
  /** Detection (its own consumer group on live.observations, live.entities, raw.alerts), when enabled. */
  readonly detection: Detection | undefined;
  /** The replay keyframe writer, when enabled. */
  readonly keyframes: KeyframeJob | undefined;
  /** The history retention job, when enabled. */
  readonly retention: RetentionJob | undefined;
  /** Records of the assigned raw partitions not processed yet (refreshed now). */
  lag(): Promise<number>;
  /** Stops consuming: the batches in hand finish (persisted, published, committed), then the group is left. */
  close(): Promise<void>;
}

const RAW_TOPICS: readonly RawTopic[] = ['raw.positions', 'raw.readings', 'raw.reports'];

let countryIndex: RegionIndex | undefined;

export async function startProcessor(deps: ProcessorDependencies): Promise<Processor> {
  const config = processorConfig(deps.config);
  const topics = resolveTopics(config.topicPrefix, config.topics);
  const logger = deps.logger.child({ component: 'processor', groupId: config.groupId });
  const metrics = createProcessorMetrics(deps.metrics);
  const stats = emptyStats();

  await ensureTopics(deps.log, topics, config.partitions, logger);
  const checkpoints = new CheckpointStore(deps.db, config.groupId);
  const partitionsCheckpointed = await checkpoints.preload();
  const cache: EntityCache = await loadEntityCache(deps.db);
  countryIndex ??= loadCountryIndex();
  const geo = { regionIndex: countryIndex, h3Resolution: config.h3Resolution, sourceId: config.sourceId };
  const anomaly = {
    sensitivity: config.anomaly.sensitivity,
    ...(config.anomaly.warmupMs === undefined ? {} : { warmupMs: config.anomaly.warmupMs }),
    ...(config.anomaly.warmupReadings === undefined ? {} : { warmupReadings: config.anomaly.warmupReadings }),
  };
  const windows = Object.fromEntries(
    RAW_TOPICS.map((topic) => [topic, new DedupWindow(config.dedup)]),
  ) as Record<RawTopic, DedupWindow>;

  const rawTopics = RAW_TOPICS.map((t) => topics[t]);
  let closing = false;
  const onBatch = createBatchHandler({
    database: deps.db,
    log: deps.log,
    logger,
    metrics,
    stats,
    config,
    topics,
    checkpoints,
    windows,
    pipelines: {
      'raw.positions': positionsConsumer(cache, geo),
      'raw.readings': readingsConsumer(cache, { ...geo, anomaly }),
      'raw.reports': reportsConsumer(geo),
    },
    isClosing: () => closing,
  });

  const consumers: Consumer[] = [];
  try {
    for (let i = 0; i < config.consumers; i++) {
      consumers.push(
        await deps.log.consumer({
          groupId: config.groupId,
          topics: rawTopics,
          startFrom: 'earliest',
          maxBatchSize: config.maxBatchSize,
          onBatch,
        }),
      );
    }
  } catch (error) {
    closing = true;
    await Promise.allSettled(consumers.map((c) => c.close()));
    throw error;
  }
  // Partitions each member had at its last alignment: a partition it gets later is aligned then.
  const aligned = new Map<Consumer, Set<string>>();
  async function align(): Promise<void> {
    for (const consumer of consumers) {
      const now = new Set(consumer.assignment().map((tp) => `${tp.topic}\u0000${tp.partition}`));
      const before = aligned.get(consumer) ?? new Set<string>();
      const fresh = new Set([...now].filter((k) => !before.has(k)));
      aligned.set(consumer, now);
      if (fresh.size === 0) continue;
      try {
        await alignWithDatabase({
          consumer,
          log: deps.log,
          checkpoints,
          topics: rawTopics,
          logger,
          only: fresh,
        });
      } catch (error) {
        aligned.set(consumer, before);
        throw error;
      }
    }
  }
  try {
    await align();
  } catch (error) {
    // Retried on the next tick of the lag refresh; the batch handler also rewinds on its own.
    logger.warn({ ...describeError(error) }, 'partitions not aligned with the database yet');
  }
  let operations: { close(): Promise<void> } | undefined;
  if (config.operations) {
    operations = await startOperations({
      database: deps.db,
      log: deps.log,
      logger,
      topics,
      groupId: config.groupId,
      sourceId: config.sourceId,
      placement: { extentKm: HAZARD_EXTENT_KM, ...config.incidents },
      publishRetry: config.publishRetry,
      maxBatchSize: config.maxBatchSize,
      tracking: config.tracking,
    });
  }
  const media = config.media
    ? await startMediaConsumer({
        database: deps.db,
        log: deps.log,
        logger,
        topics,
        groupId: config.groupId,
        sourceId: config.sourceId,
        publishRetry: config.publishRetry,
        maxBatchSize: config.maxBatchSize,
      })
    : undefined;
  const lag = startLagRefresh({
    log: deps.log,
    consumers: () => consumers,
    sources: RAW_TOPICS.map((t) => ({ topic: topics[t], label: t })),
    checkpoints,
    metrics,
    intervalMs: config.lagIntervalMs,
    logger,
    beforeTick: align,
  });
  const keyframes = config.keyframes.enabled
    ? startKeyframeJob(deps.db, config.keyframes, logger)
    : undefined;
  const retention = config.retention.enabled
    ? startRetentionJob(deps.db, config.retention, logger)
    : undefined;
  let detection: Detection | undefined;
  if (config.detection.enabled) {
    try {
      detection = await startDetection({
        database: deps.db,
        log: deps.log,
        logger,
        topics,
        groupId: `${config.groupId}.detection`,
        sourceId: config.sourceId,
        consumers: config.detection.consumers,
        maxBatchSize: config.maxBatchSize,
        refreshMs: config.detection.refreshMs,
        seedRules: config.detection.seedRules,
        publishRetry: config.publishRetry,
        validateOutput: config.validateOutput,
      });
    } catch (error) {
      closing = true;
      lag.stop();
      await Promise.allSettled(consumers.map((c) => c.close()));
      throw error;
    }
  }
  logger.info(
    {
      topics: RAW_TOPICS.map((t) => topics[t]),
      consumers: config.consumers,
      partitionsCheckpointed,
      assets: cache.assets.size,
      sensors: cache.sensors.size,
    },
    'processor started',
  );

  let closed: Promise<void> | undefined;
  return {
    config,
    topics,
    stats,
    detection,
    keyframes,
    retention,
    lag: () => lag.refresh(),
    close() {
      closed ??= (async () => {
        closing = true;
        lag.stop();
        await detection?.close();
        await Promise.all([keyframes?.stop(), retention?.stop()]);
        await Promise.all([...consumers.map((c) => c.close()), operations?.close(), media?.close()]);
        logger.info({ ...stats }, 'processor stopped');
      })();
      return closed;
    },
  };
}
