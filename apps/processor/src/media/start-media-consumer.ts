/**
 * Starts the raw.media consumer in a consumer group of its own (`<groupId>.media`): media rows are
 * written in the same transaction as the group's checkpoint; invalid events go to `deadletter`.
 */
import type { Consumer, Log } from '@vigie/bus/log';
import type { Database } from '@vigie/db/database';
import type { Logger } from 'pino';
import { CheckpointStore } from '../checkpoint-store';
import { createTopicBatchHandler } from '../incidents/run-topic-consumer';
import type { TopicMap } from '../topic-map';
import { mediaConsumer } from './media.consumer';

export interface MediaConsumerDeps {
  database: Database;
  log: Log;
  logger: Logger;
  topics: TopicMap;
  groupId: string;
  sourceId: string;
  publishRetry: { initialMs: number; maxMs: number };
  maxBatchSize: number;
}

export async function startMediaConsumer(deps: MediaConsumerDeps): Promise<{ close(): Promise<void> }> {
  const groupId = `${deps.groupId}.media`;
  const logger = deps.logger.child({ component: 'media', groupId });
  const checkpoints = new CheckpointStore(deps.database, groupId);
  await checkpoints.preload();
  let closing = false;
  const onBatch = createTopicBatchHandler(
    {
      database: deps.database,
      log: deps.log,
      logger,
      topics: deps.topics,
      checkpoints,
      groupId,
      sourceId: deps.sourceId,
      publishRetry: deps.publishRetry,
      isClosing: () => closing,
    },
    [mediaConsumer()],
  );
  const consumer: Consumer = await deps.log.consumer({
    groupId,
    topics: [deps.topics['raw.media']],
    startFrom: 'earliest',
    maxBatchSize: Math.min(deps.maxBatchSize, 500),
    onBatch,
  });
  logger.info('media consumer started');
  return {
    async close() {
      closing = true;
      await consumer.close();
    },
  };
}
