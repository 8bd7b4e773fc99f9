/**
 * The embedded log: the `Log` interface in-process, durable on disk, for running Vigie as one process.
 *
 * Directory layout:
 *
 *   LOCK                                   owner pid and host (one process per directory)
 *   format.json                            on-disk format version
 *   consumer-offsets.log                   committed offsets of every group (`offset-store.ts`)
 *   topics/<topic>/topic.json              partition count and retention
 *   topics/<topic>/<partition>/<base>.log  records (`record-codec.ts`), one file per segment
 *   topics/<topic>/<partition>/<base>.index
 *
 * Durability: `produce` resolves after the records are written and fsync'd (calls in the same turn of
 * the event loop share one fsync per partition: `sync-scheduler.ts`); consumers only see fsync'd records;
 * commits are fsync'd too. On open, a torn or corrupt tail left by a crash is cut, so everything that
 * was acknowledged is there and nothing half-written is.
 *
 * Limits: one process per directory (the lock), consumer groups live in this process only, no
 * compaction (compacted topics keep everything), reads are synchronous file reads (fast from the page
 * cache, blocking when cold).
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConsumerGroup } from './consumer-group';
import { DirectoryLock } from './directory-lock';
import { syncDirectorySync, writeFileDurablySync } from './durable-file';
import { EmbeddedConsumer } from './embedded-consumer';
import type { EmbeddedConsumerHost } from './embedded-consumer';
import { fsError } from './fs-error';
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
  Retention,
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
import { OffsetStore } from './offset-store';
import type { OffsetCommit } from './offset-store';
import { PartitionLog } from './partition-log';
import type { PartitionLogOptions } from './partition-log';
import { partitionForKey } from './partitioner';
import { encodedSize } from './record-codec';
import type { EncodableRecord } from './record-codec';
import { SyncScheduler } from './sync-scheduler';
import type { SyncStats } from './sync-scheduler';

const FORMAT_VERSION = 1;
const TOPICS_DIR = 'topics';
/** Prefix of a topic being created; `~` cannot start a topic name. */
const CREATING_PREFIX = '~creating-';

export interface EmbeddedLogOptions {
  /** Where the log lives; created if missing. */
  readonly directory: string;
  /** Segment size before rolling (default 64 MiB). */
  readonly segmentBytes?: number;
  /** Segment age before rolling, from its first append (default 7 days). */
  readonly segmentMs?: number;
  /** Bytes of records between two index entries (default 4 KiB). */
  readonly indexIntervalBytes?: number;
  /** Largest encoded record accepted (default 1 MiB, Kafka's default limit). */
  readonly maxRecordBytes?: number;
  /** Retention of topics created without one (default: keep everything). */
  readonly defaultRetention?: Retention;
  /** How often retention runs (default 5 minutes; 0: only when `enforceRetention()` is called). */
  readonly retentionCheckIntervalMs?: number;
  /** How long a member may take to finish its batch in a rebalance before it is evicted (default 30 s). */
  readonly rebalanceTimeoutMs?: number;
  /** About how many bytes one batch reads (default 1 MiB). */
  readonly maxBatchBytes?: number;
  /** Rewrite the committed-offsets file once it reaches this size (default 4 MiB). */
  readonly offsetsCompactAtBytes?: number;
  readonly logger?: Logger;
}

interface TopicMeta {
  readonly name: string;
  readonly partitions: number;
  readonly retention?: Retention;
  readonly compacted?: boolean;
}

interface TopicState {
  readonly meta: TopicMeta;
  readonly partitions: PartitionLog[];
}

function isTopicMeta(value: unknown): value is TopicMeta {
  if (typeof value !== 'object' || value === null) return false;
  const { name, partitions } = value as Partial<TopicMeta>;
  return (
    typeof name === 'string' &&
    typeof partitions === 'number' &&
    Number.isSafeInteger(partitions) &&
    partitions > 0
  );
}

