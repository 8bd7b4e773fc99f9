/**
 * Produce and consume throughput of the log, embedded and (when a broker answers) Kafka.
 *
 *   npm run bench -w @vigie/bus -- [--messages 200000] [--size 200] [--batch 500] [--partitions 8]
 *                                  [--producers 8] [--no-kafka]
 *
 * Scenarios, each on a fresh topic:
 *   produce-batched   `producers` concurrent loops, each producing `batch` records per call
 *   produce-single    64 concurrent loops producing ONE record per call (many small ingest requests)
 *   consume           one group member reading everything from the start, committing every batch
 *   end-to-end        producing flat out and consuming at once (throughput; latency is queueing)
 *   end-to-end-paced  producing at `rate` records/s (calls of 50 records) for `seconds`, consuming at
 *                     once: latency from produce call to handler at a sustainable load
 *
 * Writes a JSON report to bench-results/ at the repository root.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isServiceUp, services } from '@vigie/testing/services';
import { uniqueName } from '@vigie/testing/unique-name';
import { openEmbeddedLog } from '../src/embedded-log';
import type { EmbeddedLog } from '../src/embedded-log';
import { connectKafkaLog } from '../src/kafka-log';
import type { Log } from '../src/log';
import { consoleLogger } from '../src/logger';

const { values: args } = parseArgs({
  options: {
    messages: { type: 'string', default: '200000' },
    size: { type: 'string', default: '200' },
    batch: { type: 'string', default: '500' },
    partitions: { type: 'string', default: '8' },
    producers: { type: 'string', default: '8' },
    rate: { type: 'string', default: '20000' },
    seconds: { type: 'string', default: '5' },
    'no-kafka': { type: 'boolean', default: false },
  },
});
const MESSAGES = Number(args.messages);
const SIZE = Number(args.size);
const BATCH = Number(args.batch);
const PARTITIONS = Number(args.partitions);
const PRODUCERS = Number(args.producers);
const SINGLE_MESSAGES = Math.min(MESSAGES, 20_000);
const RATE = Number(args.rate);
const PACED_SECONDS = Number(args.seconds);

interface Result {
  adapter: string;
  scenario: string;
  messages: number;
  seconds: number;
  messagesPerSecond: number;
  [extra: string]: unknown;
}

const payload = 'x'.repeat(SIZE);

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function result(
  adapter: string,
  scenario: string,
  messages: number,
  ms: number,
  extra: Record<string, unknown> = {},
): Result {
  const r = {
    adapter,
    scenario,
    messages,
    seconds: Number((ms / 1000).toFixed(3)),
    messagesPerSecond: Math.round(messages / (ms / 1000)),
    ...extra,
  };
  console.log(JSON.stringify(r));
  return r;
}

async function produceLoops(
  log: Log,
  topic: string,
  total: number,
  loops: number,
  perCall: number,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: loops }, async () => {
      for (;;) {
        const start = next;
        const count = Math.min(perCall, total - start);
        if (count <= 0) return;
        next += count;
        await log.produce(
          topic,
          Array.from({ length: count }, (_, i) => ({ key: `asset-${(start + i) % 10_000}`, value: payload })),
        );
      }
    }),
  );
}

/** Produces `rate` records per second for `seconds`, in calls of 50, keeping up with the clock. */
async function producePaced(log: Log, topic: string, rate: number, seconds: number): Promise<number> {
  const total = Math.round(rate * seconds);
  const started = performance.now();
  let sent = 0;
  const inFlight = new Set<Promise<unknown>>();
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate));
    while (sent < due) {
      const count = Math.min(50, due - sent);
      const first = sent;
      sent += count;
      const call = log.produce(
        topic,
        Array.from({ length: count }, (_, i) => ({ key: `asset-${(first + i) % 10_000}`, value: payload })),
      );
      inFlight.add(call);
      void call.finally(() => inFlight.delete(call));
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await Promise.all(inFlight);
  return total;
}

async function consumeAll(
  log: Log,
  topic: string,
  total: number,
  onRecord?: (timestamp: number) => void,
): Promise<number> {
  let received = 0;
  const started = performance.now();
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    resolveDone = resolve;
  });
  const consumer = await log.consumer({
    groupId: uniqueName('bench'),
    topics: [topic],
    startFrom: 'earliest',
    onBatch: async (batch, c) => {
      if (onRecord) for (const m of batch.messages) onRecord(m.timestamp);
      await c.commit([{ topic: batch.topic, partition: batch.partition, offset: batch.nextOffset }]);
      received += batch.messages.length;
      if (received >= total) resolveDone();
    },
  });
  await done;
  const elapsed = performance.now() - started;
  await consumer.close();
  return elapsed;
}

