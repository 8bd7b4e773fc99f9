/**
 * A consumer-group member on Kafka, over a kafkajs consumer run with `autoCommit: false` and
 * `eachBatchAutoResolve: false`: the position moves (resolveOffset) only after `onBatch` succeeds, and
 * offsets reach the broker only through `commit`.
 *
 * Behaviour kept identical to the embedded consumer:
 * - a failing batch is delivered again after a per-partition backoff (the partition is paused in
 *   kafkajs meanwhile, the others go on);
 * - pauses are remembered here and re-applied after every rebalance and restart;
 * - commit and seek refuse partitions not assigned to this member (`NOT_ASSIGNED`; kafkajs would ignore
 *   a seek and the broker would accept such a commit);
 * - heartbeats continue while a long batch is handled, so a slow handler is not taken for a dead member.
 * Difference: after a rebalance, kafkajs restarts every partition it keeps from the committed offset,
 * so records handled but not committed may come again even on partitions that did not move.
 */
import type { Admin, Consumer as KafkaJsConsumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { fromKafkaError } from './kafka-error';
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
import { PauseState } from './pause-state';

export interface KafkaConsumerSettings {
  readonly sessionTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  readonly rebalanceTimeoutMs: number;
  readonly maxWaitTimeMs: number;
  readonly maxBytesPerPartition: number;
  readonly retry: {
    readonly retries: number;
    readonly initialRetryTime: number;
    readonly maxRetryTime: number;
  };
}

interface Backoff {
  failures: number;
  timer: NodeJS.Timeout | undefined;
}

function keyOf(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}

function headersOf(message: KafkaMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  if (!message.headers) return headers;
  for (const [name, value] of Object.entries(message.headers)) {
    if (value === undefined) continue;
    const first = Array.isArray(value) ? value[0] : value;
    if (first === undefined) continue;
    headers[name] = typeof first === 'string' ? first : first.toString('utf8');
  }
  return headers;
}

export class KafkaConsumer implements Consumer {
  readonly groupId: string;
  private readonly options: ConsumerOptions;
  private readonly settings: KafkaConsumerSettings;
  private readonly admin: Admin;
  private readonly logger: Logger;
  private readonly consumer: KafkaJsConsumer;
  private readonly maxBatchSize: number;
  private readonly pauses = new PauseState();
  private readonly backoffs = new Map<string, Backoff>();
  private assigned: TopicPartition[] = [];
  /** kafkajs's commit through the running consumer group (works while it stops, unlike `commitOffsets`). */
  private commitThroughGroup: EachBatchPayload['commitOffsetsIfNecessary'] | undefined;
  private closing = false;
  private closed = false;
  private closePromise: Promise<void> | undefined;
  private readonly onClosed: () => void;

  constructor(
    kafka: Kafka,
    admin: Admin,
    options: ConsumerOptions,
    settings: KafkaConsumerSettings,
    logger: Logger,
    onClosed: () => void,
  ) {
    this.groupId = options.groupId;
    this.options = options;
    this.settings = settings;
    this.admin = admin;
    this.logger = logger;
    this.onClosed = onClosed;
    this.maxBatchSize = options.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE;
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: settings.sessionTimeoutMs,
      heartbeatInterval: settings.heartbeatIntervalMs,
      rebalanceTimeout: settings.rebalanceTimeoutMs,
      maxWaitTimeInMs: settings.maxWaitTimeMs,
      maxBytesPerPartition: settings.maxBytesPerPartition,
      allowAutoTopicCreation: false,
      retry: {
        ...settings.retry,
        // A crashed consumer rejoins unless we are closing it.
        restartOnFailure: async () => !this.closing,
      },
    });
    const { GROUP_JOIN, CRASH } = this.consumer.events;
    this.consumer.on(GROUP_JOIN, (event) => {
      const assignment = event.payload.memberAssignment;
      this.assigned = Object.entries(assignment)
        .flatMap(([topic, partitions]) => partitions.map((partition) => ({ topic, partition })))
        .sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1));
      this.logger.debug(
        { groupId: this.groupId, memberId: event.payload.memberId, assignment },
        'joined the group',
      );
      this.applyPauses();
    });
    this.consumer.on(CRASH, (event) => {
      this.assigned = [];
      if (this.closing) return;
      this.logger.error(
        { groupId: this.groupId, restart: event.payload.restart, ...errorFields(event.payload.error) },
        event.payload.restart
          ? 'consumer failed; it restarts and rejoins the group'
          : 'consumer failed and stopped',
      );
    });
  }

  /** Connects, subscribes and joins the group (kafkajs's `run` resolves after the first join). */
  async start(): Promise<void> {
    try {
      await this.consumer.connect();
      await this.consumer.subscribe({
        topics: [...this.options.topics],
        fromBeginning: this.options.startFrom === 'earliest',
      });
      await this.consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: 1,
        eachBatch: (payload) => this.handle(payload),
      });
    } catch (error) {
      this.closing = true;
      await this.consumer.disconnect().catch((disconnectError: unknown) => {
        this.logger.debug({ ...errorFields(disconnectError) }, 'disconnect after a failed start failed too');
      });
      throw fromKafkaError(error, `start a consumer of group ${this.groupId}`);
    }
  }

  assignment(): TopicPartition[] {
    return this.assigned.map((tp) => ({ ...tp }));
  }

  async commit(offsets: readonly TopicPartitionOffset[]): Promise<void> {
    if (this.closed) throw new LogError('CLOSED', `the consumer of ${this.groupId} is closed`);
    validateCommitOffsets(offsets);
    const byTopic = new Map<string, { partition: number; offset: string }[]>();
    for (const { topic, partition, offset } of offsets) {
      this.assertAssigned(topic, partition);
      let partitions = byTopic.get(topic);
      if (!partitions) {
        partitions = [];
        byTopic.set(topic, partitions);
      }
      partitions.push({ partition, offset });
    }
    const topics = [...byTopic].map(([topic, partitions]) => ({ topic, partitions }));
    if (topics.length === 0) return;
    try {
      if (this.commitThroughGroup) await this.commitThroughGroup({ topics });
      else
        await this.consumer.commitOffsets(
          offsets.map(({ topic, partition, offset }) => ({ topic, partition, offset })),
        );
    } catch (error) {
      throw fromKafkaError(error, `commit offsets of group ${this.groupId}`);
    }
  }

  async seek(target: SeekTarget): Promise<void> {
    this.assertOpen();
    validateSeekTarget(target);
    this.assertAssigned(target.topic, target.partition);
    let offset: string;
    if ('offset' in target) {
      offset = target.offset;
    } else {
      let found: { partition: number; offset: string } | undefined;
      try {
        const offsets = await this.admin.fetchTopicOffsetsByTimestamp(target.topic, target.timestamp);
        found = offsets.find((o) => o.partition === target.partition);
      } catch (error) {
        throw fromKafkaError(error, `find the offset for a timestamp in ${target.topic}`);
      }
      if (!found)
        throw new LogError('INVALID_ARGUMENT', `${target.topic} has no partition ${target.partition}`);
      offset = found.offset;
    }
    this.clearBackoff(target.topic, target.partition);
    try {
      this.consumer.seek({ topic: target.topic, partition: target.partition, offset });
    } catch (error) {
      throw fromKafkaError(error, `seek ${target.topic}/${target.partition}`);
    }
  }

  pause(targets: readonly TopicPartitions[]): void {
    validateTopicPartitions(targets);
    this.pauses.pause(targets);
    this.applyPauses();
  }

  resume(targets: readonly TopicPartitions[]): void {
    validateTopicPartitions(targets);
    this.pauses.resume(targets);
    this.applyPauses();
  }

  close(): Promise<void> {
    this.closePromise ??= this.closeNow();
    return this.closePromise;
  }

  private async closeNow(): Promise<void> {
    this.closing = true;
    for (const backoff of this.backoffs.values()) clearTimeout(backoff.timer);
    this.backoffs.clear();
    try {
      // Stops fetching, waits for the batch being handled, leaves the group, disconnects.
      await this.consumer.disconnect();
    } catch (error) {
      this.logger.warn(
        { groupId: this.groupId, ...errorFields(error) },
        'consumer did not disconnect cleanly',
      );
    } finally {
      this.closed = true;
      this.assigned = [];
      this.onClosed();
    }
  }

  private assertOpen(): void {
    if (this.closing || this.closed)
      throw new LogError('CLOSED', `the consumer of ${this.groupId} is closed`);
  }

  private assertAssigned(topic: string, partition: number): void {
    if (!this.assigned.some((tp) => tp.topic === topic && tp.partition === partition)) {
      throw new LogError(
        'NOT_ASSIGNED',
        `${topic}/${partition} is not assigned to this member of ${this.groupId}`,
      );
    }
  }

  /** Paused by the user, or backing off after a failed batch. */
  private isHeld(topic: string, partition: number): boolean {
    return (
      this.pauses.isPaused(topic, partition) ||
      this.backoffs.get(keyOf(topic, partition))?.timer !== undefined
    );
  }

  /** Makes kafkajs's pause state match ours (user pauses plus backoffs) for the assigned partitions. */
  private applyPauses(): void {
    const pause: { topic: string; partitions: number[] }[] = [];
    const resume: { topic: string; partitions: number[] }[] = [];
    for (const { topic, partition } of this.assigned) {
      (this.isHeld(topic, partition) ? pause : resume).push({ topic, partitions: [partition] });
    }
    try {
      if (pause.length > 0) this.consumer.pause(pause);
      if (resume.length > 0) this.consumer.resume(resume);
    } catch (error) {
      // Between a crash and the restart there is no group to pause; the next join re-applies.
      this.logger.debug(
        { groupId: this.groupId, ...errorFields(error) },
        'pause state applied at the next join',
      );
    }
  }

  private clearBackoff(topic: string, partition: number): void {
    const backoff = this.backoffs.get(keyOf(topic, partition));
    if (!backoff) return;
    clearTimeout(backoff.timer);
    this.backoffs.delete(keyOf(topic, partition));
    this.applyPauses();
  }

  private backOff(topic: string, partition: number, firstOffset: string, error: unknown): void {
    const key = keyOf(topic, partition);
    const backoff = this.backoffs.get(key) ?? { failures: 0, timer: undefined };
    backoff.failures++;
    clearTimeout(backoff.timer);
    const delay = retryDelayMs(backoff.failures);
    // Keep the failure count until a batch of this partition succeeds; only the hold is lifted.
    backoff.timer = setTimeout(() => {
      backoff.timer = undefined;
      this.applyPauses();
    }, delay);
    this.backoffs.set(key, backoff);
    this.applyPauses();
    this.logger.error(
      {
        groupId: this.groupId,
        topic,
        partition,
        offset: firstOffset,
        failures: backoff.failures,
        retryInMs: delay,
        ...errorFields(error),
      },
      'batch handler failed: the batch will be delivered again',
    );
  }

  private async handle(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
    this.commitThroughGroup = payload.commitOffsetsIfNecessary;
    const { topic, partition } = batch;
    const heartbeats = setInterval(() => {
      heartbeat().catch((error: unknown) => {
        this.logger.debug(
          { groupId: this.groupId, ...errorFields(error) },
          'heartbeat during a batch failed',
        );
      });
    }, this.settings.heartbeatIntervalMs);
    try {
      for (let from = 0; from < batch.messages.length; from += this.maxBatchSize) {
        if (!isRunning() || isStale() || this.isHeld(topic, partition)) return;
        const chunk = batch.messages.slice(from, from + this.maxBatchSize);
        const messages: LogRecord[] = chunk.map((m) => ({
          topic,
          partition,
          offset: m.offset,
          key: m.key ? m.key.toString('utf8') : '',
          value: m.value ?? Buffer.alloc(0),
          headers: headersOf(m),
          timestamp: Number(m.timestamp),
        }));
        const last = chunk[chunk.length - 1]!.offset;
        const delivered: MessageBatch = {
          topic,
          partition,
          messages,
          nextOffset: (BigInt(last) + 1n).toString(),
          highWatermark: batch.highWatermark,
        };
        try {
          await this.options.onBatch(delivered, this);
        } catch (error) {
          this.backOff(topic, partition, chunk[0]!.offset, error);
          return; // not resolved: fetched again once the backoff ends
        }
        this.backoffs.delete(keyOf(topic, partition)); // a success resets the backoff
        if (isStale()) return; // sought during the handler: the position is the seek's
        resolveOffset(last);
      }
    } finally {
      clearInterval(heartbeats);
    }
  }
}
