/**
 * A consumer-group member of the embedded log. One delivery loop per consumer hands batches to
 * `onBatch` one at a time, rotating over the assigned partitions that have records; it sleeps until a
 * partition's durable end moves, a seek, a resume, an assignment or a retry is due — no polling.
 */
import type { ConsumerGroup, GroupMember } from './consumer-group';
import { LogError } from './log';
import type {
  Consumer,
  ConsumerOptions,
  LogRecord,
  MessageBatch,
  SeekTarget,
  TopicPartition,
  TopicPartitionOffset,
  TopicPartitions,
} from './log';
import { validateCommitOffsets, validateSeekTarget, validateTopicPartitions } from './log-validation';
import { DEFAULT_MAX_BATCH_SIZE, retryDelayMs } from './consumer-defaults';
import type { Logger } from './logger';
import { errorFields } from './logger';
import type { OffsetCommit } from './offset-store';
import type { PartitionLog } from './partition-log';
import { PauseState } from './pause-state';

/** What the consumer needs from the embedded log that owns it. */
export interface EmbeddedConsumerHost {
  readonly group: ConsumerGroup;
  readonly logger: Logger;
  readonly maxBatchBytes: number;
  partitionLog(topic: string, partition: number): PartitionLog;
  committedOffset(groupId: string, topic: string, partition: number): number | undefined;
  commit(groupId: string, commits: readonly OffsetCommit[]): Promise<void>;
  /** The consumer has closed. */
  forget(consumer: EmbeddedConsumer): void;
}

interface PartitionState {
  readonly topic: string;
  readonly partition: number;
  readonly log: PartitionLog;
  /** Next offset to deliver. */
  position: number;
  /** Bumped by every seek, so a batch handled across a seek does not move the position. */
  seekEpoch: number;
  inFlight: boolean;
  revoked: boolean;
  failures: number;
  retryAt: number;
  whenIdle: (() => void)[];
  unsubscribe: () => void;
}

function keyOf(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}

export function parseEmbeddedOffset(offset: string): number {
  const value = Number(offset);
  if (!Number.isSafeInteger(value)) {
    throw new LogError('INVALID_ARGUMENT', `offset ${offset} is beyond what the embedded log stores (2^53)`);
  }
  return value;
}

export class EmbeddedConsumer implements Consumer, GroupMember {
  readonly groupId: string;
  readonly topics: readonly string[];
  memberId: string;

  private readonly host: EmbeddedConsumerHost;
  private readonly options: ConsumerOptions;
  private readonly maxBatchSize: number;
  private readonly logger: Logger;
  private readonly states = new Map<string, PartitionState>();
  private readonly pauses = new PauseState();
  private cursor = 0;
  private closing = false;
  private closed = false;
  private evicted = false;
  private loop: Promise<void> = Promise.resolve();
  private closePromise: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private wakePending = false;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(host: EmbeddedConsumerHost, options: ConsumerOptions) {
    this.host = host;
    this.options = options;
    this.groupId = options.groupId;
    this.topics = [...new Set(options.topics)];
    this.maxBatchSize = options.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE;
    this.memberId = host.group.nextMemberId();
    this.logger = host.logger;
  }

  /** Joins the group (resolves once assigned) and starts delivering. */
  async start(): Promise<void> {
    await this.host.group.join(this);
    this.loop = this.run();
  }

