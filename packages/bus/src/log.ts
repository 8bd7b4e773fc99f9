/**
 * The log: the one interface every app uses to write and read events, whatever runs underneath
 * (Apache Kafka through `kafka-log.ts`, or the durable in-process `embedded-log.ts`). Both adapters
 * pass the same conformance suite (`test/conformance.ts`), so code written against this interface
 * behaves the same on either.
 *
 * Vocabulary is Kafka's: a topic has a fixed number of partitions; a record's partition is chosen
 * from its key (murmur2, as Kafka's default partitioner); every record in a partition has an offset,
 * increasing by one per record; consumers in a group share the partitions of the topics they read and
 * commit, per partition, the offset of the next record to read.
 */

/**
 * Offset of a record in its partition, as a decimal string (Kafka offsets are int64; a string keeps
 * them exact and JSON-safe). A committed offset is the offset of the NEXT record to read.
 */
export type Offset = string;

export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

export interface TopicPartitionOffset extends TopicPartition {
  readonly offset: Offset;
}

/** A topic, or some of its partitions (`partitions` omitted: the whole topic, now and later). */
export interface TopicPartitions {
  readonly topic: string;
  readonly partitions?: readonly number[];
}

/** How long a topic keeps records. Whole segments are deleted, so a little more may be kept. */
export interface Retention {
  /** Delete old segments while the partition would still hold at least this many bytes (per partition). */
  readonly bytes?: number;
  /** Delete segments whose newest record timestamp is older than this many milliseconds. */
  readonly ms?: number;
}

export interface TopicSpec {
  /** `[a-zA-Z0-9._-]`, at most 249 characters (Kafka's rule). */
  readonly name: string;
  /** Fixed at creation; the key → partition mapping depends on it. */
  readonly partitions: number;
  /** Omitted: the adapter's default (Kafka: the broker's; embedded: its `defaultRetention`, else forever). */
  readonly retention?: Retention;
  /**
   * Keep at least the latest record per key (Kafka `cleanup.policy=compact`). The embedded log keeps
   * every record of such a topic instead, which also satisfies "the latest per key is there".
   */
  readonly compacted?: boolean;
}

/** A record to append. */
export interface ProduceRecord {
  /** Partition key: records with the same key go to the same partition, in order. */
  readonly key: string;
  readonly value: Buffer | string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Milliseconds since the epoch; defaults to the time of the produce call. */
  readonly timestamp?: number;
}

/** Where an appended record landed. */
export type RecordPosition = TopicPartitionOffset;

/** A record read from the log. */
export interface LogRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: Offset;
  readonly key: string;
  readonly value: Buffer;
  readonly headers: Readonly<Record<string, string>>;
  /** Milliseconds since the epoch, as given by the producer (or the produce time). */
  readonly timestamp: number;
}

/** Consecutive records of one partition, delivered together to a consumer's `onBatch`. */
export interface MessageBatch {
  readonly topic: string;
  readonly partition: number;
  /** Never empty; ascending offsets. */
  readonly messages: readonly LogRecord[];
  /** Offset after the last message: the offset to commit once the whole batch is processed. */
  readonly nextOffset: Offset;
  /** End offset of the partition when the batch was fetched (consumer lag = highWatermark − nextOffset). */
  readonly highWatermark: Offset;
}

export interface PartitionOffsets {
  readonly partition: number;
  /** First offset still readable (moves forward when retention deletes old segments). */
  readonly start: Offset;
  /** Offset the next record will get; every record below it is durable and readable. */
  readonly end: Offset;
}

export interface PartitionOffset {
  readonly partition: number;
  readonly offset: Offset;
}

export interface CommittedOffset extends TopicPartition {
  /** Next offset the group will read, or null when the group never committed on this partition. */
  readonly offset: Offset | null;
}

export type SeekTarget =
  (TopicPartition & { readonly offset: Offset }) | (TopicPartition & { readonly timestamp: number });

export interface ConsumerOptions {
  /** Consumers with the same group id share partitions and committed offsets. */
  readonly groupId: string;
  /** Topics to read; they must exist. */
  readonly topics: readonly string[];
  /**
   * Where a partition starts when the group has no committed offset on it, and where it restarts when
   * its position is out of range (e.g. below the log start after retention): the log start
   * (`earliest`) or the end (`latest`, only records produced after the assignment).
   */
  readonly startFrom: 'earliest' | 'latest';
  /**
   * Handles one batch of one partition. Batches are delivered one at a time per consumer, in offset
   * order per partition. When it resolves, the consumer's position moves past the batch (unless the
   * handler sought that partition elsewhere). When it throws, the error is logged and the same records
   * are delivered again after a backoff: a handler must not throw on bad input (dead-letter it), only on
   * failures worth retrying. Nothing is committed implicitly: call `consumer.commit` with
   * `batch.nextOffset` once the batch's effects are durable.
   */
  readonly onBatch: (batch: MessageBatch, consumer: Consumer) => Promise<void>;
  /** At most this many records per batch (default 500). */
  readonly maxBatchSize?: number;
}

