/**
 * Ids for events that arrive without one, derived from their content: a ULID whose time is the
 * event's `occurredAt` and whose random part is the start of a SHA-256 of the source and the event's
 * bytes. A source that sends the same batch again after a 503 (or a tracker that resends a buffered
 * fix) therefore produces the same ids, and the processor's deduplication drops the repeats, even
 * though the source never chose ids. Two byte-identical events of one source are, by this rule, one.
 */
import { createHash } from 'node:crypto';
import { createEventIdFactory } from '@vigie/contracts/envelope';

const MAX_TIME = 2 ** 48 - 1;

export function contentEventId(
  source: string,
  content: Uint8Array | string,
  occurredAt: unknown,
  fallbackTime: number,
): string {
  const digest = createHash('sha256').update(source, 'utf8').update('\n').update(content).digest();
  const parsed = typeof occurredAt === 'string' ? Date.parse(occurredAt) : Number.NaN;
  const time = Number.isFinite(parsed) && parsed >= 0 && parsed <= MAX_TIME ? parsed : fallbackTime;
  const ids = createEventIdFactory({
    now: () => Math.floor(time),
    fillRandom: (bytes) => bytes.set(digest.subarray(0, bytes.length)),
  });
  return ids();
}
