/**
 * The batch handler of detection, shared by its topics (live.observations, live.entities, raw.alerts),
 * in a consumer group of its own with its own checkpoints:
 * 1. records below the partition's checkpoint are skipped; a log ahead of it is rewound to it;
 * 2. each record is checked against its contract; rejected ones go to `deadletter`;
 * 3. one transaction: the stage's writes (alerts, zones), the corroboration of the alerts written
 *    against the recent alerts near them, and the checkpoint advanced from where this member believed
 *    it was, with the detector state patch — state and offsets move together;
 * 4. after the commit: the in-memory changes, the alert states published on live.alerts, the log's
 *    offsets committed.
 * A stage whose plans read in-memory state shared by the partitions of this process (`exclusive`) has
 * its batches planned, written and applied one at a time: each plan sees every batch committed before.
 */
import type { Consumer, Log, LogRecord, MessageBatch } from '@vigie/bus/log';
import { AppError } from '@vigie/contracts/errors';
import type { TLiveAlertV1 } from '@vigie/contracts/live-alerts';
import { decodeTopicMessage } from '@vigie/contracts/topics';
import type { TopicMessage } from '@vigie/contracts/topics';
import type { Database, Db } from '@vigie/db/database';
import { advanceCheckpoint } from '@vigie/db/fenced-checkpoints-repository';
import type { Logger } from 'pino';
import type { Rejection } from '../build-dead-letter';
import { buildDeadLetter } from '../build-dead-letter';
import { checkOutput } from '../check-output';
import type { CheckpointStore } from '../checkpoint-store';
import { describeError } from '../database-error';
import { produceAll, publishWithRetry } from '../publish-records';
import type { TopicMap } from '../topic-map';
import { catalogTopic } from '../topic-map';
import { alertRecord } from './build-alert-record';
import type { DetectionStage, DetectionTopic } from './detection-stage';

export interface DetectionStats {
  batches: number;
  alerts: number;
  deadLettered: number;
}

export interface DetectionHandlerDependencies {
  readonly database: Database;
  readonly log: Log;
  readonly logger: Logger;
  readonly groupId: string;
  readonly sourceId: string;
  readonly topics: TopicMap;
  readonly checkpoints: CheckpointStore;
  readonly stages: { readonly [Name in DetectionTopic]: DetectionStage<Name> };
  readonly publishRetry: { initialMs: number; maxMs: number };
  readonly validateOutput: boolean;
  readonly stats: DetectionStats;
  readonly isClosing: () => boolean;
  /** Called with every alert state published (corroboration, metrics). */
  readonly onAlerts?: (alerts: readonly TLiveAlertV1[]) => void;
  /** Weighs the alerts a batch wrote against the alerts near them, in the batch's transaction. */
  readonly corroborate?: (tx: Db, alerts: readonly TLiveAlertV1[]) => Promise<TLiveAlertV1[]>;
}

