/**
 * A processor killed with SIGKILL in the middle of a stream, then started again, leaves every event
 * in PostGIS exactly once, with current state and checkpoints matching the log.
 *
 * - Kafka + PostgreSQL: the test produces while the child processes; it kills the child once part of
 *   the stream is in the database, keeps producing, starts a new child and waits for all of it.
 * - Embedded log + PGlite: the log and the database directories belong to one process at a time, so
 *   the test fills the log first and lets go of it; the children run on it in turn; the test reads the
 *   outcome once the last child has stopped. Progress is read from the child's /metrics.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedLog } from '@vigie/bus/embedded-log';
import type { Log, ProduceRecord } from '@vigie/bus/log';
import type { TPositionEventV1 } from '@vigie/contracts/positions';
import type { TReadingEventV1 } from '@vigie/contracts/readings';
import type { TReportEventV1 } from '@vigie/contracts/reports';
import { getAsset } from '@vigie/db/assets-repository';
import { loadCheckpoints } from '@vigie/db/checkpoints-repository';
import { createDb } from '@vigie/db/create-db';
import type { Database } from '@vigie/db/database';
import { getSensor } from '@vigie/db/sensors-repository';
import { storedEnvelopeIds } from '@vigie/db/stored-events-repository';
import { destinationPoint } from '@vigie/domain/geo';
import { describeWithService, isServiceUp, services } from '@vigie/testing/services';
import { uniqueName } from '@vigie/testing/unique-name';
import { waitFor } from '@vigie/testing/wait-for';
import { afterAll, describe, expect, it } from 'vitest';
import { kafkaPostgresFixture, readTopics, testLogger } from './harness';
import type { ChildProcessor } from './spawn-processor';
import { scrapeMetrics, spawnProcessor, sumOf } from './spawn-processor';
import {
  PAP,
  T0,
  positionEvent,
  positionRecord,
  readingEvent,
  readingRecord,
  reportEvent,
  reportRecord,
} from './raw-events';

const PARTITIONS = 3;

interface Stream {
  positions: TPositionEventV1[];
  readings: TReadingEventV1[];
  reports: TReportEventV1[];
  assets: string[];
  sensors: string[];
}

/** `fixes` fixes over 20 assets, a reading every 8 fixes over 10 sensors, a report every 40. */
function makeStream(prefix: string, fixes: number): Stream {
  const assets = Array.from({ length: 20 }, (_, i) => `${prefix}-asset-${i}`);
  const sensors = Array.from({ length: 10 }, (_, i) => `${prefix}-gauge-${i}`);
  const stream: Stream = { positions: [], readings: [], reports: [], assets, sensors };
  for (let i = 0; i < fixes; i++) {
    const asset = assets[i % assets.length]!;
    const at = T0 + i * 1000;
    stream.positions.push(positionEvent(asset, at, destinationPoint(PAP, (i * 7) % 360, 50 + (i % 500))));
    if (i % 8 === 0) {
      const sensor = sensors[(i / 8) % sensors.length]!;
      stream.readings.push(
        readingEvent(sensor, at, {
          metric: 'water_level',
          value: 1 + (i % 100) / 100,
          unit: 'm',
          position: PAP,
        }),
      );
    }
    if (i % 40 === 0) {
      stream.reports.push(
        reportEvent(
          `${prefix}-sms`,
          `r-${i}`,
          `Inondation rue ${i}, appelez le +509 3712 ${String(1000 + (i % 9000))}`,
          { position: PAP },
        ),
      );
    }
  }
  return stream;
}

type Chunk = { positions: ProduceRecord[]; readings: ProduceRecord[]; reports: ProduceRecord[] };

function chunksOf(stream: Stream, size: number): Chunk[] {
  const chunks: Chunk[] = [];
  for (let from = 0; from < stream.positions.length; from += size) {
    const to = from + size;
    const inRange = (e: { occurredAt: string }) => {
      const i = (Date.parse(e.occurredAt) - T0) / 1000;
      return i >= from && i < to;
    };
    chunks.push({
      positions: stream.positions.slice(from, to).map(positionRecord),
      readings: stream.readings.filter(inRange).map(readingRecord),
      reports: stream.reports.filter(inRange).map(reportRecord),
    });
  }
  return chunks;
}

async function produceChunk(log: Log, prefix: string, chunk: Chunk): Promise<void> {
  await log.produce(`${prefix}raw.positions`, chunk.positions);
  if (chunk.readings.length > 0) await log.produce(`${prefix}raw.readings`, chunk.readings);
  if (chunk.reports.length > 0) await log.produce(`${prefix}raw.reports`, chunk.reports);
}

async function createRawTopics(log: Log, prefix: string): Promise<void> {
  await log.createTopics(
    ['raw.positions', 'raw.readings', 'raw.reports'].map((t) => ({
      name: `${prefix}${t}`,
      partitions: PARTITIONS,
    })),
  );
}

