/**
 * The dead-letter record of a rejected raw record: its reason, its original bytes and where it came
 * from, in a `deadletter` envelope keyed by the origin topic. The id derives from the origin topic,
 * partition and offset, so a record rejected twice (a batch retried) is the same dead letter twice.
 */
import type { ProduceRecord } from '@vigie/bus/log';
import type { LogRecord } from '@vigie/bus/log';
import { deadLetterPayload } from '@vigie/contracts/deadletter';
import type { TDeadLetterEventV1 } from '@vigie/contracts/deadletter';
import type { ErrorCode } from '@vigie/contracts/errors';
import type { TIssue } from '@vigie/contracts/issues';
import { deriveEventId } from './derive-event-id';

export interface Rejection {
  code: ErrorCode;
  message: string;
  issues: readonly TIssue[];
}

export function buildDeadLetter(
  record: LogRecord,
  rejection: Rejection,
  context: { groupId: string; sourceId: string; now: Date },
): ProduceRecord {
  const failedAt = context.now.toISOString();
  const occurredAt = Number.isFinite(record.timestamp) ? new Date(record.timestamp) : context.now;
  const event: TDeadLetterEventV1 = {
    id: deriveEventId(
      occurredAt.getTime(),
      'deadletter',
      record.topic,
      String(record.partition),
      record.offset,
    ),
    type: 'deadletter',
    v: 1,
    source: context.sourceId,
    occurredAt: occurredAt.toISOString(),
    receivedAt: failedAt,
    payload: deadLetterPayload({
      originTopic: record.topic,
      code: rejection.code,
      message: rejection.message,
      issues: rejection.issues,
      original: record.value,
      ...(record.key === '' ? {} : { key: record.key }),
      partition: record.partition,
      offset: record.offset,
      consumer: context.groupId,
      failedAt,
    }),
  };
  return { key: record.topic, value: JSON.stringify(event) };
}
