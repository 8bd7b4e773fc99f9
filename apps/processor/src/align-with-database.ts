/**
 * Puts a consumer where the database is. A partition resumes at the log's committed offset, which
 * normally equals the database checkpoint (the log is committed right after the database). When the
 * log is ahead — the database was restored from a backup, or rebuilt from scratch — the records in
 * between must be processed again, and when nothing new arrives no batch would ever reveal the gap:
 * so, once a member has its partitions, each one whose committed offset is past its checkpoint is
 * rewound to the checkpoint (the start of the log when there is none).
 */
import { isLogError } from '@vigie/bus/log';
import type { Consumer, Log } from '@vigie/bus/log';
import type { Logger } from 'pino';
import type { CheckpointStore } from './checkpoint-store';

export async function alignWithDatabase(options: {
  consumer: Consumer;
  log: Log;
  checkpoints: CheckpointStore;
  topics: readonly string[];
  logger: Logger;
  /** Only these partitions (`topic\0partition`); all assigned ones when absent. */
  only?: ReadonlySet<string>;
}): Promise<number> {
  const { consumer, checkpoints, logger } = options;
  const assigned = consumer
    .assignment()
    .filter((tp) => options.topics.includes(tp.topic))
    .filter((tp) => options.only === undefined || options.only.has(`${tp.topic}\u0000${tp.partition}`));
  if (assigned.length === 0) return 0;
  const committed = await options.log.committedOffsets(consumer.groupId, [
    ...new Set(assigned.map((tp) => tp.topic)),
  ]);
  let rewound = 0;
  for (const tp of assigned) {
    const offset =
      committed.find((c) => c.topic === tp.topic && c.partition === tp.partition)?.offset ?? null;
    if (offset === null) continue; // Starts from the beginning of the log anyway.
    const checkpoint = await checkpoints.get(tp.topic, tp.partition);
    const target = checkpoint.nextOffset ?? '0';
    if (BigInt(offset) <= BigInt(target)) continue;
    logger.warn(
      { topic: tp.topic, partition: tp.partition, committed: offset, checkpoint: target },
      'the log is ahead of the database checkpoint; rewinding to it',
    );
    try {
      await consumer.seek({ topic: tp.topic, partition: tp.partition, offset: target });
      rewound++;
    } catch (error) {
      // Moved to another member by a rebalance meanwhile: the new owner aligns it.
      if (!(isLogError(error) && error.code === 'NOT_ASSIGNED')) throw error;
    }
  }
  return rewound;
}
