/**
 * Tests of the history read paths: replay state at an instant (keyframe + history after it), changes
 * between two instants, keyframe writing, retention, timeline histogram and markers, full-text search
 * and export pages. Registered per backend, so they run on PostgreSQL and on PGlite alike.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/database';
import { countExportRows, exportFeaturePages, exportTrackPages } from '../src/export-repository';
import type { ExportRow } from '../src/export-repository';
import { recordPositions } from '../src/positions-repository';
import type { PositionFix } from '../src/positions-repository';
import { recordReadings } from '../src/readings-repository';
import {
  actionsBetween,
  alertChangesBetween,
  alertStatesAt,
  assetChangesBetween,
  assetStatesAt,
  deleteHistoryBefore,
  eventHistogram,
  incidentMarkers,
  incidentStatesAt,
  keyframeAtOrBefore,
  sensorStatesAt,
  summarizeHistoryIndexes,
  writeKeyframe,
} from '../src/replay-repository';
import { recordReports } from '../src/reports-repository';
import { searchReportsAndAlerts } from '../src/search-repository';
import { upsertSensorStates } from '../src/sensors-repository';
import { queryRows } from '../src/sql-rows';

const t0 = Date.parse('2025-06-01T00:00:00.000Z');
const at = (minutes: number) => new Date(t0 + minutes * 60_000);

/** Three trucks, one fix a minute for an hour, each on its own line. */
function fleetFixes(): PositionFix[] {
  const fixes: PositionFix[] = [];
  for (let minute = 0; minute < 60; minute++) {
    for (let truck = 1; truck <= 3; truck++) {
      // truck-3 starts at minute 20.
      if (truck === 3 && minute < 20) continue;
      fixes.push({
        envelopeId: `fix-${truck}-${minute}`,
        assetId: `truck-${truck}`,
        time: new Date(t0 + minute * 60_000 + truck * 1_000),
        lon: 30 + truck + minute / 1000,
        lat: -10 - minute / 1000,
        speed: minute,
        heading: (truck * 90) % 360,
        kind: 'vehicle',
      });
    }
  }
  return fixes;
}

/** The expected state at `instant`: the last fix of each asset at or before it. */
function expectedStates(fixes: readonly PositionFix[], instant: Date) {
  const last = new Map<string, PositionFix>();
  for (const fix of fixes) {
    if (fix.time > instant) continue;
    const seen = last.get(fix.assetId);
    if (seen === undefined || seen.time < fix.time) last.set(fix.assetId, fix);
  }
  return [...last.values()]
    .sort((a, b) => (a.assetId < b.assetId ? -1 : 1))
    .map((f) => ({ id: f.assetId, lon: f.lon, lat: f.lat, time: f.time.toISOString(), speed: f.speed }));
}

