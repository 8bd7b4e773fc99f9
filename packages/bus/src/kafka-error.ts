/** Reads kafkajs errors as `LogError`s, so callers see the same codes on both adapters. */
import { LogError } from './log';
import type { LogErrorCode } from './log';

/** The broker cannot serve now (leaderless, overloaded, restarting, unreachable): retry later. */
const UNAVAILABLE_TYPES = new Set([
  'LEADER_NOT_AVAILABLE',
  'NOT_LEADER_FOR_PARTITION',
  'REQUEST_TIMED_OUT',
  'BROKER_NOT_AVAILABLE',
  'REPLICA_NOT_AVAILABLE',
  'NETWORK_EXCEPTION',
  'GROUP_LOAD_IN_PROGRESS',
  'GROUP_COORDINATOR_NOT_AVAILABLE',
  'NOT_COORDINATOR_FOR_GROUP',
  'NOT_ENOUGH_REPLICAS',
  'NOT_ENOUGH_REPLICAS_AFTER_APPEND',
  'NOT_CONTROLLER',
  'KAFKA_STORAGE_ERROR',
  'FENCED_LEADER_EPOCH',
  'UNKNOWN_LEADER_EPOCH',
  'OFFSET_NOT_AVAILABLE',
  'PREFERRED_LEADER_NOT_AVAILABLE',
  'ELIGIBLE_LEADERS_NOT_AVAILABLE',
  'UNSTABLE_OFFSET_COMMIT',
]);

/** The member's generation is over: its partitions went (or are going) to a new assignment. */
const FENCED_TYPES = new Set([
  'ILLEGAL_GENERATION',
  'UNKNOWN_MEMBER_ID',
  'REBALANCE_IN_PROGRESS',
  'FENCED_INSTANCE_ID',
]);

const TOO_LARGE_TYPES = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE']);

const INVALID_TYPES = new Set([
  'INVALID_TOPIC_EXCEPTION',
  'INVALID_PARTITIONS',
  'INVALID_REPLICATION_FACTOR',
  'INVALID_CONFIG',
  'INVALID_REQUEST',
  'INVALID_TIMESTAMP',
  'INVALID_RECORD',
  'INVALID_GROUP_ID',
  'INVALID_SESSION_TIMEOUT',
  'INVALID_COMMIT_OFFSET_SIZE',
  'POLICY_VIOLATION',
]);

/** kafkajs errors meaning the broker could not be reached or did not answer in time. */
const UNAVAILABLE_NAMES = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
  'KafkaJSNoBrokerAvailableError',
  'KafkaJSMetadataNotLoaded',
  'KafkaJSTopicMetadataNotLoaded',
  'KafkaJSGroupCoordinatorNotFound',
  'KafkaJSTimeout',
  'KafkaJSLockTimeout',
]);

interface KafkaJsErrorShape {
  name?: unknown;
  type?: unknown;
  retriable?: unknown;
  cause?: unknown;
  errors?: unknown;
  message?: unknown;
}

/** The error and everything it wraps (kafkajs nests causes, and aggregates per-topic errors). */
function chainOf(error: unknown): KafkaJsErrorShape[] {
  const chain: KafkaJsErrorShape[] = [];
  const queue: unknown[] = [error];
  while (queue.length > 0 && chain.length < 20) {
    const current = queue.shift();
    if (typeof current !== 'object' || current === null || chain.includes(current as KafkaJsErrorShape))
      continue;
    const shape = current as KafkaJsErrorShape;
    chain.push(shape);
    if (shape.cause !== undefined) queue.push(shape.cause);
    if (Array.isArray(shape.errors)) queue.push(...(shape.errors as unknown[]));
  }
  return chain;
}

function codeOf(chain: readonly KafkaJsErrorShape[]): LogErrorCode | undefined {
  for (const shape of chain) {
    const type = typeof shape.type === 'string' ? shape.type : '';
    if (FENCED_TYPES.has(type)) return 'NOT_ASSIGNED';
    if (TOO_LARGE_TYPES.has(type)) return 'RECORD_TOO_LARGE';
    if (type === 'UNKNOWN_TOPIC_OR_PARTITION') return 'UNKNOWN_TOPIC';
    if (INVALID_TYPES.has(type)) return 'INVALID_ARGUMENT';
  }
  for (const shape of chain) {
    const type = typeof shape.type === 'string' ? shape.type : '';
    const name = typeof shape.name === 'string' ? shape.name : '';
    if (UNAVAILABLE_TYPES.has(type) || UNAVAILABLE_NAMES.has(name)) return 'UNAVAILABLE';
  }
  return undefined;
}

/** The `LogError` for a kafkajs failure while doing `action`. */
export function fromKafkaError(error: unknown, action: string): LogError {
  if (error instanceof LogError) return error;
  const chain = chainOf(error);
  const detail = error instanceof Error ? error.message : String(error);
  const code =
    codeOf(chain) ?? (chain.some((shape) => shape.retriable === true) ? 'UNAVAILABLE' : 'INTERNAL');
  return new LogError(code, `${action}: ${detail}`, { cause: error });
}
