/**
 * What only the embedded log has to prove by itself: its files. Reopening, torn tails, a process killed
 * mid-stream, retention, the directory lock and group commit.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { uniqueName } from '@vigie/testing/unique-name';
import { waitFor } from '@vigie/testing/wait-for';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openEmbeddedLog } from '../src/embedded-log';
import type { EmbeddedLog, EmbeddedLogOptions } from '../src/embedded-log';
import { LogError } from '../src/log';
import type { LogRecord, MessageBatch } from '../src/log';
import { testLogger } from './test-logger';

const here = path.dirname(fileURLToPath(import.meta.url));
const directories: string[] = [];
const logs: EmbeddedLog[] = [];
const children: ChildProcess[] = [];

function freshDirectory(): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-durability-'));
  directories.push(directory);
  return directory;
}

async function open(directory: string, options: Partial<EmbeddedLogOptions> = {}): Promise<EmbeddedLog> {
  const log = await openEmbeddedLog({ directory, logger: testLogger, ...options });
  logs.push(log);
  return log;
}

function segmentFile(directory: string, topic: string, partition: number, base = 0): string {
  return path.join(directory, 'topics', topic, String(partition), `${base.toString().padStart(20, '0')}.log`);
}

/** Every record of a topic, read by a fresh consumer group from the start. */
async function readAll(log: EmbeddedLog, topic: string): Promise<LogRecord[]> {
  const offsets = await log.topicOffsets(topic);
  const expected = offsets.reduce((sum, o) => sum + Number(o.end) - Number(o.start), 0);
  const records: LogRecord[] = [];
  const consumer = await log.consumer({
    groupId: uniqueName('read-all'),
    topics: [topic],
    startFrom: 'earliest',
    onBatch: async (batch) => {
      records.push(...batch.messages);
    },
  });
  await waitFor(() => records.length >= expected, { what: `${expected} records of ${topic}` });
  await consumer.close();
  return records;
}

function spawnFixture(
  script: string,
  directory: string,
): { child: ChildProcess; lines: string[]; exited: Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'fixtures', script), directory], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const lines: string[] = [];
  let partial = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop()!;
    lines.push(...parts);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, lines, exited };
}