async function runScenarios(
  adapter: string,
  log: Log,
  stats?: () => { rounds: number; requests: number },
): Promise<Result[]> {
  const results: Result[] = [];
  const createTopic = async (): Promise<string> => {
    const name = uniqueName('bench');
    await log.createTopics([{ name, partitions: PARTITIONS }]);
    return name;
  };

  const batched = await createTopic();
  let before = stats?.();
  let t0 = performance.now();
  await produceLoops(log, batched, MESSAGES, PRODUCERS, BATCH);
  let after = stats?.();
  results.push(
    result(adapter, 'produce-batched', MESSAGES, performance.now() - t0, {
      producers: PRODUCERS,
      recordsPerCall: BATCH,
      ...(before && after ? { fsyncRounds: after.rounds - before.rounds } : {}),
    }),
  );

  const consumeMs = await consumeAll(log, batched, MESSAGES);
  results.push(result(adapter, 'consume', MESSAGES, consumeMs, { commitEveryBatch: true }));

  const single = await createTopic();
  before = stats?.();
  t0 = performance.now();
  await produceLoops(log, single, SINGLE_MESSAGES, 64, 1);
  after = stats?.();
  results.push(
    result(adapter, 'produce-single', SINGLE_MESSAGES, performance.now() - t0, {
      producers: 64,
      recordsPerCall: 1,
      ...(before && after ? { fsyncRounds: after.rounds - before.rounds } : {}),
    }),
  );

  const e2e = await createTopic();
  const latencies: number[] = [];
  t0 = performance.now();
  const consuming = consumeAll(log, e2e, MESSAGES, (timestamp) => latencies.push(Date.now() - timestamp));
  await produceLoops(log, e2e, MESSAGES, PRODUCERS, BATCH);
  await consuming;
  const e2eMs = performance.now() - t0;
  latencies.sort((a, b) => a - b);
  results.push(
    result(adapter, 'end-to-end', MESSAGES, e2eMs, {
      latencyMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) },
    }),
  );
  const paced = await createTopic();
  const pacedLatencies: number[] = [];
  const pacedTotal = Math.round(RATE * PACED_SECONDS);
  t0 = performance.now();
  const pacedConsuming = consumeAll(log, paced, pacedTotal, (timestamp) =>
    pacedLatencies.push(Date.now() - timestamp),
  );
  await producePaced(log, paced, RATE, PACED_SECONDS);
  await pacedConsuming;
  const pacedMs = performance.now() - t0;
  pacedLatencies.sort((a, b) => a - b);
  results.push(
    result(adapter, 'end-to-end-paced', pacedTotal, pacedMs, {
      targetRate: RATE,
      recordsPerCall: 50,
      latencyMs: {
        p50: percentile(pacedLatencies, 50),
        p99: percentile(pacedLatencies, 99),
        max: pacedLatencies.at(-1),
      },
    }),
  );
  return results;
}

async function main(): Promise<void> {
  const results: Result[] = [];
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-bench-'));
  try {
    const embedded: EmbeddedLog = await openEmbeddedLog({ directory, logger: consoleLogger });
    results.push(...(await runScenarios('embedded', embedded, () => embedded.syncStats())));
    await embedded.close();
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }

  if (!args['no-kafka'] && (await isServiceUp('kafka'))) {
    const kafka = await connectKafkaLog({
      brokers: services.kafkaBrokers,
      clientId: 'vigie-bench',
      logger: consoleLogger,
    });
    results.push(...(await runScenarios('kafka', kafka)));
    await kafka.close();
  } else {
    console.log(
      JSON.stringify({ adapter: 'kafka', skipped: args['no-kafka'] ? '--no-kafka' : 'no broker answers' }),
    );
  }

  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
  const outDirectory = path.join(root, 'bench-results');
  fs.mkdirSync(outDirectory, { recursive: true });
  const file = path.join(
    outDirectory,
    `log-throughput-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
  );
  const report = {
    benchmark: 'log-throughput',
    date: new Date().toISOString(),
    node: process.version,
    host: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      platform: os.platform(),
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
    },
    parameters: {
      messages: MESSAGES,
      singleMessages: SINGLE_MESSAGES,
      recordBytes: SIZE,
      batch: BATCH,
      partitions: PARTITIONS,
      producers: PRODUCERS,
    },
    results,
  };
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`report: ${path.relative(root, file)}`);
}

await main();