/** Every event stored once, current state at the last fix/reading, checkpoints at the end of the log. */
async function expectExactlyOnce(
  database: Database,
  group: string,
  stream: Stream,
  prefix: string,
): Promise<void> {
  const db = database.db;
  expect(
    (
      await storedEnvelopeIds(
        db,
        'positions',
        stream.positions.map((e) => e.id),
      )
    ).size,
  ).toBe(stream.positions.length);
  expect(
    (
      await storedEnvelopeIds(
        db,
        'readings',
        stream.readings.map((e) => e.id),
      )
    ).size,
  ).toBe(stream.readings.length);
  expect(
    (
      await storedEnvelopeIds(
        db,
        'reports',
        stream.reports.map((e) => e.id),
      )
    ).size,
  ).toBe(stream.reports.length);
  for (const asset of stream.assets) {
    const last = stream.positions.filter((e) => e.payload.assetId === asset).at(-1)!;
    const row = await getAsset(db, asset);
    expect(row?.lastFixAt?.toISOString()).toBe(new Date(last.occurredAt).toISOString());
    expect(row?.position?.lon).toBeCloseTo(last.payload.position.lon, 9);
  }
  for (const sensor of stream.sensors) {
    const last = stream.readings.filter((e) => e.payload.sensorId === sensor).at(-1)!;
    expect((await getSensor(db, sensor))?.lastValue).toBe(last.payload.value);
  }
  const checkpoints = await loadCheckpoints(db, group);
  const total = (topic: string) =>
    checkpoints.filter((c) => c.topic === `${prefix}${topic}`).reduce((n, c) => n + Number(c.nextOffset), 0);
  expect(total('raw.positions')).toBe(stream.positions.length);
  expect(total('raw.readings')).toBe(stream.readings.length);
  expect(total('raw.reports')).toBe(stream.reports.length);
}

/** Every located reading and report was observed on live.observations, at least once. */
function expectEveryObservation(
  messages: { value: { payload: Record<string, unknown> } }[],
  stream: Stream,
): void {
  const observed = new Set(messages.map((m) => m.value.payload.rawEventId));
  const missing = [...stream.readings, ...stream.reports].filter((e) => !observed.has(e.id));
  expect(missing.map((e) => e.id)).toEqual([]);
}

/** The last live.entities message of every asset is its last fix. */
function expectFinalEntities(
  messages: { key: string; value: { payload: Record<string, unknown> } }[],
  stream: Stream,
): void {
  for (const asset of stream.assets) {
    const last = stream.positions.filter((e) => e.payload.assetId === asset).at(-1)!;
    const published = messages.filter((m) => m.key === asset).at(-1);
    expect(published?.value.payload.lastSeenAt).toBe(new Date(last.occurredAt).toISOString());
  }
}

async function persistedSoFar(child: ChildProcessor): Promise<number> {
  const samples = await scrapeMetrics(await child.port);
  return sumOf(samples, 'vigie_processor_events_total', { stage: 'persist', outcome: 'ok' });
}

