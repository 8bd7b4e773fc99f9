/**
 * The processor's view of its checkpoints in the database: per (topic, partition), the next offset to
 * process and the partition's detector state. Loaded when the processor starts, reloaded when the
 * database disagrees (another member moved it), and advanced in memory only after the transaction
 * that advanced it in the database has committed.
 */
import type { Database } from '@vigie/db/database';
import { loadCheckpoints } from '@vigie/db/checkpoints-repository';
import { loadPartitionCheckpoint } from '@vigie/db/fenced-checkpoints-repository';

export interface PartitionCheckpoint {
  readonly topic: string;
  readonly partition: number;
  /** Next offset to process, or null when the group never checkpointed this partition. */
  nextOffset: string | null;
  /** Detector state of the partition (JSON values by key), as stored in the database. */
  readonly state: Map<string, unknown>;
  /** Rejected records below this offset were already dead-lettered by this process. */
  deadLetteredBelow?: bigint;
  /**
   * Read from the database after this process started: another process may have handled the
   * partition, so the entities of its next batch are read again before it is planned.
   */
  stale: boolean;
}

function stateMap(state: unknown): Map<string, unknown> {
  if (typeof state !== 'object' || state === null || Array.isArray(state)) return new Map();
  return new Map(Object.entries(state as Record<string, unknown>));
}

export class CheckpointStore {
  private readonly entries = new Map<string, PartitionCheckpoint>();

  constructor(
    private readonly database: Database,
    readonly groupId: string,
  ) {}

  private static key(topic: string, partition: number): string {
    return `${topic}\u0000${partition}`;
  }

  /** Loads every checkpoint of the group in one query. */
  async preload(): Promise<number> {
    const rows = await loadCheckpoints(this.database.db, this.groupId);
    for (const row of rows) {
      this.entries.set(CheckpointStore.key(row.topic, row.partition), {
        topic: row.topic,
        partition: row.partition,
        nextOffset: row.nextOffset,
        state: stateMap(row.state),
        stale: false,
      });
    }
    return rows.length;
  }

  /** The checkpoint of a partition, read from the database the first time it is asked for. */
  async get(topic: string, partition: number): Promise<PartitionCheckpoint> {
    return this.entries.get(CheckpointStore.key(topic, partition)) ?? this.reload(topic, partition);
  }

  /** Reads the partition's checkpoint from the database again, replacing what is in memory. */
  async reload(topic: string, partition: number): Promise<PartitionCheckpoint> {
    const row = await loadPartitionCheckpoint(this.database.db, this.groupId, topic, partition);
    const previous = this.entries.get(CheckpointStore.key(topic, partition));
    const entry: PartitionCheckpoint = {
      topic,
      partition,
      nextOffset: row?.nextOffset ?? null,
      state: stateMap(row?.state ?? {}),
      stale: row !== null,
    };
    if (previous?.deadLetteredBelow !== undefined) entry.deadLetteredBelow = previous.deadLetteredBelow;
    this.entries.set(CheckpointStore.key(topic, partition), entry);
    return entry;
  }

  /** Records in memory what a committed transaction wrote: the new next offset and the state patch. */
  advance(entry: PartitionCheckpoint, nextOffset: string, statePatch: Record<string, unknown>): void {
    entry.nextOffset = nextOffset;
    for (const [key, value] of Object.entries(statePatch)) {
      if (value === null || value === undefined) entry.state.delete(key);
      else entry.state.set(key, value);
    }
  }

  /** Next offset per partition of `topic` known in memory. */
  nextOffsets(topic: string): Map<number, string | null> {
    const out = new Map<number, string | null>();
    for (const entry of this.entries.values())
      if (entry.topic === topic) out.set(entry.partition, entry.nextOffset);
    return out;
  }
}
