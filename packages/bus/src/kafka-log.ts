/**
 * The log on Apache Kafka, through kafkajs.
 *
 * - Produce: `acks=-1` (every in-sync replica has the records before the promise resolves), keyed
 *   partitioning by Kafka's murmur2 (`partitioner.ts`, identical to the embedded log and to the Java
 *   client), offsets of every record computed from the partition's base offset.
 * - Consume: consumer groups with auto-commit off (`kafka-consumer.ts`).
 * - Topics are created explicitly (`allowAutoTopicCreation: false`); unknown topics are reported as
 *   `UNKNOWN_TOPIC` at once instead of after kafkajs's retries.
 */
import { Kafka, logLevel as KafkaLogLevel } from 'kafkajs';
import type { Admin, ICustomPartitioner, LogEntry, Message, Producer } from 'kafkajs';
import { KafkaConsumer } from './kafka-consumer';
import type { KafkaConsumerSettings } from './kafka-consumer';
import { fromKafkaError } from './kafka-error';
import { LogError } from './log';
import type {
  CommittedOffset,
  Consumer,
  ConsumerOptions,
  Log,
  PartitionOffset,
  PartitionOffsets,
  ProduceRecord,
  RecordPosition,
  TopicSpec,
} from './log';
import {
  validateConsumerOptions,
  validateProduceRecords,
  validateTopicName,
  validateTopicSpecs,
} from './log-validation';
import { consoleLogger } from './logger';
import type { Logger } from './logger';
import { partitionForKey } from './partitioner';
import { ProduceCoalescer } from './produce-coalescer';

export interface KafkaLogOptions {
  readonly brokers: readonly string[];
  /** Client id shown in broker logs and metrics (default `vigie`). */
  readonly clientId?: string;
  /** Replication factor of created topics (default: the broker's `default.replication.factor`). */
  readonly replicationFactor?: number;
  /** TCP connect timeout (default 3000 ms). */
  readonly connectionTimeoutMs?: number;
  /** Time to wait for any broker answer (default 30000 ms). */
  readonly requestTimeoutMs?: number;
  /** How long the broker may wait for the in-sync replicas before failing a produce (default 30000 ms). */
  readonly produceTimeoutMs?: number;
  /**
   * kafkajs retries for produce and admin calls (default 5 retries from 200 ms up to 5 s): bounds how
   * long a produce waits before failing with `UNAVAILABLE` when the broker is down.
   */
  readonly retry?: {
    readonly retries?: number;
    readonly initialRetryTime?: number;
    readonly maxRetryTime?: number;
  };
  /**
   * Produce calls made together are sent as one request per topic (client-side batching): at most
   * `maxBytes` per request (default 512 KiB, under the broker's 1 MiB default batch limit) and
   * `maxInFlight` requests per topic at once (default 4).
   */
  readonly produceBatching?: { readonly maxBytes?: number; readonly maxInFlight?: number };
  /** Largest record accepted before sending (default 1 MiB, Kafka's default `message.max.bytes`). */
  readonly maxRecordBytes?: number;
  /** Consumer-group timing. Defaults: session 30 s, heartbeat 3 s, rebalance 60 s, fetch wait 500 ms. */
  readonly consumer?: {
    readonly sessionTimeoutMs?: number;
    readonly heartbeatIntervalMs?: number;
    readonly rebalanceTimeoutMs?: number;
    /** Longest a fetch waits on the broker for new records (also bounds how fast a rebalance is noticed). */
    readonly maxWaitTimeMs?: number;
    readonly maxBytesPerPartition?: number;
  };
  /** Where kafkajs's own warnings and errors go. */
  readonly logger?: Logger;
  /** kafkajs log level forwarded to the logger (default `warn`). */
  readonly kafkaLogLevel?: 'error' | 'warn' | 'info' | 'debug';
}

const LEVELS = {
  error: KafkaLogLevel.ERROR,
  warn: KafkaLogLevel.WARN,
  info: KafkaLogLevel.INFO,
  debug: KafkaLogLevel.DEBUG,
} as const;

function logCreatorFor(logger: Logger) {
  return () =>
    ({ namespace, level, log }: LogEntry): void => {
      const { message, timestamp: _timestamp, logger: _name, ...extra } = log;
      const fields = { component: 'kafkajs', namespace, ...extra };
      // kafkajs logs every error response of the protocol at ERROR, including the ones it handles
      // itself (coordinator still loading, rebalance in progress…): real failures reach us as errors.
      if (namespace === 'Connection' && message.startsWith('Response ')) logger.debug(fields, message);
      else if (level === KafkaLogLevel.ERROR || level === KafkaLogLevel.NOTHING)
        logger.error(fields, message);
      else if (level === KafkaLogLevel.WARN) logger.warn(fields, message);
      else if (level === KafkaLogLevel.INFO) logger.info(fields, message);
      else logger.debug(fields, message);
    };
}

