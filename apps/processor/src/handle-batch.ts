/**
 * The batch handler every raw topic shares: the steps around the topic's own pipeline.
 *
 * 1. Align with the database: records below the partition's checkpoint are skipped (already in the
 *    database); a log position ahead of the checkpoint is rewound to it, so a restart resumes exactly
 *    where the database is, whatever offsets the log had committed.
 * 2. Validate each record; rejected ones are produced to `deadletter` (durably, before anything moves
 *    past them) and never stop the partition.
 * 3. Drop duplicates: envelope ids seen in the recent window or earlier in the batch.
 * 4. One transaction: drop events already stored, plan the batch (enrich, detect), write history and
 *    current state, advance the checkpoint from where this member believed it was (fenced) with the
 *    detector state patch. A row the database refuses as data is isolated (records one by one) and
 *    dead-lettered; a database that is down fails the batch, which the log delivers again after a
 *    backoff — nothing is acknowledged that is not in the database.
 * 5. After the commit: apply the in-memory state, publish live.* (retried while the log is down), then
 *    commit the offsets to the log (a convenience: the database checkpoint is the truth).
 */
import type { Consumer, Log, LogRecord, MessageBatch, ProduceRecord } from '@vigie/bus/log';
import { AppError } from '@vigie/contracts/errors';
import type { Database } from '@vigie/db/database';
import { advanceCheckpoint } from '@vigie/db/fenced-checkpoints-repository';
import type { DedupWindow } from '@vigie/domain/dedup-window';
import type { Logger } from 'pino';
import type { Rejection } from './build-dead-letter';
import { buildDeadLetter } from './build-dead-letter';
import { checkOutput } from './check-output';
import type { CheckpointStore, PartitionCheckpoint } from './checkpoint-store';
import { describeError, isDataError } from './database-error';
import type { RawTopic } from './decode-record';
import { decodeRecord } from './decode-record';
import type { ProcessorConfig } from './processor-config';
import type { ProcessorMetrics } from './processor-metrics';
import type { ProcessorStats } from './processor-stats';
import { produceAll, publishWithRetry } from './publish-records';
import type { TopicMap } from './topic-map';
import { catalogTopic } from './topic-map';
import type { AcceptedEvent, BatchPlan, TopicPipeline } from './topic-pipeline';

export interface BatchHandlerDependencies {
  readonly database: Database;
  readonly log: Log;
  readonly logger: Logger;
  readonly metrics: ProcessorMetrics;
  readonly stats: ProcessorStats;
  readonly config: ProcessorConfig;
  readonly topics: TopicMap;
  readonly pipelines: { readonly [Name in RawTopic]: TopicPipeline<Name> };
  readonly checkpoints: CheckpointStore;
  readonly windows: { readonly [Name in RawTopic]: DedupWindow };
  readonly isClosing: () => boolean;
}

function fenced(topic: string, partition: number): AppError {
  return new AppError(
    'CONFLICT',
    `the checkpoint of ${topic}/${partition} moved under this member; the batch is retried from it`,
  );
}

function isFenced(error: unknown): boolean {
  return error instanceof AppError && error.code === 'CONFLICT';
}

const plusOne = (offset: string) => (BigInt(offset) + 1n).toString();

