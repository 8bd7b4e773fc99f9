/**
 * The processor's integration suite, run unchanged on the embedded log + PGlite and on Kafka +
 * PostgreSQL. Every test starts its own processor on its own topics (a unique prefix) and group, with
 * entity ids of its own, against the suite's database.
 */
import type { Log, ProduceRecord } from '@vigie/bus/log';
import { ZDeadLetterEventV1 } from '@vigie/contracts/deadletter';
import { ZLiveEntityEventV1 } from '@vigie/contracts/live-entities';
import { ZLiveObservationEventV1 } from '@vigie/contracts/live-observations';
import { assetTrack, getAsset } from '@vigie/db/assets-repository';
import { deleteCheckpoints, loadCheckpoints } from '@vigie/db/checkpoints-repository';
import { sensorSeries } from '@vigie/db/readings-repository';
import { searchReports } from '@vigie/db/reports-repository';
import { getSensor } from '@vigie/db/sensors-repository';
import { storedEnvelopeIds } from '@vigie/db/stored-events-repository';
import { destinationPoint } from '@vigie/domain/geo';
import { uniqueName } from '@vigie/testing/unique-name';
import { waitFor } from '@vigie/testing/wait-for';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECEIVED_AT_HEADER } from '@vigie/contracts/record-headers';
import type { Processor } from '../src/start-processor';
import { startProcessor } from '../src/start-processor';
import type { ReadMessage, ServiceFixture, Services } from './harness';
import { readTopics, testLogger } from './harness';
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

const WAIT = { timeoutMs: 60_000 };

