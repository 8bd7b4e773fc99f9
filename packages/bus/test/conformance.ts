/**
 * The behaviour every `Log` adapter must have. Each adapter's test file runs this suite unchanged:
 * `runLogConformance('embedded', makeLog)` / `runLogConformance('kafka', makeLog, describeKafka)`.
 * Every test uses its own topics and groups; it waits on conditions, never on fixed sleeps.
 */
import { uniqueName } from '@vigie/testing/unique-name';
import { waitFor } from '@vigie/testing/wait-for';
import { afterEach, describe, expect, it } from 'vitest';
import { LogError } from '../src/log';
import type { Consumer, ConsumerOptions, Log, LogRecord, MessageBatch } from '../src/log';
import { partitionForKey } from '../src/partitioner';

const TEST_TIMEOUT_MS = 40_000;
const WAIT = { timeoutMs: 25_000 };

/** Keys that land on `partition` of a topic with `partitions` partitions. */
export function keysForPartition(
  partition: number,
  partitions: number,
  count: number,
  prefix = 'key',
): string[] {
  const keys: string[] = [];
  for (let i = 0; keys.length < count; i++) {
    const key = `${prefix}-${i}`;
    if (partitionForKey(key, partitions) === partition) keys.push(key);
  }
  return keys;
}

/** Records what a consumer receives; commits each batch unless told not to. */
class Recorder {
  readonly records: LogRecord[] = [];
  readonly batches: MessageBatch[] = [];
  commit = true;

  readonly onBatch = async (batch: MessageBatch, consumer: Consumer): Promise<void> => {
    this.batches.push(batch);
    this.records.push(...batch.messages);
    if (this.commit) {
      await consumer.commit([{ topic: batch.topic, partition: batch.partition, offset: batch.nextOffset }]);
    }
  };

  values(): string[] {
    return this.records.map((r) => r.value.toString('utf8'));
  }

  of(topic: string, partition: number): LogRecord[] {
    return this.records.filter((r) => r.topic === topic && r.partition === partition);
  }
}

