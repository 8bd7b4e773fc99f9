/**
 * What each raw topic's consumer provides to the shared batch handler (`handle-batch.ts`): how to
 * find the events already stored, and a pure plan of the batch — the writes to run in the
 * transaction, the checkpoint state it changes, the in-memory changes to apply once committed, and
 * the live.* records to publish.
 */
import type { LogRecord, ProduceRecord } from '@vigie/bus/log';
import type { TopicMessage } from '@vigie/contracts/topics';
import type { Db } from '@vigie/db/database';
import type { PartitionCheckpoint } from './checkpoint-store';
import type { RawTopic } from './decode-record';

export interface AcceptedEvent<Name extends RawTopic> {
  readonly record: LogRecord;
  readonly event: TopicMessage<Name>;
}

export interface BatchPlan {
  /** Runs inside the batch's transaction; returns how many history rows were new. */
  write(tx: Db): Promise<{ inserted: number }>;
  /** Checkpoint state keys this batch changes (a null value removes a key). */
  readonly statePatch: Record<string, unknown>;
  /** Applies the planned in-memory changes; called only after the transaction committed. */
  apply(): void;
  readonly entities: ProduceRecord[];
  readonly observations: ProduceRecord[];
  /** Extra outcomes to count (e.g. `late` fixes), by name. */
  readonly outcomes: Record<string, number>;
}

export interface TopicPipeline<Name extends RawTopic = RawTopic> {
  readonly topic: Name;
  /**
   * Reads again from the database the entities these events touch, before the first batch of a
   * partition whose checkpoint was (re)loaded: another process may have moved them on meanwhile.
   */
  refresh(db: Db, events: readonly AcceptedEvent<Name>[]): Promise<void>;
  /** Envelope ids, among these events, whose rows are already in the database. */
  stored(tx: Db, events: readonly AcceptedEvent<Name>[]): Promise<Set<string>>;
  /** Plans a batch of new events (pure: reads the in-memory state, changes nothing). */
  plan(events: readonly AcceptedEvent<Name>[], checkpoint: PartitionCheckpoint, now: Date): BatchPlan;
  /**
   * Live records again for events already in the database that the log delivers once more — after a
   * crash between the commit and the publication they may never have been published: the current
   * state of their entities, and their observations rebuilt from what was stored.
   */
  recover(db: Db, events: readonly AcceptedEvent<Name>[], now: Date): Promise<LiveRecords>;
}

export interface LiveRecords {
  readonly entities: ProduceRecord[];
  readonly observations: ProduceRecord[];
}
