/**
 * Test support for the ingest routes: a Fastify instance hosting them on a real log and database, and a
 * collector that reads back everything ingest wrote to its topics.
 */
import type { Log, LogRecord } from '@vigie/bus/log';
import type { Database } from '@vigie/db/database';
import { uniqueName } from '@vigie/testing/unique-name';
import { waitFor } from '@vigie/testing/wait-for';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { createApiKeyCache } from '../src/api-key-cache';
import type { ApiKeyCache } from '../src/api-key-cache';
import { INGEST_TOPICS, topicOnLog } from '../src/ensure-ingest-topics';
import type { IngestTopicName } from '../src/ensure-ingest-topics';
import { defaultIngestConfig } from '../src/ingest-config';
import type { IngestConfig } from '../src/ingest-config';
import { registerIngestRoutes } from '../src/register-ingest-routes';
import { verifyApiKey } from '@vigie/db/api-keys-repository';

export const testLogger = pino({ level: process.env.VIGIE_TEST_LOG_LEVEL ?? 'silent' });

export function testConfig(overrides: Partial<IngestConfig> = {}): IngestConfig {
  return {
    ...defaultIngestConfig,
    maxBodyBytes: 256 * 1024,
    maxEventsPerRequest: 1_000,
    rateLimitPerSecond: 1_000,
    rateLimitBurst: 3_000,
    topicPrefix: `${uniqueName('ingest_test')}.`,
    topicPartitions: 2,
    produceTimeoutMs: 5_000,
    ...overrides,
  };
}

export interface IngestUnderTest {
  app: FastifyInstance;
  config: IngestConfig;
  metrics: Registry;
  keys: ApiKeyCache;
}

export async function buildIngest(db: Database, log: Log, config: IngestConfig): Promise<IngestUnderTest> {
  const app = Fastify({ logger: false });
  const metrics = new Registry();
  const keys = createApiKeyCache({
    verify: (token) => verifyApiKey(db.db, token),
    ttlMs: config.keyCacheTtlMs,
    negativeTtlMs: config.negativeKeyCacheTtlMs,
  });
  await registerIngestRoutes(app, { db, log, logger: testLogger, metrics, config, keyCache: keys });
  await app.ready();
  return { app, config, metrics, keys };
}

export interface TopicMessage {
  key: string;
  value: Record<string, unknown>;
  raw: Buffer;
}

/** Reads every ingest topic from the start, in the background, into memory. */
export async function collectTopics(log: Log, config: IngestConfig) {
  const messages = new Map<IngestTopicName, TopicMessage[]>(INGEST_TOPICS.map((t) => [t, []]));
  const byName = new Map(INGEST_TOPICS.map((t) => [topicOnLog(config, t), t] as const));
  const consumer = await log.consumer({
    groupId: uniqueName('ingest_test_reader'),
    topics: [...byName.keys()],
    startFrom: 'earliest',
    onBatch: async (batch) => {
      const topic = byName.get(batch.topic)!;
      for (const record of batch.messages as readonly LogRecord[]) {
        messages.get(topic)!.push({
          key: record.key,
          value: JSON.parse(record.value.toString('utf8')) as Record<string, unknown>,
          raw: record.value,
        });
      }
    },
  });
  return {
    messages,
    /** Waits until `count` messages of `topic` match `predicate`, and returns them. */
    async waitForMessages(
      topic: IngestTopicName,
      predicate: (message: TopicMessage) => boolean,
      count: number,
      timeoutMs = 20_000,
    ): Promise<TopicMessage[]> {
      return waitFor(
        () => {
          const found = messages.get(topic)!.filter(predicate);
          return found.length >= count ? found : undefined;
        },
        { timeoutMs, what: `${count} message(s) on ${topic}` },
      );
    },
    close: () => consumer.close(),
  };
}

export type Collector = Awaited<ReturnType<typeof collectTopics>>;

/** NDJSON body from objects. */
export function ndjson(items: readonly unknown[]): string {
  return items.map((item) => JSON.stringify(item)).join('\n');
}

export function positionEvent(source: string | undefined, assetId: string, lon: number, lat: number) {
  return {
    type: 'position',
    v: 1,
    ...(source === undefined ? {} : { source }),
    occurredAt: '2021-08-16T14:00:00Z',
    payload: { assetId, assetKind: 'vehicle', position: { lon, lat }, speed: 11.5, heading: 270 },
  };
}

export function readingEvent(sensorId: string, value: number, unit = 'm') {
  return {
    type: 'reading',
    occurredAt: '2021-08-16T14:00:00Z',
    payload: { sensorId, metric: 'water_level', value, unit, position: { lon: -73.74, lat: 18.21 } },
  };
}

export function reportEvent(reportId: string, text: string) {
  return {
    type: 'report',
    occurredAt: '2021-08-16T14:05:00Z',
    payload: { reportId, channel: 'sms', text, lang: 'ht', position: { lon: -73.75, lat: 18.19 } },
  };
}