/** Bytes a record takes in a Kafka batch, roughly (payloads plus per-record overhead). */
function approximateSize(record: ProduceRecord): number {
  let size = 70 + Buffer.byteLength(record.key, 'utf8');
  size += typeof record.value === 'string' ? Buffer.byteLength(record.value, 'utf8') : record.value.length;
  if (record.headers) {
    for (const [name, value] of Object.entries(record.headers))
      size += 8 + Buffer.byteLength(name) + Buffer.byteLength(value);
  }
  return size;
}

/** Protocol errors a just-created or just-moved partition answers with until its leader is known. */
const LEADERSHIP_ERRORS = new Set([
  'NOT_LEADER_FOR_PARTITION',
  'LEADER_NOT_AVAILABLE',
  'UNKNOWN_TOPIC_OR_PARTITION',
]);

/**
 * kafkajs's admin offset look-ups do not retry when a partition's leader is not known yet (right after
 * a topic is created, or during a leader change): retry those few times, with a short back-off.
 */
async function retryWhileLeadersMove<T>(action: () => Promise<T>, attempts = 8): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await action();
    } catch (error) {
      const type = (error as { type?: unknown }).type;
      if (attempt >= attempts || typeof type !== 'string' || !LEADERSHIP_ERRORS.has(type)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(50 * 2 ** attempt, 1_000)));
    }
  }
}

/** Connects a producer and an admin client; rejects with `UNAVAILABLE` when no broker answers. */
export async function connectKafkaLog(options: KafkaLogOptions): Promise<KafkaLog> {
  const log = new KafkaLog(options);
  await log.connect();
  return log;
}

export class KafkaLog implements Log {
  readonly kind = 'kafka' as const;
  private readonly kafka: Kafka;
  private readonly producer: Producer;
  private readonly admin: Admin;
  private readonly logger: Logger;
  private readonly options: KafkaLogOptions;
  private readonly consumerSettings: KafkaConsumerSettings;
  private readonly consumers = new Set<KafkaConsumer>();
  /** Partition chosen for each message of the sends in flight (kafkajs passes our message objects). */
  private readonly chosenPartitions = new WeakMap<Message, number>();
  private readonly knownTopics = new Set<string>();
  private readonly coalescer: ProduceCoalescer<Message, RecordPosition>;
  private readonly maxRecordBytes: number;
  private closing = false;
  private closePromise: Promise<void> | undefined;

  constructor(options: KafkaLogOptions) {
    if (!Array.isArray(options.brokers) || options.brokers.length === 0) {
      throw new LogError('INVALID_ARGUMENT', 'brokers must list at least one host:port');
    }
    this.options = options;
    this.logger = options.logger ?? consoleLogger;
    const retry = {
      retries: options.retry?.retries ?? 5,
      initialRetryTime: options.retry?.initialRetryTime ?? 200,
      maxRetryTime: options.retry?.maxRetryTime ?? 5_000,
    };
    this.kafka = new Kafka({
      clientId: options.clientId ?? 'vigie',
      brokers: [...options.brokers],
      connectionTimeout: options.connectionTimeoutMs ?? 3_000,
      requestTimeout: options.requestTimeoutMs ?? 30_000,
      retry,
      logLevel: LEVELS[options.kafkaLogLevel ?? 'warn'],
      logCreator: logCreatorFor(this.logger),
    });
    const partitioner: ICustomPartitioner =
      () =>
      ({ partitionMetadata, message }) => {
        const partition = partitionForKey(String(message.key ?? ''), partitionMetadata.length);
        this.chosenPartitions.set(message, partition);
        return partition;
      };
    this.producer = this.kafka.producer({
      // Our own partitioner (same murmur2 as Kafka's default): no kafkajs partitioner warning either.
      createPartitioner: partitioner,
      allowAutoTopicCreation: false,
      retry,
    });
    this.admin = this.kafka.admin({ retry });
    this.maxRecordBytes = options.maxRecordBytes ?? 1024 * 1024;
    this.coalescer = new ProduceCoalescer((topic, messages) => this.send(topic, messages), {
      maxBytes: options.produceBatching?.maxBytes ?? 512 * 1024,
      maxInFlight: options.produceBatching?.maxInFlight ?? 4,
    });
    const consumer = options.consumer ?? {};
    if ((consumer.heartbeatIntervalMs ?? 3_000) >= (consumer.sessionTimeoutMs ?? 30_000)) {
      throw new LogError(
        'INVALID_ARGUMENT',
        'consumer.heartbeatIntervalMs must be below consumer.sessionTimeoutMs',
      );
    }
    this.consumerSettings = {
      sessionTimeoutMs: consumer.sessionTimeoutMs ?? 30_000,
      heartbeatIntervalMs: consumer.heartbeatIntervalMs ?? 3_000,
      rebalanceTimeoutMs: consumer.rebalanceTimeoutMs ?? 60_000,
      maxWaitTimeMs: consumer.maxWaitTimeMs ?? 500,
      maxBytesPerPartition: consumer.maxBytesPerPartition ?? 1024 * 1024,
      retry,
    };
  }