/** Opens (creating if needed) the embedded log in `options.directory`, recovering it after a crash. */
export async function openEmbeddedLog(options: EmbeddedLogOptions): Promise<EmbeddedLog> {
  return EmbeddedLog.open(options);
}

export class EmbeddedLog implements Log {
  readonly kind = 'embedded' as const;
  readonly directory: string;

  private readonly logger: Logger;
  private readonly lock: DirectoryLock;
  private readonly offsets: OffsetStore;
  private readonly scheduler = new SyncScheduler();
  private readonly topics = new Map<string, TopicState>();
  private readonly groups = new Map<string, ConsumerGroup>();
  private readonly consumers = new Set<EmbeddedConsumer>();
  private readonly settings: Required<
    Omit<EmbeddedLogOptions, 'defaultRetention' | 'logger' | 'directory'>
  > & {
    defaultRetention: Retention | undefined;
  };
  private retentionTimer: NodeJS.Timeout | undefined;
  /** No new work once closing; consumers still finish (and commit) their batches until `closed`. */
  private closing = false;
  private closed = false;
  private closePromise: Promise<void> | undefined;

  private constructor(
    directory: string,
    options: EmbeddedLogOptions,
    logger: Logger,
    lock: DirectoryLock,
    offsets: OffsetStore,
  ) {
    this.directory = directory;
    this.logger = logger;
    this.lock = lock;
    this.offsets = offsets;
    this.settings = {
      segmentBytes: options.segmentBytes ?? 64 * 1024 * 1024,
      segmentMs: options.segmentMs ?? 7 * 24 * 3600 * 1000,
      indexIntervalBytes: options.indexIntervalBytes ?? 4096,
      maxRecordBytes: options.maxRecordBytes ?? 1024 * 1024,
      defaultRetention: options.defaultRetention,
      retentionCheckIntervalMs: options.retentionCheckIntervalMs ?? 5 * 60 * 1000,
      rebalanceTimeoutMs: options.rebalanceTimeoutMs ?? 30_000,
      maxBatchBytes: options.maxBatchBytes ?? 1024 * 1024,
      offsetsCompactAtBytes: options.offsetsCompactAtBytes ?? 4 * 1024 * 1024,
    };
  }

  static async open(options: EmbeddedLogOptions): Promise<EmbeddedLog> {
    validateOptions(options);
    const logger = options.logger ?? consoleLogger;
    const directory = path.resolve(options.directory);
    const lock = DirectoryLock.acquire(directory, logger);
    let log: EmbeddedLog | undefined;
    try {
      checkFormat(directory);
      const offsets = OffsetStore.open(directory, {
        compactAtBytes: options.offsetsCompactAtBytes ?? 4 * 1024 * 1024,
        logger,
      });
      log = new EmbeddedLog(directory, options, logger, lock, offsets);
      log.loadTopics();
    } catch (error) {
      log?.closeFiles();
      lock.release();
      throw fsError(error, `open the embedded log in ${directory}`);
    }
    if (log.settings.retentionCheckIntervalMs > 0) {
      log.retentionTimer = setInterval(() => {
        try {
          log.enforceRetention();
        } catch (error) {
          logger.error({ error: String(error) }, 'retention failed');
        }
      }, log.settings.retentionCheckIntervalMs);
      log.retentionTimer.unref();
    }
    return log;
  }

  private partitionOptions(topic: string, partition: number, topicDirectory: string): PartitionLogOptions {
    return {
      topic,
      partition,
      directory: path.join(topicDirectory, String(partition)),
      segmentBytes: this.settings.segmentBytes,
      segmentMs: this.settings.segmentMs,
      indexIntervalBytes: this.settings.indexIntervalBytes,
      logger: this.logger,
    };
  }

