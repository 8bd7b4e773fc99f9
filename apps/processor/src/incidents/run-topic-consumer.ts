/**
 * The batch loop of the processor's operational consumers (alerts → incidents, commands, inventory,
 * dispatch tracking). Per batch of one partition:
 * 1. records below the partition's database checkpoint are skipped (their effects are stored);
 * 2. each record is validated against its contract; invalid ones go to `deadletter`;
 * 3. one transaction handles every event, each in a savepoint: an event the database refuses as data
 *    is rolled back alone and dead-lettered, and so is an event its handler rejects; the checkpoint
 *    moves in the same transaction, fenced like the raw topics' (`advanceCheckpoint`);
 * 4. after the commit, in-memory changes are applied, live records and dead letters are produced
 *    (retried while the log is down), and the offsets are committed to the log.
 */
import type { Consumer, Log, LogRecord, MessageBatch, ProduceRecord } from '@vigie/bus/log';
import { AppError } from '@vigie/contracts/errors';
import type { ErrorCode } from '@vigie/contracts/errors';
import { decodeTopicMessage } from '@vigie/contracts/topics';
import type { TopicMessage, TopicName } from '@vigie/contracts/topics';
import type { Database, Db } from '@vigie/db/database';
import { advanceCheckpoint } from '@vigie/db/fenced-checkpoints-repository';
import type { Logger } from 'pino';
import { buildDeadLetter } from '../build-dead-letter';
import type { CheckpointStore } from '../checkpoint-store';
import { describeError, isDataError } from '../database-error';
import { publishWithRetry } from '../publish-records';
import type { TopicMap } from '../topic-map';
import { catalogTopic } from '../topic-map';

export interface Outgoing {
  topic: TopicName;
  record: ProduceRecord;
}

/** What handling one event gave: records to publish, or a rejection for the dead-letter topic. */
export interface HandlerResult {
  publish?: Outgoing[];
  /** Applied only after the transaction committed. */
  after?: () => void;
  rejection?: { code: ErrorCode; message: string };
}

export interface TopicHandler<Name extends TopicName = TopicName> {
  readonly topic: Name;
  /** Before each batch, outside the transaction (refresh caches). */
  beforeBatch?(db: Db): Promise<void>;
  /** Handles one event inside the batch's transaction (a savepoint of it). */
  handle(tx: Db, event: TopicMessage<Name>, record: LogRecord, now: Date): Promise<HandlerResult>;
}

/** Thrown inside a handler's savepoint to roll its writes back and reject the event with a reason. */
export class HandlerRejection extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface TopicConsumerDeps {
  database: Database;
  log: Log;
  logger: Logger;
  topics: TopicMap;
  checkpoints: CheckpointStore;
  groupId: string;
  sourceId: string;
  publishRetry: { initialMs: number; maxMs: number };
  isClosing: () => boolean;
}

type AnyHandler = { [Name in TopicName]: TopicHandler<Name> }[TopicName];

export function createTopicBatchHandler(deps: TopicConsumerDeps, handlers: readonly AnyHandler[]) {
  const byTopic = new Map<TopicName, AnyHandler>(handlers.map((h) => [h.topic, h]));

  async function run<Name extends TopicName>(
    handler: TopicHandler<Name>,
    batch: MessageBatch,
    consumer: Consumer,
  ): Promise<void> {
    const logger = deps.logger.child({ topic: batch.topic, partition: batch.partition });
    const checkpoint = await deps.checkpoints.get(batch.topic, batch.partition);
    const below = checkpoint.nextOffset === null ? -1n : BigInt(checkpoint.nextOffset);
    const records = batch.messages.filter((m) => BigInt(m.offset) >= below);
    const deadLetters: ProduceRecord[] = [];
    const now = new Date();
    const context = { groupId: deps.groupId, sourceId: deps.sourceId, now };
    const valid: { record: LogRecord; event: TopicMessage<Name> }[] = [];
    for (const record of records) {
      const decoded = decodeTopicMessage(handler.topic, record.value);
      if (decoded.ok) valid.push({ record, event: decoded.message });
      else deadLetters.push(buildDeadLetter(record, { ...decoded, message: decoded.summary }, context));
    }
    if (records.length > 0) {
      if (handler.beforeBatch !== undefined && valid.length > 0) await handler.beforeBatch(deps.database.db);
      const outcome = await deps.database.transaction(async (tx) => {
        const publish: Outgoing[] = [];
        const afters: (() => void)[] = [];
        for (const { record, event } of valid) {
          let result: HandlerResult;
          try {
            result = await tx.transaction((sp) => handler.handle(sp, event, record, now));
          } catch (error) {
            if (error instanceof HandlerRejection) {
              result = { rejection: { code: error.code, message: error.message } };
            } else if (isDataError(error)) {
              logger.warn(
                { offset: record.offset, ...describeError(error) },
                'event refused by the database',
              );
              const message = error instanceof Error ? error.message : String(error);
              result = {
                rejection: { code: 'VALIDATION_FAILED', message: `Refused by the database: ${message}` },
              };
            } else {
              throw error;
            }
          }
          if (result.rejection !== undefined) {
            logger.info({ offset: record.offset, reason: result.rejection.message }, 'event rejected');
            deadLetters.push(
              buildDeadLetter(
                record,
                {
                  ...result.rejection,
                  issues: [{ path: '', message: result.rejection.message.slice(0, 1000) }],
                },
                context,
              ),
            );
          }
          publish.push(...(result.publish ?? []));
          if (result.after !== undefined) afters.push(result.after);
        }
        const advanced = await advanceCheckpoint(tx, {
          groupId: deps.groupId,
          topic: batch.topic,
          partition: batch.partition,
          expected: checkpoint.nextOffset,
          nextOffset: batch.nextOffset,
        });
        if (!advanced) {
          throw new AppError(
            'CONFLICT',
            `the checkpoint of ${batch.topic}/${batch.partition} moved under this member`,
          );
        }
        return { publish, afters };
      });
      deps.checkpoints.advance(checkpoint, batch.nextOffset, {});
      for (const after of outcome.afters) after();
      const retry = { ...deps.publishRetry, isClosing: deps.isClosing, logger };
      const byName = new Map<TopicName, ProduceRecord[]>();
      for (const out of outcome.publish)
        byName.set(out.topic, [...(byName.get(out.topic) ?? []), out.record]);
      for (const [name, out] of byName) await publishWithRetry(deps.log, deps.topics[name], out, retry);
      if (deadLetters.length > 0)
        await publishWithRetry(deps.log, deps.topics.deadletter, deadLetters, retry);
    }
    try {
      await consumer.commit([{ topic: batch.topic, partition: batch.partition, offset: batch.nextOffset }]);
    } catch (error) {
      logger.debug({ ...describeError(error) }, 'offsets not committed to the log');
    }
  }

  return async function onBatch(batch: MessageBatch, consumer: Consumer): Promise<void> {
    const name = catalogTopic(deps.topics, batch.topic);
    const handler = name === undefined ? undefined : byTopic.get(name);
    if (handler === undefined) {
      deps.logger.error({ topic: batch.topic }, 'batch from a topic no operational consumer reads');
      return;
    }
    try {
      await run(handler as TopicHandler, batch, consumer);
    } catch (error) {
      if (error instanceof AppError && error.code === 'CONFLICT')
        await deps.checkpoints.reload(batch.topic, batch.partition);
      throw error;
    }
  };
}
