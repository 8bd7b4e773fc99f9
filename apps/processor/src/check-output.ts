/**
 * Optional self-check of what the processor produces (config `validateOutput`, on in tests): every
 * live.* and dead-letter record must parse with its topic's contract. A failure is a bug in the
 * processor, reported as `INTERNAL` with the first issue, never published.
 */
import type { ProduceRecord } from '@vigie/bus/log';
import { AppError } from '@vigie/contracts/errors';
import { decodeTopicMessage } from '@vigie/contracts/topics';
import type { TopicName } from '@vigie/contracts/topics';

export function checkOutput(topic: TopicName, records: readonly ProduceRecord[]): void {
  for (const record of records) {
    const parsed = decodeTopicMessage(topic, record.value);
    if (!parsed.ok) {
      throw new AppError('INTERNAL', `the processor built an invalid ${topic} record: ${parsed.summary}`, {
        key: record.key,
      });
    }
    if (parsed.key !== record.key) {
      throw new AppError(
        'INTERNAL',
        `the processor keyed a ${topic} record ${record.key}, not ${parsed.key}`,
      );
    }
  }
}