  private loadTopics(): void {
    const topicsDirectory = path.join(this.directory, TOPICS_DIR);
    fs.mkdirSync(topicsDirectory, { recursive: true });
    for (const entry of fs.readdirSync(topicsDirectory, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const topicDirectory = path.join(topicsDirectory, entry.name);
      if (entry.name.startsWith(CREATING_PREFIX)) {
        // A creation interrupted by a crash: the topic never existed.
        fs.rmSync(topicDirectory, { recursive: true, force: true });
        continue;
      }
      const meta: unknown = JSON.parse(fs.readFileSync(path.join(topicDirectory, 'topic.json'), 'utf8'));
      if (!isTopicMeta(meta) || meta.name !== entry.name) {
        throw new LogError('CORRUPT', `invalid topic.json in ${topicDirectory}`);
      }
      const partitions: PartitionLog[] = [];
      for (let p = 0; p < meta.partitions; p++) {
        partitions.push(PartitionLog.open(this.partitionOptions(meta.name, p, topicDirectory)));
      }
      this.topics.set(meta.name, { meta, partitions });
    }
  }

  // --- Log -----------------------------------------------------------------------------------------

  async createTopics(specs: readonly TopicSpec[]): Promise<void> {
    this.assertOpen();
    validateTopicSpecs(specs);
    for (const spec of specs) {
      const existing = this.topics.get(spec.name);
      if (existing) {
        if (existing.meta.partitions !== spec.partitions) {
          throw new LogError(
            'TOPIC_MISMATCH',
            `topic ${spec.name} exists with ${existing.meta.partitions} partitions, not ${spec.partitions}`,
          );
        }
        continue;
      }
      try {
        this.createTopic(spec);
      } catch (error) {
        throw fsError(error, `create topic ${spec.name}`);
      }
    }
  }

  /** Builds the topic under a temporary name, makes it durable, then renames it into place. */
  private createTopic(spec: TopicSpec): void {
    const topicsDirectory = path.join(this.directory, TOPICS_DIR);
    const staging = path.join(topicsDirectory, `${CREATING_PREFIX}${spec.name}-${process.pid}`);
    const final = path.join(topicsDirectory, spec.name);
    fs.rmSync(staging, { recursive: true, force: true });
    fs.mkdirSync(staging);
    const meta: TopicMeta = {
      name: spec.name,
      partitions: spec.partitions,
      ...(spec.retention ? { retention: { ...spec.retention } } : {}),
      ...(spec.compacted ? { compacted: true } : {}),
    };
    const created: PartitionLog[] = [];
    try {
      for (let p = 0; p < spec.partitions; p++) {
        const partition = PartitionLog.create(this.partitionOptions(spec.name, p, staging));
        created.push(partition);
        partition.close();
        syncDirectorySync(path.join(staging, String(p)));
      }
      writeFileDurablySync(path.join(staging, 'topic.json'), JSON.stringify(meta, null, 2));
      fs.renameSync(staging, final);
      syncDirectorySync(topicsDirectory);
    } catch (error) {
      for (const partition of created) partition.close();
      fs.rmSync(staging, { recursive: true, force: true });
      throw error;
    }
    const partitions: PartitionLog[] = [];
    for (let p = 0; p < spec.partitions; p++) {
      partitions.push(PartitionLog.open(this.partitionOptions(spec.name, p, final)));
    }
    this.topics.set(spec.name, { meta, partitions });
    this.logger.info({ topic: spec.name, partitions: spec.partitions }, 'topic created');
  }

  async produce(topic: string, records: readonly ProduceRecord[]): Promise<RecordPosition[]> {
    this.assertOpen();
    validateTopicName(topic);
    validateProduceRecords(records);
    const state = this.topicState(topic);
    if (records.length === 0) return [];
    const now = Date.now();
    const partitionCount = state.meta.partitions;
    const byPartition = new Map<number, number[]>();
    const sizes = new Array<number>(records.length);
    const encodable = new Array<EncodableRecord>(records.length);
    for (let i = 0; i < records.length; i++) {
      const record = records[i]!;
      const item: EncodableRecord = {
        key: record.key,
        value: record.value,
        headers: record.headers,
        timestamp: record.timestamp ?? now,
      };
      const size = encodedSize(item);
      if (size > this.settings.maxRecordBytes) {
        throw new LogError(
          'RECORD_TOO_LARGE',
          `record ${i} is ${size} bytes, above the ${this.settings.maxRecordBytes}-byte limit`,
        );
      }
      encodable[i] = item;
      sizes[i] = size;
      const partition = partitionForKey(record.key, partitionCount);
      let indices = byPartition.get(partition);
      if (!indices) {
        indices = [];
        byPartition.set(partition, indices);
      }
      indices.push(i);
    }
    const positions = new Array<RecordPosition>(records.length);
    const touched: PartitionLog[] = [];
    for (const [partition, indices] of byPartition) {
      const log = state.partitions[partition]!;
      const base = log.append(
        indices.map((i) => encodable[i]!),
        indices.map((i) => sizes[i]!),
      );
      touched.push(log);
      indices.forEach((recordIndex, k) => {
        positions[recordIndex] = { topic, partition, offset: String(base + k) };
      });
    }
    await Promise.all(touched.map((log) => this.scheduler.request(log)));
    return positions;
  }

  async consumer(options: ConsumerOptions): Promise<Consumer> {
    this.assertOpen();
    validateConsumerOptions(options);
    for (const topic of options.topics) this.topicState(topic);
    const consumer = new EmbeddedConsumer(this.consumerHost(options.groupId), options);
    this.consumers.add(consumer);
    await consumer.start();
    return consumer;
  }

  async topicOffsets(topic: string): Promise<PartitionOffsets[]> {
    this.assertOpen();
    validateTopicName(topic);
    return this.topicState(topic).partitions.map((log, partition) => ({
      partition,
      start: String(log.startOffset),
      end: String(log.endOffset),
    }));
  }

  async offsetsForTimestamp(topic: string, timestamp: number): Promise<PartitionOffset[]> {
    this.assertOpen();
    validateTopicName(topic);
    if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
      throw new LogError('INVALID_ARGUMENT', 'timestamp must be integer milliseconds since the epoch');
    }
    return this.topicState(topic).partitions.map((log, partition) => ({
      partition,
      offset: String(log.offsetForTimestamp(timestamp)),
    }));
  }