async function expectLogError(promise: Promise<unknown>, code: LogError['code']): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected a LogError ${code}`).toBeInstanceOf(LogError);
  expect((error as LogError).code).toBe(code);
}

function expectLogErrorSync(fn: () => unknown, code: LogError['code']): void {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error, `expected a LogError ${code}`).toBeInstanceOf(LogError);
  expect((error as LogError).code).toBe(code);
}

export function runLogConformance(
  name: string,
  makeLog: () => Promise<Log>,
  describeSuite: typeof describe | typeof describe.skip = describe,
): void {
  describeSuite(`Log conformance: ${name}`, () => {
    const opened: Log[] = [];

    async function openLog(): Promise<Log> {
      const log = await makeLog();
      opened.push(log);
      return log;
    }

    async function topic(log: Log, partitions: number, prefix = 'conf'): Promise<string> {
      const topicName = uniqueName(prefix);
      await log.createTopics([{ name: topicName, partitions }]);
      return topicName;
    }

    async function consume(
      log: Log,
      options: Omit<ConsumerOptions, 'onBatch' | 'groupId'> & { groupId?: string },
      recorder = new Recorder(),
    ): Promise<{ consumer: Consumer; recorder: Recorder }> {
      const consumer = await log.consumer({
        groupId: uniqueName('group'),
        ...options,
        onBatch: recorder.onBatch,
      });
      return { consumer, recorder };
    }

    afterEach(async () => {
      await Promise.all(opened.splice(0).map((log) => log.close()));
    });

    it(
      'creates topics idempotently and refuses another partition count',
      { timeout: TEST_TIMEOUT_MS },
      async () => {
        const log = await openLog();
        const name = uniqueName('conf');
        await log.createTopics([{ name, partitions: 3 }]);
        await log.createTopics([{ name, partitions: 3 }]);
        expect(await log.topicOffsets(name)).toEqual([
          { partition: 0, start: '0', end: '0' },
          { partition: 1, start: '0', end: '0' },
          { partition: 2, start: '0', end: '0' },
        ]);
        await expectLogError(log.createTopics([{ name, partitions: 4 }]), 'TOPIC_MISMATCH');
      },
    );

    it(
      'acknowledges a produce with the partition and offset of every record',
      { timeout: TEST_TIMEOUT_MS },
      async () => {
        const log = await openLog();
        const t = await topic(log, 3);
        const keys = Array.from({ length: 30 }, (_, i) => `asset-${i % 11}`);
        const first = await log.produce(
          t,
          keys.map((key, i) => ({ key, value: `v${i}` })),
        );
        expect(first).toHaveLength(30);
        const nextByPartition = new Map<number, number>();
        first.forEach((position, i) => {
          expect(position.topic).toBe(t);
          expect(position.partition).toBe(partitionForKey(keys[i]!, 3));
          const expected = nextByPartition.get(position.partition) ?? 0;
          expect(position.offset).toBe(String(expected));
          nextByPartition.set(position.partition, expected + 1);
        });
        const second = await log.produce(t, [{ key: keys[0]!, value: 'again' }]);
        const partition = partitionForKey(keys[0]!, 3);
        expect(second).toEqual([{ topic: t, partition, offset: String(nextByPartition.get(partition)) }]);
        nextByPartition.set(partition, nextByPartition.get(partition)! + 1);
        expect(await log.produce(t, [])).toEqual([]);

        const offsets = await log.topicOffsets(t);
        expect(offsets.map((o) => o.partition)).toEqual([0, 1, 2]);
        for (const o of offsets) {
          expect(o.start).toBe('0');
          expect(o.end).toBe(String(nextByPartition.get(o.partition) ?? 0));
        }
      },
    );

    it('delivers key, value, headers and timestamp as produced', { timeout: TEST_TIMEOUT_MS }, async () => {
      const log = await openLog();
      const t = await topic(log, 2);
      const binary = Buffer.from([0, 1, 2, 250, 255, 0x80]);
      const timestamp = Date.now() - 60_000;
      const positions = await log.produce(t, [
        { key: 'capteur-é', value: 'eau: 3,2 m', headers: { source: 'cap', 'trace-id': 'abc' }, timestamp },
        { key: 'binary', value: binary },
        { key: '', value: '' },
      ]);
      const { recorder } = await consume(log, { topics: [t], startFrom: 'earliest' });
      await waitFor(() => recorder.records.length >= 3, { ...WAIT, what: '3 records' });
      const byKey = new Map(recorder.records.map((r) => [r.key, r]));
      const text = byKey.get('capteur-é')!;
      expect(text.value.toString('utf8')).toBe('eau: 3,2 m');
      expect(text.headers).toEqual({ source: 'cap', 'trace-id': 'abc' });
      expect(text.timestamp).toBe(timestamp);
      expect(text.topic).toBe(t);
      expect(text.partition).toBe(positions[0]!.partition);
      expect(text.offset).toBe(positions[0]!.offset);
      const raw = byKey.get('binary')!;
      expect(Buffer.compare(raw.value, binary)).toBe(0);
      expect(raw.headers).toEqual({});
      expect(Math.abs(raw.timestamp - Date.now())).toBeLessThan(60_000);
      expect(byKey.get('')!.value.length).toBe(0);
      for (const batch of recorder.batches) {
        const last = batch.messages[batch.messages.length - 1]!;
        expect(batch.nextOffset).toBe(String(Number(last.offset) + 1));
        expect(Number(batch.highWatermark)).toBeGreaterThanOrEqual(Number(batch.nextOffset));
      }
    });

    it(
      'keeps per-key order across partitions with many interleaved keys',
      { timeout: TEST_TIMEOUT_MS },
      async () => {
        const log = await openLog();
        const partitions = 4;
        const t = await topic(log, partitions);
        const keys = Array.from({ length: 40 }, (_, i) => `vehicle-${i}`);
        const rounds = 12;
        for (let round = 0; round < rounds; round++) {
          // Each call interleaves every key; calls follow one another.
          const order = round % 2 === 0 ? keys : [...keys].reverse();
          await log.produce(
            t,
            order.map((key) => ({ key, value: `${key}:${round}` })),
          );
        }
        const { recorder } = await consume(log, { topics: [t], startFrom: 'earliest', maxBatchSize: 37 });
        await waitFor(() => recorder.records.length >= keys.length * rounds, {
          ...WAIT,
          what: 'every record',
        });
        expect(recorder.records).toHaveLength(keys.length * rounds);
        const usedPartitions = new Set(recorder.records.map((r) => r.partition));
        expect(usedPartitions.size).toBeGreaterThan(1);
        for (const key of keys) {
          const mine = recorder.records.filter((r) => r.key === key);
          expect(mine.map((r) => r.value.toString())).toEqual(
            Array.from({ length: rounds }, (_, round) => `${key}:${round}`),
          );
          expect(new Set(mine.map((r) => r.partition))).toEqual(new Set([partitionForKey(key, partitions)]));
        }
        for (const batch of recorder.batches) expect(batch.messages.length).toBeLessThanOrEqual(37);
      },
    );

    it(
      'starts a new group at the end when asked for latest, then at its committed offset',
      { timeout: TEST_TIMEOUT_MS },
      async () => {
        const log = await openLog();
        const t = await topic(log, 1);
        await log.produce(t, [
          { key: 'a', value: 'old-1' },
          { key: 'a', value: 'old-2' },
        ]);
        const groupId = uniqueName('group');
        const first = await consume(log, { groupId, topics: [t], startFrom: 'latest' });
        // Produce probes until one arrives: the consumer has then settled at the end.
        let probes = 0;
        await waitFor(
          async () => {
            if (first.recorder.records.length > 0) return true;
            await log.produce(t, [{ key: 'a', value: `probe-${probes++}` }]);
            return false;
          },
          { ...WAIT, intervalMs: 100, what: 'a probe record' },
        );
        // Probes sent before the consumer settled may be skipped (that is what latest means); the last
        // one is not, and nothing older ever comes.
        const lastProbe = `probe-${probes - 1}`;
        await waitFor(() => first.recorder.values().includes(lastProbe), { ...WAIT, what: 'the last probe' });
        expect(first.recorder.values().every((v) => v.startsWith('probe-'))).toBe(true);
        await first.consumer.close();

        await log.produce(t, [{ key: 'a', value: 'after-close' }]);
        // Same group, still "latest": the committed offset wins, so nothing after it is skipped.
        const second = await consume(log, { groupId, topics: [t], startFrom: 'latest' });
        await waitFor(() => second.recorder.records.length >= 1, {
          ...WAIT,
          what: 'the record produced while away',
        });
        expect(second.recorder.values()).toEqual(['after-close']);
      },
    );

    it(
      'redelivers uncommitted records to the next member when a consumer stops without committing',
      { timeout: TEST_TIMEOUT_MS },
      async () => {
        const log = await openLog();
        const t = await topic(log, 2);
        const [keyP0] = keysForPartition(0, 2, 1);
        const [keyP1] = keysForPartition(1, 2, 1);
        await log.produce(t, [
          ...Array.from({ length: 10 }, (_, i) => ({ key: keyP0!, value: `p0-${i}` })),
          ...Array.from({ length: 10 }, (_, i) => ({ key: keyP1!, value: `p1-${i}` })),
        ]);
        const groupId = uniqueName('group');
        const crashing = new Recorder();
        crashing.commit = false;
        const a = await consume(log, { groupId, topics: [t], startFrom: 'earliest' }, crashing);
        await waitFor(() => crashing.records.length >= 20, { ...WAIT, what: 'all 20 records' });
        // Processed everything, committed only part of it.
        await a.consumer.commit([
          { topic: t, partition: 0, offset: '10' },
          { topic: t, partition: 1, offset: '4' },
        ]);
        expect(await log.committedOffsets(groupId, [t])).toEqual([
          { topic: t, partition: 0, offset: '10' },
          { topic: t, partition: 1, offset: '4' },
        ]);
        await a.consumer.close();

        const b = await consume(log, { groupId, topics: [t], startFrom: 'earliest' });
        await log.produce(t, [{ key: keyP0!, value: 'p0-sentinel' }]);
        await waitFor(() => b.recorder.of(t, 1).length >= 6 && b.recorder.of(t, 0).length >= 1, {
          ...WAIT,
          what: 'the redelivered records and the sentinel',
        });
        expect(b.recorder.of(t, 1).map((r) => r.offset)).toEqual(['4', '5', '6', '7', '8', '9']);
        expect(b.recorder.of(t, 1).map((r) => r.value.toString())).toEqual([
          'p1-4',
          'p1-5',
          'p1-6',
          'p1-7',
          'p1-8',
          'p1-9',
        ]);
        expect(b.recorder.of(t, 0).map((r) => r.value.toString())).toEqual(['p0-sentinel']);
      },
    );

    it('delivers a batch again when its handler fails', { timeout: TEST_TIMEOUT_MS }, async () => {
      const log = await openLog();
      const t = await topic(log, 1);
      await log.produce(
        t,
        Array.from({ length: 5 }, (_, i) => ({ key: 'k', value: `v${i}` })),
      );
      const seen: string[] = [];
      let failures = 0;
      const consumer = await log.consumer({
        groupId: uniqueName('group'),
        topics: [t],
        startFrom: 'earliest',
        onBatch: async (batch, c) => {
          seen.push(...batch.messages.map((m) => m.offset));
          if (failures < 2) {
            failures++;
            throw new Error('database unavailable (simulated)');
          }
          await c.commit([{ topic: batch.topic, partition: batch.partition, offset: batch.nextOffset }]);
        },
      });
      await waitFor(async () => (await log.committedOffsets(consumer.groupId, [t]))[0]?.offset === '5', {
        ...WAIT,
        what: 'the commit after the retries',
      });
      expect(failures).toBe(2);
      // The first two deliveries started at offset 0 and failed; the third went through.
      const starts = seen.filter((offset) => offset === '0');
      expect(starts.length).toBe(3);
      expect(seen.slice(-5)).toEqual(['0', '1', '2', '3', '4']);
    });

    it(
      'shares partitions between members and hands them over when one leaves',
      { timeout: TEST_TIMEOUT_MS },
      async () => {
        const log = await openLog();
        const partitions = 4;
        const t = await topic(log, partitions);
        const groupId = uniqueName('group');
        const a = await consume(log, { groupId, topics: [t], startFrom: 'earliest' });
        const b = await consume(log, { groupId, topics: [t], startFrom: 'earliest' });
        await waitFor(
          () => {
            const pa = a.consumer.assignment().map((tp) => tp.partition);
            const pb = b.consumer.assignment().map((tp) => tp.partition);
            const all = [...pa, ...pb].sort();
            return pa.length > 0 && pb.length > 0 && all.join() === '0,1,2,3';
          },
          { ...WAIT, what: 'a disjoint split of the 4 partitions' },
        );
        const ownedByA = new Set(a.consumer.assignment().map((tp) => tp.partition));
        const ownedByB = new Set(b.consumer.assignment().map((tp) => tp.partition));

        const keys = Array.from({ length: 40 }, (_, i) => `team-${i}`);
        await log.produce(
          t,
          keys.map((key) => ({ key, value: `round1:${key}` })),
        );
        await waitFor(() => a.recorder.records.length + b.recorder.records.length >= 40, {
          ...WAIT,
          what: 'round 1 split between the two members',
        });
        expect(a.recorder.records.length).toBeGreaterThan(0);
        expect(b.recorder.records.length).toBeGreaterThan(0);
        expect(a.recorder.records.every((r) => ownedByA.has(r.partition))).toBe(true);
        expect(b.recorder.records.every((r) => ownedByB.has(r.partition))).toBe(true);
        expect(new Set([...a.recorder.values(), ...b.recorder.values()]).size).toBe(40);

        await a.consumer.close();
        await waitFor(() => b.consumer.assignment().length === partitions, {
          ...WAIT,
          what: 'b owning every partition',
        });
        const beforeTakeover = b.recorder.records.length;
        await log.produce(
          t,
          keys.map((key) => ({ key, value: `round2:${key}` })),
        );
        await waitFor(() => b.recorder.values().filter((v) => v.startsWith('round2:')).length >= 40, {
          ...WAIT,
          what: 'round 2 entirely at b',
        });
        const afterTakeover = b.recorder.records.slice(beforeTakeover);
        // a committed what it handled: b gets a's former partitions from there, with their new records.
        expect(afterTakeover.some((r) => ownedByA.has(r.partition))).toBe(true);
        expect(afterTakeover.filter((r) => r.value.toString().startsWith('round1:'))).toEqual([]);
      },
    );

    it(
      'declares a member stuck in its batch dead in a rebalance: its partition moves, its late commit is refused',
      { timeout: TEST_TIMEOUT_MS },
      async () => {
        const log = await openLog();
        const t = await topic(log, 2);
        // The first member gets stuck on partition 1, which it must give up when a second member joins:
        // round-robin hands it to the later member (embedded), or every partition is revoked (Kafka).
        const [keyP1] = keysForPartition(1, 2, 1);
        await log.produce(t, [{ key: keyP1!, value: 'stuck' }]);
        const groupId = uniqueName('group');
        let unstick: () => void = () => undefined;
        const stuck = new Promise<void>((resolve) => {
          unstick = resolve;
        });
        let aStarted = false;
        let lateCommit: unknown;
        const a = await log.consumer({
          groupId,
          topics: [t],
          startFrom: 'earliest',
          onBatch: async (batch, consumer) => {
            if (aStarted) return;
            aStarted = true;
            await stuck;
            lateCommit = await consumer
              .commit([{ topic: batch.topic, partition: batch.partition, offset: batch.nextOffset }])
              .then(
                () => 'committed',
                (error: unknown) => error,
              );
          },
        });
        await waitFor(() => aStarted, { ...WAIT, what: 'the first member to get stuck' });
        const b = await consume(log, { groupId, topics: [t], startFrom: 'earliest' });
        await waitFor(() => b.recorder.values().includes('stuck'), {
          ...WAIT,
          what: 'the record at the second member',
        });
        expect(b.recorder.of(t, 1)[0]!.offset).toBe('0');

        unstick();
        await waitFor(() => lateCommit !== undefined, { ...WAIT, what: 'the late commit' });
        expect(lateCommit).toBeInstanceOf(LogError);
        expect((lateCommit as LogError).code).toBe('NOT_ASSIGNED');
        expect(await log.committedOffsets(groupId, [t])).toEqual([
          { topic: t, partition: 0, offset: null },
          { topic: t, partition: 1, offset: '1' },
        ]);
        // The evicted member comes back into the group by itself.
        await waitFor(() => a.assignment().length === 1 && b.consumer.assignment().length === 1, {
          ...WAIT,
          what: 'both members sharing the partitions again',
        });
      },
    );

    it('replays from an earlier offset after a seek', { timeout: TEST_TIMEOUT_MS }, async () => {
      const log = await openLog();
      const t = await topic(log, 1);
      await log.produce(
        t,
        Array.from({ length: 10 }, (_, i) => ({ key: 'k', value: `v${i}` })),
      );
      const { consumer, recorder } = await consume(log, { topics: [t], startFrom: 'earliest' });
      await waitFor(() => recorder.records.length >= 10, { ...WAIT, what: 'the first pass' });
      await consumer.seek({ topic: t, partition: 0, offset: '3' });
      await waitFor(() => recorder.records.length >= 17, { ...WAIT, what: 'the replay from offset 3' });
      expect(recorder.records.slice(10).map((r) => r.offset)).toEqual(['3', '4', '5', '6', '7', '8', '9']);
      await expectLogError(consumer.seek({ topic: t, partition: 1, offset: '0' }), 'NOT_ASSIGNED');
    });

    it('finds offsets by timestamp and seeks to a timestamp', { timeout: TEST_TIMEOUT_MS }, async () => {
      const log = await openLog();
      const t = await topic(log, 1);
      const base = Math.floor(Date.now() / 1000) * 1000 - 3_600_000;
      await log.produce(
        t,
        Array.from({ length: 10 }, (_, i) => ({ key: 'k', value: `v${i}`, timestamp: base + i * 1000 })),
      );
      expect(await log.offsetsForTimestamp(t, 0)).toEqual([{ partition: 0, offset: '0' }]);
      expect(await log.offsetsForTimestamp(t, base + 4500)).toEqual([{ partition: 0, offset: '5' }]);
      expect(await log.offsetsForTimestamp(t, base + 9000)).toEqual([{ partition: 0, offset: '9' }]);
      expect(await log.offsetsForTimestamp(t, base + 60_000)).toEqual([{ partition: 0, offset: '10' }]);

      const { consumer, recorder } = await consume(log, { topics: [t], startFrom: 'earliest' });
      await waitFor(() => recorder.records.length >= 10, { ...WAIT, what: 'the first pass' });
      await consumer.seek({ topic: t, partition: 0, timestamp: base + 4500 });
      await waitFor(() => recorder.records.length >= 15, { ...WAIT, what: 'the replay from the timestamp' });
      expect(recorder.records.slice(10).map((r) => r.timestamp)).toEqual(
        [5, 6, 7, 8, 9].map((i) => base + i * 1000),
      );
    });

    it('pauses and resumes partitions and topics', { timeout: TEST_TIMEOUT_MS }, async () => {
      const log = await openLog();
      const t1 = await topic(log, 2);
      const t2 = await topic(log, 1);
      const [keyP0] = keysForPartition(0, 2, 1);
      const [keyP1] = keysForPartition(1, 2, 1);
      const { consumer, recorder } = await consume(log, { topics: [t1, t2], startFrom: 'earliest' });
      await waitFor(() => consumer.assignment().length === 3, { ...WAIT, what: 'the assignment' });

      // One partition paused: the other keeps flowing, the paused one waits.
      consumer.pause([{ topic: t1, partitions: [0] }]);
      await log.produce(t1, [{ key: keyP0!, value: 'p0-while-paused' }]);
      await log.produce(t1, [{ key: keyP1!, value: 'p1-flowing' }]);
      await waitFor(() => recorder.values().includes('p1-flowing'), {
        ...WAIT,
        what: 'the unpaused partition',
      });
      expect(recorder.values()).not.toContain('p0-while-paused');
      consumer.resume([{ topic: t1, partitions: [0] }]);
      await waitFor(() => recorder.values().includes('p0-while-paused'), {
        ...WAIT,
        what: 'the resumed partition',
      });

      // A whole topic paused: the other topic keeps flowing.
      consumer.pause([{ topic: t1 }]);
      await log.produce(t1, [
        { key: keyP0!, value: 't1-while-paused-0' },
        { key: keyP1!, value: 't1-while-paused-1' },
      ]);
      await log.produce(t2, [{ key: 'x', value: 't2-flowing' }]);
      await waitFor(() => recorder.values().includes('t2-flowing'), { ...WAIT, what: 'the other topic' });
      expect(recorder.values().filter((v) => v.startsWith('t1-while-paused'))).toEqual([]);
      consumer.resume([{ topic: t1 }]);
      await waitFor(() => recorder.values().filter((v) => v.startsWith('t1-while-paused')).length === 2, {
        ...WAIT,
        what: 'the resumed topic',
      });
    });

    it('reports end offsets and committed offsets', { timeout: TEST_TIMEOUT_MS }, async () => {
      const log = await openLog();
      const t = await topic(log, 3);
      const groupId = uniqueName('group');
      expect(await log.committedOffsets(groupId, [t])).toEqual(
        [0, 1, 2].map((partition) => ({ topic: t, partition, offset: null })),
      );
      const [key] = keysForPartition(1, 3, 1);
      await log.produce(
        t,
        Array.from({ length: 7 }, (_, i) => ({ key: key!, value: `v${i}` })),
      );
      expect(await log.topicOffsets(t)).toEqual([
        { partition: 0, start: '0', end: '0' },
        { partition: 1, start: '0', end: '7' },
        { partition: 2, start: '0', end: '0' },
      ]);
      const recorder = new Recorder();
      recorder.commit = false;
      const { consumer } = await consume(log, { groupId, topics: [t], startFrom: 'earliest' }, recorder);
      await waitFor(() => recorder.records.length >= 7, { ...WAIT, what: '7 records' });
      expect(recorder.batches.at(-1)!.highWatermark).toBe('7');
      await consumer.commit([{ topic: t, partition: 1, offset: '5' }]);
      expect(await log.committedOffsets(groupId, [t])).toEqual([
        { topic: t, partition: 0, offset: null },
        { topic: t, partition: 1, offset: '5' },
        { topic: t, partition: 2, offset: null },
      ]);
    });

    it(
      'closes gracefully: the batch being handled finishes and its commit counts',
      { timeout: TEST_TIMEOUT_MS },
      async () => {
        const log = await openLog();
        const t = await topic(log, 1);
        await log.produce(t, [{ key: 'k', value: 'slow' }]);
        const events: string[] = [];
        let release: () => void = () => undefined;
        const released = new Promise<void>((resolve) => {
          release = resolve;
        });
        let started = false;
        const consumer = await log.consumer({
          groupId: uniqueName('group'),
          topics: [t],
          startFrom: 'earliest',
          onBatch: async (batch, c) => {
            started = true;
            await released;
            await c.commit([{ topic: batch.topic, partition: batch.partition, offset: batch.nextOffset }]);
            events.push('handler done');
          },
        });
        await waitFor(() => started, { ...WAIT, what: 'the handler to start' });
        const closing = consumer.close().then(() => events.push('closed'));
        release();
        await closing;
        expect(events).toEqual(['handler done', 'closed']);
        expect(await log.committedOffsets(consumer.groupId, [t])).toEqual([
          { topic: t, partition: 0, offset: '1' },
        ]);
        await expectLogError(consumer.seek({ topic: t, partition: 0, offset: '0' }), 'CLOSED');
      },
    );

    it(
      'rejects unknown topics, invalid input, foreign partitions and use after close',
      { timeout: TEST_TIMEOUT_MS },
      async () => {
        const log = await openLog();
        const t = await topic(log, 2);
        const missing = uniqueName('missing');
        await expectLogError(log.produce(missing, [{ key: 'k', value: 'v' }]), 'UNKNOWN_TOPIC');
        await expectLogError(
          log.consumer({
            groupId: uniqueName('group'),
            topics: [missing],
            startFrom: 'earliest',
            onBatch: async () => undefined,
          }),
          'UNKNOWN_TOPIC',
        );
        await expectLogError(log.topicOffsets(missing), 'UNKNOWN_TOPIC');
        await expectLogError(
          log.produce(t, [{ key: 42 as unknown as string, value: 'v' }]),
          'INVALID_ARGUMENT',
        );
        await expectLogError(log.produce('bad topic name', [{ key: 'k', value: 'v' }]), 'INVALID_ARGUMENT');
        await expectLogError(
          log.createTopics([{ name: uniqueName('conf'), partitions: 0 }]),
          'INVALID_ARGUMENT',
        );

        const groupId = uniqueName('group');
        const { consumer } = await consume(log, { groupId, topics: [t], startFrom: 'earliest' });
        await expectLogError(consumer.commit([{ topic: t, partition: 7, offset: '1' }]), 'NOT_ASSIGNED');
        await expectLogError(consumer.commit([{ topic: t, partition: 0, offset: '-1' }]), 'INVALID_ARGUMENT');
        expectLogErrorSync(() => consumer.pause([{ topic: t, partitions: [-1] }]), 'INVALID_ARGUMENT');

        await log.close();
        await expectLogError(log.produce(t, [{ key: 'k', value: 'v' }]), 'CLOSED');
        await expectLogError(log.topicOffsets(t), 'CLOSED');
        expect(consumer.assignment()).toEqual([]);
      },
    );
  });
}
