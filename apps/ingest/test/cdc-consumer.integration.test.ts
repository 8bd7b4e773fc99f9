/**
 * The change-data-capture consumer on the embedded log and on the real Kafka broker: Debezium
 * envelopes produced on a topic of the test's own come out as raw.inventory sets; a tombstone is
 * skipped; malformed events are dead-lettered with their reason; offsets are committed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Log } from '@vigie/bus/log';
import { openEmbeddedLog } from '@vigie/bus/embedded-log';
import { connectKafkaLog } from '@vigie/bus/kafka-log';
import { ZDeadLetterV1 } from '@vigie/contracts/deadletter';
import { describeWithService, isServiceUp, services } from '@vigie/testing/services';
import { uniqueName } from '@vigie/testing/unique-name';
import { waitFor } from '@vigie/testing/wait-for';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCdcConsumer } from '../src/cdc/start-cdc-consumer';
import type { RunningCdcConsumer } from '../src/cdc/start-cdc-consumer';
import { ensureIngestTopics } from '../src/ensure-ingest-topics';
import { collectTopics, testConfig, testLogger } from './ingest-harness';
import type { Collector } from './ingest-harness';

const source = {
  connector: 'postgresql',
  db: 'stock',
  schema: 'public',
  table: 'levels',
  lsn: 1234,
  ts_ms: 1_629_122_400_000,
};

function runCdcSuite(name: string, open: () => Promise<Log>, dispose: () => Promise<void> = async () => {}) {
  describe(name, () => {
    let log: Log;
    let topics: Collector;
    let cdc: RunningCdcConsumer;
    const config = testConfig();
    const cdcTopic = uniqueName('cdc.inventory');
    const groupId = uniqueName('cdc_group');
    const warehouse = uniqueName('WH');

    beforeAll(async () => {
      log = await open();
      await ensureIngestTopics(log, config);
      await log.createTopics([{ name: cdcTopic, partitions: 2 }]);
      topics = await collectTopics(log, config);
      cdc = await startCdcConsumer({
        log,
        ingest: config,
        cdc: { topic: cdcTopic, groupId, source: 'cdc-inventory', defaultUnit: 'pcs' },
        logger: testLogger,
      });
    });

    afterAll(async () => {
      await cdc?.stop();
      await topics?.close();
      await log?.close();
      await dispose();
    });

    it('maps inserts, updates and deletes to sets, skips tombstones and dead-letters malformed events', async () => {
      const row = (quantity: number) => ({
        warehouse_id: warehouse,
        item_code: 'SOAP',
        quantity,
        unit: 'kg',
      });
      const key = JSON.stringify({ warehouse_id: warehouse, item_code: 'SOAP' });
      await log.produce(cdcTopic, [
        { key, value: JSON.stringify({ before: null, after: row(40), op: 'c', source, ts_ms: 1 }) },
        {
          key,
          value: JSON.stringify({
            schema: { type: 'struct' },
            payload: { before: row(40), after: row(35), op: 'u', source },
          }),
        },
        { key, value: JSON.stringify({ before: row(35), after: null, op: 'd', source }) },
        { key, value: '' },
        {
          key,
          value: JSON.stringify({ before: null, after: { item_code: 'SOAP', quantity: 1 }, op: 'c', source }),
        },
      ]);
      const sets = await topics.waitForMessages('raw.inventory', (m) => m.key === `${warehouse}|SOAP`, 3);
      expect(sets.map((m) => (m.value.payload as { quantity: number }).quantity)).toEqual([40, 35, 0]);
      expect(sets[0]!.value).toMatchObject({
        source: 'cdc-inventory',
        occurredAt: '2021-08-16T14:00:00.000Z',
      });
      const [dead] = await topics.waitForMessages(
        'deadletter',
        (m) => (m.value.payload as { originTopic: string }).originTopic === cdcTopic,
        1,
      );
      const letter = ZDeadLetterV1.parse(dead!.value.payload);
      expect(letter.message).toContain('no warehouse column');
      expect(Buffer.from(letter.original, 'base64').toString('utf8')).toContain('"item_code":"SOAP"');
      await waitFor(
        async () => {
          const committed = await log.committedOffsets(groupId, [cdcTopic]);
          const total = committed.reduce((sum, c) => sum + Number(c.offset ?? 0), 0);
          return total === 5;
        },
        { what: 'the CDC consumer committing all 5 records' },
      );
      // The commit may be visible on the broker a moment before the consumer's own commit call returns.
      const stats = await waitFor(() => cdc.stats().accepted + cdc.stats().rejected === 4 && cdc.stats(), {
        what: 'the CDC consumer counting its batch',
      });
      expect(stats).toEqual({ accepted: 3, skipped: 1, rejected: 1 });
    });
  });
}

const directory = mkdtempSync(join(tmpdir(), 'vigie-cdc-log-'));
runCdcSuite(
  'change-data-capture on the embedded log',
  () => openEmbeddedLog({ directory }),
  async () => rmSync(directory, { recursive: true, force: true }),
);

const kafkaUp = await isServiceUp('kafka');
describeWithService(
  kafkaUp,
  'Kafka',
  'start Kafka or set VIGIE_TEST_KAFKA_BROKERS',
)('on Kafka', () => {
  runCdcSuite('change-data-capture on Kafka', () =>
    connectKafkaLog({
      brokers: services.kafkaBrokers,
      clientId: 'vigie-cdc-tests',
      consumer: {
        sessionTimeoutMs: 6_000,
        heartbeatIntervalMs: 300,
        rebalanceTimeoutMs: 3_000,
        maxWaitTimeMs: 100,
      },
    }),
  );
});