afterEach(async () => {
  await Promise.all(logs.splice(0).map((log) => log.close()));
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

afterAll(() => {
  for (const directory of directories) fs.rmSync(directory, { recursive: true, force: true });
});

describe('embedded log durability', () => {
  it('keeps every acknowledged record and committed offset across a reopen', async () => {
    const directory = freshDirectory();
    const options = { segmentBytes: 2048, indexIntervalBytes: 256 };
    const log = await open(directory, options);
    await log.createTopics([{ name: 'positions', partitions: 3 }]);
    const acked = [];
    for (let round = 0; round < 20; round++) {
      const records = Array.from({ length: 10 }, (_, i) => ({
        key: `asset-${i}`,
        value: `round-${round}-asset-${i}`,
        headers: { round: String(round) },
      }));
      const positions = await log.produce('positions', records);
      acked.push(...positions.map((p, i) => ({ ...p, value: records[i]!.value })));
    }
    expect(log.segmentCount('positions', 0)).toBeGreaterThan(1);
    const consumer = await log.consumer({
      groupId: 'processor',
      topics: ['positions'],
      startFrom: 'earliest',
      onBatch: async () => undefined,
    });
    await consumer.commit([
      { topic: 'positions', partition: 0, offset: '17' },
      { topic: 'positions', partition: 2, offset: '3' },
    ]);
    const offsetsBefore = await log.topicOffsets('positions');
    await log.close();

    const reopened = await open(directory, options);
    expect(await reopened.topicOffsets('positions')).toEqual(offsetsBefore);
    expect(await reopened.committedOffsets('processor', ['positions'])).toEqual([
      { topic: 'positions', partition: 0, offset: '17' },
      { topic: 'positions', partition: 1, offset: null },
      { topic: 'positions', partition: 2, offset: '3' },
    ]);
    const records = await readAll(reopened, 'positions');
    const stored = new Map(records.map((r) => [`${r.partition}/${r.offset}`, r]));
    for (const ack of acked) {
      const record = stored.get(`${ack.partition}/${ack.offset}`);
      expect(record?.value.toString()).toBe(ack.value);
    }
    // The group resumes at its committed offsets, read through the segment indexes.
    const resumed: MessageBatch[] = [];
    await reopened.consumer({
      groupId: 'processor',
      topics: ['positions'],
      startFrom: 'latest',
      onBatch: async (batch) => {
        resumed.push(batch);
      },
    });
    await waitFor(() => resumed.some((b) => b.partition === 0) && resumed.some((b) => b.partition === 2));
    expect(resumed.find((b) => b.partition === 0)!.messages[0]!.offset).toBe('17');
    expect(resumed.find((b) => b.partition === 2)!.messages[0]!.offset).toBe('3');
    expect(resumed.some((b) => b.partition === 1)).toBe(false);
    // Appends continue after the recovered end.
    const [next] = await reopened.produce('positions', [{ key: 'asset-0', value: 'after reopen' }]);
    const partitionEnd = offsetsBefore.find((o) => o.partition === next!.partition)!.end;
    expect(next!.offset).toBe(partitionEnd);
  });

  it('cuts a torn or corrupt tail on recovery and keeps the records before it', async () => {
    const directory = freshDirectory();
    const log = await open(directory);
    await log.createTopics([{ name: 'readings', partitions: 1 }]);
    await log.produce(
      'readings',
      Array.from({ length: 10 }, (_, i) => ({ key: 'sensor-1', value: `reading-${i}` })),
    );
    await log.close();
    const file = segmentFile(directory, 'readings', 0);
    const intactSize = fs.statSync(file).size;

    // Garbage after the last record (a write that never completed).
    fs.appendFileSync(file, Buffer.from([0, 0, 0, 200, 1, 2, 3, 4, 5, 6, 7]));
    let reopened = await open(directory);
    expect(fs.statSync(file).size).toBe(intactSize);
    expect((await reopened.topicOffsets('readings'))[0]!.end).toBe('10');
    await reopened.close();

    // The last record cut in the middle.
    fs.truncateSync(file, intactSize - 5);
    reopened = await open(directory);
    expect((await reopened.topicOffsets('readings'))[0]!.end).toBe('9');
    expect((await readAll(reopened, 'readings')).map((r) => r.value.toString())).toEqual(
      Array.from({ length: 9 }, (_, i) => `reading-${i}`),
    );
    const [appended] = await reopened.produce('readings', [{ key: 'sensor-1', value: 'reading-9-again' }]);
    expect(appended!.offset).toBe('9');
    await reopened.close();

    // A flipped byte in the last record: its checksum fails.
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 3] = bytes[bytes.length - 3]! ^ 0xff;
    fs.writeFileSync(file, bytes);
    // And an index full of garbage: rebuilt from the records.
    fs.writeFileSync(file.replace(/\.log$/, '.index'), Buffer.alloc(64, 0xab));
    reopened = await open(directory);
    expect((await readAll(reopened, 'readings')).map((r) => r.value.toString())).toEqual(
      Array.from({ length: 9 }, (_, i) => `reading-${i}`),
    );
  });

  it('keeps committed offsets through a torn commit and through compaction of the offsets file', async () => {
    const directory = freshDirectory();
    const options = { offsetsCompactAtBytes: 2048 };
    const log = await open(directory, options);
    await log.createTopics([{ name: 'alerts', partitions: 2 }]);
    await log.produce(
      'alerts',
      Array.from({ length: 100 }, (_, i) => ({ key: `alert-${i}`, value: 'x' })),
    );
    const consumer = await log.consumer({
      groupId: 'g',
      topics: ['alerts'],
      startFrom: 'earliest',
      onBatch: async () => undefined,
    });
    // Enough commits to compact the file several times.
    for (let i = 1; i <= 60; i++)
      await consumer.commit([{ topic: 'alerts', partition: i % 2, offset: String(i) }]);
    await log.close();
    const offsetsFile = path.join(directory, 'consumer-offsets.log');
    expect(fs.statSync(offsetsFile).size).toBeLessThan(4096);
    fs.appendFileSync(offsetsFile, Buffer.from('{"half a record'));
    const reopened = await open(directory, options);
    expect(await reopened.committedOffsets('g', ['alerts'])).toEqual([
      { topic: 'alerts', partition: 0, offset: '60' },
      { topic: 'alerts', partition: 1, offset: '59' },
    ]);
  });

  it(
    'has every acknowledged record and commit after the process is killed mid-stream',
    { timeout: 60_000 },
    async () => {
      const directory = freshDirectory();
      const { child, lines, exited } = spawnFixture('produce-until-killed.ts', directory);
      await waitFor(
        () =>
          lines.filter((l) => l.startsWith('ACK ')).length >= 3000 &&
          lines.some((l) => l.startsWith('COMMIT ')),
        {
          timeoutMs: 45_000,
          what: '3000 acknowledged records from the child',
        },
      );
      child.kill('SIGKILL');
      await exited;

      const acks = lines.filter((l) => l.startsWith('ACK ')).map((l) => l.split(' '));
      const commits = lines.filter((l) => l.startsWith('COMMIT ')).map((l) => l.split(' '));
      const log = await open(directory);
      const records = await readAll(log, 'crash');
      const stored = new Map(records.map((r) => [`${r.partition}/${r.offset}`, r.value.toString()]));
      const missing = acks.filter(
        ([, partition, offset, value]) => stored.get(`${partition}/${offset}`) !== value,
      );
      expect(missing).toEqual([]);
      // Offsets are dense: nothing half-written survived in the middle.
      for (const { partition, start, end } of await log.topicOffsets('crash')) {
        const offsets = records.filter((r) => r.partition === partition).map((r) => Number(r.offset));
        expect(offsets).toEqual(
          Array.from({ length: Number(end) - Number(start) }, (_, i) => Number(start) + i),
        );
      }
      const committed = await log.committedOffsets('crash-group', ['crash']);
      for (const [, partition, offset] of commits) {
        expect(Number(committed[Number(partition)]!.offset)).toBeGreaterThanOrEqual(Number(offset));
      }
      const [after] = await log.produce('crash', [{ key: 'asset-0', value: 'after the crash' }]);
      const end = (await log.topicOffsets('crash'))[after!.partition]!.end;
      expect(Number(after!.offset)).toBe(Number(end) - 1);
    },
  );

  it('deletes old segments by size and by age, and readers resume at the new start', async () => {
    const directory = freshDirectory();
    const log = await open(directory, { segmentBytes: 1024, retentionCheckIntervalMs: 0 });
    await log.createTopics([
      { name: 'by-size', partitions: 1, retention: { bytes: 3000 } },
      { name: 'by-age', partitions: 1, retention: { ms: 24 * 3600 * 1000 } },
    ]);
    const value = 'x'.repeat(100);
    for (let i = 0; i < 100; i++) await log.produce('by-size', [{ key: 'k', value: `${i}:${value}` }]);
    const groupId = 'behind';
    const consumer = await log.consumer({
      groupId,
      topics: ['by-size'],
      startFrom: 'earliest',
      onBatch: async () => undefined,
    });
    await consumer.commit([{ topic: 'by-size', partition: 0, offset: '0' }]);
    await consumer.close();
    const segmentsBefore = log.segmentCount('by-size', 0);

    const twoDaysAgo = Date.now() - 2 * 24 * 3600 * 1000;
    await log.produce(
      'by-age',
      Array.from({ length: 50 }, (_, i) => ({ key: 'k', value, timestamp: twoDaysAgo + i })),
    );
    expect(log.enforceRetention()).toBeGreaterThan(0);

    const [bySize] = await log.topicOffsets('by-size');
    expect(Number(bySize!.start)).toBeGreaterThan(0);
    expect(bySize!.end).toBe('100');
    expect(log.segmentCount('by-size', 0)).toBeLessThan(segmentsBefore);
    const remainingBytes = fs
      .readdirSync(path.dirname(segmentFile(directory, 'by-size', 0)))
      .filter((f) => f.endsWith('.log'))
      .reduce(
        (sum, f) => sum + fs.statSync(path.join(path.dirname(segmentFile(directory, 'by-size', 0)), f)).size,
        0,
      );
    expect(remainingBytes).toBeGreaterThanOrEqual(3000);

    // Everything in by-age was older than a day, the active segment included.
    expect(await log.topicOffsets('by-age')).toEqual([{ partition: 0, start: '50', end: '50' }]);

    // The group committed offset 0, now below the log start: it resumes at the start.
    const resumed: LogRecord[] = [];
    await log.consumer({
      groupId,
      topics: ['by-size'],
      startFrom: 'earliest',
      onBatch: async (batch) => {
        resumed.push(...batch.messages);
      },
    });
    await waitFor(() => resumed.length >= 100 - Number(bySize!.start));
    expect(resumed[0]!.offset).toBe(bySize!.start);

    // Retention survives a reopen.
    await log.close();
    const reopened = await open(directory, { segmentBytes: 1024, retentionCheckIntervalMs: 0 });
    expect(await reopened.topicOffsets('by-size')).toEqual([bySize]);
    expect(await reopened.topicOffsets('by-age')).toEqual([{ partition: 0, start: '50', end: '50' }]);
  });

  it(
    'refuses a directory already open here or in another live process, and takes over a dead one',
    { timeout: 30_000 },
    async () => {
      const directory = freshDirectory();
      const log = await open(directory);
      const second = await openEmbeddedLog({ directory, logger: testLogger }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(second).toBeInstanceOf(LogError);
      expect((second as LogError).code).toBe('LOCKED');
      await log.close();

      const { child, lines, exited } = spawnFixture('hold-lock.ts', directory);
      await waitFor(() => lines.includes('OPEN'), { what: 'the child to open the log' });
      const whileHeld = await openEmbeddedLog({ directory, logger: testLogger }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect((whileHeld as LogError).code).toBe('LOCKED');
      child.kill('SIGKILL');
      await exited;
      const afterDeath = await open(directory);
      expect(afterDeath.kind).toBe('embedded');
    },
  );

  it('shares one fsync between produce calls made together (group commit)', async () => {
    const log = await open(freshDirectory());
    await log.createTopics([{ name: 'burst', partitions: 4 }]);
    const before = log.syncStats();
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => log.produce('burst', [{ key: `k${i}`, value: `v${i}` }])),
    );
    const after = log.syncStats();
    const requests = after.requests - before.requests;
    const rounds = after.rounds - before.rounds;
    expect(requests).toBe(200);
    expect(rounds).toBeLessThanOrEqual(5);
  });
});
