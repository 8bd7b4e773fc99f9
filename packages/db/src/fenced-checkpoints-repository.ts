/**
 * Checkpoints that move only from where the writer believes they are, with detector state merged
 * rather than replaced. The stream processor advances a partition's checkpoint in the transaction
 * that writes the rows of a batch:
 * - fencing: the update applies only when the stored next offset is still the one the processor
 *   started the batch from, so a member that lost the partition to another (a rebalance it did not
 *   notice yet) cannot move the checkpoint back or past rows it did not write: its transaction is
 *   rolled back instead;
 * - state patch: only the keys the batch changed are sent and merged into the stored JSON object
 *   (`state || patch`, keys set to null are removed), so checkpointing stays proportional to the
 *   batch, not to the number of sensors a partition has seen.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from './database';
import { consumerCheckpoints } from './schema/stream';
import { queryRows } from './sql-rows';

export interface AdvanceCheckpointInput {
  groupId: string;
  topic: string;
  partition: number;
  /** Next offset the writer read from the checkpoint; null when it found none. */
  expected: string | null;
  /** New next offset (decimal string). */
  nextOffset: string;
  /** Keys of the state object to set; a null value removes the key. */
  statePatch?: Record<string, unknown>;
}

function checkOffset(value: string, what: string): bigint {
  if (!/^\d{1,20}$/.test(value)) throw new RangeError(`${what} must be a decimal offset, got ${value}`);
  return BigInt(value);
}

/**
 * Moves a partition's checkpoint from `expected` to `nextOffset` and merges `statePatch` into its
 * state. Returns false, changing nothing, when the stored checkpoint is not at `expected` (another
 * writer moved it, or created it while `expected` is null): the caller should roll back.
 */
export async function advanceCheckpoint(tx: Db, input: AdvanceCheckpointInput): Promise<boolean> {
  const next = checkOffset(input.nextOffset, 'nextOffset');
  const expected = input.expected === null ? null : checkOffset(input.expected, 'expected');
  const patch: Record<string, unknown> = {};
  const removed: string[] = [];
  for (const [key, value] of Object.entries(input.statePatch ?? {})) {
    if (value === null || value === undefined) removed.push(key);
    else patch[key] = value;
  }
  const patchJson = JSON.stringify(patch);
  if (expected === null) {
    const rows = await queryRows<{ ok: number }>(
      tx,
      sql`
        INSERT INTO consumer_checkpoints (group_id, topic, partition, next_offset, state, updated_at)
        VALUES (${input.groupId}, ${input.topic}, ${input.partition}, ${next.toString()}::bigint,
                ${patchJson}::jsonb, now())
        ON CONFLICT (group_id, topic, partition) DO NOTHING
        RETURNING 1 AS ok
      `,
    );
    return rows.length === 1;
  }
  const rows = await queryRows<{ ok: number }>(
    tx,
    sql`
      UPDATE consumer_checkpoints
      SET next_offset = ${next.toString()}::bigint,
          state = (CASE WHEN jsonb_typeof(state) = 'object' THEN state ELSE '{}'::jsonb END
                   - ${sql.param(removed)}::text[]) || ${patchJson}::jsonb,
          updated_at = now()
      WHERE group_id = ${input.groupId} AND topic = ${input.topic} AND partition = ${input.partition}
        AND next_offset = ${expected.toString()}::bigint
      RETURNING 1 AS ok
    `,
  );
  return rows.length === 1;
}

export interface PartitionCheckpoint {
  /** Next offset to consume, as a decimal string. */
  nextOffset: string;
  state: Record<string, unknown>;
}

/** The checkpoint of one partition, or null when the group never checkpointed it. */
export async function loadPartitionCheckpoint(
  db: Db,
  groupId: string,
  topic: string,
  partition: number,
): Promise<PartitionCheckpoint | null> {
  const [row] = await db
    .select({
      nextOffset: sql<string>`${consumerCheckpoints.nextOffset}::text`,
      state: consumerCheckpoints.state,
    })
    .from(consumerCheckpoints)
    .where(
      and(
        eq(consumerCheckpoints.groupId, groupId),
        eq(consumerCheckpoints.topic, topic),
        eq(consumerCheckpoints.partition, partition),
      ),
    )
    .limit(1);
  if (row === undefined) return null;
  const state = row.state;
  return {
    nextOffset: row.nextOffset,
    state:
      typeof state === 'object' && state !== null && !Array.isArray(state)
        ? (state as Record<string, unknown>)
        : {},
  };
}
