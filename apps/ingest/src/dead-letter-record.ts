/**
 * The dead-letter record of an event ingest refused: the reason, the issues and the original bytes,
 * keyed by the raw topic it was meant for (or `ingest.events` when its type was unknown).
 */
import { deadLetterPayload } from '@vigie/contracts/deadletter';
import type { ErrorCode } from '@vigie/contracts/errors';
import type { TIssue } from '@vigie/contracts/issues';
import { summariseIssues } from '@vigie/contracts/issues';
import { parseTopicMessage, topics } from '@vigie/contracts/topics';
import type { ProduceRecord } from '@vigie/bus/log';

/** Origin of events refused before their topic was known (not a topic anyone reads). */
export const UNKNOWN_ORIGIN = 'ingest.events';

export interface RefusedEvent {
  originTopic: string;
  code: ErrorCode;
  issues: readonly TIssue[];
  original: Uint8Array | string;
  /** Envelope source of the dead letter: the API key's source. */
  source: string;
  failedAt: string;
  newId: () => string;
  /** Consumer or app that refused it (here always `ingest`). */
  consumer?: string;
}

export function deadLetterRecord(refused: RefusedEvent): ProduceRecord {
  const payload = deadLetterPayload({
    originTopic: refused.originTopic,
    code: refused.code,
    message: summariseIssues(refused.issues),
    issues: refused.issues,
    original: refused.original,
    consumer: refused.consumer ?? 'ingest',
    failedAt: refused.failedAt,
  });
  const envelope = {
    id: refused.newId(),
    type: topics.deadletter.type,
    v: topics.deadletter.version,
    source: refused.source,
    occurredAt: refused.failedAt,
    receivedAt: refused.failedAt,
    payload,
  };
  const parsed = parseTopicMessage('deadletter', envelope);
  if (!parsed.ok) throw new Error(`dead-letter envelope does not match its contract: ${parsed.summary}`);
  return { key: parsed.key, value: JSON.stringify(parsed.message) };
}