  assignment(): TopicPartition[] {
    return [...this.states.values()]
      .filter((s) => !s.revoked)
      .map((s) => ({ topic: s.topic, partition: s.partition }))
      .sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1));
  }

  // --- GroupMember -------------------------------------------------------------------------------

  assign(partitions: readonly TopicPartition[]): void {
    if (this.closed || this.evicted) return;
    for (const { topic, partition } of partitions) {
      const log = this.host.partitionLog(topic, partition);
      const committed = this.host.committedOffset(this.groupId, topic, partition);
      const position = committed ?? (this.options.startFrom === 'earliest' ? log.startOffset : log.endOffset);
      const state: PartitionState = {
        topic,
        partition,
        log,
        position,
        seekEpoch: 0,
        inFlight: false,
        revoked: false,
        failures: 0,
        retryAt: 0,
        whenIdle: [],
        unsubscribe: log.onDurable(() => this.notify()),
      };
      this.states.set(keyOf(topic, partition), state);
    }
    this.logger.debug({ groupId: this.groupId, memberId: this.memberId, partitions }, 'partitions assigned');
    this.notify();
  }

  revoke(partitions: readonly TopicPartition[]): Promise<void> {
    const waits: Promise<void>[] = [];
    for (const { topic, partition } of partitions) {
      const state = this.states.get(keyOf(topic, partition));
      if (!state) continue;
      state.revoked = true;
      if (state.inFlight)
        waits.push(new Promise<void>((resolve) => state.whenIdle.push(resolve)).then(() => this.drop(state)));
      else this.drop(state);
    }
    return Promise.all(waits).then(() => undefined);
  }

  evict(): void {
    this.evicted = true;
    for (const state of [...this.states.values()]) this.drop(state);
    this.notify();
  }

  private drop(state: PartitionState): void {
    const key = keyOf(state.topic, state.partition);
    if (this.states.get(key) !== state) return;
    state.revoked = true;
    state.unsubscribe();
    this.states.delete(key);
  }

  // --- Consumer ------------------------------------------------------------------------------------

  async commit(offsets: readonly TopicPartitionOffset[]): Promise<void> {
    // Allowed while closing: the batch being finished may still commit.
    if (this.closed) throw new LogError('CLOSED', `the consumer of ${this.groupId} is closed`);
    validateCommitOffsets(offsets);
    const commits: OffsetCommit[] = [];
    for (const { topic, partition, offset } of offsets) {
      const state = this.states.get(keyOf(topic, partition));
      if (!state || this.evicted) {
        throw new LogError(
          'NOT_ASSIGNED',
          `${topic}/${partition} is not assigned to this member of ${this.groupId}`,
        );
      }
      commits.push({ topic, partition, offset: parseEmbeddedOffset(offset) });
    }
    await this.host.commit(this.groupId, commits);
  }

  async seek(target: SeekTarget): Promise<void> {
    this.assertOpen();
    validateSeekTarget(target);
    const state = this.states.get(keyOf(target.topic, target.partition));
    if (!state || state.revoked) {
      throw new LogError(
        'NOT_ASSIGNED',
        `${target.topic}/${target.partition} is not assigned to this member of ${this.groupId}`,
      );
    }
    state.position =
      'offset' in target
        ? parseEmbeddedOffset(target.offset)
        : state.log.offsetForTimestamp(target.timestamp);
    state.seekEpoch++;
    state.failures = 0;
    state.retryAt = 0;
    this.notify();
  }

  pause(targets: readonly TopicPartitions[]): void {
    validateTopicPartitions(targets);
    this.pauses.pause(targets);
  }

  resume(targets: readonly TopicPartitions[]): void {
    validateTopicPartitions(targets);
    this.pauses.resume(targets);
    this.notify();
  }

  close(): Promise<void> {
    this.closePromise ??= this.closeNow();
    return this.closePromise;
  }

  private async closeNow(): Promise<void> {
    this.closing = true;
    this.notify();
    await this.loop; // ends once the batch being handled is done
    this.closed = true;
    for (const state of [...this.states.values()]) this.drop(state);
    clearTimeout(this.retryTimer);
    // Leaving frees the partitions at once; the group's rebalance goes on without us.
    void this.host.group.leave(this);
    this.host.forget(this);
  }

  private assertOpen(): void {
    if (this.closing || this.closed)
      throw new LogError('CLOSED', `the consumer of ${this.groupId} is closed`);
  }

  // --- Delivery loop -----------------------------------------------------------------------------

  private async run(): Promise<void> {
    while (!this.closing) {
      if (this.evicted) {
        await this.rejoin();
        continue;
      }
      const state = this.nextReady();
      if (!state) {
        await this.sleep();
        continue;
      }
      const batch = this.fetch(state);
      if (batch) await this.deliver(state, batch);
    }
  }

  private async rejoin(): Promise<void> {
    this.evicted = false;
    this.memberId = this.host.group.nextMemberId();
    this.logger.info(
      { groupId: this.groupId, memberId: this.memberId },
      'rejoining the group after an eviction',
    );
    await this.host.group.join(this);
  }

  /** The next partition, in rotation, that has records to deliver and is not paused or backing off. */
  private nextReady(): PartitionState | undefined {
    const states = [...this.states.values()];
    const now = Date.now();
    for (let i = 0; i < states.length; i++) {
      const state = states[(this.cursor + i) % states.length]!;
      if (state.revoked || state.retryAt > now || this.pauses.isPaused(state.topic, state.partition))
        continue;
      if (state.position === state.log.endOffset) continue;
      this.cursor = (this.cursor + i + 1) % states.length;
      return state;
    }
    return undefined;
  }

  private fetch(state: PartitionState): MessageBatch | undefined {
    const { log } = state;
    const start = log.startOffset;
    const end = log.endOffset;
    if (state.position < start || state.position > end) {
      const reset = this.options.startFrom === 'earliest' ? start : end;
      this.logger.warn(
        {
          groupId: this.groupId,
          topic: state.topic,
          partition: state.partition,
          position: state.position,
          start,
          end,
          reset,
        },
        'position out of range: reset as startFrom says',
      );
      state.position = reset;
      if (reset >= end) return undefined;
    }
    let stored;
    try {
      stored = log.read(state.position, this.maxBatchSize, this.host.maxBatchBytes);
    } catch (error) {
      this.backOff(state, error, 'read failed');
      return undefined;
    }
    if (stored.length === 0) {
      state.position = end; // nothing stored between the position and the end
      return undefined;
    }
    const messages: LogRecord[] = stored.map((r) => ({
      topic: state.topic,
      partition: state.partition,
      offset: String(r.offset),
      key: r.key,
      value: r.value,
      headers: r.headers,
      timestamp: r.timestamp,
    }));
    return {
      topic: state.topic,
      partition: state.partition,
      messages,
      nextOffset: String(stored[stored.length - 1]!.offset + 1),
      highWatermark: String(end),
    };
  }

  private async deliver(state: PartitionState, batch: MessageBatch): Promise<void> {
    const epoch = state.seekEpoch;
    state.inFlight = true;
    try {
      await this.options.onBatch(batch, this);
      if (state.seekEpoch === epoch) state.position = Number(batch.nextOffset);
      state.failures = 0;
      state.retryAt = 0;
    } catch (error) {
      this.backOff(state, error, 'batch handler failed: the batch will be delivered again');
    } finally {
      state.inFlight = false;
      const waiters = state.whenIdle.splice(0);
      for (const resolve of waiters) resolve();
    }
  }

  private backOff(state: PartitionState, error: unknown, message: string): void {
    state.failures++;
    const delay = retryDelayMs(state.failures);
    state.retryAt = Date.now() + delay;
    this.logger.error(
      {
        groupId: this.groupId,
        topic: state.topic,
        partition: state.partition,
        offset: state.position,
        failures: state.failures,
        retryInMs: delay,
        ...errorFields(error),
      },
      message,
    );
  }

  private notify(): void {
    const wake = this.wake;
    if (wake) {
      this.wake = undefined;
      wake();
    } else {
      this.wakePending = true;
    }
  }

  private sleep(): Promise<void> {
    if (this.wakePending) {
      this.wakePending = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      this.wake = () => {
        clearTimeout(this.retryTimer);
        this.retryTimer = undefined;
        resolve();
      };
      // A partition backing off with records waiting needs a timer; its retry time may already have
      // passed since `nextReady` looked (a slow machine), in which case the timer fires at once.
      const now = Date.now();
      let nextRetry = Infinity;
      for (const state of this.states.values()) {
        const waiting =
          state.position !== state.log.endOffset &&
          !state.revoked &&
          !this.pauses.isPaused(state.topic, state.partition);
        if (state.retryAt > 0 && waiting) nextRetry = Math.min(nextRetry, state.retryAt);
      }
      if (nextRetry !== Infinity)
        this.retryTimer = setTimeout(() => this.notify(), Math.max(0, nextRetry - now));
    });
  }
}
