/**
 * One integration suite for every backend: each test file opens its own database (PostgreSQL with a
 * fresh database, or PGlite in a fresh data directory) and registers this suite against it. Tests
 * share that one database, so each one works with its own ids and its own corner of the map.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assetTrack, getAsset, upsertAsset } from '../src/assets-repository';
import { loadCheckpoints, saveCheckpoint } from '../src/checkpoints-repository';
import { MIGRATIONS_FOLDER } from '../src/create-db';
import type { Database } from '../src/database';
import type {
  GeoGeometry,
  GeoLineString,
  GeoMultiPolygon,
  GeoPoint,
  GeoPolygon,
  LonLat,
} from '../src/geo-types';
import { pgErrorOf, SQLSTATE } from '../src/pg-error';
import { assetsInBbox, nearestAssets, recordPositions } from '../src/positions-repository';
import type { PositionFix } from '../src/positions-repository';
import { recordReports, searchReports } from '../src/reports-repository';
import { dispatches, incidents } from '../src/schema/incidents';
import { stock } from '../src/schema/logistics';
import { alerts, media } from '../src/schema/observations';
import { positions } from '../src/schema/tracking';
import { zones } from '../src/schema/zones';
import { queryRows } from '../src/sql-rows';
import { adjustStock, getStock, InsufficientStockError, upsertWarehouse } from '../src/stock-repository';
import { upsertZone, zonesContaining } from '../src/zones-repository';
import { runStreamSuite } from './stream-suite';

/** How many migrations drizzle-kit has generated (entries of its journal). */
export const MIGRATION_COUNT = (
  JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] }
).entries.length;

/** Great-circle distance on the sphere PostGIS uses for geography (mean radius 6 371 008.771 4 m). */
export function haversineM(a: LonLat, b: LonLat): number {
  const R = 6_371_008.7714;
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}

const t0 = Date.parse('2025-03-01T12:00:00.000Z');
const at = (seconds: number) => new Date(t0 + seconds * 1000);

function fix(
  envelopeId: string,
  assetId: string,
  seconds: number,
  lon: number,
  lat: number,
  extra: Partial<PositionFix> = {},
): PositionFix {
  return { envelopeId, assetId, time: at(seconds), lon, lat, ...extra };
}

function square(west: number, south: number, size: number): GeoPolygon['coordinates'][number] {
  return [
    [west, south],
    [west + size, south],
    [west + size, south + size],
    [west, south + size],
    [west, south],
  ];
}

