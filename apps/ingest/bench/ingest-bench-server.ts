/**
 * The ingest server the throughput benchmark talks to, in a process of its own (as in production):
 * the ingest routes on the embedded log + PGlite, or on Kafka + PostgreSQL, with rate limits out of the
 * way. Started by ingest-throughput.ts with its settings as a JSON argument; answers `{ port, token }`
 * over IPC and stops on the message `stop`.
 */
import { openEmbeddedLog } from '@vigie/bus/embedded-log';
import { connectKafkaLog } from '@vigie/bus/kafka-log';
import type { Log } from '@vigie/bus/log';
import { createApiKey } from '@vigie/db/api-keys-repository';
import { createDb } from '@vigie/db/create-db';
import Fastify from 'fastify';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { defaultIngestConfig } from '../src/ingest-config';
import { registerIngestRoutes } from '../src/register-ingest-routes';

interface ServerSettings {
  mode: 'embedded' | 'kafka';
  databaseUrl?: string;
  kafkaBrokers?: string[];
  logDirectory: string;
  topicPrefix: string;
  partitions: number;
}

const settings = JSON.parse(process.argv[2] ?? '{}') as ServerSettings;
const db = await createDb(
  settings.databaseUrl === undefined ? {} : { url: settings.databaseUrl, pool: { max: 4 } },
);
await db.migrate();
const log: Log =
  settings.mode === 'kafka'
    ? await connectKafkaLog({
        brokers: settings.kafkaBrokers ?? ['127.0.0.1:9092'],
        clientId: 'vigie-ingest-bench',
      })
    : await openEmbeddedLog({ directory: settings.logDirectory });
const app = Fastify({ logger: false, bodyLimit: 16 * 1024 * 1024 });
const metrics = new Registry();
await registerIngestRoutes(app, {
  db,
  log,
  logger: pino({ level: 'warn' }),
  metrics,
  config: {
    ...defaultIngestConfig,
    rateLimitPerSecond: 10_000_000,
    rateLimitBurst: 10_000_000,
    topicPrefix: settings.topicPrefix,
    topicPartitions: settings.partitions,
  },
});
await app.listen({ host: '127.0.0.1', port: 0 });
const { port } = app.server.address() as { port: number };
const { token } = await createApiKey(db.db, {
  source: 'bench',
  scopes: ['events:position', 'events:reading', 'events:report'],
});
process.send?.({ port, token });

process.on('message', async (message) => {
  if (message !== 'stop') return;
  const text = await metrics.metrics();
  await app.close();
  await log.close();
  await db.close();
  process.send?.({ metrics: text });
  process.exit(0);
});
