/**
 * The topics ingest writes to, under the configured prefix, and their creation when missing. Topics
 * that exist already are left exactly as they are (whoever created them chose their partitions).
 */
import { isLogError } from '@vigie/bus/log';
import type { Log, TopicSpec } from '@vigie/bus/log';
import type { IngestConfig } from './ingest-config';

/** Logical topics ingest produces to. */
export const INGEST_TOPICS = [
  'raw.positions',
  'raw.readings',
  'raw.reports',
  'raw.alerts',
  'raw.inventory',
  'raw.media',
  'deadletter',
] as const;
export type IngestTopicName = (typeof INGEST_TOPICS)[number];

/** The name of a logical topic on the log: `topicPrefix` + name. */
export function topicOnLog(config: Pick<IngestConfig, 'topicPrefix'>, topic: IngestTopicName): string {
  return `${config.topicPrefix}${topic}`;
}

async function exists(log: Log, name: string): Promise<boolean> {
  try {
    await log.topicOffsets(name);
    return true;
  } catch (error) {
    if (isLogError(error) && error.code === 'UNKNOWN_TOPIC') return false;
    throw error;
  }
}

/** Creates the ingest topics that do not exist yet (`topicPartitions` partitions each). */
export async function ensureIngestTopics(
  log: Log,
  config: Pick<IngestConfig, 'topicPrefix' | 'topicPartitions'>,
): Promise<void> {
  const missing: TopicSpec[] = [];
  for (const topic of INGEST_TOPICS) {
    const name = topicOnLog(config, topic);
    if (!(await exists(log, name))) missing.push({ name, partitions: config.topicPartitions });
  }
  if (missing.length > 0) await log.createTopics(missing);
}
