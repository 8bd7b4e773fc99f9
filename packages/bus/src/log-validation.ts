/** Argument checks shared by both adapters, so both reject the same inputs with `INVALID_ARGUMENT`. */
import { LogError } from './log';
import type {
  ConsumerOptions,
  ProduceRecord,
  SeekTarget,
  TopicPartitionOffset,
  TopicPartitions,
  TopicSpec,
} from './log';

const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;
const OFFSET = /^(0|[1-9][0-9]{0,18})$/;
const INT64_MAX = 9223372036854775807n;

function invalid(message: string): LogError {
  return new LogError('INVALID_ARGUMENT', message);
}

export function validateTopicName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || !TOPIC_NAME.test(name) || name === '.' || name === '..') {
    throw invalid(`invalid topic name ${JSON.stringify(name)}: use 1-249 characters among [a-zA-Z0-9._-]`);
  }
}

function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

export function validateTopicSpecs(specs: readonly TopicSpec[]): void {
  if (!Array.isArray(specs)) throw invalid('topics must be an array');
  const seen = new Set<string>();
  for (const spec of specs) {
    validateTopicName(spec.name);
    if (seen.has(spec.name)) throw invalid(`topic ${spec.name} is listed twice`);
    seen.add(spec.name);
    if (!isNonNegativeInteger(spec.partitions) || spec.partitions < 1 || spec.partitions > 10_000) {
      throw invalid(`topic ${spec.name}: partitions must be an integer from 1 to 10000`);
    }
    const retention = spec.retention;
    if (retention !== undefined) {
      if (retention.bytes !== undefined && !isNonNegativeInteger(retention.bytes)) {
        throw invalid(`topic ${spec.name}: retention.bytes must be a non-negative integer`);
      }
      if (retention.ms !== undefined && !isNonNegativeInteger(retention.ms)) {
        throw invalid(`topic ${spec.name}: retention.ms must be a non-negative integer`);
      }
    }
  }
}

export function validateProduceRecords(records: readonly ProduceRecord[]): void {
  if (!Array.isArray(records)) throw invalid('records must be an array');
  for (let i = 0; i < records.length; i++) {
    const record = records[i];
    if (typeof record !== 'object' || record === null) throw invalid(`record ${i} is not an object`);
    if (typeof record.key !== 'string') throw invalid(`record ${i}: key must be a string`);
    if (typeof record.value !== 'string' && !Buffer.isBuffer(record.value)) {
      throw invalid(`record ${i}: value must be a Buffer or a string`);
    }
    if (record.timestamp !== undefined && !isNonNegativeInteger(record.timestamp)) {
      throw invalid(`record ${i}: timestamp must be integer milliseconds since the epoch`);
    }
    if (record.headers !== undefined) {
      if (typeof record.headers !== 'object' || record.headers === null) {
        throw invalid(`record ${i}: headers must be an object of strings`);
      }
      for (const [name, value] of Object.entries(record.headers)) {
        if (typeof value !== 'string') throw invalid(`record ${i}: header ${name} must be a string`);
        if (Buffer.byteLength(name, 'utf8') > 0xffff)
          throw invalid(`record ${i}: a header name is above 65535 bytes`);
      }
    }
  }
}

/** Checks an offset string (a non-negative int64 in decimal). */
export function validateOffset(offset: unknown, what = 'offset'): asserts offset is string {
  if (typeof offset !== 'string' || !OFFSET.test(offset) || BigInt(offset) > INT64_MAX) {
    throw invalid(
      `${what} must be a non-negative integer in a decimal string, got ${JSON.stringify(offset)}`,
    );
  }
}

export function validatePartition(topicPartition: { topic: unknown; partition: unknown }): void {
  validateTopicName(topicPartition.topic);
  if (!isNonNegativeInteger(topicPartition.partition)) {
    throw invalid(
      `partition must be a non-negative integer, got ${JSON.stringify(topicPartition.partition)}`,
    );
  }
}

export function validateCommitOffsets(offsets: readonly TopicPartitionOffset[]): void {
  if (!Array.isArray(offsets)) throw invalid('offsets must be an array');
  for (const entry of offsets) {
    validatePartition(entry);
    validateOffset(entry.offset);
  }
}

export function validateSeekTarget(target: SeekTarget): void {
  validatePartition(target);
  if ('offset' in target) validateOffset(target.offset);
  else if (!isNonNegativeInteger(target.timestamp))
    throw invalid('seek timestamp must be integer milliseconds');
}

export function validateTopicPartitions(targets: readonly TopicPartitions[]): void {
  if (!Array.isArray(targets)) throw invalid('targets must be an array');
  for (const target of targets) {
    validateTopicName(target.topic);
    if (target.partitions !== undefined) {
      if (!Array.isArray(target.partitions) || !target.partitions.every(isNonNegativeInteger)) {
        throw invalid(`partitions of ${target.topic} must be non-negative integers`);
      }
    }
  }
}

export function validateConsumerOptions(options: ConsumerOptions): void {
  if (typeof options.groupId !== 'string' || options.groupId.length === 0 || options.groupId.length > 255) {
    throw invalid('groupId must be a non-empty string of at most 255 characters');
  }
  if (!Array.isArray(options.topics) || options.topics.length === 0)
    throw invalid('topics must be a non-empty array');
  options.topics.forEach((topic) => validateTopicName(topic));
  if (options.startFrom !== 'earliest' && options.startFrom !== 'latest') {
    throw invalid("startFrom must be 'earliest' or 'latest'");
  }
  if (typeof options.onBatch !== 'function') throw invalid('onBatch must be a function');
  if (
    options.maxBatchSize !== undefined &&
    (!isNonNegativeInteger(options.maxBatchSize) || options.maxBatchSize < 1)
  ) {
    throw invalid('maxBatchSize must be a positive integer');
  }
}
