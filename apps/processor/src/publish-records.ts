/**
 * Produces records in chunks (each well under Kafka's 1 MiB request limit) and, when the log cannot
 * take them now, retries with exponential backoff until it can or the processor is closing.
 */
import type { Log, ProduceRecord } from '@vigie/bus/log';
import { isLogError } from '@vigie/bus/log';
import type { Logger } from 'pino';
import { describeError } from './database-error';

const CHUNK_BYTES = 512 * 1024;

function chunks(records: readonly ProduceRecord[]): ProduceRecord[][] {
  const out: ProduceRecord[][] = [];
  let current: ProduceRecord[] = [];
  let bytes = 0;
  for (const record of records) {
    const size =
      64 +
      record.key.length +
      (typeof record.value === 'string' ? record.value.length * 3 : record.value.length);
    if (current.length > 0 && bytes + size > CHUNK_BYTES) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(record);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** Produces once per chunk, throwing the log's error (for records that must be durable before going on). */
export async function produceAll(log: Log, topic: string, records: readonly ProduceRecord[]): Promise<void> {
  for (const chunk of chunks(records)) await log.produce(topic, chunk);
}

export interface RetryOptions {
  initialMs: number;
  maxMs: number;
  isClosing: () => boolean;
  logger: Logger;
}

/**
 * Produces, retrying on retriable failures. Resolves true once everything is durable, false when it
 * gave up (closing, or an error that retrying cannot fix), having logged why.
 */
export async function publishWithRetry(
  log: Log,
  topic: string,
  records: readonly ProduceRecord[],
  options: RetryOptions,
): Promise<boolean> {
  let pending = chunks(records);
  let delay = options.initialMs;
  while (pending.length > 0) {
    const chunk = pending[0]!;
    try {
      await log.produce(topic, chunk);
      pending = pending.slice(1);
      delay = options.initialMs;
    } catch (error) {
      const retriable = isLogError(error) ? error.retriable : false;
      if (!retriable || options.isClosing()) {
        options.logger.error(
          { topic, records: pending.reduce((n, c) => n + c.length, 0), ...describeError(error) },
          retriable
            ? 'live records not published: closing'
            : 'live records not published: the log refused them',
        );
        return false;
      }
      options.logger.warn(
        { topic, retryInMs: delay, ...describeError(error) },
        'log unavailable; publication retried',
      );
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, options.maxMs);
    }
  }
  return true;
}
