/**
 * What each topic read by detection provides to the shared handler (`handle-detection-batch.ts`): a
 * plan of a batch of valid events — the writes to run in the batch's transaction (alerts, zones),
 * returning the alert states to publish; the detector state keys it changes (checkpointed with the
 * offsets); the in-memory changes to apply once committed. A stage may also ask for its batches to
 * go one at a time in this process (`exclusive`).
 */
import type { TLiveAlertV1 } from '@vigie/contracts/live-alerts';
import type { TopicMessage } from '@vigie/contracts/topics';
import type { Db } from '@vigie/db/database';
import type { LogRecord } from '@vigie/bus/log';
import type { Rejection } from '../build-dead-letter';
import type { PartitionCheckpoint } from '../checkpoint-store';

export type DetectionTopic = 'live.observations' | 'live.entities' | 'raw.alerts';

export interface DetectionPlan {
  write(tx: Db): Promise<{ alerts: TLiveAlertV1[]; rejected: { record: LogRecord; rejection: Rejection }[] }>;
  readonly statePatch: Record<string, unknown>;
  apply(): void;
}

export interface DetectionStage<Name extends DetectionTopic = DetectionTopic> {
  readonly topic: Name;
  /**
   * For a stage whose plans read state shared by the partitions of this process: waits until the batch
   * may be planned, and returns the release, called once the batch is applied or abandoned. Until then,
   * the batches that share that state wait (planned, written and applied one at a time).
   */
  exclusive?(events: readonly { record: LogRecord; event: TopicMessage<Name> }[]): Promise<() => void>;
  plan(
    events: readonly { record: LogRecord; event: TopicMessage<Name> }[],
    checkpoint: PartitionCheckpoint,
    now: Date,
  ): DetectionPlan;
}

/** Reads detector state from the checkpoint, with the batch's own changes on top. */
export class StateView {
  readonly patch: Record<string, unknown> = {};

  constructor(private readonly checkpoint: PartitionCheckpoint) {}

  get<T>(key: string): T | undefined {
    if (Object.hasOwn(this.patch, key)) return (this.patch[key] ?? undefined) as T | undefined;
    return this.checkpoint.state.get(key) as T | undefined;
  }

  set(key: string, value: unknown): void {
    this.patch[key] = value;
  }
}

/** Keeps the last state of each alert, in order of first appearance. */
export function latestStates(alerts: readonly TLiveAlertV1[]): TLiveAlertV1[] {
  const byId = new Map<string, TLiveAlertV1>();
  for (const alert of alerts) {
    byId.delete(alert.alertId);
    byId.set(alert.alertId, alert);
  }
  return [...byId.values()];
}

/** A lock for one process: holders run one after the other, in the order they asked. */
export class AsyncMutex {
  private tail: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const granted = this.tail.then(() => release);
    this.tail = this.tail.then(() => held);
    return granted;
  }
}