export function createDetectionHandler(deps: DetectionHandlerDependencies) {
  const { database, log, topics, checkpoints, stats } = deps;

  async function deadLetter(rejected: readonly { record: LogRecord; rejection: Rejection }[]): Promise<void> {
    if (rejected.length === 0) return;
    const context = { groupId: deps.groupId, sourceId: deps.sourceId, now: new Date() };
    const out = rejected.map(({ record, rejection }) => buildDeadLetter(record, rejection, context));
    if (deps.validateOutput) checkOutput('deadletter', out);
    await produceAll(log, topics.deadletter, out);
    stats.deadLettered += out.length;
  }

  async function handle<Name extends DetectionTopic>(
    stage: DetectionStage<Name>,
    batch: MessageBatch,
    consumer: Consumer,
  ): Promise<void> {
    const first = batch.messages[0]!;
    const logger = deps.logger.child({
      topic: batch.topic,
      partition: batch.partition,
      offset: first.offset,
    });
    let checkpoint = await checkpoints.get(batch.topic, batch.partition);
    if (checkpoint.nextOffset !== null && BigInt(first.offset) > BigInt(checkpoint.nextOffset)) {
      checkpoint = await checkpoints.reload(batch.topic, batch.partition);
    }
    const target = BigInt(checkpoint.nextOffset ?? '0');
    if (BigInt(first.offset) > target) {
      const offsets = await log.topicOffsets(batch.topic);
      const start = offsets.find((o) => o.partition === batch.partition)?.start ?? '0';
      if (BigInt(start) <= target) {
        await consumer.seek({ topic: batch.topic, partition: batch.partition, offset: target.toString() });
        return;
      }
    }
    const records = batch.messages.filter((m) => BigInt(m.offset) >= target);
    if (records.length === 0) return;

    const accepted: { record: LogRecord; event: TopicMessage<Name> }[] = [];
    const invalid: { record: LogRecord; rejection: Rejection }[] = [];
    for (const record of records) {
      const parsed = decodeTopicMessage(stage.topic, record.value);
      if (parsed.ok) accepted.push({ record, event: parsed.message });
      else
        invalid.push({
          record,
          rejection: { code: parsed.code, message: parsed.summary, issues: parsed.issues },
        });
    }
    const now = new Date();
    // A stage whose plans read state shared by this process's partitions holds its lock until applied.
    const release = await stage.exclusive?.(accepted);
    const { alerts, rejected } = await (async () => {
      const plan = stage.plan(accepted, checkpoint, now);
      const expected = checkpoint.nextOffset;
      const written = await database
        .transaction(async (tx) => {
          const written = await plan.write(tx);
          if (deps.corroborate !== undefined && written.alerts.length > 0) {
            written.alerts.push(...(await deps.corroborate(tx, written.alerts)));
          }
          const advanced = await advanceCheckpoint(tx, {
            groupId: deps.groupId,
            topic: batch.topic,
            partition: batch.partition,
            expected,
            nextOffset: batch.nextOffset,
            statePatch: plan.statePatch,
          });
          if (!advanced) {
            throw new AppError(
              'CONFLICT',
              `the checkpoint of ${batch.topic}/${batch.partition} moved under this member`,
            );
          }
          return written;
        })
        .catch(async (error: unknown) => {
          if (error instanceof AppError && error.code === 'CONFLICT')
            await checkpoints.reload(batch.topic, batch.partition);
          logger.warn(
            { ...describeError(error) },
            'detection batch not persisted; it will be delivered again',
          );
          throw error;
        });
      plan.apply();
      checkpoints.advance(checkpoint, batch.nextOffset, plan.statePatch);
      return written;
    })().finally(() => release?.());
    // Dead letters after the commit: a retried batch produces the same ids, consumers drop repeats.
    await deadLetter([...invalid, ...rejected]);
    for (const { record, rejection } of [...invalid, ...rejected])
      logger.info(
        { offset: record.offset, code: rejection.code, reason: rejection.message },
        'record rejected to the dead-letter topic',
      );

    if (alerts.length > 0) {
      const out = alerts.map((a) => alertRecord(a, { sourceId: deps.sourceId, now }));
      if (deps.validateOutput) checkOutput('live.alerts', out);
      const ok = await publishWithRetry(log, topics['live.alerts'], out, {
        ...deps.publishRetry,
        isClosing: deps.isClosing,
        logger,
      });
      if (ok) stats.alerts += out.length;
      deps.onAlerts?.(alerts);
      logger.debug({ alerts: alerts.map((a) => `${a.kind}:${a.status}:${a.alertId}`) }, 'alerts published');
    }
    try {
      await consumer.commit([{ topic: batch.topic, partition: batch.partition, offset: batch.nextOffset }]);
    } catch (error) {
      logger.debug({ ...describeError(error) }, 'offsets not committed to the log');
    }
    stats.batches++;
  }

  return async function onBatch(batch: MessageBatch, consumer: Consumer): Promise<void> {
    const name = catalogTopic(topics, batch.topic);
    if (name === 'live.observations') await handle(deps.stages['live.observations'], batch, consumer);
    else if (name === 'live.entities') await handle(deps.stages['live.entities'], batch, consumer);
    else if (name === 'raw.alerts') await handle(deps.stages['raw.alerts'], batch, consumer);
    else deps.logger.error({ topic: batch.topic }, 'batch from a topic detection does not read');
  };
}
