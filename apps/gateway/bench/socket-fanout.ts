/**
 * Socket fan-out benchmark: one gateway on loopback, N socket.io clients in worker threads (full-map
 * clients watching the whole world, light clients watching a small viewport each), entity updates
 * published on `live.entities` at a fixed rate. Measures entity updates delivered per second and the
 * publish → client-receive latency (p50/p90/p99, from the `updatedAt` stamped at publish time; the
 * publisher and the clients share the clock), plus the gateway's own tick and e2e histograms.
 *
 * Usage: npm run bench -w @vigie/gateway -- [--full=200] [--light=800] [--entities=5000] [--rate=2000]
 *        [--seconds=20] [--warmup=3] [--workers=4] [--tick=100] [--backend=embedded|distributed]
 *        [--clients=raw|socketio] [--sample-every=10] [--profile]
 * Clients: `raw` (default) count upserts without decoding and decode one full-map delta in
 * `--sample-every` for latency, so the machine's CPU goes to the gateway; `socketio` decode everything
 * with socket.io-client, as browsers do.
 * `distributed` uses Kafka (VIGIE_TEST_KAFKA_BROKERS) and a scratch PostgreSQL database
 * (VIGIE_TEST_DATABASE_URL); `embedded` (default) the embedded log and in-memory PGlite.
 * The report goes to bench-results/ at the repository root. Everything (gateway, publisher, clients)
 * shares this machine's cores, so the clients' decoding competes with the gateway.
 */
import { RECEIVED_AT_HEADER } from '@vigie/contracts/record-headers';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Session } from 'node:inspector/promises';
import { Worker } from 'node:worker_threads';
import { openEmbeddedLog } from '@vigie/bus/embedded-log';
import { connectKafkaLog } from '@vigie/bus/kafka-log';
import type { Log } from '@vigie/bus/log';
import { newEventId } from '@vigie/contracts/envelope';
import type { TLiveEntityV1 } from '@vigie/contracts/live-entities';
import { createDb } from '@vigie/db/create-db';
import type { Database } from '@vigie/db/database';
import { createUser } from '@vigie/db/users-repository';
import { services } from '@vigie/testing/services';
import Fastify from 'fastify';
import pg from 'pg';
import { Registry } from 'prom-client';
import type { Histogram } from 'prom-client';
import { hashPassword } from '../src/auth/password-hash';
import { readGatewayConfig } from '../src/env';
import { createLogger } from '../src/logging/create-logger';
import { registerGatewayRoutes } from '../src/register-gateway-routes';
import type { ClientsReport, ClientsSpec } from './fanout-clients';

interface Options {
  full: number;
  light: number;
  entities: number;
  rate: number;
  seconds: number;
  warmup: number;
  workers: number;
  tick: number;
  backend: 'embedded' | 'distributed';
  /** Write a CPU profile of the gateway's thread over the measured window. */
  profile: boolean;
  clients: 'raw' | 'socketio';
  sampleEvery: number;
}

function parseOptions(argv: string[]): Options {
  const args = new Map(
    argv
      .filter((a) => a.startsWith('--'))
      .map((a) => {
        const [key, ...value] = a.slice(2).split('=');
        return [key ?? '', value.join('=')] as const;
      }),
  );
  const int = (key: string, fallback: number) => (args.has(key) ? Number(args.get(key)) : fallback);
  return {
    full: int('full', 200),
    light: int('light', 800),
    entities: int('entities', 5000),
    rate: int('rate', 2000),
    seconds: int('seconds', 20),
    warmup: int('warmup', 3),
    workers: int('workers', 4),
    tick: int('tick', 100),
    backend: args.get('backend') === 'distributed' ? 'distributed' : 'embedded',
    profile: args.has('profile'),
    clients: args.get('clients') === 'socketio' ? 'socketio' : 'raw',
    sampleEvery: int('sample-every', 10),
  };
}

const REGION: [number, number, number, number] = [0, 0, 10, 10];

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function percentile(bins: number[], p: number): number {
  const total = bins.reduce((a, b) => a + b, 0);
  if (total === 0) return Number.NaN;
  const target = total * p;
  let seen = 0;
  for (let i = 0; i < bins.length; i++) {
    seen += bins[i] ?? 0;
    if (seen >= target) return i;
  }
  return bins.length - 1;
}