export function createBatchHandler(deps: BatchHandlerDependencies) {
  const { database, log, metrics, stats, config, topics, checkpoints } = deps;

  async function deadLetter(records: readonly { record: LogRecord; rejection: Rejection }[]): Promise<void> {
    if (records.length === 0) return;
    const now = new Date();
    const context = { groupId: config.groupId, sourceId: config.sourceId, now };
    const out: ProduceRecord[] = records.map(({ record, rejection }) =>
      buildDeadLetter(record, rejection, context),
    );
    if (config.validateOutput) checkOutput('deadletter', out);
    await produceAll(log, topics.deadletter, out);
    stats.deadLettered += out.length;
  }

  /** Publishes live records (retrying while the log is down); resolves whether each topic got them. */
  function publishLive(
    entities: readonly ProduceRecord[],
    observations: readonly ProduceRecord[],
    logger: Logger,
  ): Promise<[boolean, boolean]> {
    if (config.validateOutput) {
      checkOutput('live.entities', entities);
      checkOutput('live.observations', observations);
    }
    const retry = { ...config.publishRetry, isClosing: deps.isClosing, logger };
    return Promise.all([
      entities.length === 0 ? true : publishWithRetry(log, topics['live.entities'], entities, retry),
      observations.length === 0
        ? true
        : publishWithRetry(log, topics['live.observations'], observations, retry),
    ]);
  }

  /** One transaction over `events`, moving the checkpoint to `next`; applies memory after the commit. */
  async function persist<Name extends RawTopic>(
    pipeline: TopicPipeline<Name>,
    checkpoint: PartitionCheckpoint,
    events: readonly AcceptedEvent<Name>[],
    next: string,
  ): Promise<BatchPlan> {
    const now = new Date();
    const { plan, stored, inserted } = await database.transaction(async (tx) => {
      const stored = await pipeline.stored(tx, events);
      const fresh = stored.size === 0 ? events : events.filter((e) => !stored.has(e.event.id));
      const plan = pipeline.plan(fresh, checkpoint, now);
      const { inserted } = await plan.write(tx);
      const advanced = await advanceCheckpoint(tx, {
        groupId: config.groupId,
        topic: checkpoint.topic,
        partition: checkpoint.partition,
        expected: checkpoint.nextOffset,
        nextOffset: next,
        statePatch: plan.statePatch,
      });
      if (!advanced) throw fenced(checkpoint.topic, checkpoint.partition);
      return { plan, stored, inserted };
    });
    plan.apply();
    checkpoints.advance(checkpoint, next, plan.statePatch);
    const committedAt = Date.now();
    const topic = pipeline.topic;
    const window = deps.windows[topic];
    for (const { event } of events) {
      window.add(event.id, committedAt);
      if (!stored.has(event.id)) {
        metrics.persistLatency.observe(
          { topic },
          Math.max(0, committedAt - Date.parse(event.receivedAt)) / 1000,
        );
      }
    }
    metrics.events.inc({ stage: 'persist', topic, outcome: 'ok' }, inserted);
    if (stored.size > 0) metrics.events.inc({ stage: 'persist', topic, outcome: 'duplicate' }, stored.size);
    for (const [outcome, count] of Object.entries(plan.outcomes)) {
      if (count > 0) metrics.events.inc({ stage: 'persist', topic, outcome }, count);
    }
    stats.persisted[topic] += inserted;
    stats.duplicates[topic] += stored.size + (plan.outcomes.duplicate ?? 0);
    return plan;
  }

  /** The isolation path: each record in its own transaction, refused ones dead-lettered. */
  async function persistOneByOne<Name extends RawTopic>(
    pipeline: TopicPipeline<Name>,
    checkpoint: PartitionCheckpoint,
    events: readonly AcceptedEvent<Name>[],
    batchNext: string,
    logger: Logger,
  ): Promise<BatchPlan[]> {
    const plans: BatchPlan[] = [];
    for (const accepted of events) {
      const next = plusOne(accepted.record.offset);
      try {
        plans.push(await persist(pipeline, checkpoint, [accepted], next));
      } catch (error) {
        if (!isDataError(error)) throw error;
        logger.warn(
          { offset: accepted.record.offset, eventId: accepted.event.id, ...describeError(error) },
          'the database refused a record; it goes to the dead-letter topic',
        );
        const message = error instanceof Error ? error.message : String(error);
        await deadLetter([
          {
            record: accepted.record,
            rejection: {
              code: 'VALIDATION_FAILED',
              message: `Refused by the database: ${message}`,
              issues: [{ path: '', message: message.slice(0, 1000), code: 'database' }],
            },
          },
        ]);
        metrics.events.inc({ stage: 'persist', topic: pipeline.topic, outcome: 'refused' });
        plans.push(await persist(pipeline, checkpoint, [], next));
      }
    }
    if (checkpoint.nextOffset !== batchNext) plans.push(await persist(pipeline, checkpoint, [], batchNext));
    return plans;
  }

  /**
   * Records below the checkpoint are in the database already; delivered again, they were maybe never
   * published (a crash between the commit and the publication). Their live records are published
   * again — the same ids, so a consumer that saw them drops the repeats.
   */
  async function republish<Name extends RawTopic>(
    pipeline: TopicPipeline<Name>,
    records: readonly LogRecord[],
    logger: Logger,
  ): Promise<void> {
    const events: AcceptedEvent<Name>[] = [];
    const seen = new Set<string>();
    for (const record of records) {
      const decoded = decodeRecord(pipeline.topic, record);
      if (!decoded.ok || seen.has(decoded.event.id)) continue;
      seen.add(decoded.event.id);
      events.push({ record, event: decoded.event });
    }
    if (events.length === 0) return;
    const live = await pipeline.recover(database.db, events, new Date());
    const [entitiesOk, observationsOk] = await publishLive(live.entities, live.observations, logger);
    const count = live.entities.length + live.observations.length;
    if (entitiesOk && observationsOk) stats.republished += count;
    metrics.events.inc({ stage: 'publish', topic: pipeline.topic, outcome: 'republished' }, count);
    logger.info(
      { records: records.length, entities: live.entities.length, observations: live.observations.length },
      'records already in the database delivered again; their live records are published again',
    );
  }

  async function commitLog(consumer: Consumer, batch: MessageBatch, logger: Logger): Promise<void> {
    try {
      await consumer.commit([{ topic: batch.topic, partition: batch.partition, offset: batch.nextOffset }]);
    } catch (error) {
      // The database checkpoint is the truth; the log's committed offset only saves re-reading.
      logger.debug({ ...describeError(error) }, 'offsets not committed to the log');
    }
  }

  async function handle<Name extends RawTopic>(
    pipeline: TopicPipeline<Name>,
    batch: MessageBatch,
    consumer: Consumer,
  ): Promise<void> {
    const topic = pipeline.topic;
    const first = batch.messages[0]!;
    const logger = deps.logger.child({
      topic: batch.topic,
      partition: batch.partition,
      offset: first.offset,
    });
    let checkpoint = await checkpoints.get(batch.topic, batch.partition);

    // 1. Align with the database checkpoint.
    const firstOffset = BigInt(first.offset);
    if (checkpoint.nextOffset !== null && firstOffset > BigInt(checkpoint.nextOffset)) {
      checkpoint = await checkpoints.reload(batch.topic, batch.partition);
    }
    const target = checkpoint.nextOffset ?? '0';
    if (firstOffset > BigInt(target)) {
      const offsets = await log.topicOffsets(batch.topic);
      const start = offsets.find((o) => o.partition === batch.partition)?.start ?? '0';
      if (BigInt(start) <= BigInt(target)) {
        logger.warn({ checkpoint: target }, 'the log is ahead of the database checkpoint; rewinding to it');
        await consumer.seek({ topic: batch.topic, partition: batch.partition, offset: target });
        return;
      }
      logger.warn(
        { checkpoint: target, logStart: start },
        'records between the checkpoint and the start of the log were deleted by retention; going on',
      );
    } else if (BigInt(target) - firstOffset > BigInt(config.maxBatchSize)) {
      metrics.events.inc({ stage: 'decode', topic, outcome: 'skipped' }, batch.messages.length);
      await consumer.seek({ topic: batch.topic, partition: batch.partition, offset: target });
      return;
    }
    const below = checkpoint.nextOffset === null ? -1n : BigInt(checkpoint.nextOffset);
    const records = batch.messages.filter((m) => BigInt(m.offset) >= below);
    if (records.length < batch.messages.length) {
      const redelivered = batch.messages.filter((m) => BigInt(m.offset) < below);
      metrics.events.inc({ stage: 'decode', topic, outcome: 'skipped' }, redelivered.length);
      await republish(pipeline, redelivered, logger);
    }
    if (records.length === 0) {
      await commitLog(consumer, batch, logger);
      return;
    }
    const started = performance.now();
    stats.firstBatchAt ??= Date.now();

    // 2. Validate. 3. Deduplicate.
    const now = Date.now();
    const window = deps.windows[topic];
    const accepted: AcceptedEvent<Name>[] = [];
    const rejected: { record: LogRecord; rejection: Rejection }[] = [];
    const inBatch = new Set<string>();
    let duplicates = 0;
    let keyMismatches = 0;
    for (const record of records) {
      const decoded = decodeRecord(topic, record);
      if (!decoded.ok) {
        rejected.push({ record, rejection: decoded });
        continue;
      }
      if (!decoded.keyMatches) keyMismatches++;
      const id = decoded.event.id;
      if (inBatch.has(id) || window.has(id, now)) {
        duplicates++;
        continue;
      }
      inBatch.add(id);
      accepted.push({ record, event: decoded.event });
    }
    metrics.events.inc({ stage: 'decode', topic, outcome: 'ok' }, records.length - rejected.length);
    if (rejected.length > 0)
      metrics.events.inc({ stage: 'decode', topic, outcome: 'invalid' }, rejected.length);
    if (keyMismatches > 0)
      metrics.events.inc({ stage: 'decode', topic, outcome: 'key_mismatch' }, keyMismatches);
    metrics.events.inc({ stage: 'dedup', topic, outcome: 'unique' }, accepted.length);
    if (duplicates > 0) metrics.events.inc({ stage: 'dedup', topic, outcome: 'duplicate' }, duplicates);
    stats.duplicates[topic] += duplicates;

    const fresh = rejected.filter(
      ({ record }) => BigInt(record.offset) >= (checkpoint.deadLetteredBelow ?? 0n),
    );
    if (fresh.length > 0) {
      for (const { record, rejection } of fresh) {
        logger.info(
          { offset: record.offset, code: rejection.code, reason: rejection.message },
          'record rejected to the dead-letter topic',
        );
      }
      await deadLetter(fresh);
      metrics.events.inc({ stage: 'deadletter', topic, outcome: 'ok' }, fresh.length);
    }
    checkpoint.deadLetteredBelow = BigInt(batch.nextOffset);

    // 4. Persist.
    if (checkpoint.stale && accepted.length > 0) {
      await pipeline.refresh(database.db, accepted);
      checkpoint.stale = false;
    }
    let plans: BatchPlan[];
    try {
      plans = [await persist(pipeline, checkpoint, accepted, batch.nextOffset)];
    } catch (error) {
      if (isFenced(error)) {
        metrics.retries.inc({ topic, reason: 'fenced' });
        logger.warn({ ...describeError(error) }, 'checkpoint moved by another member; reloading it');
        await checkpoints.reload(batch.topic, batch.partition);
        throw error;
      }
      if (!isDataError(error)) {
        metrics.retries.inc({ topic, reason: 'database' });
        logger.warn({ ...describeError(error) }, 'batch not persisted; it will be delivered again');
        throw error;
      }
      logger.warn(
        { ...describeError(error) },
        'the database refused the batch; isolating the offending records',
      );
      plans = await persistOneByOne(pipeline, checkpoint, accepted, batch.nextOffset, logger);
    }

    // 5. Publish, then commit the log.
    const entities = plans.flatMap((p) => p.entities);
    const observations = plans.flatMap((p) => p.observations);
    const [entitiesOk, observationsOk] = await publishLive(entities, observations, logger);
    if (entitiesOk) stats.published.entities += entities.length;
    if (observationsOk) stats.published.observations += observations.length;
    metrics.events.inc(
      { stage: 'publish', topic, outcome: entitiesOk && observationsOk ? 'ok' : 'failed' },
      entities.length + observations.length,
    );
    await commitLog(consumer, batch, logger);

    const seconds = (performance.now() - started) / 1000;
    metrics.batchSize.observe({ topic }, records.length);
    metrics.batchDuration.observe({ topic }, seconds);
    stats.batches++;
    stats.lastBatchAt = Date.now();
    logger.debug(
      {
        records: records.length,
        accepted: accepted.length,
        rejected: rejected.length,
        duplicates,
        entities: entities.length,
        observations: observations.length,
        ms: Math.round(seconds * 1000),
      },
      'batch persisted',
    );
  }

  return async function onBatch(batch: MessageBatch, consumer: Consumer): Promise<void> {
    const name = catalogTopic(topics, batch.topic);
    if (name !== 'raw.positions' && name !== 'raw.readings' && name !== 'raw.reports') {
      deps.logger.error(
        { topic: batch.topic, partition: batch.partition },
        'batch from a topic the processor does not read',
      );
      return;
    }
    // A union of pipelines cannot be called with a union of events; each branch is typed on its own.
    if (name === 'raw.positions') await handle(deps.pipelines['raw.positions'], batch, consumer);
    else if (name === 'raw.readings') await handle(deps.pipelines['raw.readings'], batch, consumer);
    else await handle(deps.pipelines['raw.reports'], batch, consumer);
  };
}