/**
 * A member of a consumer group. Delivery is at-least-once: after a rebalance, a restart or a crash,
 * a partition resumes at the group's last COMMITTED offset, so records processed but not committed are
 * delivered again.
 */
export interface Consumer {
  readonly groupId: string;
  /** Partitions currently assigned to this member (empty while it has none). */
  assignment(): TopicPartition[];
  /**
   * Durably commits, for each partition, the offset of the next record to read. Only partitions
   * assigned to this member may be committed; a member that lost a partition in a rebalance gets
   * `NOT_ASSIGNED` (its records go to the new owner from the previous commit). Committing an offset
   * lower than the previous one rewinds the group.
   */
  commit(offsets: readonly TopicPartitionOffset[]): Promise<void>;
  /**
   * Moves the read position of an assigned partition to an offset, or to the first record whose
   * timestamp is ≥ `timestamp` (the end when there is none). Takes effect at the next fetch; when called
   * from the handler of that partition's batch, the rest of the batch is not considered processed. Does
   * not commit. A position out of range is reset as `startFrom` says.
   */
  seek(target: SeekTarget): Promise<void>;
  /** Stops fetching these partitions (the batch being handled finishes). Survives rebalances. */
  pause(targets: readonly TopicPartitions[]): void;
  resume(targets: readonly TopicPartitions[]): void;
  /**
   * Graceful stop: no new batch, waits for the batch being handled, then leaves the group so its
   * partitions go to the other members. Does not commit anything by itself.
   */
  close(): Promise<void>;
}

export interface Log {
  /** `kafka` or `embedded`, for logs and health reports. */
  readonly kind: 'kafka' | 'embedded';
  /**
   * Creates the topics that do not exist yet. An existing topic is left as it is; if its partition
   * count differs from the spec, rejects with `TOPIC_MISMATCH`.
   */
  createTopics(topics: readonly TopicSpec[]): Promise<void>;
  /**
   * Appends records to a topic; resolves once ALL of them are durable (Kafka: acknowledged by every
   * in-sync replica, `acks=-1`; embedded: written and fsync'd), with each record's position in input
   * order. Records with the same key keep their order within a call, and across calls made one after
   * the other (awaiting each); concurrent calls are not ordered between themselves.
   * Rejects with `UNAVAILABLE` (retriable) when the log cannot take writes: answer 503 and retry.
   */
  produce(topic: string, records: readonly ProduceRecord[]): Promise<RecordPosition[]>;
  /** Joins a consumer group and starts delivering; resolves once the member has joined. */
  consumer(options: ConsumerOptions): Promise<Consumer>;
  /** Start and end offsets of every partition of a topic. */
  topicOffsets(topic: string): Promise<PartitionOffsets[]>;
  /** For each partition: the first offset whose record timestamp is ≥ `timestamp`, else the end offset. */
  offsetsForTimestamp(topic: string, timestamp: number): Promise<PartitionOffset[]>;
  /** The group's committed offsets on every partition of these topics. */
  committedOffsets(groupId: string, topics: readonly string[]): Promise<CommittedOffset[]>;
  /** Closes every consumer gracefully, then the log itself. Further calls reject with `CLOSED`. */
  close(): Promise<void>;
}

export type LogErrorCode =
  /** The broker or the disk cannot serve the request now (unreachable, timed out, failing); retry later. */
  | 'UNAVAILABLE'
  | 'UNKNOWN_TOPIC'
  /** The topic exists with another partition count. */
  | 'TOPIC_MISMATCH'
  | 'INVALID_ARGUMENT'
  /** A record is above the size limit (Kafka `message.max.bytes`; embedded `maxRecordBytes`). */
  | 'RECORD_TOO_LARGE'
  /** Commit or seek on a partition this consumer does not own (any more). */
  | 'NOT_ASSIGNED'
  /** Embedded: the directory is used by another live process or instance. */
  | 'LOCKED'
  /** Embedded: a record failed its checksum where it cannot be a torn tail. */
  | 'CORRUPT'
  /** The log or consumer was closed. */
  | 'CLOSED'
  | 'INTERNAL';

/**
 * The one error the log throws. `retriable` says whether trying the same thing later may succeed;
 * `UNAVAILABLE` is always retriable and is what an edge maps to 503.
 */
export class LogError extends Error {
  override readonly name = 'LogError';
  readonly code: LogErrorCode;
  readonly retriable: boolean;

  constructor(code: LogErrorCode, message: string, options: { retriable?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retriable = options.retriable ?? code === 'UNAVAILABLE';
  }
}

export function isLogError(error: unknown): error is LogError {
  return error instanceof LogError;
}

/** True when the log cannot take the request now and the caller should answer 503 / retry later. */
export function isLogUnavailable(error: unknown): boolean {
  return error instanceof LogError && error.code === 'UNAVAILABLE';
}
