/**
 * Tests of the repositories the stream processor writes through: readings history, sensor current
 * state, fenced checkpoints, stored-event lookups and the live-state loaders. Registered by
 * `runDbSuite`, so they run on PostgreSQL and on PGlite alike.
 */
import { describe, expect, it } from 'vitest';
import type { Database } from '../src/database';
import { advanceCheckpoint, loadPartitionCheckpoint } from '../src/fenced-checkpoints-repository';
import { loadAssetStates, loadSensorStates } from '../src/live-state-repository';
import { recordPositions } from '../src/positions-repository';
import { recordReadings, sensorSeries } from '../src/readings-repository';
import { recordReports } from '../src/reports-repository';
import { getSensor, upsertSensorStates } from '../src/sensors-repository';
import {
  reportRefKey,
  storedEnvelopeIds,
  storedReadingScores,
  storedReportRefs,
} from '../src/stored-events-repository';

const t0 = Date.parse('2025-04-01T08:00:00.000Z');
const at = (seconds: number) => new Date(t0 + seconds * 1000);

export function runStreamSuite(database: () => Database): void {
  describe('stream repositories', () => {
    it('records readings once per envelope id, with their metric', async () => {
      const db = database().db;
      const batch = [
        {
          envelopeId: 'rd-1',
          sensorId: 'st-1',
          time: at(0),
          metric: 'temperature',
          value: 21.5,
          unit: 'degC',
        },
        {
          envelopeId: 'rd-2',
          sensorId: 'st-1',
          time: at(60),
          metric: 'humidity',
          value: 80,
          unit: 'percent',
        },
        {
          envelopeId: 'rd-2',
          sensorId: 'st-1',
          time: at(60),
          metric: 'humidity',
          value: 80,
          unit: 'percent',
        },
      ];
      expect(await recordReadings(db, batch)).toEqual({ inserted: 2, duplicates: 1 });
      expect(await recordReadings(db, batch.slice(0, 1))).toEqual({ inserted: 0, duplicates: 1 });
      const series = await sensorSeries(db, 'st-1', at(0), at(3600));
      expect(series.map((r) => [r.envelopeId, r.metric, r.value])).toEqual([
        ['rd-1', 'temperature', 21.5],
        ['rd-2', 'humidity', 80],
      ]);
      const humidity = await sensorSeries(db, 'st-1', at(0), at(3600), { metric: 'humidity' });
      expect(humidity).toHaveLength(1);
      await expect(
        recordReadings(db, [{ envelopeId: 'rd-x', sensorId: 's', time: at(0), metric: 'rain', value: NaN }]),
      ).rejects.toThrow(RangeError);
    });

    it('keeps the newest sensor state and merges the last reading of each metric', async () => {
      const db = database().db;
      const changed = await upsertSensorStates(db, [
        {
          id: 'st-2',
          kind: 'temperature',
          unit: 'degC',
          position: { lon: -72.3, lat: 18.5 },
          lastValue: 20,
          lastReadingAt: at(0),
          anomalyScore: 0.5,
          lastReadings: {
            temperature: { value: 20, unit: 'degC', at: at(0).toISOString(), anomalyScore: 0.5 },
          },
        },
      ]);
      expect(changed).toBe(1);
      await upsertSensorStates(db, [
        {
          id: 'st-2',
          kind: 'humidity',
          unit: 'percent',
          lastValue: 75,
          lastReadingAt: at(120),
          anomalyScore: 1.5,
          lastReadings: { humidity: { value: 75, unit: 'percent', at: at(120).toISOString() } },
        },
      ]);
      // An older state does not move the sensor back.
      expect(
        await upsertSensorStates(db, [
          {
            id: 'st-2',
            kind: 'temperature',
            unit: 'degC',
            position: { lon: 0, lat: 0 },
            lastValue: 5,
            lastReadingAt: at(60),
            lastReadings: { temperature: { value: 5, unit: 'degC', at: at(60).toISOString() } },
          },
        ]),
      ).toBe(0);
      const sensor = await getSensor(db, 'st-2');
      expect(sensor).toMatchObject({
        kind: 'temperature',
        name: 'st-2',
        unit: 'percent',
        position: { lon: -72.3, lat: 18.5 },
        lastValue: 75,
        lastReadingAt: at(120),
        anomalyScore: 1.5,
      });
      expect(sensor?.lastReadings).toEqual({
        temperature: { value: 20, unit: 'degC', at: at(0).toISOString(), anomalyScore: 0.5 },
        humidity: { value: 75, unit: 'percent', at: at(120).toISOString() },
      });
      const [loaded] = await loadSensorStates(db, { ids: ['st-2', 'st-missing'] });
      expect(loaded?.lastReadings).toEqual(sensor?.lastReadings);
    });

    it('advances a checkpoint only from the expected offset and merges its state', async () => {
      const db = database();
      const key = { groupId: 'g-fence', topic: 'raw.readings', partition: 3 };
      expect(await loadPartitionCheckpoint(db.db, key.groupId, key.topic, key.partition)).toBeNull();
      expect(
        await advanceCheckpoint(db.db, {
          ...key,
          expected: null,
          nextOffset: '10',
          statePatch: { a: 1, b: 2 },
        }),
      ).toBe(true);
      // A second writer that also believed there was no checkpoint is fenced off.
      expect(await advanceCheckpoint(db.db, { ...key, expected: null, nextOffset: '5' })).toBe(false);
      expect(await advanceCheckpoint(db.db, { ...key, expected: '7', nextOffset: '12' })).toBe(false);
      expect(
        await advanceCheckpoint(db.db, {
          ...key,
          expected: '10',
          nextOffset: '9007199254740993',
          statePatch: { b: null, c: { x: [1, 2] } },
        }),
      ).toBe(true);
      expect(await loadPartitionCheckpoint(db.db, key.groupId, key.topic, key.partition)).toEqual({
        nextOffset: '9007199254740993',
        state: { a: 1, c: { x: [1, 2] } },
      });
      // Inside a rolled-back transaction nothing moves.
      await expect(
        db.transaction(async (tx) => {
          expect(
            await advanceCheckpoint(tx, {
              ...key,
              expected: '9007199254740993',
              nextOffset: '9007199254740999',
            }),
          ).toBe(true);
          throw new Error('rollback');
        }),
      ).rejects.toThrow('rollback');
      expect((await loadPartitionCheckpoint(db.db, key.groupId, key.topic, key.partition))?.nextOffset).toBe(
        '9007199254740993',
      );
    });

    it('tells which envelope ids and report references are already stored', async () => {
      const db = database().db;
      await recordPositions(db, [
        { envelopeId: 'se-p1', assetId: 'se-a', time: at(0), lon: 1, lat: 1, kind: 'vehicle', name: 'Truck' },
      ]);
      await recordReadings(db, [
        { envelopeId: 'se-r1', sensorId: 'se-s', time: at(0), metric: 'rain', value: 1, anomalyScore: 2.5 },
        { envelopeId: 'se-r2', sensorId: 'se-s', time: at(1), metric: 'rain', value: 1 },
      ]);
      await recordReports(db, [
        { envelopeId: 'se-x1', source: 'sms-gw', sourceRef: 'm-1', text: 'flood', occurredAt: at(0) },
      ]);
      expect(await storedEnvelopeIds(db, 'positions', ['se-p1', 'se-p2'])).toEqual(new Set(['se-p1']));
      expect(await storedEnvelopeIds(db, 'readings', ['se-r1', 'se-p1'])).toEqual(new Set(['se-r1']));
      expect(await storedReadingScores(db, ['se-r1', 'se-r2', 'se-none'])).toEqual(new Map([['se-r1', 2.5]]));
      expect(await storedEnvelopeIds(db, 'reports', [])).toEqual(new Set());
      expect(await storedEnvelopeIds(db, 'reports', ['se-x1'])).toEqual(new Set(['se-x1']));
      const refs = await storedReportRefs(db, [
        { source: 'sms-gw', sourceRef: 'm-1' },
        { source: 'sms-gw', sourceRef: 'm-2' },
        { source: 'other', sourceRef: 'm-1' },
      ]);
      expect(refs).toEqual(new Set([reportRefKey({ source: 'sms-gw', sourceRef: 'm-1' })]));
      const assets = await loadAssetStates(db, { ids: ['se-a'] });
      expect(assets).toHaveLength(1);
      expect(assets[0]).toMatchObject({
        id: 'se-a',
        kind: 'vehicle',
        name: 'Truck',
        position: { lon: 1, lat: 1 },
      });
    });

    it('loads every asset in pages', async () => {
      const db = database().db;
      await recordPositions(
        db,
        Array.from({ length: 7 }, (_, i) => ({
          envelopeId: `pg-${i}`,
          assetId: `pg-asset-${i}`,
          time: at(i),
          lon: i,
          lat: -i,
        })),
      );
      const all = await loadAssetStates(db, { pageSize: 3 });
      const paged = all.filter((a) => a.id.startsWith('pg-asset-'));
      expect(paged.map((a) => a.id)).toEqual(Array.from({ length: 7 }, (_, i) => `pg-asset-${i}`));
      expect(new Set(all.map((a) => a.id)).size).toBe(all.length);
    });
  });
}