  async committedOffsets(groupId: string, topics: readonly string[]): Promise<CommittedOffset[]> {
    this.assertOpen();
    const result: CommittedOffset[] = [];
    for (const topic of topics) {
      validateTopicName(topic);
      const state = this.topicState(topic);
      for (let partition = 0; partition < state.meta.partitions; partition++) {
        const offset = this.offsets.get(groupId, topic, partition);
        result.push({ topic, partition, offset: offset === undefined ? null : String(offset) });
      }
    }
    return result;
  }

  close(): Promise<void> {
    this.closePromise ??= this.closeNow();
    return this.closePromise;
  }

  private async closeNow(): Promise<void> {
    this.closing = true;
    clearInterval(this.retentionTimer);
    await Promise.all([...this.consumers].map((consumer) => consumer.close()));
    await this.scheduler.idle();
    this.closed = true;
    this.closeFiles();
    this.lock.release();
  }

  private closeFiles(): void {
    for (const { partitions } of this.topics.values()) for (const partition of partitions) partition.close();
    this.offsets.close();
  }

  // --- Embedded-only -------------------------------------------------------------------------------

  /**
   * Deletes the segments retention no longer needs, on every partition, now (also runs every
   * `retentionCheckIntervalMs`). Returns how many segments were deleted.
   */
  enforceRetention(now = Date.now()): number {
    this.assertOpen();
    let deleted = 0;
    for (const { meta, partitions } of this.topics.values()) {
      const retention = meta.retention ?? this.settings.defaultRetention;
      for (const partition of partitions) {
        const count = partition.enforceRetention(retention, now);
        if (count > 0) {
          this.logger.info(
            { topic: meta.name, partition: partition.partition, segments: count },
            'retention deleted segments',
          );
        }
        deleted += count;
      }
    }
    return deleted;
  }

