/**
 * Throughput of the processor, end to end: raw.positions and raw.readings are filled with N events
 * first, then a processor starts and the clock runs until every event is in PostGIS (rows and
 * checkpoints) and every live.* message it produced is on the log. Both modes: the embedded log +
 * PGlite, and Kafka + PostgreSQL (skipped when either is unreachable, or with --no-kafka).
 *
 * Usage: npm run bench -w @vigie/processor -- [--positions=50000] [--readings=10000] [--assets=2000]
 *        [--sensors=500] [--partitions=6] [--batch=1000] [--consumers=2] [--modes=embedded,kafka]
 *        [--url=postgres://postgres@127.0.0.1:5432/postgres] [--brokers=127.0.0.1:9092]
 * A JSON report lands in bench-results/ at the repository root.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openEmbeddedLog } from '@vigie/bus/embedded-log';
import { connectKafkaLog } from '@vigie/bus/kafka-log';
import type { Log, ProduceRecord } from '@vigie/bus/log';
import { newEventId } from '@vigie/contracts/envelope';
import { createDb } from '@vigie/db/create-db';
import type { Database } from '@vigie/db/database';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import type { Histogram } from 'prom-client';
import { startProcessor } from '../src/start-processor';

interface Options {
  positions: number;
  readings: number;
  assets: number;
  sensors: number;
  partitions: number;
  batch: number;
  consumers: number;
  modes: string[];
  url: string;
  brokers: string[];
}

function parseArgs(argv: readonly string[]): Options {
  const args = new Map(
    argv
      .filter((a) => a.startsWith('--'))
      .map((a) => {
        const [key, ...value] = a.slice(2).split('=');
        return [key ?? '', value.join('=')] as const;
      }),
  );
  const int = (key: string, fallback: number) =>
    args.has(key) ? Number.parseInt(args.get(key) ?? '', 10) : fallback;
  const modes = (args.get('modes') || 'embedded,kafka').split(',');
  return {
    positions: int('positions', 50_000),
    readings: int('readings', 10_000),
    assets: int('assets', 2_000),
    sensors: int('sensors', 500),
    partitions: int('partitions', 6),
    batch: int('batch', 1000),
    consumers: int('consumers', 2),
    modes: args.has('no-kafka') ? modes.filter((m) => m !== 'kafka') : modes,
    url: args.get('url') || 'postgres://postgres@127.0.0.1:5432/postgres',
    brokers: (args.get('brokers') || '127.0.0.1:9092').split(','),
  };
}

function reachable(address: string, defaultPort: number): Promise<boolean> {
  const url = new URL(address.includes('://') ? address : `tcp://${address}`);
  return new Promise((resolve) => {
    const socket = net.connect({ host: url.hostname, port: url.port ? Number(url.port) : defaultPort });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1500, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

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

/** Raw records: assets wandering around Haiti, gauges with a daily cycle. */
function workload(options: Options): { positions: ProduceRecord[]; readings: ProduceRecord[] } {
  const rnd = random(7);
  const t0 = Date.now() - 3_600_000;
  const receivedAt = new Date().toISOString();
  const where = Array.from({ length: options.assets }, () => ({
    lon: -74 + rnd() * 3.5,
    lat: 18.1 + rnd() * 1.8,
  }));
  const positions: ProduceRecord[] = [];
  for (let i = 0; i < options.positions; i++) {
    const a = i % options.assets;
    const p = where[a]!;
    p.lon = Math.min(-71.7, Math.max(-74.4, p.lon + (rnd() - 0.5) * 0.002));
    p.lat = Math.min(20, Math.max(18, p.lat + (rnd() - 0.5) * 0.002));
    const assetId = `bench-asset-${a}`;
    const event = {
      id: newEventId(),
      type: 'position',
      v: 1,
      source: 'bench',
      occurredAt: new Date(t0 + i * 10).toISOString(),
      receivedAt,
      payload: { assetId, assetKind: 'vehicle', position: { lon: p.lon, lat: p.lat }, accuracy: 8 },
    };
    positions.push({ key: assetId, value: JSON.stringify(event) });
  }
  const readings: ProduceRecord[] = [];
  for (let i = 0; i < options.readings; i++) {
    const s = i % options.sensors;
    const sensorId = `bench-gauge-${s}`;
    const at = t0 + i * 50;
    const event = {
      id: newEventId(),
      type: 'reading',
      v: 1,
      source: 'bench',
      occurredAt: new Date(at).toISOString(),
      receivedAt,
      payload: {
        sensorId,
        metric: 'water_level',
        value: 2 + Math.sin(at / 13_750_000) + rnd() * 0.05,
        unit: 'm',
        position: { lon: -72.3 + (s % 50) * 0.01, lat: 18.5 + Math.floor(s / 50) * 0.01 },
      },
    };
    readings.push({ key: sensorId, value: JSON.stringify(event) });
  }
  return { positions, readings };
}

async function fill(log: Log, topic: string, records: readonly ProduceRecord[]): Promise<void> {
  const inFlight: Promise<unknown>[] = [];
  for (let i = 0; i < records.length; i += 1000) {
    inFlight.push(log.produce(topic, records.slice(i, i + 1000)));
    if (inFlight.length >= 4) await inFlight.shift();
  }
  await Promise.all(inFlight);
}

async function endOf(log: Log, topic: string): Promise<number> {
  return (await log.topicOffsets(topic)).reduce((n, o) => n + Number(o.end), 0);
}