const children: ChildProcessor[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

function start(env: Record<string, string>): ChildProcessor {
  const child = spawnProcessor(env);
  children.push(child);
  return child;
}

const available = (await isServiceUp('kafka')) && (await isServiceUp('postgres'));

describeWithService(
  available,
  `Kafka at ${services.kafkaBrokers.join(',')} and PostgreSQL at ${services.databaseUrl}`,
  'run `npm run kafka -- start` and start PostgreSQL with PostGIS',
)('SIGKILL mid-stream on Kafka + PostgreSQL', () => {
  const fixture = kafkaPostgresFixture();
  afterAll(() => fixture.close());

  it('leaves every produced event in PostGIS exactly once and publishes every observation', async () => {
    const s = await fixture.open();
    const name = uniqueName('crash');
    const prefix = `${name}.`;
    const group = `${name}-group`;
    const env = {
      ...s.childEnv,
      PROCESSOR_TOPIC_PREFIX: prefix,
      PROCESSOR_GROUP_ID: group,
      PROCESSOR_PARTITIONS: String(PARTITIONS),
      PROCESSOR_BATCH_SIZE: '100',
      PROCESSOR_LAG_INTERVAL_MS: '200',
    };
    const stream = makeStream(name, 6_000);
    const chunks = chunksOf(stream, 200);
    await createRawTopics(s.log, prefix);

    const first = start(env);
    await first.running;
    // The second half of the stream is only produced once the first processor is dead, so the kill
    // always lands mid-stream, however fast the producer runs on a loaded machine.
    const half = Math.floor(chunks.length / 2);
    let killed = () => {};
    const afterKill = new Promise<void>((resolve) => (killed = resolve));
    let produced = 0;
    const producing = (async () => {
      for (const chunk of chunks) {
        if (produced === half) await afterKill;
        await produceChunk(s.log, prefix, chunk);
        produced++;
        await new Promise((resolve) => setTimeout(resolve, 30));
      }
    })();
    await waitFor(async () => (await persistedSoFar(first)) >= 1_500, {
      timeoutMs: 60_000,
      what: 'a part of the stream persisted',
    });
    first.kill('SIGKILL');
    expect(await first.exited).toBeNull();
    expect(produced).toBeLessThan(chunks.length);
    killed();

    const second = start(env);
    await second.running;
    await producing;
    const all = stream.positions.length + stream.readings.length + stream.reports.length;
    await waitFor(
      async () => {
        const checkpoints = await loadCheckpoints(s.database.db, group);
        return checkpoints.reduce((n, c) => n + Number(c.nextOffset), 0) === all;
      },
      { timeoutMs: 90_000, what: 'the whole stream checkpointed' },
    );
    await expectExactlyOnce(s.database, group, stream, prefix);

    const reader = await readTopics(s.log, [`${prefix}live.entities`, `${prefix}live.observations`]);
    try {
      await waitFor(
        () => {
          const messages = reader.messages(`${prefix}live.entities`);
          return stream.assets.every((a) =>
            messages.some(
              (m) =>
                m.key === a &&
                m.value.payload.lastSeenAt ===
                  new Date(
                    stream.positions.filter((e) => e.payload.assetId === a).at(-1)!.occurredAt,
                  ).toISOString(),
            ),
          );
        },
        { timeoutMs: 30_000, what: 'final asset states published' },
      );
      expectFinalEntities(reader.messages(`${prefix}live.entities`), stream);
      const located = stream.readings.length + stream.reports.length;
      await waitFor(() => reader.messages(`${prefix}live.observations`).length >= located, {
        timeoutMs: 30_000,
        what: 'observations',
      });
      expectEveryObservation(reader.messages(`${prefix}live.observations`), stream);
    } finally {
      await reader.close();
    }
    second.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });
});

describe('SIGKILL mid-stream on the embedded log + PGlite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-processor-crash-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('leaves every produced event in PostGIS exactly once and publishes every observation', async () => {
    const name = uniqueName('crash');
    const prefix = `${name}.`;
    const group = `${name}-group`;
    const env = {
      VIGIE_DATA_DIR: dir,
      PROCESSOR_TOPIC_PREFIX: prefix,
      PROCESSOR_GROUP_ID: group,
      PROCESSOR_PARTITIONS: String(PARTITIONS),
      PROCESSOR_BATCH_SIZE: '100',
      PROCESSOR_LAG_INTERVAL_MS: '200',
    };
    const stream = makeStream(name, 8_000);
    const filled = await openEmbeddedLog({ directory: join(dir, 'log'), logger: testLogger });
    await createRawTopics(filled, prefix);
    for (const chunk of chunksOf(stream, 500)) await produceChunk(filled, prefix, chunk);
    await filled.close();
    const all = stream.positions.length + stream.readings.length + stream.reports.length;

    const first = start(env);
    await first.running;
    await waitFor(async () => (await persistedSoFar(first)) >= 1_000, {
      timeoutMs: 60_000,
      what: 'a part of the stream persisted',
    });
    first.kill('SIGKILL');
    expect(await first.exited).toBeNull();

    const second = start(env);
    await second.running;
    const port = await second.port;
    await waitFor(
      async () => {
        const samples = await scrapeMetrics(port);
        const partitions = [...samples.keys()].filter((k) =>
          k.startsWith('vigie_processor_consumer_lag{'),
        ).length;
        return partitions === 3 * PARTITIONS && sumOf(samples, 'vigie_processor_consumer_lag') === 0;
      },
      { timeoutMs: 90_000, what: 'no lag left' },
    );
    // Killed after at least 1 000 rows and before the end: the second run did the rest.
    expect(await persistedSoFar(second)).toBeGreaterThan(0);
    expect(await persistedSoFar(second)).toBeLessThan(all);
    second.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    const database = await createDb({ dataDir: join(dir, 'pglite') });
    try {
      await expectExactlyOnce(database, group, stream, prefix);
    } finally {
      await database.close();
    }
    const log = await openEmbeddedLog({ directory: join(dir, 'log'), logger: testLogger });
    try {
      const reader = await readTopics(log, [`${prefix}live.entities`]);
      const end = (await log.topicOffsets(`${prefix}live.entities`)).reduce((n, o) => n + Number(o.end), 0);
      await waitFor(() => reader.messages(`${prefix}live.entities`).length === end, {
        what: 'live.entities read',
      });
      expectFinalEntities(reader.messages(`${prefix}live.entities`), stream);
      await reader.close();
    } finally {
      await log.close();
    }
  });
});
