/**
 * Starts the processor's operational consumers in a consumer group of their own
 * (`<groupId>.operations`): live.alerts → incidents, commands, raw.inventory → stock; and dispatch
 * tracking on live.entities (`<groupId>.tracking`).
 */
import type { Consumer, Log } from '@vigie/bus/log';
import type { Database } from '@vigie/db/database';
import type { PlacementOptions } from '@vigie/domain/incidents/place-alert';
import type { Logger } from 'pino';
import { CheckpointStore } from '../checkpoint-store';
import { commandsConsumer } from '../commands/commands.consumer';
import { inventoryConsumer } from '../commands/inventory.consumer';
import type { TopicMap } from '../topic-map';
import { alertsConsumer } from './alerts.consumer';
import { createTopicBatchHandler } from './run-topic-consumer';
import type { TrackingOptions } from './track-dispatches.consumer';
import { startDispatchTracking } from './track-dispatches.consumer';

export interface OperationsDeps {
  database: Database;
  log: Log;
  logger: Logger;
  topics: TopicMap;
  groupId: string;
  sourceId: string;
  placement: PlacementOptions;
  publishRetry: { initialMs: number; maxMs: number };
  maxBatchSize: number;
  tracking: TrackingOptions & { enabled: boolean };
}

export async function startOperations(deps: OperationsDeps): Promise<{ close(): Promise<void> }> {
  const groupId = `${deps.groupId}.operations`;
  const logger = deps.logger.child({ component: 'operations', groupId });
  const checkpoints = new CheckpointStore(deps.database, groupId);
  await checkpoints.preload();
  let closing = false;
  const tracking = deps.tracking.enabled
    ? await startDispatchTracking({
        database: deps.database,
        log: deps.log,
        logger: deps.logger,
        topics: deps.topics,
        groupId: deps.groupId,
        sourceId: deps.sourceId,
        publishRetry: deps.publishRetry,
        maxBatchSize: deps.maxBatchSize,
        options: deps.tracking,
      })
    : undefined;
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
    [
      alertsConsumer({ placement: deps.placement, sourceId: deps.sourceId }),
      commandsConsumer({ sourceId: deps.sourceId, onDispatch: () => tracking?.invalidate() }),
      inventoryConsumer(),
    ],
  );
  let consumer: Consumer;
  try {
    consumer = await deps.log.consumer({
      groupId,
      topics: [deps.topics['live.alerts'], deps.topics.commands, deps.topics['raw.inventory']],
      startFrom: 'earliest',
      maxBatchSize: Math.min(deps.maxBatchSize, 500),
      onBatch,
    });
  } catch (error) {
    await tracking?.close();
    throw error;
  }
  logger.info('operational consumers started (alerts → incidents, commands, inventory)');
  return {
    async close() {
      closing = true;
      await Promise.all([consumer.close(), tracking?.close()]);
    },
  };
}