  /** Group-commit counters: how many fsync rounds served how many durability requests. */
  syncStats(): SyncStats {
    return this.scheduler.stats();
  }

  /** Number of segment files of a partition (for tests and diagnostics). */
  segmentCount(topic: string, partition: number): number {
    const log = this.topicState(topic).partitions[partition];
    if (!log) throw new LogError('INVALID_ARGUMENT', `${topic} has no partition ${partition}`);
    return log.segmentCount;
  }

  // --- Internals -----------------------------------------------------------------------------------

  private consumerHost(groupId: string): EmbeddedConsumerHost {
    let group = this.groups.get(groupId);
    if (!group) {
      group = new ConsumerGroup({
        groupId,
        partitionCount: (topic) => this.topics.get(topic)?.meta.partitions ?? 0,
        rebalanceTimeoutMs: this.settings.rebalanceTimeoutMs,
        logger: this.logger,
      });
      this.groups.set(groupId, group);
    }
    return {
      group,
      logger: this.logger,
      maxBatchBytes: this.settings.maxBatchBytes,
      partitionLog: (topic, partition) => this.topicState(topic).partitions[partition]!,
      committedOffset: (g, topic, partition) => this.offsets.get(g, topic, partition),
      commit: (g, commits) => this.commit(g, commits),
      forget: (consumer) => this.consumers.delete(consumer),
    };
  }

  private async commit(groupId: string, commits: readonly OffsetCommit[]): Promise<void> {
    if (this.closed) throw new LogError('CLOSED', 'the log is closed');
    this.offsets.commit(groupId, commits);
    await this.scheduler.request(this.offsets);
  }

  private topicState(topic: string): TopicState {
    const state = this.topics.get(topic);
    if (!state) throw new LogError('UNKNOWN_TOPIC', `topic ${topic} does not exist`);
    return state;
  }

  private assertOpen(): void {
    if (this.closing) throw new LogError('CLOSED', 'the log is closed');
  }
}

function validateOptions(options: EmbeddedLogOptions): void {
  if (typeof options.directory !== 'string' || options.directory.length === 0) {
    throw new LogError('INVALID_ARGUMENT', 'directory must be a non-empty path');
  }
  const bounded: [keyof EmbeddedLogOptions, number][] = [
    // Index entries hold 32-bit file positions: a segment stays below 2 GiB.
    ['segmentBytes', 2 ** 31 - 1],
    ['segmentMs', Number.MAX_SAFE_INTEGER],
    ['indexIntervalBytes', 2 ** 30],
    ['maxRecordBytes', 256 * 1024 * 1024],
    ['rebalanceTimeoutMs', Number.MAX_SAFE_INTEGER],
    ['maxBatchBytes', 2 ** 30],
    ['offsetsCompactAtBytes', 2 ** 31 - 1],
  ];
  for (const [name, max] of bounded) {
    const value = options[name];
    if (
      value !== undefined &&
      (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1 || value > max)
    ) {
      throw new LogError('INVALID_ARGUMENT', `${name} must be an integer from 1 to ${max}`);
    }
  }
  const interval = options.retentionCheckIntervalMs;
  if (interval !== undefined && (!Number.isSafeInteger(interval) || interval < 0)) {
    throw new LogError('INVALID_ARGUMENT', 'retentionCheckIntervalMs must be a non-negative integer');
  }
}

/** Writes the format marker of a new directory, or checks the one found. */
function checkFormat(directory: string): void {
  const file = path.join(directory, 'format.json');
  if (!fs.existsSync(file)) {
    writeFileDurablySync(file, JSON.stringify({ format: FORMAT_VERSION }));
    return;
  }
  const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  const format = (parsed as { format?: unknown } | null)?.format;
  if (format !== FORMAT_VERSION) {
    throw new LogError(
      'CORRUPT',
      `${directory} holds an embedded log of format ${String(format)}, expected ${FORMAT_VERSION}`,
    );
  }
}
