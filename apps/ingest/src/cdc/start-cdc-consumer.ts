/**
 * Reads Debezium-style change events of an inventory database from a topic (default `cdc.inventory`)
 * and appends the stock levels they give to `raw.inventory`; malformed events go to `deadletter` with
 * the reason. Offsets are committed only after both are on the log (at-least-once; event ids derive
 * from the record's topic, partition and offset, so a redelivery gives the same ids).
 */
import type { Consumer, Log, ProduceRecord } from '@vigie/bus/log';
import type { FastifyBaseLogger } from 'fastify';
import { deadLetterRecord } from '../dead-letter-record';
import type { IngestTopicName } from '../ensure-ingest-topics';
import { newEventId } from '@vigie/contracts/envelope';
import { importRecord } from '../imports/publish-import';
import type { IngestConfig } from '../ingest-config';
import { publishRecords } from '../publish-records';
import { mapCdcEnvelope } from './map-cdc-envelope';

export interface CdcConfig {
  /** Topic the change events arrive on (not prefixed: it belongs to the connector). */
  readonly topic: string;
  readonly groupId: string;
  /** Envelope source of the inventory events. */
  readonly source: string;
  /** Unit of rows without a unit column. */
  readonly defaultUnit: string;
}

export interface CdcConsumerDeps {
  readonly log: Log;
  readonly ingest: IngestConfig;
  readonly cdc: CdcConfig;
  readonly logger: FastifyBaseLogger;
}

export interface CdcStats {
  accepted: number;
  skipped: number;
  rejected: number;
}

export interface RunningCdcConsumer {
  stats(): CdcStats;
  stop(): Promise<void>;
}

export async function startCdcConsumer(deps: CdcConsumerDeps): Promise<RunningCdcConsumer> {
  const { log, ingest, cdc } = deps;
  const logger = deps.logger.child({ component: 'cdc', topic: cdc.topic });
  const stats: CdcStats = { accepted: 0, skipped: 0, rejected: 0 };
  const topicName = (topic: IngestTopicName) => `${ingest.topicPrefix}${topic}`;

  const consumer: Consumer = await log.consumer({
    groupId: cdc.groupId,
    topics: [cdc.topic],
    startFrom: 'earliest',
    onBatch: async (batch, member) => {
      const records: ProduceRecord[] = [];
      const deadLetters: ProduceRecord[] = [];
      const failedAt = new Date().toISOString();
      let skipped = 0;
      for (const message of batch.messages) {
        const mapped = mapCdcEnvelope(message.value.length === 0 ? null : message.value, {
          defaultUnit: cdc.defaultUnit,
          now: message.timestamp,
        });
        const where = `${message.topic}/${message.partition}/${message.offset}`;
        let issues: { path: string; message: string }[] | undefined;
        if (mapped.kind === 'skip') {
          skipped++;
          continue;
        }
        if (mapped.kind === 'inventory') {
          const result = importRecord(
            'raw.inventory',
            cdc.source,
            { where, occurredAt: mapped.occurredAt, payload: mapped.payload, original: where },
            failedAt,
          );
          if (result.ok) {
            records.push(result.record);
            continue;
          }
          issues = result.issues;
        } else {
          issues = [{ path: '', message: mapped.reason }];
        }
        deadLetters.push(
          deadLetterRecord({
            originTopic: cdc.topic,
            code: 'VALIDATION_FAILED',
            issues,
            original: message.value,
            source: cdc.source,
            failedAt,
            newId: newEventId,
            consumer: 'ingest.cdc',
          }),
        );
        logger.debug(
          { partition: message.partition, offset: message.offset, issues },
          'change event refused',
        );
      }
      const byTopic = new Map<string, ProduceRecord[]>();
      if (records.length > 0) byTopic.set(topicName('raw.inventory'), records);
      if (deadLetters.length > 0) byTopic.set(topicName('deadletter'), deadLetters);
      // Throws on a log failure: the consumer retries the same batch after a back-off.
      await publishRecords(log, ingest, byTopic);
      await member.commit([{ topic: batch.topic, partition: batch.partition, offset: batch.nextOffset }]);
      stats.accepted += records.length;
      stats.rejected += deadLetters.length;
      stats.skipped += skipped;
    },
  });
  logger.info({ groupId: cdc.groupId }, 'change-data-capture consumer started');
  return {
    stats: () => ({ ...stats }),
    stop: () => consumer.close(),
  };
}
