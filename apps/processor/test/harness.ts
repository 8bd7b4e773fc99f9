/**
 * The two ways the processor runs, as test fixtures: the embedded log with PGlite in a temporary
 * directory, and Kafka with a throwaway PostgreSQL database. Each opens real services; tests then use
 * their own topic prefix and group id, so they never see each other's records.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedLog } from '@vigie/bus/embedded-log';
import { connectKafkaLog } from '@vigie/bus/kafka-log';
import type { Consumer, Log, LogRecord } from '@vigie/bus/log';
import { createDb } from '@vigie/db/create-db';
import type { Database } from '@vigie/db/database';
import { services } from '@vigie/testing/services';
import { uniqueName } from '@vigie/testing/unique-name';
import { pino } from 'pino';

export interface Services {
  readonly kind: 'embedded' | 'kafka';
  readonly database: Database;
  readonly log: Log;
  /** Environment that points a child processor at the same services (database URL or data dir, brokers). */
  readonly childEnv: Record<string, string>;
}

export interface ServiceFixture {
  open(): Promise<Services>;
  close(): Promise<void>;
}

/** Quiet by default; `VIGIE_TEST_LOG=debug` shows the processor's logs. */
export const testLogger = pino({ level: process.env.VIGIE_TEST_LOG ?? 'silent' });

export const KAFKA_TEST_TIMINGS = {
  sessionTimeoutMs: 6_000,
  heartbeatIntervalMs: 300,
  rebalanceTimeoutMs: 3_000,
  maxWaitTimeMs: 100,
};

export function connectTestKafka(): Promise<Log> {
  return connectKafkaLog({
    brokers: services.kafkaBrokers,
    clientId: uniqueName('processor-test'),
    retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1_000 },
    consumer: KAFKA_TEST_TIMINGS,
    logger: testLogger,
  });
}

/** Embedded log + PGlite, both in one temporary directory. */
export function embeddedFixture(): ServiceFixture {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-processor-'));
  let opened: Services | undefined;
  return {
    async open() {
      const database = await createDb({ dataDir: join(dir, 'pglite') });
      await database.migrate();
      const log = await openEmbeddedLog({ directory: join(dir, 'log'), logger: testLogger });
      opened = { kind: 'embedded', database, log, childEnv: { VIGIE_DATA_DIR: dir } };
      return opened;
    },
    async close() {
      await opened?.log.close();
      await opened?.database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function admin(statement: string): Promise<void> {
  const server = await createDb({ url: services.databaseUrl, pool: { max: 1 } });
  try {
    await server.db.execute(statement);
  } finally {
    await server.close();
  }
}

/** Kafka (topics prefixed per test) + a PostgreSQL database created for the suite and dropped after. */
export function kafkaPostgresFixture(): ServiceFixture {
  const name = uniqueName('vigie_processor_test');
  const url = new URL(services.databaseUrl);
  url.pathname = `/${name}`;
  let opened: Services | undefined;
  return {
    async open() {
      await admin(`CREATE DATABASE "${name}"`);
      const database = await createDb({
        url: url.toString(),
        pool: { max: 6 },
        applicationName: 'vigie-processor-tests',
      });
      await database.migrate();
      const log = await connectTestKafka();
      opened = {
        kind: 'kafka',
        database,
        log,
        childEnv: {
          DATABASE_URL: url.toString(),
          KAFKA_BROKERS: services.kafkaBrokers.join(','),
          KAFKA_SESSION_TIMEOUT_MS: String(KAFKA_TEST_TIMINGS.sessionTimeoutMs),
          KAFKA_HEARTBEAT_INTERVAL_MS: String(KAFKA_TEST_TIMINGS.heartbeatIntervalMs),
          KAFKA_REBALANCE_TIMEOUT_MS: String(KAFKA_TEST_TIMINGS.rebalanceTimeoutMs),
          KAFKA_MAX_WAIT_MS: String(KAFKA_TEST_TIMINGS.maxWaitTimeMs),
        },
      };
      return opened;
    },
    async close() {
      await opened?.log.close();
      await opened?.database.close();
      await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

export interface ReadMessage {
  readonly topic: string;
  readonly key: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly offset: string;
  /** The JSON value, parsed. */
  readonly value: { id: string; payload: Record<string, unknown> } & Record<string, unknown>;
}

/** Reads topics from the start into memory, in a group of its own, until closed. */
export async function readTopics(
  log: Log,
  topics: readonly string[],
): Promise<{ messages: (topic: string) => ReadMessage[]; close(): Promise<void> }> {
  const byTopic = new Map<string, ReadMessage[]>(topics.map((t) => [t, []]));
  const toMessage = (r: LogRecord): ReadMessage => ({
    topic: r.topic,
    key: r.key,
    headers: r.headers,
    offset: r.offset,
    value: JSON.parse(r.value.toString('utf8')) as ReadMessage['value'],
  });
  const consumer: Consumer = await log.consumer({
    groupId: uniqueName('reader'),
    topics,
    startFrom: 'earliest',
    onBatch: async (batch) => {
      byTopic.get(batch.topic)?.push(...batch.messages.map(toMessage));
    },
  });
  return { messages: (topic) => byTopic.get(topic) ?? [], close: () => consumer.close() };
}
