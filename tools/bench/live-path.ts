/**
 * The whole live path under load, on this machine: ingest (HTTP, NDJSON batches) → log → processor →
 * PostGIS → gateway → socket clients, at increasing rates, for the embedded mode (embedded log + PGlite)
 * and the distributed mode (Kafka + PostgreSQL); and, in the same run, a bare produce → consume through
 * the same log, so the pipeline's own overhead is visible.
 *
 * For each rate it reports the rate offered, the rate sustained (events persisted ÷ time until the
 * processor has caught up), the source → socket latency p50/p95/p99 (fix time stamped by the sender →
 * delta received by a client), and how long the backlog took to drain. Writes
 * bench-results/live-path-<time>.json and prints a table.
 *
 *   npm run bench:live-path [-- --rates=2000,5000,10000,20000 --seconds=8 --clients=20 --modes=embedded,distributed]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectKafkaLog } from '@vigie/bus/kafka-log';
import { openEmbeddedLog } from '@vigie/bus/embedded-log';
import type { Log } from '@vigie/bus/log';
import { newEventId } from '@vigie/contracts/envelope';
import type { TLiveEntityV1 } from '@vigie/contracts/live-entities';
import { createApiKey } from '@vigie/db/api-keys-repository';
import { createDb } from '@vigie/db/create-db';
import type { Database } from '@vigie/db/database';
import { createUser } from '@vigie/db/users-repository';
import { hashPassword } from '@vigie/gateway/auth/password-hash';
import { readGatewayConfig } from '@vigie/gateway/env';
import { createLogger } from '@vigie/gateway/logging/create-logger';
import { startVigie } from '@vigie/gateway/start-vigie';
import { loadEnv as loadIngestEnv } from '@vigie/ingest/env';
import { createThrowawayDatabase } from '@vigie/testing/throwaway-database';
import { io } from 'socket.io-client';

type Mode = 'embedded' | 'distributed';

function arg(name: string, fallback: string): string {
  const found = process.argv.find((a) => a.startsWith(`--${name}=`));
  return found ? found.slice(name.length + 3) : fallback;
}

const rates = arg('rates', '2000,5000,10000,20000').split(',').map(Number);
const seconds = Number(arg('seconds', '8'));
const clientCount = Number(arg('clients', '20'));
const modes = arg('modes', 'embedded,distributed').split(',') as Mode[];
const assets = Number(arg('assets', '5000'));
const databaseUrl = process.env.VIGIE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const brokers = (process.env.VIGIE_TEST_KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const HAITI: [number, number, number, number] = [-74.5, 17.9, -71.6, 20.1];

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function summary(latencies: number[]) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
  return {
    samples: sorted.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
  };
}

async function backends(mode: Mode, prefix: string) {
  const cleanups: (() => Promise<void> | void)[] = [];
  let database: Database;
  let log: Log;
  if (mode === 'embedded') {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-bench-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    database = await createDb({ dataDir: join(dir, 'pglite') });
    log = await openEmbeddedLog({ directory: join(dir, 'log') });
  } else {
    const throwaway = await createThrowawayDatabase('vigie_bench', databaseUrl);
    cleanups.push(() => throwaway.drop());
    database = await createDb({ url: throwaway.url, pool: { max: 8 } });
    log = await connectKafkaLog({ brokers, consumer: { maxWaitTimeMs: 50 } });
  }
  await database.migrate();
  cleanups.push(
    () => database.close(),
    () => log.close(),
  );
  return {
    database,
    log,
    prefix,
    async close() {
      for (const cleanup of cleanups.reverse()) await cleanup();
    },
  };
}

/** A bare produce → consume through the log at `rate` for `seconds`: latency from produce call to handler. */
async function bareLog(log: Log, topic: string, rate: number) {
  await log.createTopics([{ name: topic, partitions: 6 }]);
  const latencies: number[] = [];
  let received = 0;
  const consumer = await log.consumer({
    groupId: `${topic}-group`,
    topics: [topic],
    startFrom: 'latest',
    onBatch: async (batch, c) => {
      const now = performance.timeOrigin + performance.now();
      for (const m of batch.messages) {
        latencies.push(now - Number(m.headers.sent));
        received++;
      }
      await c.commit([{ topic: batch.topic, partition: batch.partition, offset: batch.nextOffset }]);
    },
  });
  await waitUntil(() => consumer.assignment().length > 0, 30_000);
  const total = rate * seconds;
  const tickMs = 50;
  const perTick = Math.max(1, Math.round((rate * tickMs) / 1000));
  const value = JSON.stringify({ payload: 'x'.repeat(200) });
  let sent = 0;
  const started = Date.now();
  const inFlight: Promise<unknown>[] = [];
  while (sent < total) {
    const n = Math.min(perTick, total - sent);
    const stamp = String(performance.timeOrigin + performance.now());
    inFlight.push(
      log.produce(
        topic,
        Array.from({ length: n }, (_, i) => ({
          key: `a${(sent + i) % assets}`,
          value,
          headers: { sent: stamp },
        })),
      ),
    );
    sent += n;
    const next = started + (sent / perTick) * tickMs;
    const wait = next - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  await Promise.all(inFlight);
  await waitUntil(() => received >= total, 60_000);
  const elapsed = (Date.now() - started) / 1000;
  await consumer.close();
  return {
    rate,
    delivered: received,
    eventsPerSecond: Math.round(received / elapsed),
    latencyMs: summary(latencies),
  };
}

async function waitUntil(probe: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

async function runMode(mode: Mode) {
  const prefix = `bench${Date.now().toString(36)}.`;
  const env = await backends(mode, prefix);
  const base = readGatewayConfig({ LOG_LEVEL: 'error' });
  const vigie = await startVigie({
    gateway: { ...base, host: '127.0.0.1', port: 0, live: { ...base.live, topic: `${prefix}live.entities` } },
    ingest: {
      ...loadIngestEnv({ LOG_LEVEL: 'error' }).ingest,
      topicPrefix: prefix,
      rateLimitPerSecond: 1_000_000,
      rateLimitBurst: 1_000_000,
    },
    processor: { topicPrefix: prefix, groupId: `${prefix}processor` },
    parts: { web: false, ingest: true, processor: true },
    logger: createLogger({ level: 'error' }),
    database: env.database,
    log: env.log,
  });
  const password = `bench-${Date.now()}`;
  await createUser(env.database.db, {
    email: 'bench@vigie.test',
    name: 'Bench',
    role: 'coordinator',
    locale: 'en',
    passwordHash: await hashPassword(password),
  });
  const login = await fetch(`${vigie.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench@vigie.test', password }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { token } = await createApiKey(env.database.db, { source: 'bench', scopes: ['events:position'] });

  let latencies: number[] = [];
  const sockets = Array.from({ length: clientCount }, () => {
    const socket = io(vigie.url, {
      transports: ['websocket'],
      reconnection: false,
      extraHeaders: { cookie },
    });
    socket.on('connect', () => socket.emit('subscribe', { v: 1, bbox: HAITI, zoom: 9, layers: ['assets'] }));
    socket.on('delta', (delta: { upserts: TLiveEntityV1[] }) => {
      const now = Date.now();
      for (const e of delta.upserts) if (e.lastSeenAt) latencies.push(now - Date.parse(e.lastSeenAt));
    });
    return socket;
  });
  await waitUntil(() => sockets.every((s) => s.connected), 30_000);

  const results = [];
  let persistedBefore = 0;
  for (const rate of rates) {
    latencies = [];
    const total = Math.round(rate * seconds);
    const tickMs = 50;
    const perTick = Math.max(1, Math.round((rate * tickMs) / 1000));
    let sent = 0;
    let refused = 0;
    const started = Date.now();
    const requests: Promise<void>[] = [];
    while (sent < total) {
      const n = Math.min(perTick, total - sent);
      const at = new Date().toISOString();
      const lines = [];
      for (let i = 0; i < n; i++) {
        const k = (sent + i) % assets;
        lines.push(
          JSON.stringify({
            id: newEventId(),
            type: 'position',
            v: 1,
            source: 'bench',
            occurredAt: at,
            payload: {
              assetId: `bench-${k}`,
              assetKind: 'vehicle',
              position: { lon: -74.3 + ((k * 7919) % 2500) / 1000, lat: 18.0 + ((k * 104729) % 1800) / 1000 },
            },
          }),
        );
      }
      requests.push(
        fetch(`${vigie.url}/api/v1/events`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
          body: lines.join('\n'),
        }).then(async (r) => {
          if (r.status !== 202) refused += n;
          await r.arrayBuffer();
        }),
      );
      sent += n;
      const wait = started + (sent / perTick) * tickMs - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    await Promise.all(requests);
    const sendSeconds = (Date.now() - started) / 1000;
    const expected = persistedBefore + total - refused;
    const caughtUp = await waitUntil(
      () => (vigie.processor?.stats.persisted['raw.positions'] ?? 0) >= expected,
      120_000,
    );
    const doneSeconds = (Date.now() - started) / 1000;
    const persisted = (vigie.processor?.stats.persisted['raw.positions'] ?? 0) - persistedBefore;
    persistedBefore += persisted;
    // Let the last deltas arrive before reading the latencies of this step.
    await new Promise((r) => setTimeout(r, 500));
    const bare = await bareLog(env.log, `${prefix}bare-${rate}`, rate);
    results.push({
      offered: rate,
      accepted: total - refused,
      sendSeconds: Math.round(sendSeconds * 10) / 10,
      drainedAfterSeconds: Math.round((doneSeconds - sendSeconds) * 10) / 10,
      caughtUp,
      sustainedEventsPerSecond: Math.round(persisted / doneSeconds),
      sourceToSocketMs: summary(latencies),
      bareLog: bare,
    });
    console.log(JSON.stringify({ mode, ...results[results.length - 1] }));
  }
  for (const socket of sockets) socket.disconnect();
  await vigie.close();
  await env.close();
  return { mode, clients: clientCount, assets, seconds, results };
}

const report = {
  at: new Date().toISOString(),
  machine: { cpus: (await import('node:os')).cpus().length },
  runs: [] as unknown[],
};
for (const mode of modes) report.runs.push(await runMode(mode));
const dir = new URL('../../bench-results/', import.meta.url);
mkdirSync(dir, { recursive: true });
const file = new URL(`live-path-${report.at.replace(/[:.]/g, '-')}.json`, dir);
writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
console.log(`report: ${file.pathname}`);
process.exit(0);
