/**
 * Ingest throughput over loopback: batches of NDJSON events from the haiti-south scenario are POSTed
 * to `/api/v1/events` at increasing target rates, against an ingest server running in its own process
 * on the embedded log + PGlite, then on Kafka + PostgreSQL (when a broker and a server answer).
 * Reports, per step, the events acknowledged per second (202 = durable on the log) and the request
 * latency p50/p99. A JSON report lands in bench-results/ at the repository root.
 *
 * Usage: npm run bench -w @vigie/ingest -- [--rates=2000,5000,10000,20000,40000] [--seconds=6]
 *        [--batch=500] [--in-flight=16] [--modes=embedded,kafka] [--brokers=127.0.0.1:9092]
 *        [--database-url=postgres://postgres@127.0.0.1:5432/postgres]
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb } from '@vigie/db/create-db';
import { createHaitiSouthScenario } from '../src/simulator/haiti-south-scenario';
import { createMixer } from '../src/simulator/scenario';

interface Options {
  rates: number[];
  seconds: number;
  batch: number;
  inFlight: number;
  modes: string[];
  brokers: string[];
  databaseUrl: string;
}

function parseArgs(argv: string[]): Options {
  const args = new Map(
    argv
      .filter((a) => a.startsWith('--'))
      .map((a) => {
        const [key, ...value] = a.slice(2).split('=');
        return [key ?? '', value.join('=')] as const;
      }),
  );
  const list = (key: string, fallback: string) => (args.get(key) || fallback).split(',').filter(Boolean);
  return {
    rates: list('rates', '2000,5000,10000,20000,40000').map(Number),
    seconds: Number(args.get('seconds') || 6),
    batch: Number(args.get('batch') || 500),
    inFlight: Number(args.get('in-flight') || 16),
    modes: list('modes', 'embedded,kafka'),
    brokers: list('brokers', '127.0.0.1:9092'),
    databaseUrl: args.get('database-url') || 'postgres://postgres@127.0.0.1:5432/postgres',
  };
}

function reachable(address: string): Promise<boolean> {
  const url = new URL(address.includes('://') ? address : `tcp://${address}`);
  return new Promise((resolve) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1500, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Bodies of `batch` events each, from the simulator's scenario (realistic sizes and mix). */
function makeBodies(batch: number, count: number): { body: Buffer; events: number }[] {
  const start = Date.parse('2021-08-16T12:00:00Z');
  const scenario = createHaitiSouthScenario({ seed: 99, startTime: start, source: 'bench' });
  const mix = createMixer(scenario.mix);
  const bodies: { body: Buffer; events: number }[] = [];
  for (let i = 0; i < count; i++) {
    let events = scenario.generate(start + i * 10_000, mix(batch));
    while (events.length < batch)
      events = events.concat(scenario.generate(start + i * 10_000, mix(batch - events.length)));
    const lines = events.slice(0, batch).map((e) => JSON.stringify(e));
    bodies.push({ body: Buffer.from(lines.join('\n')), events: lines.length });
  }
  return bodies;
}

interface Step {
  targetRate: number;
  acceptedPerSecond: number;
  requests: number;
  accepted: number;
  failed: number;
  /** Batches not sent because `in-flight` requests were already waiting (the server was behind). */
  skipped: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

async function runStep(
  port: number,
  token: string,
  bodies: readonly { body: Buffer; events: number }[],
  rate: number,
  seconds: number,
  maxInFlight: number,
): Promise<Step> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: maxInFlight });
  const latencies: number[] = [];
  let accepted = 0;
  let failed = 0;
  let requests = 0;
  let skipped = 0;
  let inFlight = 0;
  let sent = 0;
  let bodyIndex = 0;
  const batch = bodies[0]!.events;
  const started = performance.now();
  const pending = new Set<Promise<void>>();

  const send = (entry: { body: Buffer; events: number }) =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      inFlight++;
      requests++;
      const request = http.request(
        {
          host: '127.0.0.1',
          port,
          path: '/api/v1/events',
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/x-ndjson',
            'content-length': entry.body.length,
            authorization: `Bearer ${token}`,
          },
        },
        (response) => {
          response.resume();
          response.on('end', () => {
            inFlight--;
            latencies.push(performance.now() - t0);
            if (response.statusCode === 202) accepted += entry.events;
            else failed += entry.events;
            resolve();
          });
        },
      );
      request.on('error', () => {
        inFlight--;
        failed += entry.events;
        resolve();
      });
      request.end(entry.body);
    });

  while (performance.now() - started < seconds * 1000) {
    const due = Math.floor((((performance.now() - started) / 1000) * rate) / batch);
    while (sent < due) {
      sent++;
      if (inFlight >= maxInFlight) {
        skipped++;
        continue;
      }
      const promise = send(bodies[bodyIndex++ % bodies.length]!);
      pending.add(promise);
      void promise.finally(() => pending.delete(promise));
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  await Promise.all([...pending]);
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    targetRate: rate,
    acceptedPerSecond: Math.round(accepted / elapsed),
    requests,
    accepted,
    failed,
    skipped,
    p50Ms: Number(percentile(latencies, 50).toFixed(2)),
    p99Ms: Number(percentile(latencies, 99).toFixed(2)),
    maxMs: Number((latencies[latencies.length - 1] ?? Number.NaN).toFixed(2)),
  };
}