/** Quantile of a prom-client histogram, by linear interpolation inside the bucket. */
async function histogramQuantile(histogram: Histogram, q: number): Promise<number> {
  const { values } = await histogram.get();
  const buckets = values
    .filter((v) => v.metricName?.endsWith('_bucket'))
    .map((v) => ({ le: Number(v.labels.le), count: v.value }))
    .sort((a, b) => a.le - b.le);
  const total = buckets.at(-1)?.count ?? 0;
  if (total === 0) return Number.NaN;
  const target = total * q;
  let previous = { le: 0, count: 0 };
  for (const bucket of buckets) {
    if (bucket.count >= target) {
      if (!Number.isFinite(bucket.le)) return previous.le;
      const inBucket = bucket.count - previous.count;
      return previous.le + ((bucket.le - previous.le) * (target - previous.count)) / Math.max(1, inBucket);
    }
    previous = bucket;
  }
  return Number.NaN;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const topic = `live.entities.bench.${Date.now()}`;
  const base = readGatewayConfig({ LOG_LEVEL: 'warn' });
  const config = {
    ...base,
    live: { ...base.live, topic, tickMs: options.tick, catchUpMs: 0 },
  };
  const logger = createLogger({ level: 'warn', name: 'bench' });
  const cleanups: (() => Promise<void>)[] = [];

  let database: Database;
  let log: Log;
  if (options.backend === 'embedded') {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-fanout-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    database = await createDb({});
    log = await openEmbeddedLog({ directory: dir });
  } else {
    const adminUrl = services.databaseUrl;
    const name = `vigie_bench_fanout_${Date.now()}`;
    const admin = async (statement: string) => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(statement);
      await client.end();
    };
    await admin(`CREATE DATABASE "${name}"`);
    cleanups.push(() => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    database = await createDb({ url: url.toString(), pool: { max: 8 } });
    log = await connectKafkaLog({
      brokers: services.kafkaBrokers,
      consumer: { maxWaitTimeMs: 20 },
    });
  }
  await database.migrate();
  await log.createTopics([{ name: topic, partitions: 6, compacted: true }]);

  const registry = new Registry();
  const app = Fastify({ logger: false });
  const gateway = await registerGatewayRoutes(app, { db: database, log, logger, metrics: registry, config });
  await gateway.attachLiveSockets(app.server);
  await app.listen({ host: '127.0.0.1', port: 0 });
  await gateway.ready;
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  const password = 'bench-password-123456';
  await createUser(database.db, {
    email: 'bench@example.org',
    name: 'Bench',
    role: 'coordinator',
    passwordHash: await hashPassword(password),
  });
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench@example.org', password }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;

  // Entities spread over the region; every update moves one a little.
  const rand = random(42);
  const positions = Array.from({ length: options.entities }, () => ({
    lon: REGION[0] + rand() * (REGION[2] - REGION[0]),
    lat: REGION[1] + rand() * (REGION[3] - REGION[1]),
  }));
  const stateOf = (i: number, at: number): TLiveEntityV1 => ({
    entityId: `bench-${i}`,
    entityKind: i % 10 === 0 ? 'sensor' : 'vehicle',
    name: `Bench entity ${i}`,
    position: positions[i]!,
    speed: 8.3,
    heading: 274,
    status: 'en_route',
    connectivity: 'online',
    updatedAt: new Date(at).toISOString(),
  });
  const publish = async (indexes: number[]) => {
    const at = Date.now();
    await log.produce(
      topic,
      indexes.map((i) => {
        const entity = stateOf(i, at);
        return {
          key: entity.entityId,
          headers: { [RECEIVED_AT_HEADER]: entity.updatedAt },
          value: JSON.stringify({
            id: newEventId(),
            type: 'entity',
            v: 1,
            source: 'bench',
            occurredAt: entity.updatedAt,
            receivedAt: entity.updatedAt,
            payload: entity,
          }),
        };
      }),
    );
  };
  for (let i = 0; i < options.entities; i += 1000) {
    await publish(Array.from({ length: Math.min(1000, options.entities - i) }, (_, k) => i + k));
  }
  while (gateway.services.index.size < options.entities) await new Promise((r) => setTimeout(r, 50));

  // Clients: full maps watch the world, light ones a 0.5° square inside the region.
  const boxes: ClientsSpec['boxes'] = [];
  for (let i = 0; i < options.full; i++) boxes.push({ bbox: [-180, -90, 180, 90], full: true });
  for (let i = 0; i < options.light; i++) {
    const lon = REGION[0] + rand() * (REGION[2] - REGION[0] - 0.5);
    const lat = REGION[1] + rand() * (REGION[3] - REGION[1] - 0.5);
    boxes.push({ bbox: [lon, lat, lon + 0.5, lat + 0.5], full: false });
  }
  const workers: Worker[] = [];
  const ready: Promise<void>[] = [];
  const workerUrl = new URL('./fanout-clients.ts', import.meta.url);
  for (let w = 0; w < options.workers; w++) {
    const spec: ClientsSpec = {
      baseUrl,
      cookie,
      boxes: boxes.filter((_, i) => i % options.workers === w),
      kind: options.clients,
      sampleEvery: options.sampleEvery,
    };
    // Workers load the TypeScript client code through tsx's loader, registered in the worker itself.
    const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(workerUrl.href)}); })`;
    const worker = new Worker(boot, { eval: true, workerData: spec });
    workers.push(worker);
    ready.push(
      new Promise((resolve, reject) => {
        worker.on('message', (m: { type: string; message?: string }) => {
          if (m.type === 'ready') resolve();
          if (m.type === 'error') reject(new Error(m.message));
        });
        worker.on('error', reject);
      }),
    );
  }
  const connectStart = Date.now();
  await Promise.all(ready);
  const connectMs = Date.now() - connectStart;

  // Publish at the rate, in 10 ms slices; up to 8 produce calls in flight, so that a log with a
  // higher produce latency (Kafka, acks=all) still keeps the rate.
  let published = 0;
  let running = true;
  const inFlight = new Set<Promise<void>>();
  const publisher = (async () => {
    const perSlice = options.rate / 100;
    let owed = 0;
    let next = Date.now();
    while (running) {
      owed += perSlice;
      const n = Math.floor(owed);
      owed -= n;
      const indexes: number[] = [];
      for (let k = 0; k < n; k++) {
        const i = Math.floor(rand() * options.entities);
        const p = positions[i]!;
        p.lon = Math.min(REGION[2], Math.max(REGION[0], p.lon + (rand() - 0.5) * 0.001));
        p.lat = Math.min(REGION[3], Math.max(REGION[1], p.lat + (rand() - 0.5) * 0.001));
        indexes.push(i);
      }
      if (indexes.length > 0) {
        while (inFlight.size >= 8) await Promise.race(inFlight);
        const call: Promise<void> = publish(indexes).then(() => {
          published += indexes.length;
          inFlight.delete(call);
        });
        inFlight.add(call);
      }
      next += 10;
      const wait = next - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    await Promise.all(inFlight);
  })();

  await new Promise((r) => setTimeout(r, options.warmup * 1000));
  const metricValue = async (name: string) => {
    const metric = registry.getSingleMetric(name);
    const values = metric === undefined ? [] : (await metric.get()).values;
    return values.reduce((sum, v) => sum + v.value, 0);
  };
  const before = {
    published,
    deltas: await metricValue('vigie_gateway_deltas_sent_total'),
    coalesced: await metricValue('vigie_gateway_coalesced_changes_total'),
    stalled: await metricValue('vigie_gateway_stalled_flushes_total'),
  };
  (registry.getSingleMetric('vigie_e2e_latency_seconds') as Histogram).reset();
  (registry.getSingleMetric('vigie_gateway_tick_duration_seconds') as Histogram).reset();
  const session = options.profile ? new Session() : undefined;
  if (session !== undefined) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  const cpuBefore = process.cpuUsage();
  for (const worker of workers) worker.postMessage({ type: 'start' });
  const started = Date.now();
  await new Promise((r) => setTimeout(r, options.seconds * 1000));
  const reports = await Promise.all(
    workers.map(
      (worker) =>
        new Promise<ClientsReport>((resolve) => {
          worker.on('message', (m: { type: string; report?: ClientsReport }) => {
            if (m.type === 'report' && m.report) resolve(m.report);
          });
          worker.postMessage({ type: 'stop' });
        }),
    ),
  );
  const elapsed = (Date.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  let profileFile: string | undefined;
  if (session !== undefined) {
    const { profile } = await session.post('Profiler.stop');
    profileFile = join(tmpdir(), `gateway-fanout-${Date.now()}.cpuprofile`);
    writeFileSync(profileFile, JSON.stringify(profile));
    session.disconnect();
  }
  running = false;
  await publisher;

  const bins = new Array<number>(reports[0]?.latencyBins.length ?? 0).fill(0);
  for (const report of reports) report.latencyBins.forEach((count, i) => (bins[i] = (bins[i] ?? 0) + count));
  const sum = (pick: (r: ClientsReport) => number) => reports.reduce((n, r) => n + pick(r), 0);
  const e2e = registry.getSingleMetric('vigie_e2e_latency_seconds') as Histogram;
  const tick = registry.getSingleMetric('vigie_gateway_tick_duration_seconds') as Histogram;
  const publishedRate = (published - before.published) / elapsed;
  const result = {
    benchmark: 'gateway-socket-fanout',
    at: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      memoryGiB: totalmem() / 2 ** 30,
      node: process.version,
    },
    options,
    connect: { clients: boxes.length, ms: connectMs },
    results: {
      seconds: elapsed,
      publishedUpdatesPerSecond: Math.round(publishedRate),
      deliveredUpdatesPerSecond: Math.round(sum((r) => r.fullUpdates + r.lightUpdates) / elapsed),
      deliveredToFullMapsPerSecond: Math.round(sum((r) => r.fullUpdates) / elapsed),
      deliveredToLightPerSecond: Math.round(sum((r) => r.lightUpdates) / elapsed),
      perFullMapClientPerSecond: Math.round(sum((r) => r.fullUpdates) / elapsed / Math.max(1, options.full)),
      deltasReceivedPerSecond: Math.round(sum((r) => r.deltas) / elapsed),
      snapshotsDuringRun: sum((r) => r.snapshots),
      publishToReceiveMs: {
        p50: percentile(bins, 0.5),
        p90: percentile(bins, 0.9),
        p99: percentile(bins, 0.99),
        max: bins.findLastIndex((c) => c > 0),
      },
      gateway: {
        e2eMs: {
          p50: (await histogramQuantile(e2e, 0.5)) * 1000,
          p99: (await histogramQuantile(e2e, 0.99)) * 1000,
        },
        tickMs: {
          p50: (await histogramQuantile(tick, 0.5)) * 1000,
          p99: (await histogramQuantile(tick, 0.99)) * 1000,
        },
        deltasSentPerSecond: Math.round(
          ((await metricValue('vigie_gateway_deltas_sent_total')) - before.deltas) / elapsed,
        ),
        coalescedChanges: (await metricValue('vigie_gateway_coalesced_changes_total')) - before.coalesced,
        stalledFlushes: (await metricValue('vigie_gateway_stalled_flushes_total')) - before.stalled,
        mainThreadCpuPercent: Math.round(((cpu.user + cpu.system) / 1e6 / elapsed) * 100),
        rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
      },
    },
  };

  for (const worker of workers) worker.postMessage({ type: 'close' });
  await Promise.all(workers.map((w) => w.terminate()));
  await gateway.close();
  await app.close();
  await log.close();
  await database.close();
  for (const cleanup of cleanups) await cleanup();

  const dir = fileURLToPath(new URL('../../../bench-results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const file = join(
    dir,
    `gateway-socket-fanout-${result.at.replaceAll(':', '-').replace(/\.\d+Z$/, '')}.json`,
  );
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result.results, null, 2));
  console.log(`report: ${file}`);
  if (profileFile !== undefined) console.log(`cpu profile: ${profileFile}`);
}

await main();