  async connect(): Promise<void> {
    try {
      await Promise.all([this.producer.connect(), this.admin.connect()]);
    } catch (error) {
      await this.disconnectClients();
      throw fromKafkaError(error, `connect to Kafka at ${this.options.brokers.join(',')}`);
    }
  }

  async createTopics(specs: readonly TopicSpec[]): Promise<void> {
    this.assertOpen();
    validateTopicSpecs(specs);
    if (specs.length === 0) return;
    const names = specs.map((spec) => spec.name);
    try {
      const existing = new Set(await this.admin.listTopics());
      const missing = specs.filter((spec) => !existing.has(spec.name));
      // A topic created meanwhile by someone else is fine: kafkajs then resolves false.
      if (missing.length > 0)
        await this.admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((spec) => ({
            topic: spec.name,
            numPartitions: spec.partitions,
            ...(this.options.replicationFactor === undefined
              ? {}
              : { replicationFactor: this.options.replicationFactor }),
            configEntries: [
              ...(spec.retention?.bytes === undefined
                ? []
                : [{ name: 'retention.bytes', value: String(spec.retention.bytes) }]),
              ...(spec.retention?.ms === undefined
                ? []
                : [{ name: 'retention.ms', value: String(spec.retention.ms) }]),
              ...(spec.compacted ? [{ name: 'cleanup.policy', value: 'compact' }] : []),
            ],
          })),
        });
      const metadata = await this.admin.fetchTopicMetadata({ topics: names });
      for (const spec of specs) {
        const found = metadata.topics.find((t) => t.name === spec.name);
        if (found && found.partitions.length !== spec.partitions) {
          throw new LogError(
            'TOPIC_MISMATCH',
            `topic ${spec.name} exists with ${found.partitions.length} partitions, not ${spec.partitions}`,
          );
        }
      }
    } catch (error) {
      throw fromKafkaError(error, `create topics ${names.join(', ')}`);
    }
    for (const name of names) this.knownTopics.add(name);
  }

  async produce(topic: string, records: readonly ProduceRecord[]): Promise<RecordPosition[]> {
    this.assertOpen();
    validateTopicName(topic);
    validateProduceRecords(records);
    await this.assertTopicsExist([topic]);
    if (records.length === 0) return [];
    const now = Date.now();
    let bytes = 0;
    const messages: Message[] = records.map((record, i) => {
      const size = approximateSize(record);
      if (size > this.maxRecordBytes) {
        throw new LogError(
          'RECORD_TOO_LARGE',
          `record ${i} is about ${size} bytes, above the ${this.maxRecordBytes}-byte limit`,
        );
      }
      bytes += size;
      return {
        key: record.key,
        value: record.value,
        timestamp: String(record.timestamp ?? now),
        ...(record.headers ? { headers: { ...record.headers } } : {}),
      };
    });
    return this.coalescer.produce(topic, messages, bytes);
  }

  /** One produce request (the records of one or more produce calls); positions in message order. */
  private async send(topic: string, messages: Message[]): Promise<RecordPosition[]> {
    let metadata;
    try {
      metadata = await this.producer.send({
        topic,
        messages,
        acks: -1,
        timeout: this.options.produceTimeoutMs ?? 30_000,
      });
    } catch (error) {
      throw fromKafkaError(error, `produce to ${topic}`);
    }
    const baseOffsets = new Map<number, bigint>();
    for (const entry of metadata) {
      if (entry.topicName === topic && entry.baseOffset !== undefined)
        baseOffsets.set(entry.partition, BigInt(entry.baseOffset));
    }
    // kafkajs sends each partition's messages as one batch, in input order: offsets follow the base.
    const counters = new Map<number, bigint>();
    return messages.map((message) => {
      const partition = this.chosenPartitions.get(message);
      const base = partition === undefined ? undefined : baseOffsets.get(partition);
      if (partition === undefined || base === undefined) {
        throw new LogError('INTERNAL', `produce to ${topic}: no acknowledgement for a record's partition`);
      }
      const index = counters.get(partition) ?? 0n;
      counters.set(partition, index + 1n);
      return { topic, partition, offset: (base + index).toString() };
    });
  }

  async consumer(options: ConsumerOptions): Promise<Consumer> {
    this.assertOpen();
    validateConsumerOptions(options);
    await this.assertTopicsExist(options.topics);
    const consumer = new KafkaConsumer(
      this.kafka,
      this.admin,
      options,
      this.consumerSettings,
      this.logger,
      () => this.consumers.delete(consumer),
    );
    this.consumers.add(consumer);
    try {
      await consumer.start();
    } catch (error) {
      this.consumers.delete(consumer);
      throw error;
    }
    return consumer;
  }

  async topicOffsets(topic: string): Promise<PartitionOffsets[]> {
    this.assertOpen();
    validateTopicName(topic);
    await this.assertTopicsExist([topic]);
    try {
      const offsets = await retryWhileLeadersMove(() => this.admin.fetchTopicOffsets(topic));
      return offsets
        .map(({ partition, low, high }) => ({ partition, start: low, end: high }))
        .sort((a, b) => a.partition - b.partition);
    } catch (error) {
      throw fromKafkaError(error, `fetch offsets of ${topic}`);
    }
  }

  async offsetsForTimestamp(topic: string, timestamp: number): Promise<PartitionOffset[]> {
    this.assertOpen();
    validateTopicName(topic);
    if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
      throw new LogError('INVALID_ARGUMENT', 'timestamp must be integer milliseconds since the epoch');
    }
    await this.assertTopicsExist([topic]);
    try {
      const offsets = await retryWhileLeadersMove(() =>
        this.admin.fetchTopicOffsetsByTimestamp(topic, timestamp),
      );
      return offsets
        .map(({ partition, offset }) => ({ partition, offset }))
        .sort((a, b) => a.partition - b.partition);
    } catch (error) {
      throw fromKafkaError(error, `fetch offsets of ${topic} by timestamp`);
    }
  }

  async committedOffsets(groupId: string, topics: readonly string[]): Promise<CommittedOffset[]> {
    this.assertOpen();
    topics.forEach((topic) => validateTopicName(topic));
    await this.assertTopicsExist(topics);
    if (topics.length === 0) return [];
    try {
      const fetched = await this.admin.fetchOffsets({ groupId, topics: [...topics] });
      return fetched.flatMap(({ topic, partitions }) =>
        partitions
          .map(({ partition, offset }) => ({
            topic,
            partition,
            // kafkajs reports "no commit" as -1 (and stores -1/-2 after resetting an out-of-range position).
            offset: BigInt(offset) < 0n ? null : offset,
          }))
          .sort((a, b) => a.partition - b.partition),
      );
    } catch (error) {
      throw fromKafkaError(error, `fetch committed offsets of group ${groupId}`);
    }
  }

  close(): Promise<void> {
    this.closePromise ??= this.closeNow();
    return this.closePromise;
  }

  private async closeNow(): Promise<void> {
    this.closing = true;
    await Promise.all([...this.consumers].map((consumer) => consumer.close()));
    await this.coalescer.idle(); // produce calls already accepted get their answer
    await this.disconnectClients();
  }

  private async disconnectClients(): Promise<void> {
    const results = await Promise.allSettled([this.producer.disconnect(), this.admin.disconnect()]);
    for (const result of results) {
      if (result.status === 'rejected') {
        this.logger.warn({ error: String(result.reason) }, 'Kafka client did not disconnect cleanly');
      }
    }
  }

  /** Checks topics against the broker's list (cached once seen), to fail fast with `UNKNOWN_TOPIC`. */
  private async assertTopicsExist(topics: readonly string[]): Promise<void> {
    if (topics.every((topic) => this.knownTopics.has(topic))) return;
    let listed: string[];
    try {
      listed = await this.admin.listTopics();
    } catch (error) {
      throw fromKafkaError(error, 'list topics');
    }
    for (const name of listed) this.knownTopics.add(name);
    const missing = topics.filter((topic) => !this.knownTopics.has(topic));
    if (missing.length > 0) throw new LogError('UNKNOWN_TOPIC', `topic ${missing.join(', ')} does not exist`);
  }

  private assertOpen(): void {
    if (this.closing) throw new LogError('CLOSED', 'the log is closed');
  }
}