async function startServer(
  settings: Record<string, unknown>,
): Promise<{ child: ChildProcess; port: number; token: string }> {
  const child = fork(
    fileURLToPath(new URL('./ingest-bench-server.ts', import.meta.url)),
    [JSON.stringify(settings)],
    {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const ready = await new Promise<{ port: number; token: string }>((resolve, reject) => {
    child.once('message', (message) => resolve(message as { port: number; token: string }));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return { child, ...ready };
}

async function stopServer(child: ChildProcess): Promise<void> {
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.send('stop');
    setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, 15_000).unref();
  });
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const bodies = makeBodies(options.batch, 64);
  const meanBytes = bodies.reduce((sum, b) => sum + b.body.length, 0) / bodies.length / options.batch;
  console.log(
    `${bodies.length} bodies of ${options.batch} events, ${meanBytes.toFixed(0)} bytes/event on average`,
  );
  const results: Record<string, unknown>[] = [];
  // Other work on the machine skews every figure: the load average is kept with the report.
  const loadAtStart = loadavg();

  for (const mode of options.modes) {
    const directory = mkdtempSync(join(tmpdir(), 'vigie-ingest-bench-'));
    let scratchDb: string | undefined;
    try {
      const settings: Record<string, unknown> = {
        mode,
        logDirectory: directory,
        topicPrefix: `bench_${Date.now().toString(36)}.`,
        partitions: 8,
      };
      if (mode === 'kafka') {
        if (!(await reachable(options.brokers[0]!))) {
          console.log(`kafka: no broker at ${options.brokers[0]}, skipped`);
          continue;
        }
        settings.kafkaBrokers = options.brokers;
        if (
          await reachable(
            options.databaseUrl.replace(/^postgres(ql)?:\/\//, 'tcp://').replace(/\/[^/]*$/, ''),
          )
        ) {
          scratchDb = `vigie_bench_ingest_${Date.now().toString(36)}`;
          const admin = await createDb({ url: options.databaseUrl, pool: { max: 1 } });
          await admin.db.execute(`CREATE DATABASE "${scratchDb}"`);
          await admin.close();
          const url = new URL(options.databaseUrl);
          url.pathname = `/${scratchDb}`;
          settings.databaseUrl = url.toString();
        }
      }
      console.log(
        `\n${mode}: starting ingest (${mode === 'kafka' ? 'Kafka' : 'embedded log'} + ${settings.databaseUrl ? 'PostgreSQL' : 'PGlite'})`,
      );
      const server = await startServer(settings);
      try {
        // Warm up the path (JIT, connections, topics, key cache).
        await runStep(server.port, server.token, bodies, 2_000, 2, options.inFlight);
        for (const rate of options.rates) {
          const step = await runStep(
            server.port,
            server.token,
            bodies,
            rate,
            options.seconds,
            options.inFlight,
          );
          results.push({
            mode,
            database: settings.databaseUrl ? 'postgres' : 'pglite',
            batch: options.batch,
            ...step,
          });
          console.log(
            `${mode} target ${rate}/s: accepted ${step.acceptedPerSecond}/s, p50 ${step.p50Ms} ms, p99 ${step.p99Ms} ms, max ${step.maxMs} ms` +
              (step.failed > 0 ? `, failed ${step.failed}` : '') +
              (step.skipped > 0 ? `, skipped ${step.skipped} batches (server behind)` : ''),
          );
        }
      } finally {
        await stopServer(server.child);
      }
    } finally {
      rmSync(directory, { recursive: true, force: true });
      if (scratchDb !== undefined) {
        const admin = await createDb({ url: options.databaseUrl, pool: { max: 1 } });
        await admin.db.execute(`DROP DATABASE IF EXISTS "${scratchDb}" WITH (FORCE)`);
        await admin.close();
      }
    }
  }

  const root = fileURLToPath(new URL('../../../', import.meta.url));
  const outDir = join(root, 'bench-results');
  mkdirSync(outDir, { recursive: true });
  const file = join(
    outDir,
    `ingest-throughput-${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}.json`,
  );
  const report = {
    benchmark: 'ingest-throughput',
    at: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      loadAverage1m: { start: loadAtStart[0], end: loadavg()[0] },
    },
    options,
    bytesPerEvent: Math.round(meanBytes),
    results,
  };
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nreport: ${file}`);
}

await main();
