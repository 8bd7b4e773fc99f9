/**
 * Creates every topic of the contracts catalog that does not exist yet, with the configured partition
 * count and the catalog's compaction flag. Topics that exist are left as they are (whoever created
 * them chose their partitions).
 */
import { isLogError } from '@vigie/bus/log';
import type { Log } from '@vigie/bus/log';
import { topicNames, topics as catalog } from '@vigie/contracts/topics';
import type { Logger } from 'pino';
import type { TopicMap } from './topic-map';

async function partitionsOf(log: Log, name: string): Promise<number | null> {
  try {
    return (await log.topicOffsets(name)).length;
  } catch (error) {
    if (isLogError(error) && error.code === 'UNKNOWN_TOPIC') return null;
    throw error;
  }
}

export async function ensureTopics(
  log: Log,
  map: TopicMap,
  partitions: number,
  logger: Logger,
): Promise<void> {
  for (const name of topicNames) {
    const topic = map[name];
    const existing = await partitionsOf(log, topic);
    if (existing !== null) {
      if (existing !== partitions)
        logger.info({ topic, partitions: existing }, 'topic exists with its own partition count');
      continue;
    }
    try {
      await log.createTopics([{ name: topic, partitions, compacted: catalog[name].compacted }]);
      logger.debug({ topic, partitions, compacted: catalog[name].compacted }, 'topic created');
    } catch (error) {
      // Created meanwhile by another app with another partition count: use it as it is.
      if (!(isLogError(error) && error.code === 'TOPIC_MISMATCH')) throw error;
      logger.info({ topic }, 'topic created meanwhile by another app');
    }
  }
}
