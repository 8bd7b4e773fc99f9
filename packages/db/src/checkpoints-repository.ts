/**
 * Consumer checkpoints: the next offset to read per (group, topic, partition) and the detector state
 * that goes with it. The processor writes them with `saveCheckpoint(tx, …)` inside the transaction
 * that writes the rows produced from those messages, so after a crash the database and the offsets
 * agree: either both the rows and the new offset are there, or neither is.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from './database';
import { consumerCheckpoints } from './schema/stream';

export interface CheckpointDto {
  groupId: string;
  topic: string;
  partition: number;
  /** Next offset to consume, as a decimal string (Kafka offsets are 64-bit). */
  nextOffset: string;
  state: unknown;
  updatedAt: Date;
}

function toOffset(value: bigint | number | string): bigint {
  const offset = BigInt(value);
  if (offset < 0n) throw new RangeError(`offset must not be negative, got ${value}`);
  return offset;
}

/**
 * Stores the checkpoint of one partition, replacing the previous one. Pass the transaction that
 * holds the rows produced from the messages before `nextOffset`. Offsets may move backwards (a
 * deliberate seek or reset); the caller decides.
 */
export async function saveCheckpoint(
  tx: Db,
  groupId: string,
  topic: string,
  partition: number,
  nextOffset: bigint | number | string,
  state: unknown,
): Promise<void> {
  const offset = toOffset(nextOffset);
  const now = new Date();
  await tx
    .insert(consumerCheckpoints)
    .values({ groupId, topic, partition, nextOffset: offset, state: state ?? {}, updatedAt: now })
    .onConflictDoUpdate({
      target: [consumerCheckpoints.groupId, consumerCheckpoints.topic, consumerCheckpoints.partition],
      set: { nextOffset: offset, state: state ?? {}, updatedAt: now },
    });
}

/** Every partition checkpoint of a consumer group, by topic then partition. */
export async function loadCheckpoints(db: Db, groupId: string): Promise<CheckpointDto[]> {
  return db
    .select({
      groupId: consumerCheckpoints.groupId,
      topic: consumerCheckpoints.topic,
      partition: consumerCheckpoints.partition,
      // Read as text: exact on both drivers whatever the size.
      nextOffset: sql<string>`${consumerCheckpoints.nextOffset}::text`,
      state: consumerCheckpoints.state,
      updatedAt: consumerCheckpoints.updatedAt,
    })
    .from(consumerCheckpoints)
    .where(eq(consumerCheckpoints.groupId, groupId))
    .orderBy(asc(consumerCheckpoints.topic), asc(consumerCheckpoints.partition));
}

/** Forgets a group's checkpoints for one topic (e.g. after the topic was recreated). */
export async function deleteCheckpoints(db: Db, groupId: string, topic: string): Promise<number> {
  const deleted = await db
    .delete(consumerCheckpoints)
    .where(and(eq(consumerCheckpoints.groupId, groupId), eq(consumerCheckpoints.topic, topic)))
    .returning({ partition: consumerCheckpoints.partition });
  return deleted.length;
}
