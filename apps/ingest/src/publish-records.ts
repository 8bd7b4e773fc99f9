/**
 * Appends records to the log and resolves only once the log acknowledged all of them (durable). Any
 * failure to do so within the configured time becomes a 503 with `Retry-After`: the client keeps the
 * events and sends them again (ids make the retry idempotent downstream). Nothing is dropped silently.
 */
import { isLogError } from '@vigie/bus/log';
import type { Log, ProduceRecord } from '@vigie/bus/log';
import type { IngestConfig } from './ingest-config';
import { IngestError, logUnavailable } from './ingest-error';

export type RecordsByTopic = ReadonlyMap<string, readonly ProduceRecord[]>;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(ms)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

class TimeoutError extends Error {
  constructor(ms: number) {
    super(`no acknowledgement within ${ms} ms`);
  }
}

/** Log failures that a later retry may fix: answered 503. Others (a bug, a record too large) are 500/413. */
function toIngestError(error: unknown, config: IngestConfig, onUnknownTopic: () => void): IngestError {
  const retryAfterS = config.unavailableRetryAfterS;
  if (error instanceof TimeoutError) return logUnavailable(retryAfterS, error.message, error);
  if (isLogError(error)) {
    switch (error.code) {
      case 'UNAVAILABLE':
      case 'CLOSED':
      case 'LOCKED':
        return logUnavailable(retryAfterS, error.code === 'CLOSED' ? 'closed' : 'unreachable', error);
      case 'UNKNOWN_TOPIC':
        onUnknownTopic();
        return logUnavailable(retryAfterS, 'topic not created yet', error);
      case 'RECORD_TOO_LARGE':
        return new IngestError(
          'PAYLOAD_TOO_LARGE',
          'An event is larger than the log accepts for one record',
          {
            cause: error,
          },
        );
      default:
        if (error.retriable) return logUnavailable(retryAfterS, error.code.toLowerCase(), error);
    }
  }
  return new IngestError('INTERNAL', 'The event log failed unexpectedly', { cause: error });
}

/**
 * Produces every topic's records (in parallel across topics, in order within one) and waits for all
 * acknowledgements. Throws an `IngestError` (503 when retriable) if any of them fails.
 */
export async function publishRecords(
  log: Log,
  config: IngestConfig,
  recordsByTopic: RecordsByTopic,
  onUnknownTopic: () => void = () => undefined,
): Promise<void> {
  const calls: Promise<unknown>[] = [];
  for (const [topic, records] of recordsByTopic) {
    if (records.length > 0) calls.push(log.produce(topic, records));
  }
  if (calls.length === 0) return;
  try {
    await withTimeout(Promise.all(calls), config.produceTimeoutMs);
  } catch (error) {
    // Calls still running may fail later: keep their rejections handled.
    for (const call of calls) call.catch(() => undefined);
    throw toIngestError(error, config, onUnknownTopic);
  }
}