export function runDbSuite(name: string, open: () => Promise<Database>, dispose?: () => Promise<void>): void {
  describe(name, () => {
    let database: Database;

    beforeAll(async () => {
      database = await open();
      await database.migrate();
    });

    afterAll(async () => {
      await database?.close();
      await dispose?.();
    });

    describe('migrations', () => {
      it('apply from scratch and are idempotent', async () => {
        await database.migrate();
        await database.migrate();
        const [applied] = await queryRows<{ n: number }>(
          database.db,
          sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`,
        );
        expect(applied?.n).toBe(MIGRATION_COUNT);
        const tables = await queryRows<{ table_name: string }>(
          database.db,
          sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
        );
        const names = tables.map((t) => t.table_name);
        for (const table of [
          'assets',
          'positions',
          'zones',
          'consumer_checkpoints',
          'replay_keyframes',
          'audit_log',
        ]) {
          expect(names).toContain(table);
        }
      });

      it('declare geometry columns with SRID 4326 and GiST indexes', async () => {
        const columns = await queryRows<{ t: string; c: string; type: string; srid: number }>(
          database.db,
          sql`SELECT f_table_name AS t, f_geometry_column AS c, type, srid FROM geometry_columns
              WHERE f_table_schema = 'public' ORDER BY 1, 2`,
        );
        expect(columns).toHaveLength(13);
        expect(columns.every((c) => Number(c.srid) === 4326)).toBe(true);
        expect(columns).toContainEqual(
          expect.objectContaining({ t: 'zones', c: 'geometry', type: 'MULTIPOLYGON' }),
        );
        expect(columns).toContainEqual(
          expect.objectContaining({ t: 'dispatches', c: 'route', type: 'LINESTRING' }),
        );
        const gist = await queryRows<{ indexname: string }>(
          database.db,
          sql`SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexdef ILIKE '%USING gist%'`,
        );
        expect(gist.map((i) => i.indexname)).toEqual(
          expect.arrayContaining(['assets_position_gist', 'zones_geometry_gist', 'reports_position_gist']),
        );
      });
    });

    it('has PostGIS 3', async () => {
      const [row] = await queryRows<{ version: string }>(
        database.db,
        sql`SELECT postgis_lib_version() AS version`,
      );
      expect(row?.version).toMatch(/^3\./);
    });

    describe('geometry columns', () => {
      it('round-trip Point, LineString, Polygon, MultiPolygon and any geometry as GeoJSON', async () => {
        const { db } = database;
        const point: GeoPoint = { type: 'Point', coordinates: [2.3522, 48.8566] };
        const route: GeoLineString = {
          type: 'LineString',
          coordinates: [
            [2.35, 48.85],
            [2.4, 48.9],
            [2.5, 48.95],
          ],
        };
        const footprint: GeoPolygon = {
          type: 'Polygon',
          coordinates: [
            square(2, 48, 1),
            [
              [2.2, 48.2],
              [2.2, 48.4],
              [2.4, 48.4],
              [2.2, 48.2],
            ],
          ],
        };
        const area: GeoMultiPolygon = {
          type: 'MultiPolygon',
          coordinates: [[square(5, 45, 0.5)], [square(6, 45, 0.25)]],
        };
        const collection: GeoGeometry = {
          type: 'GeometryCollection',
          geometries: [
            point,
            {
              type: 'MultiPoint',
              coordinates: [
                [1, 2],
                [3, 4],
              ],
            },
          ],
        };

        await db
          .insert(incidents)
          .values({ id: 'geo-inc', title: 'round trip', openedAt: at(0), position: point, area: route });
        await db.insert(dispatches).values({ id: 'geo-dsp', incidentId: 'geo-inc', route });
        await db
          .insert(media)
          .values({ id: 'geo-media', uri: 's3://bucket/a.jpg', footprint, position: point });
        await db.insert(zones).values({ id: 'geo-zone', kind: 'hazard', name: 'rt', geometry: area });
        await db.insert(alerts).values({
          id: 'geo-alert',
          kind: 'external',
          headline: 'rt',
          raisedAt: at(0),
          geometry: collection,
        });

        const [incident] = await db.select().from(incidents).where(eq(incidents.id, 'geo-inc'));
        expect(incident?.position).toEqual(point);
        expect(incident?.area).toEqual(route);
        const [dispatch] = await db
          .select({ route: dispatches.route })
          .from(dispatches)
          .where(eq(dispatches.id, 'geo-dsp'));
        expect(dispatch?.route).toEqual(route);
        const [medium] = await db.select().from(media).where(eq(media.id, 'geo-media'));
        expect(medium?.footprint).toEqual(footprint);
        const [zone] = await db
          .select({ geometry: zones.geometry })
          .from(zones)
          .where(eq(zones.id, 'geo-zone'));
        expect(zone?.geometry).toEqual(area);
        const [alert] = await db
          .select({ geometry: alerts.geometry })
          .from(alerts)
          .where(eq(alerts.id, 'geo-alert'));
        expect(alert?.geometry).toEqual(collection);

        // What PostGIS itself stored: SRID 4326 and the same shape as its own GeoJSON writer sees it.
        const [stored] = await queryRows<{ srid: number; json: string }>(
          db,
          sql`SELECT ST_SRID(footprint) AS srid, ST_AsGeoJSON(footprint) AS json FROM media WHERE id = 'geo-media'`,
        );
        expect(Number(stored?.srid)).toBe(4326);
        expect(JSON.parse(stored?.json ?? 'null')).toEqual(footprint);
      });

      it('drop a third coordinate and reject a geometry of the wrong type', async () => {
        const { db } = database;
        await db.insert(incidents).values({
          id: 'geo-inc-3d',
          title: '3d',
          openedAt: at(0),
          position: { type: 'Point', coordinates: [1, 2, 300] },
        });
        const [row] = await db
          .select({ position: incidents.position })
          .from(incidents)
          .where(eq(incidents.id, 'geo-inc-3d'));
        expect(row?.position).toEqual({ type: 'Point', coordinates: [1, 2] });

        const wrong = db.insert(incidents).values({
          id: 'geo-inc-bad',
          title: 'bad',
          openedAt: at(0),
          position: {
            type: 'LineString',
            coordinates: [
              [0, 0],
              [1, 1],
            ],
          } as unknown as GeoPoint,
        });
        await expect(wrong).rejects.toThrow();
      });
    });

    describe('positions', () => {
      it('record a batch: history rows, current state, duplicates ignored', async () => {
        const { db } = database;
        await upsertAsset(db, { id: 'pos-truck-1', kind: 'vehicle', name: 'Truck 1', source: 'avl' });
        const batch = [
          fix('pos-e1', 'pos-truck-1', 0, 4.8, 45.7, { speed: 10, heading: 90 }),
          fix('pos-e2', 'pos-truck-1', 10, 4.81, 45.71, { speed: 12, heading: 80 }),
          fix('pos-e3', 'pos-boat-1', 5, 4.9, 45.8, { kind: 'boat', name: 'Boat 1' }),
          fix('pos-e3', 'pos-boat-1', 5, 4.9, 45.8, { kind: 'boat', name: 'Boat 1' }), // repeated in the batch
        ];
        expect(await recordPositions(db, batch)).toEqual({ inserted: 3, duplicates: 1, assetsMoved: 2 });

        const truck = await getAsset(db, 'pos-truck-1');
        expect(truck).toMatchObject({
          kind: 'vehicle',
          name: 'Truck 1',
          position: { lon: 4.81, lat: 45.71 },
          speed: 12,
          heading: 80,
          lastFixAt: at(10),
        });
        const boat = await getAsset(db, 'pos-boat-1');
        expect(boat).toMatchObject({
          kind: 'boat',
          name: 'Boat 1',
          position: { lon: 4.9, lat: 45.8 },
          lastFixAt: at(5),
        });

        // Redelivery of the same messages: nothing new, nothing moves.
        expect(await recordPositions(db, batch)).toEqual({ inserted: 0, duplicates: 4, assetsMoved: 0 });
        const [count] = await queryRows<{ n: number }>(
          db,
          sql`SELECT count(*)::int AS n FROM positions WHERE asset_id IN ('pos-truck-1', 'pos-boat-1')`,
        );
        expect(count?.n).toBe(3);
        expect(await recordPositions(db, [])).toEqual({ inserted: 0, duplicates: 0, assetsMoved: 0 });
      });

      it('keep an out-of-order fix in history without moving the asset back', async () => {
        const { db } = database;
        await recordPositions(db, [fix('ooo-e2', 'ooo-van', 100, 4.5, 45.5, { kind: 'vehicle' })]);
        const late = await recordPositions(db, [fix('ooo-e1', 'ooo-van', 50, 4.0, 45.0)]);
        expect(late).toEqual({ inserted: 1, duplicates: 0, assetsMoved: 0 });
        const van = await getAsset(db, 'ooo-van');
        expect(van?.position).toEqual({ lon: 4.5, lat: 45.5 });
        expect(van?.lastFixAt).toEqual(at(100));

        // Within one batch too: the newest fix of the batch wins, whatever its place in the batch.
        await recordPositions(db, [
          fix('ooo-e4', 'ooo-van', 300, 4.7, 45.7),
          fix('ooo-e3', 'ooo-van', 200, 4.6, 45.6),
        ]);
        expect((await getAsset(db, 'ooo-van'))?.position).toEqual({ lon: 4.7, lat: 45.7 });
        const track = await assetTrack(db, 'ooo-van', at(0), at(1000));
        expect(track.map((p) => p.envelopeId)).toEqual(['ooo-e1', 'ooo-e2', 'ooo-e3', 'ooo-e4']);
      });

      it('reject out-of-range coordinates before touching the database', async () => {
        await expect(recordPositions(database.db, [fix('bad-e1', 'bad', 0, 181, 0)])).rejects.toThrow(
          RangeError,
        );
        const rows = await database.db.select().from(positions).where(eq(positions.envelopeId, 'bad-e1'));
        expect(rows).toEqual([]);
      });

      it('return the track of a time window in order', async () => {
        const { db } = database;
        const batch: PositionFix[] = [];
        for (let i = 9; i >= 0; i--)
          batch.push(
            fix(`trk-${i}`, 'trk-team', i * 60, 3 + i / 100, 44, { accuracy: 5, altitude: 200 + i }),
          );
        batch.push(fix('trk-other', 'trk-other-team', 120, 3, 44));
        await recordPositions(db, batch);
        const track = await assetTrack(db, 'trk-team', at(120), at(360));
        expect(track.map((p) => p.envelopeId)).toEqual(['trk-2', 'trk-3', 'trk-4', 'trk-5']);
        expect(track[0]).toEqual({
          envelopeId: 'trk-2',
          time: at(120),
          lon: 3.02,
          lat: 44,
          speed: null,
          heading: null,
          accuracy: 5,
          altitude: 202,
        });
        expect(await assetTrack(db, 'trk-team', at(1000), at(2000))).toEqual([]);
      });
    });

    describe('bbox query', () => {
      it('includes assets inside (edges included), excludes those outside, filters by kind', async () => {
        const { db } = database;
        await recordPositions(db, [
          fix('bb-1', 'bb-in', 0, 10.5, 50.5, { kind: 'vehicle' }),
          fix('bb-2', 'bb-edge', 0, 11, 51, { kind: 'team' }),
          fix('bb-3', 'bb-out', 0, 11.0001, 50.5, { kind: 'vehicle' }),
          fix('bb-4', 'bb-far', 0, -70, -30, { kind: 'vehicle' }),
        ]);
        const box = { west: 10, south: 50, east: 11, north: 51 };
        const found = await assetsInBbox(db, box);
        expect(found.map((a) => a.id)).toEqual(['bb-edge', 'bb-in']);
        expect(found[1]).toMatchObject({ kind: 'vehicle', position: { lon: 10.5, lat: 50.5 } });
        expect((await assetsInBbox(db, box, { kinds: ['team'] })).map((a) => a.id)).toEqual(['bb-edge']);
        expect(await assetsInBbox(db, box, { limit: 1 })).toHaveLength(1);
        await expect(assetsInBbox(db, { west: 0, south: 10, east: 1, north: 5 })).rejects.toThrow(RangeError);
      });

      it('handles a box crossing the antimeridian (west > east)', async () => {
        const { db } = database;
        await recordPositions(db, [
          fix('am-1', 'am-east', 0, 179.5, -17, { kind: 'boat' }),
          fix('am-2', 'am-west', 0, -179.5, -17, { kind: 'boat' }),
          fix('am-3', 'am-out', 0, 170, -17, { kind: 'boat' }),
        ]);
        const found = await assetsInBbox(db, { west: 179, south: -18, east: -179, north: -16 });
        expect(found.map((a) => a.id)).toEqual(['am-east', 'am-west']);
      });
    });

    describe('nearest assets', () => {
      // Around Tromsø (69.65 N), far from every other test's assets.
      const origin = { lon: 18.95, lat: 69.65 };
      const spots: Record<string, LonLat> = {
        'nn-north-1deg': { lon: 18.95, lat: 70.65 }, // 111 km north, 1.0 degree away
        'nn-east-2deg': { lon: 20.95, lat: 69.65 }, // ~77 km east, but 2.0 degrees away
        'nn-near': { lon: 19.0, lat: 69.66 },
        'nn-team': { lon: 18.9, lat: 69.6 },
      };

      it('orders by true distance and reports metres matching haversine', async () => {
        const { db } = database;
        await recordPositions(
          db,
          Object.entries(spots).map(([id, p], i) =>
            fix(`nn-${i}`, id, 0, p.lon, p.lat, { kind: id === 'nn-team' ? 'team' : 'vehicle' }),
          ),
        );
        const nearest = await nearestAssets(db, origin, 4);
        const expected = Object.entries(spots)
          .map(([id, p]) => ({ id, d: haversineM(origin, p) }))
          .sort((a, b) => a.d - b.d);
        // A planar KNN in degrees would put north-1deg before east-2deg; on the sphere east is nearer.
        expect(expected.map((e) => e.id)).toEqual(['nn-near', 'nn-team', 'nn-east-2deg', 'nn-north-1deg']);
        expect(nearest.map((a) => a.id)).toEqual(expected.map((e) => e.id));
        nearest.forEach((asset, i) => {
          const want = expected[i]?.d ?? Number.NaN;
          expect(Math.abs(asset.distanceM - want)).toBeLessThan(Math.max(0.5, want * 1e-6));
        });
      });

      it('respects k, kinds and a maximum distance', async () => {
        const { db } = database;
        expect((await nearestAssets(db, origin, 2)).map((a) => a.id)).toEqual(['nn-near', 'nn-team']);
        const teams = await nearestAssets(db, origin, 5, { kinds: ['team'], maxDistanceM: 50_000 });
        expect(teams.map((a) => a.id)).toEqual(['nn-team']);
        const within = await nearestAssets(db, origin, 10, { maxDistanceM: 100_000 });
        expect(within.map((a) => a.id)).toEqual(['nn-near', 'nn-team', 'nn-east-2deg']);
        await expect(nearestAssets(db, origin, 0)).rejects.toThrow(RangeError);
      });

      it('stay exact across the antimeridian and over a pole', async () => {
        const { db } = database;
        // Fiji: am-east (179.5) and am-west (-179.5) from the bbox test, am-out at 170.
        const fiji = { lon: 179.9, lat: -17 };
        const acrossDateLine = await nearestAssets(db, fiji, 2);
        expect(acrossDateLine.map((a) => a.id)).toEqual(['am-east', 'am-west']);
        expect(acrossDateLine[1]?.distanceM).toBeCloseTo(haversineM(fiji, { lon: -179.5, lat: -17 }), 0);

        await recordPositions(db, [
          fix('pole-1', 'pole-far-side', 0, 180, 89.95, { kind: 'aircraft' }),
          fix('pole-2', 'pole-same-side', 0, 0, 89, { kind: 'aircraft' }),
        ]);
        const nearPole = { lon: 0, lat: 89.9 };
        const overPole = await nearestAssets(db, nearPole, 2, { kinds: ['aircraft'] });
        expect(overPole.map((a) => a.id)).toEqual(['pole-far-side', 'pole-same-side']);
        expect(overPole[0]?.distanceM).toBeCloseTo(haversineM(nearPole, { lon: 180, lat: 89.95 }), 0);
        expect(await nearestAssets(db, nearPole, 3, { kinds: ['drone'] })).toEqual([]);
      });
    });

    describe('zones', () => {
      const donut: GeoPolygon = { type: 'Polygon', coordinates: [square(20, 10, 4), square(21, 11, 2)] };

      it('contain a point inside the ring, not in the hole, boundary included', async () => {
        const { db } = database;
        const zone = await upsertZone(db, {
          id: 'z-donut',
          kind: 'hazard',
          name: 'Flood ring',
          geometry: donut,
        });
        expect(zone.geometry).toEqual({ type: 'MultiPolygon', coordinates: [donut.coordinates] });
        await upsertZone(db, {
          id: 'z-multi',
          kind: 'admin_area',
          name: 'Two islands',
          code: 'XX-01',
          geometry: { type: 'MultiPolygon', coordinates: [[square(30, 10, 1)], [square(20.5, 10.5, 0.2)]] },
        });
        const ids = async (p: LonLat) => (await zonesContaining(db, p)).map((z) => z.id);
        // Ordered by kind, then id: admin_area before hazard.
        expect(await ids({ lon: 20.5, lat: 10.5 })).toEqual(['z-multi', 'z-donut']);
        expect(await ids({ lon: 22, lat: 12 })).toEqual([]); // in the hole
        expect(await ids({ lon: 20, lat: 12 })).toEqual(['z-donut']); // on the outer boundary
        expect(await ids({ lon: 30.5, lat: 10.5 })).toEqual(['z-multi']);
        expect(await ids({ lon: 25, lat: 12 })).toEqual([]);
        expect(
          (await zonesContaining(db, { lon: 20.5, lat: 10.5 }, { kinds: ['hazard'] })).map((z) => z.id),
        ).toEqual(['z-donut']);
      });

      it('respect the validity interval [valid_from, valid_to)', async () => {
        const { db } = database;
        await upsertZone(db, {
          id: 'z-timed',
          kind: 'geofence',
          name: 'Closed road',
          geometry: { type: 'Polygon', coordinates: [square(40, 10, 1)] },
          validFrom: at(0),
          validTo: at(3600),
        });
        const inside = { lon: 40.5, lat: 10.5 };
        const ids = async (when: Date) => (await zonesContaining(db, inside, { at: when })).map((z) => z.id);
        expect(await ids(at(-1))).toEqual([]);
        expect(await ids(at(0))).toEqual(['z-timed']);
        expect(await ids(at(3599))).toEqual(['z-timed']);
        expect(await ids(at(3600))).toEqual([]);
        const [summary] = await zonesContaining(db, inside, { at: at(10) });
        expect(summary).toEqual({
          id: 'z-timed',
          kind: 'geofence',
          name: 'Closed road',
          code: null,
          validFrom: at(0),
          validTo: at(3600),
          attrs: {},
        });
        // Upsert replaces: lifting the end of validity makes it valid later on.
        await upsertZone(db, {
          id: 'z-timed',
          kind: 'geofence',
          name: 'Closed road',
          geometry: { type: 'Polygon', coordinates: [square(40, 10, 1)] },
          validFrom: at(0),
        });
        expect(await ids(at(99_999))).toEqual(['z-timed']);
      });

      it('reject an invalid (self-intersecting) polygon', async () => {
        const bowTie: GeoPolygon = {
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [1, 1],
              [1, 0],
              [0, 1],
              [0, 0],
            ],
          ],
        };
        const error = await upsertZone(database.db, {
          id: 'z-bad',
          kind: 'hazard',
          name: 'bad',
          geometry: bowTie,
        }).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(pgErrorOf(error)?.constraint).toBe('zones_geometry_valid_check');
      });
    });

    describe('checkpoints', () => {
      it('commit rows and offsets together, or neither', async () => {
        const { db } = database;
        const batch = [fix('cp-e1', 'cp-truck', 0, 1, 1), fix('cp-e2', 'cp-truck', 1, 1.1, 1.1)];
        const rolledBack = database.transaction(async (tx) => {
          await recordPositions(tx, batch);
          await saveCheckpoint(tx, 'cp-group', 'raw.positions', 0, 42n, { dedup: ['cp-e1', 'cp-e2'] });
          throw new Error('crash before commit');
        });
        await expect(rolledBack).rejects.toThrow('crash before commit');
        expect(await loadCheckpoints(db, 'cp-group')).toEqual([]);
        expect(await getAsset(db, 'cp-truck')).toBeNull();
        expect(await db.select().from(positions).where(eq(positions.assetId, 'cp-truck'))).toEqual([]);

        await database.transaction(async (tx) => {
          await recordPositions(tx, batch);
          await saveCheckpoint(tx, 'cp-group', 'raw.positions', 0, 42n, { dedup: ['cp-e1', 'cp-e2'] });
          await saveCheckpoint(tx, 'cp-group', 'raw.positions', 1, '9007199254740993', {});
        });
        const checkpoints = await loadCheckpoints(db, 'cp-group');
        expect(checkpoints.map(({ updatedAt: _u, ...c }) => c)).toEqual([
          {
            groupId: 'cp-group',
            topic: 'raw.positions',
            partition: 0,
            nextOffset: '42',
            state: { dedup: ['cp-e1', 'cp-e2'] },
          },
          // Beyond 2^53: stored and read back exactly.
          {
            groupId: 'cp-group',
            topic: 'raw.positions',
            partition: 1,
            nextOffset: '9007199254740993',
            state: {},
          },
        ]);
        expect(checkpoints[0]?.updatedAt).toBeInstanceOf(Date);
        expect((await getAsset(db, 'cp-truck'))?.position).toEqual({ lon: 1.1, lat: 1.1 });

        await saveCheckpoint(db, 'cp-group', 'raw.positions', 0, 43, { dedup: [] });
        expect((await loadCheckpoints(db, 'cp-group'))[0]).toMatchObject({
          nextOffset: '43',
          state: { dedup: [] },
        });
        await expect(saveCheckpoint(db, 'cp-group', 'raw.positions', 0, -1, {})).rejects.toThrow(RangeError);
      });
    });

    describe('stock', () => {
      it('never goes below zero', async () => {
        const { db } = database;
        await upsertWarehouse(db, { id: 'wh-lyon', name: 'Lyon depot', position: { lon: 4.85, lat: 45.75 } });
        expect((await adjustStock(db, 'wh-lyon', 'tarpaulin', 10, { unit: 'piece' })).quantity).toBe(10);
        expect(await adjustStock(db, 'wh-lyon', 'tarpaulin', -4)).toMatchObject({
          quantity: 6,
          available: 6,
          unit: 'piece',
        });

        await expect(adjustStock(db, 'wh-lyon', 'tarpaulin', -7)).rejects.toBeInstanceOf(
          InsufficientStockError,
        );
        await expect(adjustStock(db, 'wh-lyon', 'water-kit', -1)).rejects.toBeInstanceOf(
          InsufficientStockError,
        );
        expect((await getStock(db, 'wh-lyon', 'tarpaulin'))?.quantity).toBe(6);
        expect(await getStock(db, 'wh-lyon', 'water-kit')).toBeNull();

        // The CHECK constraint itself, whatever the code path.
        const direct = await db
          .update(stock)
          .set({ quantity: -1 })
          .where(eq(stock.item, 'tarpaulin'))
          .then(
            () => undefined,
            (e: unknown) => e,
          );
        expect(pgErrorOf(direct)).toMatchObject({
          code: SQLSTATE.checkViolation,
          constraint: 'stock_quantity_check',
        });
      });
    });

    describe('reports', () => {
      it('are stored once and found by full-text search in French and English', async () => {
        const { db } = database;
        const reports = [
          {
            envelopeId: 'rep-1',
            source: 'sms',
            sourceRef: 'm1',
            text: 'Inondation rue de la République, routes barrées',
            lang: 'fr',
            occurredAt: at(0),
            position: { lon: 4.83, lat: 45.76 },
          },
          {
            envelopeId: 'rep-2',
            source: 'social',
            text: 'Flooded streets near the river, cars stuck',
            lang: 'en',
            occurredAt: at(60),
          },
          {
            envelopeId: 'rep-3',
            source: 'social',
            text: 'Sunny afternoon at the market',
            lang: 'en',
            occurredAt: at(120),
          },
        ];
        expect(await recordReports(db, reports)).toEqual({ inserted: 3 });
        expect(await recordReports(db, [{ ...reports[0]!, envelopeId: 'rep-1-again' }])).toEqual({
          inserted: 0,
        });

        const fr = await searchReports(db, 'inondations');
        expect(fr.map((r) => r.envelopeId)).toEqual(['rep-1']);
        expect(fr[0]).toMatchObject({ source: 'sms', position: { lon: 4.83, lat: 45.76 }, lang: 'fr' });
        expect((await searchReports(db, 'flooding')).map((r) => r.envelopeId)).toEqual(['rep-2']);
        expect((await searchReports(db, 'flooded -cars')).map((r) => r.envelopeId)).toEqual([]);
        expect(await searchReports(db, 'market', { from: at(0), to: at(100) })).toEqual([]);
      });
    });

    runStreamSuite(() => database);
  });
}