export function runProcessorSuite(name: string, fixture: () => ServiceFixture): void {
  describe(name, () => {
    const services = fixture();
    let s: Services;
    const running: Processor[] = [];

    beforeAll(async () => {
      s = await services.open();
    });

    afterAll(async () => {
      await Promise.allSettled(running.map((p) => p.close()));
      await services.close();
    });

    async function start(prefix: string, groupId: string, registry = new Registry()): Promise<Processor> {
      const processor = await startProcessor({
        db: s.database,
        log: s.log,
        logger: testLogger,
        metrics: registry,
        config: {
          topicPrefix: prefix,
          groupId,
          partitions: 3,
          maxBatchSize: 200,
          lagIntervalMs: 200,
          validateOutput: true,
          anomaly: { warmupMs: 0, warmupReadings: 5 },
        },
      });
      running.push(processor);
      return processor;
    }

    async function stop(processor: Processor): Promise<void> {
      await processor.close();
      running.splice(running.indexOf(processor), 1);
    }

    function produce(log: Log, topic: string, records: ProduceRecord[]) {
      return log.produce(topic, records);
    }

    it('turns valid positions, readings and reports into rows once and live messages with region, cell, motion and masked text', async () => {
      const t = uniqueName('flow');
      const p = await start(`${t}.`, `${t}-group`);
      const truck = `${t}-truck`;
      const boat = `${t}-boat`;
      const fixes = [0, 1, 2, 3].map((i) =>
        positionEvent(truck, T0 + i * 10_000, destinationPoint(PAP, 90, i * 100)),
      );
      const boatFix = positionEvent(
        boat,
        T0,
        { lon: -72.9, lat: 19.9 },
        { assetKind: 'boat', speed: 4, heading: 270 },
      );
      await produce(s.log, p.topics['raw.positions'], [...fixes, boatFix].map(positionRecord));
      const gauge = `${t}-gauge`;
      const readings = [0, 1, 2].map((i) =>
        readingEvent(gauge, T0 + i * 60_000, {
          metric: 'water_level',
          value: 2 + i / 10,
          unit: 'm',
          position: PAP,
        }),
      );
      const station = `${t}-station`;
      const noPosition = readingEvent(station, T0, { metric: 'rain', value: 3, unit: 'mm' });
      await produce(s.log, p.topics['raw.readings'], [...readings, noPosition].map(readingRecord));
      const flood = reportEvent(
        `${t}-sms`,
        'm-1',
        'La rivière déborde à Carrefour, appelez-moi au +509 3712 4455',
        {
          position: PAP,
        },
      );
      const elsewhere = reportEvent(
        `${t}-sms`,
        'm-2',
        'We need drinking water, write to jane.doe@example.org',
        {
          channel: 'social',
        },
      );
      await produce(s.log, p.topics['raw.reports'], [flood, elsewhere].map(reportRecord));

      const reader = await readTopics(s.log, [p.topics['live.entities'], p.topics['live.observations']]);
      try {
        await waitFor(
          async () =>
            (
              await storedEnvelopeIds(
                s.database.db,
                'positions',
                [...fixes, boatFix].map((e) => e.id),
              )
            ).size === 5 &&
            (
              await storedEnvelopeIds(
                s.database.db,
                'readings',
                [...readings, noPosition].map((e) => e.id),
              )
            ).size === 4 &&
            (await storedEnvelopeIds(s.database.db, 'reports', [flood.id, elsewhere.id])).size === 2,
          { ...WAIT, what: 'every event in the database' },
        );
        // Current state: the truck at its last fix, with motion derived from the previous ones.
        const asset = await getAsset(s.database.db, truck);
        expect(asset?.position?.lon).toBeCloseTo(fixes[3]!.payload.position.lon, 9);
        expect(asset?.speed).toBeCloseTo(10, 0);
        expect(asset?.heading).toBeCloseTo(90, 0);
        expect(await assetTrack(s.database.db, truck, new Date(T0), new Date(T0 + 3_600_000))).toHaveLength(
          4,
        );
        const sensor = await getSensor(s.database.db, gauge);
        expect(sensor).toMatchObject({ lastValue: 2.2, position: PAP, kind: 'water_level' });
        expect(sensor?.lastReadings.water_level).toMatchObject({ value: 2.2 });
        const series = await sensorSeries(s.database.db, gauge, new Date(T0), new Date(T0 + 3_600_000));
        expect(series.map((r) => r.metric)).toEqual(['water_level', 'water_level', 'water_level']);
        // Reports: stored masked, searchable.
        const [stored] = await searchReports(s.database.db, 'rivière Carrefour');
        expect(stored).toMatchObject({ envelopeId: flood.id, category: 'flood', lang: 'fr', region: 'HTI' });
        expect(stored?.text).toContain('[phone]');
        expect(stored?.text).not.toContain('3712');

        // live.entities: the truck's last state, the boat, the sensors; every message valid.
        const entities = await waitFor(
          () => {
            const messages = reader.messages(p.topics['live.entities']);
            const keys = new Set(messages.map((m) => m.key));
            return [truck, boat, gauge, station].every((k) => keys.has(k)) && messages;
          },
          { ...WAIT, what: 'live entities' },
        );
        for (const m of entities) {
          ZLiveEntityEventV1.parse(m.value);
          expect(Date.parse(m.headers[RECEIVED_AT_HEADER] ?? '')).not.toBeNaN();
        }
        const lastTruck = entities.filter((m) => m.key === truck).at(-1)!.value.payload;
        expect(lastTruck).toMatchObject({
          entityKind: 'vehicle',
          region: { country: 'HTI' },
          cell: expect.stringMatching(/^87/),
          connectivity: 'online',
          lastSeenAt: new Date(T0 + 30_000).toISOString(),
        });
        expect(lastTruck.speed as number).toBeCloseTo(10, 0);
        const boatEntity = entities.find((m) => m.key === boat)!.value.payload;
        expect(boatEntity).toMatchObject({
          entityKind: 'boat',
          speed: 4,
          heading: 270,
          region: { country: 'HTI' },
        });
        const gaugeEntity = entities.filter((m) => m.key === gauge).at(-1)!.value.payload;
        expect(gaugeEntity.lastReadings).toEqual([
          expect.objectContaining({ metric: 'water_level', value: 2.2 }),
        ]);

        // live.observations: the three located readings and the located report, keyed by cell.
        const observations = await waitFor(
          () => {
            const messages = reader.messages(p.topics['live.observations']);
            return messages.length >= 4 && messages;
          },
          { ...WAIT, what: 'live observations' },
        );
        expect(observations).toHaveLength(4);
        for (const m of observations) {
          const parsed = ZLiveObservationEventV1.parse(m.value);
          expect(m.key).toBe(parsed.payload.cell);
          expect(m.headers[RECEIVED_AT_HEADER]).toBeDefined();
        }
        const report = observations.find((m) => m.value.payload.kind === 'report')!.value.payload;
        expect(report).toMatchObject({ rawEventId: flood.id, category: 'flood', region: { country: 'HTI' } });
        expect(report.maskedText).not.toContain('3712');
        expect(JSON.stringify(observations)).not.toContain('jane.doe');

        // Checkpoints and lag: everything processed.
        await waitFor(async () => (await p.lag()) === 0, { ...WAIT, what: 'no lag' });
        const checkpoints = await loadCheckpoints(s.database.db, `${t}-group`);
        const total = checkpoints.reduce((n, c) => n + Number(c.nextOffset), 0);
        expect(total).toBe(5 + 4 + 2);
      } finally {
        await reader.close();
      }
    });

    it('dead-letters malformed and hostile records with their reasons while valid ones flow', async () => {
      const t = uniqueName('bad');
      const p = await start(`${t}.`, `${t}-group`);
      const asset = `${t}-asset`;
      const good = [0, 1, 2].map((i) => positionEvent(asset, T0 + i * 1000, PAP));
      const outOfRange = positionEvent(asset, T0 + 500, { lon: -72, lat: 95 });
      const wrongTypes = {
        ...positionEvent(asset, T0 + 600, PAP),
        payload: { assetId: asset, assetKind: 'tank', position: [1, 2] },
      };
      const bad: ProduceRecord[] = [
        { key: asset, value: '{"id": "not json' },
        { key: asset, value: JSON.stringify(outOfRange) },
        { key: asset, value: JSON.stringify(wrongTypes) },
        { key: asset, value: JSON.stringify({ ...good[0]!, id: 'x', v: 3 }) },
      ];
      await produce(s.log, p.topics['raw.positions'], [
        positionRecord(good[0]!),
        ...bad.slice(0, 2),
        positionRecord(good[1]!),
        ...bad.slice(2),
        positionRecord(good[2]!),
      ]);
      const source = `${t}-social`;
      const okReport = reportEvent(source, 'ok', 'Inondation route de Delmas', { position: PAP });
      const hostile = [
        reportEvent(source, 'xss', 'help <script>document.location="//evil"</script>'),
        reportEvent(source, 'img', 'flood <img src=x onerror=alert(1)>'),
        reportEvent(source, 'ctl', 'flood\u0000\u001b[2J'),
        reportEvent(source, 'big', 'x'.repeat(8_001)),
        reportEvent(source, 'url', 'ok', { url: 'javascript:alert(1)' as never }),
      ];
      await produce(s.log, p.topics['raw.reports'], [...hostile.map(reportRecord), reportRecord(okReport)]);

      const reader = await readTopics(s.log, [p.topics.deadletter]);
      try {
        const letters = await waitFor(
          () => {
            const messages = reader.messages(p.topics.deadletter);
            return messages.length >= bad.length + hostile.length && messages;
          },
          { ...WAIT, what: 'dead letters' },
        );
        expect(letters).toHaveLength(bad.length + hostile.length);
        const payloads = letters.map((m) => ZDeadLetterEventV1.parse(m.value).payload);
        const positions = payloads.filter((d) => d.originTopic === p.topics['raw.positions']);
        expect(positions.map((d) => d.code).sort()).toEqual([
          'DECODE_FAILED',
          'UNSUPPORTED_VERSION',
          'VALIDATION_FAILED',
          'VALIDATION_FAILED',
        ]);
        expect(positions.find((d) => d.issues.some((i) => i.path === 'payload.position.lat'))).toBeDefined();
        expect(
          positions.every(
            (d) => d.consumer === `${t}-group` && d.offset !== undefined && d.partition !== undefined,
          ),
        ).toBe(true);
        const original = positions.find((d) => d.code === 'DECODE_FAILED')!;
        expect(Buffer.from(original.original, 'base64').toString()).toBe('{"id": "not json');
        const reports = payloads.filter((d) => d.originTopic === p.topics['raw.reports']);
        expect(reports).toHaveLength(hostile.length);
        expect(reports.every((d) => d.code === 'VALIDATION_FAILED')).toBe(true);
        const reasons = reports.flatMap((d) => d.issues.map((i) => `${i.path}: ${i.message}`)).join('\n');
        expect(reasons).toMatch(/payload.text: contains an HTML <script> element/);
        expect(reasons).toMatch(/payload.text: contains an HTML <img> element/);
        expect(reasons).toMatch(/payload.text: Must not contain control characters/);
        expect(reasons).toMatch(/payload.text: Too big/i);
        expect(reasons).toMatch(/payload.url/);
        for (const m of letters) expect(m.key).toBe(m.value.payload.originTopic);

        await waitFor(
          async () =>
            (
              await storedEnvelopeIds(
                s.database.db,
                'positions',
                good.map((e) => e.id),
              )
            ).size === 3 && (await storedEnvelopeIds(s.database.db, 'reports', [okReport.id])).size === 1,
          { ...WAIT, what: 'valid events stored' },
        );
        expect(
          await storedEnvelopeIds(
            s.database.db,
            'reports',
            hostile.map((e) => e.id),
          ),
        ).toEqual(new Set());
        await waitFor(async () => (await p.lag()) === 0, { ...WAIT, what: 'no lag' });
        expect(p.stats.deadLettered).toBe(bad.length + hostile.length);
      } finally {
        await reader.close();
      }
    });

    it('stores duplicates once — in a batch, across batches, across restarts — and publishes them once', async () => {
      const t = uniqueName('dup');
      const prefix = `${t}.`;
      const group = `${t}-group`;
      let p = await start(prefix, group);
      const gauge = `${t}-gauge`;
      const reading = readingEvent(gauge, T0, {
        metric: 'water_level',
        value: 1.5,
        unit: 'm',
        position: PAP,
      });
      const report = reportEvent(`${t}-sms`, 'm-1', 'Flood near the market', { position: PAP });
      const sameReportAgain = { ...report, id: reportEvent('x', 'y', 'z').id };
      await produce(s.log, p.topics['raw.readings'], [readingRecord(reading), readingRecord(reading)]);
      await produce(s.log, p.topics['raw.reports'], [reportRecord(report), reportRecord(sameReportAgain)]);
      await waitFor(async () => (await p.lag()) === 0 && p.stats.persisted['raw.reports'] === 1, {
        ...WAIT,
        what: 'first copies processed',
      });
      // Again, later: caught by the in-memory window.
      await produce(s.log, p.topics['raw.readings'], [readingRecord(reading)]);
      await waitFor(async () => (await p.lag()) === 0, { ...WAIT, what: 'second copy processed' });
      // Again, after a restart (empty window): caught by the database.
      await stop(p);
      p = await start(prefix, group);
      await produce(s.log, p.topics['raw.readings'], [readingRecord(reading)]);
      await produce(s.log, p.topics['raw.reports'], [reportRecord(report)]);
      await waitFor(async () => (await p.lag()) === 0, { ...WAIT, what: 'copies after restart processed' });
      expect(p.stats.persisted['raw.readings']).toBe(0);
      expect(p.stats.duplicates['raw.readings']).toBe(1);
      expect(p.stats.duplicates['raw.reports']).toBe(1);

      const series = await sensorSeries(s.database.db, gauge, new Date(T0 - 1000), new Date(T0 + 1000));
      expect(series).toHaveLength(1);
      const reports = await searchReports(s.database.db, 'market');
      expect(reports.filter((r) => r.source === `${t}-sms`)).toHaveLength(1);
      const reader = await readTopics(s.log, [p.topics['live.observations']]);
      try {
        await waitFor(() => reader.messages(p.topics['live.observations']).length >= 2, {
          ...WAIT,
          what: 'observations',
        });
        // Give a straggler no chance to hide: everything was processed (lag 0) before reading.
        const ids = reader
          .messages(p.topics['live.observations'])
          .map((m: ReadMessage) => m.value.payload.rawEventId);
        expect(ids.sort()).toEqual([reading.id, report.id].sort());
      } finally {
        await reader.close();
      }
    });

    it('keeps a late fix in the history without moving the asset back', async () => {
      const t = uniqueName('late');
      const p = await start(`${t}.`, `${t}-group`);
      const asset = `${t}-asset`;
      const now = positionEvent(asset, T0 + 60_000, PAP);
      await produce(s.log, p.topics['raw.positions'], [positionRecord(now)]);
      await waitFor(async () => (await p.lag()) === 0 && p.stats.persisted['raw.positions'] === 1, WAIT);
      const late = positionEvent(asset, T0, destinationPoint(PAP, 0, 1000));
      await produce(s.log, p.topics['raw.positions'], [positionRecord(late)]);
      // Counted once published and committed: a wrongly published late fix would be on the topic by now.
      await waitFor(async () => (await p.lag()) === 0 && p.stats.batches === 2, WAIT);
      expect(p.stats.persisted['raw.positions']).toBe(2);
      expect((await getAsset(s.database.db, asset))?.position).toEqual(PAP);
      expect(await assetTrack(s.database.db, asset, new Date(T0), new Date(T0 + 120_000))).toHaveLength(2);
      const reader = await readTopics(s.log, [p.topics['live.entities']]);
      try {
        await waitFor(() => reader.messages(p.topics['live.entities']).length >= 1, WAIT);
        expect(reader.messages(p.topics['live.entities'])).toHaveLength(1);
      } finally {
        await reader.close();
      }
    });

    it('publishes again, with the same ids, the live records of events delivered again after their commit', async () => {
      const t = uniqueName('again');
      const prefix = `${t}.`;
      const group = `${t}-group`;
      let p = await start(prefix, group);
      const gauge = `${t}-gauge`;
      const truck = `${t}-truck`;
      const reading = readingEvent(gauge, T0, { metric: 'water_level', value: 3, unit: 'm', position: PAP });
      const fix = positionEvent(truck, T0, PAP);
      const report = reportEvent(`${t}-sms`, 'm-1', 'Inondation au marché', { position: PAP });
      await produce(s.log, p.topics['raw.readings'], [readingRecord(reading)]);
      await produce(s.log, p.topics['raw.positions'], [positionRecord(fix)]);
      await produce(s.log, p.topics['raw.reports'], [reportRecord(report)]);
      await waitFor(async () => (await p.lag()) === 0 && p.stats.batches === 3, {
        ...WAIT,
        what: 'first pass',
      });
      await stop(p);
      // As after a crash between the database commit and the log commit: the log's committed
      // offsets are behind the database checkpoints.
      const rewind = await s.log.consumer({
        groupId: group,
        topics: [p.topics['raw.readings'], p.topics['raw.positions'], p.topics['raw.reports']],
        startFrom: 'earliest',
        onBatch: async () => undefined,
      });
      await waitFor(() => rewind.assignment().length === 9, {
        ...WAIT,
        what: 'the rewinding member owns every partition',
      });
      await rewind.commit(rewind.assignment().map((tp) => ({ ...tp, offset: '0' })));
      await rewind.close();

      p = await start(prefix, group);
      await waitFor(() => p.stats.republished >= 4, { ...WAIT, what: 'live records published again' });
      expect(p.stats.persisted).toEqual({ 'raw.positions': 0, 'raw.readings': 0, 'raw.reports': 0 });
      const reader = await readTopics(s.log, [p.topics['live.entities'], p.topics['live.observations']]);
      try {
        const observations = await waitFor(
          () => {
            const messages = reader.messages(p.topics['live.observations']);
            return messages.length >= 4 && messages;
          },
          { ...WAIT, what: 'observations twice' },
        );
        const byRaw = (rawId: string) => observations.filter((m) => m.value.payload.rawEventId === rawId);
        for (const rawId of [reading.id, report.id]) {
          const copies = byRaw(rawId);
          expect(copies).toHaveLength(2);
          expect(copies[1]!.value.id).toBe(copies[0]!.value.id);
          expect(copies[1]!.value.payload).toEqual(copies[0]!.value.payload);
        }
        const entities = await waitFor(
          () => {
            const messages = reader.messages(p.topics['live.entities']);
            return messages.length >= 4 && messages;
          },
          { ...WAIT, what: 'entities twice' },
        );
        for (const key of [gauge, truck]) {
          const copies = entities.filter((m) => m.key === key);
          expect(copies).toHaveLength(2);
          expect(copies[1]!.value.id).toBe(copies[0]!.value.id);
        }
      } finally {
        await reader.close();
      }
    });

    it('resumes where the database is: after a restart, and when the log is ahead of the database', async () => {
      const t = uniqueName('resume');
      const prefix = `${t}.`;
      const group = `${t}-group`;
      let p = await start(prefix, group);
      const assets = [0, 1, 2, 3, 4].map((i) => `${t}-a${i}`);
      const batch = (from: number, n: number) =>
        Array.from({ length: n }, (_, i) =>
          positionEvent(assets[(from + i) % assets.length]!, T0 + (from + i) * 1000, PAP),
        );
      const first = batch(0, 150);
      await produce(s.log, p.topics['raw.positions'], first.map(positionRecord));
      await waitFor(async () => (await p.lag()) === 0 && p.stats.persisted['raw.positions'] === 150, WAIT);
      await stop(p);
      const second = batch(150, 150);
      await produce(s.log, p.topics['raw.positions'], second.map(positionRecord));
      p = await start(prefix, group);
      await waitFor(async () => (await p.lag()) === 0 && p.stats.persisted['raw.positions'] === 150, WAIT);
      expect(p.stats.duplicates['raw.positions']).toBe(0);
      await stop(p);

      // The database forgets its checkpoints while the log keeps its committed offsets: the processor
      // rewinds to the start of the log and rebuilds — every row already there, none written twice.
      await deleteCheckpoints(s.database.db, group, p.topics['raw.positions']);
      p = await start(prefix, group);
      await waitFor(async () => (await p.lag()) === 0 && p.stats.duplicates['raw.positions'] === 300, WAIT);
      expect(p.stats.persisted['raw.positions']).toBe(0);
      const all = [...first, ...second];
      expect(
        (
          await storedEnvelopeIds(
            s.database.db,
            'positions',
            all.map((e) => e.id),
          )
        ).size,
      ).toBe(300);
      for (const id of assets) {
        expect(await assetTrack(s.database.db, id, new Date(T0), new Date(T0 + 400_000))).toHaveLength(60);
      }
      const checkpoints = await loadCheckpoints(s.database.db, group);
      expect(
        checkpoints
          .filter((c) => c.topic === p.topics['raw.positions'])
          .reduce((n, c) => n + Number(c.nextOffset), 0),
      ).toBe(300);
    });
  });
}