function quantile(histogram: Histogram, q: number): Promise<number | null> {
  return histogram.get().then((data) => {
    const buckets = data.values.filter((v) => v.metricName?.endsWith('_bucket'));
    const count = data.values.find((v) => v.metricName?.endsWith('_count'))?.value ?? 0;
    if (count === 0) return null;
    for (const b of buckets) if (b.value >= q * count) return Number(b.labels.le);
    return null;
  });
}

async function runMode(mode: string, database: Database, log: Log, options: Options) {
  const prefix = `bench_${Date.now().toString(36)}.`;
  const { positions, readings } = workload(options);
  await log.createTopics(
    ['raw.positions', 'raw.readings'].map((t) => ({ name: `${prefix}${t}`, partitions: options.partitions })),
  );
  const fillStart = performance.now();
  await fill(log, `${prefix}raw.positions`, positions);
  await fill(log, `${prefix}raw.readings`, readings);
  const fillMs = performance.now() - fillStart;
  const total = positions.length + readings.length;
  console.log(`[${mode}] ${total} raw events on the log in ${fillMs.toFixed(0)} ms`);

  const registry = new Registry();
  const startedAt = Date.now();
  const processor = await startProcessor({
    db: database,
    log,
    logger: pino({ level: 'warn' }),
    metrics: registry,
    config: {
      topicPrefix: prefix,
      groupId: `${prefix}processor`,
      partitions: options.partitions,
      maxBatchSize: options.batch,
      consumers: options.consumers,
      lagIntervalMs: 1000,
    },
  });
  const startMs = Date.now() - startedAt;
  let lastReport = Date.now();
  for (;;) {
    const s = processor.stats;
    const done = s.persisted['raw.positions'] + s.persisted['raw.readings'];
    if (Date.now() - lastReport > 5000) {
      console.log(`[${mode}] ${done}/${total} persisted`);
      lastReport = Date.now();
    }
    if (done >= total) {
      const published = s.published.entities + s.published.observations;
      const onLog =
        (await endOf(log, processor.topics['live.entities'])) +
        (await endOf(log, processor.topics['live.observations']));
      if (published > 0 && onLog >= published && (await processor.lag()) === 0) break;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const stats = processor.stats;
  // From the first batch taken to the last one published and committed: joining the group and
  // loading the state are start-up, reported apart.
  const elapsedMs = (stats.lastBatchAt ?? 0) - (stats.firstBatchAt ?? 0);
  const live = stats.published.entities + stats.published.observations;
  const batchDuration = registry.getSingleMetric('vigie_processor_batch_duration_seconds') as Histogram;
  const result = {
    events: total,
    positions: positions.length,
    readings: readings.length,
    fillMs: Math.round(fillMs),
    startMs,
    firstBatchAfterMs: (stats.firstBatchAt ?? 0) - startedAt,
    elapsedMs,
    eventsPerSecond: Math.round(total / (elapsedMs / 1000)),
    liveMessages: live,
    liveEntities: stats.published.entities,
    liveObservations: stats.published.observations,
    liveMessagesPerSecond: Math.round(live / (elapsedMs / 1000)),
    batches: stats.batches,
    meanBatch: Math.round(total / Math.max(1, stats.batches)),
    batchDurationP50s: await quantile(batchDuration, 0.5),
    batchDurationP99s: await quantile(batchDuration, 0.99),
  };
  console.log(
    `[${mode}] ${result.eventsPerSecond} events/s from raw.* into PostGIS and out to live.* ` +
      `(${result.liveMessages} live messages, ${result.batches} batches, batch p50 ≤ ${result.batchDurationP50s} s, ` +
      `p99 ≤ ${result.batchDurationP99s} s)`,
  );
  await processor.close();
  return result;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const results: Record<string, unknown> = {};

  if (options.modes.includes('embedded')) {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-bench-processor-'));
    const database = await createDb({ dataDir: join(dir, 'pglite') });
    await database.migrate();
    const log = await openEmbeddedLog({ directory: join(dir, 'log') });
    try {
      results.embedded = await runMode('embedded log + PGlite', database, log, options);
    } finally {
      await log.close();
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }

  if (options.modes.includes('kafka')) {
    if (!(await reachable(options.url, 5432)) || !(await reachable(options.brokers[0] ?? '', 9092))) {
      console.log('[kafka] skipped: Kafka or PostgreSQL is not reachable');
      results.kafka = { skipped: 'Kafka or PostgreSQL is not reachable' };
    } else {
      const name = `vigie_bench_${Date.now().toString(36)}`;
      const admin = await createDb({ url: options.url, pool: { max: 1 } });
      await admin.db.execute(`CREATE DATABASE "${name}"`);
      const url = new URL(options.url);
      url.pathname = `/${name}`;
      const database = await createDb({ url: url.toString(), pool: { max: 8 } });
      await database.migrate();
      const log = await connectKafkaLog({ brokers: options.brokers, logger: pino({ level: 'warn' }) });
      try {
        results.kafka = await runMode('Kafka + PostgreSQL', database, log, options);
      } finally {
        await log.close();
        await database.close();
        await admin.db.execute(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await admin.close();
      }
    }
  }

  const outDir = fileURLToPath(new URL('../../../bench-results/', import.meta.url));
  mkdirSync(outDir, { recursive: true });
  const stamp = new Date().toISOString().replaceAll(':', '-').replace(/\..*/, '');
  const file = join(outDir, `processor-throughput-${stamp}.json`);
  const report = {
    benchmark: 'processor-throughput',
    at: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model,
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
    options: { ...options, url: undefined },
    results,
  };
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`report: ${file}`);
}

await main();