export function runHistorySuite(
  label: string,
  open: () => Promise<Database>,
  cleanup?: () => Promise<void>,
): void {
  describe(label, () => {
    let database: Database;
    const fixes = fleetFixes();

    beforeAll(async () => {
      database = await open();
      await database.migrate();
      const db = database.db;
      await recordPositions(db, fixes);
      await upsertSensorStates(db, [
        {
          id: 'gauge-1',
          kind: 'water_level',
          unit: 'm',
          position: { lon: 31.5, lat: -10.01 },
          lastValue: 0,
          lastReadingAt: at(0),
          lastReadings: {},
        },
      ]);
      const readings = [];
      for (let minute = 0; minute < 60; minute += 5) {
        readings.push({
          envelopeId: `wl-${minute}`,
          sensorId: 'gauge-1',
          time: at(minute),
          metric: 'water_level',
          value: minute / 10,
          unit: 'm',
        });
        if (minute % 10 === 0) {
          readings.push({
            envelopeId: `rain-${minute}`,
            sensorId: 'gauge-1',
            time: at(minute),
            metric: 'rain',
            value: minute,
            unit: 'mm',
          });
        }
      }
      await recordReadings(db, readings);
    });

    afterAll(async () => {
      await database?.close();
      await cleanup?.();
    });

    it('rebuilds asset states at any instant, with and without keyframes, equal to the last fix of each', async () => {
      const db = database.db;
      const instants = [at(0.5), at(10), at(19.99), at(20.05), at(33.3), at(47), at(59.9)];
      const before = await Promise.all(instants.map((i) => assetStatesAt(db, i)));
      expect(await keyframeAtOrBefore(db, at(60))).toBeNull();
      // Summarising the BRIN ranges changes what is read, never the answers compared below.
      expect(Number.isInteger(await summarizeHistoryIndexes(db))).toBe(true);
      expect(await writeKeyframe(db, at(15))).toMatchObject({ assets: 2, sensors: 1 });
      expect(await writeKeyframe(db, at(30))).toMatchObject({ assets: 3, sensors: 1 });
      expect((await keyframeAtOrBefore(db, at(33.3)))?.toISOString()).toBe(at(30).toISOString());
      for (const [i, instant] of instants.entries()) {
        const states = await assetStatesAt(db, instant);
        const shaped = states.map((s) => ({
          id: s.id,
          lon: s.position.lon,
          lat: s.position.lat,
          time: s.time.toISOString(),
          speed: s.speed,
        }));
        expect(shaped, `at ${instant.toISOString()}`).toEqual(expectedStates(fixes, instant));
        expect(states).toEqual(before[i]);
      }
    });

    it('writes keyframes idempotently and only from history at or before their instant', async () => {
      const db = database.db;
      const rowsOf = () =>
        queryRows<{ k: string; n: number }>(
          db,
          sql`SELECT entity_kind AS k, count(*)::int AS n FROM replay_keyframes WHERE at = ${at(30).toISOString()}::timestamptz GROUP BY 1
              UNION ALL
              SELECT 'asset', cardinality(ids) FROM replay_asset_keyframes WHERE at = ${at(30).toISOString()}::timestamptz
              ORDER BY 1`,
        );
      const first = await rowsOf();
      await writeKeyframe(db, at(30));
      expect(await rowsOf()).toEqual(first);
      expect(first).toEqual([
        { k: 'asset', n: 3 },
        { k: 'sensor', n: 1 },
      ]);
      const [truck1] = await queryRows<{ time: number }>(
        db,
        sql`SELECT k.fix_ms[array_position(k.ids, 'truck-1')] AS time
            FROM replay_asset_keyframes k WHERE at = ${at(30).toISOString()}::timestamptz`,
      );
      expect(new Date(Number(truck1?.time)).toISOString()).toBe(
        new Date(t0 + 30 * 60_000 + 1_000 - 60_000).toISOString(),
      );
    });

    it('filters states by box and lists the moves between two instants', async () => {
      const db = database.db;
      const inBox = await assetStatesAt(db, at(40), {
        bbox: { west: 31.5, south: -11, east: 32.5, north: -9 },
      });
      expect(inBox.map((s) => s.id)).toEqual(['truck-2']);
      const moves = await assetChangesBetween(db, at(40), at(42));
      expect(moves.map((m) => [m.id, m.time.toISOString()])).toEqual([
        ['truck-1', new Date(t0 + 41 * 60_000 + 1_000).toISOString()],
        ['truck-2', new Date(t0 + 41 * 60_000 + 2_000).toISOString()],
        ['truck-3', new Date(t0 + 41 * 60_000 + 3_000).toISOString()],
      ]);
      expect(await assetChangesBetween(db, at(42), at(42))).toEqual([]);
    });

    it('rebuilds the latest reading per metric of sensors across a keyframe', async () => {
      const db = database.db;
      const [at12] = await sensorStatesAt(db, at(12));
      expect(at12?.readings.water_level).toMatchObject({ value: 1, unit: 'm', at: at(10).toISOString() });
      expect(at12?.readings.rain).toMatchObject({ value: 10, unit: 'mm', at: at(10).toISOString() });
      const [at36] = await sensorStatesAt(db, at(36));
      expect(at36?.readings.water_level).toMatchObject({ value: 3.5, at: at(35).toISOString() });
      expect(at36?.readings.rain).toMatchObject({ value: 30, at: at(30).toISOString() });
    });

    it('folds incidents from their events, with alerts, operator actions and timeline markers', async () => {
      const db = database.db;
      await db.execute(sql`
        INSERT INTO incidents (id, title, status, severity, position, opened_at, last_seq)
        VALUES ('inc-1', 'Flooding at the bridge', 'closed', 'severe', ST_SetSRID(ST_MakePoint(31.5, -10.02), 4326),
                ${at(12).toISOString()}::timestamptz, 4)`);
      await db.execute(sql`
        INSERT INTO incident_events (incident_id, seq, type, actor, at, envelope_id, data) VALUES
          ('inc-1', 1, 'opened', 'system:detector', ${at(12).toISOString()}::timestamptz, 'ev-1', '{"severity":"moderate"}'),
          ('inc-1', 2, 'acknowledged', 'u-1', ${at(18).toISOString()}::timestamptz, 'ev-2', '{}'),
          ('inc-1', 3, 'severity_changed', 'u-1', ${at(25).toISOString()}::timestamptz, 'ev-3', '{"severity":"severe"}'),
          ('inc-1', 4, 'status_changed', 'u-1', ${at(50).toISOString()}::timestamptz, 'ev-4', '{"status":"closed"}')`);
      await db.execute(sql`
        INSERT INTO alerts (id, kind, severity, status, headline, geometry, raised_at, acknowledged_at, expires_at, incident_id)
        VALUES ('al-1', 'threshold', 'severe', 'acknowledged', 'Water level above 1 m',
                ST_SetSRID(ST_MakePoint(31.5, -10.01), 4326), ${at(11).toISOString()}::timestamptz,
                ${at(19).toISOString()}::timestamptz, ${at(45).toISOString()}::timestamptz, 'inc-1')`);
      await db.execute(sql`
        INSERT INTO operator_commands (command_id, kind, actor_id, target, issued_at, outcome)
        VALUES ('cmd-1', 'acknowledge_incident', 'u-1', 'inc-1', ${at(18).toISOString()}::timestamptz, 'applied')`);

      expect(await incidentStatesAt(db, at(11))).toEqual([]);
      const [opened] = await incidentStatesAt(db, at(13));
      expect(opened).toMatchObject({ id: 'inc-1', seq: 1, status: 'detected', severity: 'moderate' });
      const [acked] = await incidentStatesAt(db, at(30));
      expect(acked).toMatchObject({
        seq: 3,
        change: 'severity_changed',
        status: 'acknowledged',
        severity: 'severe',
      });
      expect(acked?.position).toEqual({ lon: 31.5, lat: -10.02 });
      const [closed] = await incidentStatesAt(db, at(55));
      expect(closed?.status).toBe('closed');

      expect(await alertStatesAt(db, at(10))).toEqual([]);
      expect((await alertStatesAt(db, at(15))).map((a) => [a.id, a.status])).toEqual([['al-1', 'active']]);
      expect((await alertStatesAt(db, at(20))).map((a) => [a.id, a.status])).toEqual([
        ['al-1', 'acknowledged'],
      ]);
      expect(await alertStatesAt(db, at(46))).toEqual([]);
      const ended = await alertChangesBetween(db, at(44), at(46));
      expect(ended).toEqual({ upserts: [], removes: ['al-1'] });
      const acking = await alertChangesBetween(db, at(18.5), at(19.5));
      expect(acking.upserts.map((a) => a.status)).toEqual(['acknowledged']);

      expect((await actionsBetween(db, at(17), at(19))).map((a) => a.commandId)).toEqual(['cmd-1']);
      expect(await actionsBetween(db, at(18), at(19))).toEqual([]);
      const markers = await incidentMarkers(db, at(0), at(60));
      expect(markers.map((m) => [m.seq, m.change])).toEqual([
        [1, 'opened'],
        [2, 'acknowledged'],
        [3, 'severity_changed'],
        [4, 'status_changed'],
      ]);

      expect(await writeKeyframe(db, at(45))).toMatchObject({ assets: 3, sensors: 1, incidents: 1 });
      expect(await writeKeyframe(db, at(55))).toMatchObject({ incidents: 0 });
    });

    it('counts events per bucket for the timeline', async () => {
      const db = database.db;
      const buckets = await eventHistogram(db, at(0), at(60), 600);
      expect(buckets).toHaveLength(6);
      expect(buckets[0]?.at.toISOString()).toBe(at(0).toISOString());
      // 0–10 min: 20 fixes (trucks 1–2), 2 water levels, 1 rain.
      expect(buckets[0]?.count).toBe(23);
      // 10–20 min: 20 fixes, 2 + 1 readings, alert, incident opened and acknowledged, one command.
      expect(buckets[1]?.count).toBe(20 + 3 + 1 + 2 + 1);
      const total = buckets.reduce((sum, b) => sum + b.count, 0);
      expect(total).toBe(fixes.length + 12 + 6 + 1 + 4 + 1);
    });

    it('finds reports and alerts by stemmed words in French and English, ranked, by time and area', async () => {
      const db = database.db;
      await recordReports(db, [
        {
          envelopeId: 'rep-fr-1',
          source: 'sms',
          text: 'Inondation du pont, les routes sont inondées près du marché',
          lang: 'fr',
          position: { lon: 31.5, lat: -10 },
          occurredAt: at(14),
        },
        {
          envelopeId: 'rep-fr-2',
          source: 'sms',
          text: 'Route coupée par un arbre',
          lang: 'fr',
          position: { lon: 31.5, lat: -10 },
          occurredAt: at(15),
        },
        {
          envelopeId: 'rep-en-1',
          source: 'social',
          text: 'The river is flooding the northern district',
          lang: 'en',
          position: { lon: 50, lat: 10 },
          occurredAt: at(40),
        },
        {
          envelopeId: 'rep-en-2',
          source: 'social',
          text: 'Flooded roads, floods everywhere, flood warnings',
          lang: 'en',
          position: { lon: 31.6, lat: -10.1 },
          occurredAt: at(41),
        },
      ]);
      const base = { kinds: ['report', 'alert'] as const, limit: 10, offset: 0 };
      const fr = await searchReportsAndAlerts(db, { ...base, text: 'inondations' });
      expect(fr.map((h) => h.id)).toEqual(['rep-fr-1']);
      expect(fr[0]?.highlights.length).toBeGreaterThan(0);
      const word = fr[0] === undefined ? '' : fr[0].snippet.slice(...(fr[0].highlights[0] ?? [0, 0]));
      expect(word.toLowerCase()).toMatch(/^inond/);

      const en = await searchReportsAndAlerts(db, { ...base, text: 'floods' });
      expect(en.map((h) => h.id)).toEqual(['rep-en-2', 'rep-en-1']);
      expect(en[0]?.rank).toBeGreaterThan(en[1]?.rank ?? Infinity);

      const inArea = await searchReportsAndAlerts(db, {
        ...base,
        text: 'flooding',
        bbox: { west: 31, south: -11, east: 32, north: -9 },
      });
      expect(inArea.map((h) => h.id)).toEqual(['rep-en-2']);
      const inTime = await searchReportsAndAlerts(db, {
        ...base,
        text: 'flooding',
        from: at(39),
        to: at(40.5),
      });
      expect(inTime.map((h) => h.id)).toEqual(['rep-en-1']);

      const alerts = await searchReportsAndAlerts(db, { ...base, kinds: ['alert'], text: 'water levels' });
      expect(alerts.map((h) => [h.kind, h.id, h.severity])).toEqual([['alert', 'al-1', 'severe']]);
      expect(await searchReportsAndAlerts(db, { ...base, text: 'earthquake' })).toEqual([]);
    });

    it('exports features page by page in time order, and tracks asset by asset', async () => {
      const db = database.db;
      const range = { from: at(10), to: at(20) };
      const rows: ExportRow[] = [];
      for await (const page of exportFeaturePages(
        db,
        ['positions', 'readings', 'alerts', 'incidents', 'reports'],
        range,
        3,
      )) {
        rows.push(...page);
      }
      const times = rows.map((r) => r.time.getTime());
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
      expect(rows.filter((r) => r.kind === 'positions')).toHaveLength(20);
      expect(rows.filter((r) => r.kind === 'readings')).toHaveLength(5);
      expect(rows.filter((r) => r.kind === 'incidents').map((r) => r.status)).toEqual([
        'opened',
        'acknowledged',
      ]);
      expect(rows.find((r) => r.kind === 'alerts')?.geometry).toEqual({
        type: 'Point',
        coordinates: [31.5, -10.01],
      });
      expect(
        await countExportRows(db, ['positions', 'readings', 'alerts', 'incidents', 'reports'], range, 1_000),
      ).toBe(rows.length);
      expect(await countExportRows(db, ['positions'], { from: at(0), to: at(60) }, 10)).toBe(11);

      const tracks = [];
      for await (const page of exportTrackPages(
        db,
        { from: at(0), to: at(60), bbox: { west: 31, south: -11, east: 34, north: -9 } },
        undefined,
        25,
      )) {
        tracks.push(page);
      }
      expect(tracks.map((t) => [t.assetId, t.first, t.points.length])).toEqual([
        ['truck-1', true, 25],
        ['truck-1', false, 25],
        ['truck-1', false, 10],
        ['truck-2', true, 25],
        ['truck-2', false, 25],
        ['truck-2', false, 10],
        ['truck-3', true, 25],
        ['truck-3', false, 15],
      ]);
      const truck1 = tracks
        .filter((t) => t.assetId === 'truck-1')
        .flatMap((t) => t.points.map((p) => p.time.getTime()));
      expect(truck1).toEqual([...truck1].sort((a, b) => a - b));
      expect(new Set(truck1).size).toBe(60);
    });

    it('deletes history older than the retention, keyframes included', async () => {
      const db = database.db;
      expect(await deleteHistoryBefore(db, 'positions', at(30), 7)).toBe(20 * 3 - 1 + 10 + 20 - 19);
      const [left] = await queryRows<{ n: number }>(
        db,
        sql`SELECT count(*)::int AS n FROM positions WHERE time < ${at(30).toISOString()}::timestamptz`,
      );
      expect(left?.n).toBe(0);
      expect(await deleteHistoryBefore(db, 'replay_keyframes', at(31))).toBeGreaterThan(0);
      expect(await keyframeAtOrBefore(db, at(31))).toBeNull();
      expect((await keyframeAtOrBefore(db, at(50)))?.toISOString()).toBe(at(45).toISOString());
      expect(await deleteHistoryBefore(db, 'positions', at(30))).toBe(0);
    });
  });
}
