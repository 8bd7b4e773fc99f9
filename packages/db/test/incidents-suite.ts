/**
 * Tests of the repositories the processor writes incidents, commands, dispatches and stock with.
 * Each backend's test file opens its own database and registers this suite against it; `concurrent`
 * says whether the backend has several connections (PostgreSQL) so real races can be staged.
 */
import { waitFor } from '@vigie/testing/wait-for';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertAsset } from '../src/assets-repository';
import type { Database } from '../src/database';
import {
  assetsByIds,
  createDispatches,
  crewsOfAssets,
  dispatchesOfIncident,
  setDispatchStatus,
} from '../src/dispatches-repository';
import type { IncidentRecord } from '../src/incidents-repository';
import {
  getIncident,
  incidentOfAlert,
  incidentTimeline,
  lockIncident,
  moveIncidentLinks,
  openIncidentsNear,
  saveIncidentChange,
} from '../src/incidents-repository';
import { getHandledCommand, recordCommand } from '../src/operator-commands-repository';
import { users } from '../src/schema/access';
import { stockMovements } from '../src/schema/logistics';
import { queryRows } from '../src/sql-rows';
import {
  applyInventoryChange,
  consumeReservation,
  getStock,
  InsufficientStockError,
  releaseReservation,
  reserveStock,
  StockUnavailableError,
  upsertWarehouse,
  warehouseExists,
} from '../src/stock-repository';
import { createUser } from '../src/users-repository';

const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA';
const at = new Date('2025-03-01T12:00:00.000Z');

function incident(id: string, lon: number, lat: number, extra: Partial<IncidentRecord> = {}): IncidentRecord {
  return {
    id,
    title: `Flood ${id}`,
    category: 'flood',
    status: 'detected',
    severity: 'moderate',
    position: { lon, lat },
    area: null,
    region: 'HT',
    h3Cell: null,
    needs: [],
    openedAt: at,
    mergedInto: null,
    seq: 1,
    state: { alertIds: [`alert-${id}`] },
    ...extra,
  };
}

const event = (envelopeId: string, type = 'opened') => ({
  type,
  actor: 'system:incidents',
  at,
  envelopeId,
  data: {},
});

export function runIncidentsSuite(
  name: string,
  open: () => Promise<Database>,
  options: { concurrent: boolean },
  dispose?: () => Promise<void>,
): void {
  describe(name, () => {
    let database: Database;

    beforeAll(async () => {
      database = await open();
      await database.migrate();
      await upsertWarehouse(database.db, {
        id: 'wh-cayes',
        name: 'Les Cayes',
        position: { lon: -73.75, lat: 18.19 },
      });
    });

    afterAll(async () => {
      await database?.close();
      await dispose?.();
    });

    describe('incidents', () => {
      it('stores a change with its event once per envelope, and the info severity as the wire names it', async () => {
        const saved = await database.transaction((tx) =>
          saveIncidentChange(tx, incident('inc-a', -73.7, 18.2, { severity: 'info' }), event('env-a1')),
        );
        expect(saved).toBe(true);
        const again = await database.transaction((tx) =>
          saveIncidentChange(tx, incident('inc-a', -73.7, 18.2, { seq: 2 }), event('env-a1')),
        );
        expect(again).toBe(false);
        const stored = await getIncident(database.db, 'inc-a');
        expect(stored).toMatchObject({ severity: 'info', seq: 1, position: { lon: -73.7, lat: 18.2 } });
        expect(stored?.state).toEqual({ alertIds: ['alert-inc-a'] });
        expect((await incidentTimeline(database.db, 'inc-a')).map((e) => [e.seq, e.envelopeId])).toEqual([
          [1, 'env-a1'],
        ]);
      });

      it('updates the incident and appends events, stamping acknowledgement by a known user only', async () => {
        const user = await createUser(database.db, {
          email: 'ack@example.org',
          name: 'Ack',
          role: 'coordinator',
          passwordHash: HASH,
        });
        await database.transaction((tx) =>
          saveIncidentChange(tx, incident('inc-b', -73.6, 18.3), event('env-b1')),
        );
        await database.transaction(async (tx) => {
          const locked = await lockIncident(tx, 'inc-b');
          expect(locked?.status).toBe('detected');
          await saveIncidentChange(
            tx,
            { ...locked!, status: 'acknowledged', seq: 2 },
            { ...event('env-b2', 'status_changed'), actor: user.id },
            { acknowledgedBy: user.id, acknowledgedAt: at },
          );
        });
        const rows = await queryRows<{ acknowledged_by: string | null; status: string }>(
          database.db,
          sql`SELECT acknowledged_by, status FROM incidents WHERE id = 'inc-b'`,
        );
        expect(rows[0]).toEqual({ acknowledged_by: user.id, status: 'acknowledged' });
        expect((await incidentTimeline(database.db, 'inc-b')).map((e) => e.type)).toEqual([
          'opened',
          'status_changed',
        ]);
      });

      it('finds open incidents near a point, nearest first, and the incident of a known alert', async () => {
        await database.transaction(async (tx) => {
          await saveIncidentChange(tx, incident('inc-near', 10.0, 10.0), event('env-n1'));
          await saveIncidentChange(tx, incident('inc-mid', 10.02, 10.0), event('env-n2'));
          await saveIncidentChange(tx, incident('inc-far', 10.5, 10.0), event('env-n3'));
          await saveIncidentChange(
            tx,
            incident('inc-done', 10.0, 10.001, { status: 'resolved' }),
            event('env-n4'),
          );
        });
        const near = await openIncidentsNear(database.db, { lon: 10.0, lat: 10.0 }, 5);
        expect(near.map((i) => i.id)).toEqual(['inc-near', 'inc-mid']);
        expect(await incidentOfAlert(database.db, 'alert-inc-mid')).toBe('inc-mid');
        expect(await incidentOfAlert(database.db, 'alert-unknown')).toBeNull();
      });
    });

    describe('operator commands', () => {
      it('records the first outcome of a command, rejected with its reason', async () => {
        const command = {
          commandId: 'cmd-1',
          kind: 'close',
          actorId: 'u-1',
          target: 'inc-b',
          issuedAt: at,
          handledAt: at,
          outcome: 'rejected' as const,
          reason: 'resolve it first',
          payload: { kind: 'close' },
        };
        expect(await recordCommand(database.db, command)).toBe(true);
        expect(await recordCommand(database.db, { ...command, outcome: 'applied', reason: null })).toBe(
          false,
        );
        expect(await getHandledCommand(database.db, 'cmd-1')).toMatchObject({
          outcome: 'rejected',
          reason: 'resolve it first',
        });
      });
    });

    describe('dispatches', () => {
      it('creates dispatches with their destination, moves them on scene and finds the crew', async () => {
        await upsertAsset(database.db, {
          id: 'truck-d1',
          kind: 'vehicle',
          name: 'Truck 1',
          attrs: { capacity: 120 },
        });
        const crew = await createUser(database.db, {
          email: 'driver@example.org',
          name: 'Driver',
          role: 'field',
          passwordHash: HASH,
        });
        await database.db.update(users).set({ assetId: 'truck-d1' }).where(eq(users.id, crew.id));
        await database.transaction(async (tx) => {
          await saveIncidentChange(tx, incident('inc-d', -73.6, 18.25), event('env-d1'));
          await createDispatches(
            tx,
            [
              {
                id: 'dsp-1',
                incidentId: 'inc-d',
                assetId: 'truck-d1',
                assignedBy: 'u-1',
                commandId: 'cmd-d',
                route: {
                  type: 'LineString',
                  coordinates: [
                    [-73.7, 18.2],
                    [-73.6, 18.25],
                  ],
                },
              },
            ],
            at,
          );
        });
        expect((await assetsByIds(database.db, ['truck-d1']))[0]).toMatchObject({
          capacity: 120,
          status: 'available',
        });
        expect(await crewsOfAssets(database.db, ['truck-d1'])).toEqual(new Map([['truck-d1', [crew.id]]]));
        const arrival = new Date(at.getTime() + 600_000);
        expect(await setDispatchStatus(database.db, 'inc-d', 'truck-d1', 'on_scene', arrival)).toEqual([
          'dsp-1',
        ]);
        const [dispatch] = await dispatchesOfIncident(database.db, 'inc-d');
        expect(dispatch).toMatchObject({ status: 'on_scene', destination: { lon: -73.6, lat: 18.25 } });
        expect(dispatch?.arrivedAt?.toISOString()).toBe(arrival.toISOString());
      });

      it('moves alert links and dispatches of absorbed incidents to the survivor', async () => {
        await database.transaction(async (tx) => {
          await saveIncidentChange(tx, incident('inc-keep', -73.5, 18.3), event('env-k1'));
          await moveIncidentLinks(tx, ['inc-d'], 'inc-keep');
        });
        expect((await dispatchesOfIncident(database.db, 'inc-keep')).map((d) => d.id)).toEqual(['dsp-1']);
      });
    });

    describe('stock', () => {
      const ctx = { actor: 'u-coord', ref: 'dsp-x' };

      it('imports a counted level, adjusts it and records every movement', async () => {
        await applyInventoryChange(
          database.db,
          { warehouseId: 'wh-cayes', item: 'FOOD-KIT', itemName: 'Food kit', unit: 'kit' },
          { op: 'set', quantity: 50 },
          { actor: 'source:hxl', ref: 'import-1' },
        );
        const after = await applyInventoryChange(
          database.db,
          { warehouseId: 'wh-cayes', item: 'FOOD-KIT', unit: 'kit' },
          { op: 'adjust', delta: -8 },
          { actor: 'source:cdc' },
        );
        expect(after).toMatchObject({ quantity: 42, available: 42 });
        const movements = await database.db
          .select({ q: stockMovements.quantityDelta, actor: stockMovements.actor })
          .from(stockMovements)
          .where(eq(stockMovements.item, 'FOOD-KIT'));
        expect(movements).toEqual([
          { q: 50, actor: 'source:hxl' },
          { q: -8, actor: 'source:cdc' },
        ]);
        expect(await warehouseExists(database.db, 'wh-cayes')).toBe(true);
        expect(await warehouseExists(database.db, 'wh-nowhere')).toBe(false);
      });

      it('reserves, releases and consumes, never below what is free, and refuses counts below reservations', async () => {
        await applyInventoryChange(
          database.db,
          { warehouseId: 'wh-cayes', item: 'MED-KIT', unit: 'kit' },
          { op: 'set', quantity: 20 },
          ctx,
        );
        await reserveStock(database.db, 'wh-cayes', 'MED-KIT', 15, ctx);
        await expect(reserveStock(database.db, 'wh-cayes', 'MED-KIT', 6, ctx)).rejects.toThrow(
          'only 5 MED-KIT left to reserve in wh-cayes (asked for 6)',
        );
        await expect(
          applyInventoryChange(
            database.db,
            { warehouseId: 'wh-cayes', item: 'MED-KIT', unit: 'kit' },
            { op: 'set', quantity: 10 },
            ctx,
          ),
        ).rejects.toBeInstanceOf(InsufficientStockError);
        await releaseReservation(database.db, 'wh-cayes', 'MED-KIT', 5, ctx);
        const consumed = await consumeReservation(database.db, 'wh-cayes', 'MED-KIT', 10, ctx);
        expect(consumed).toMatchObject({ quantity: 10, reserved: 0, available: 10 });
        await expect(reserveStock(database.db, 'wh-cayes', 'NO-SUCH', 1, ctx)).rejects.toThrow(
          'no NO-SUCH left to reserve in wh-cayes (asked for 1)',
        );
      });

      it('lets one of two coordinators dispatching the last 10 water kits at once succeed, and tells the other why not', async () => {
        await applyInventoryChange(
          database.db,
          { warehouseId: 'wh-cayes', item: 'WATER-KIT', unit: 'kit' },
          { op: 'set', quantity: 10 },
          ctx,
        );
        let release: () => void = () => undefined;
        let firstReserved = false;
        const holding = new Promise<void>((resolve) => (release = resolve));
        // The first transaction reserves and keeps its row lock until the second is seen waiting on it.
        const first = database.transaction(async (tx) => {
          const reserved = await reserveStock(tx, 'wh-cayes', 'WATER-KIT', 10, { ...ctx, ref: 'dsp-first' });
          firstReserved = true;
          await holding;
          return reserved;
        });
        const second = (async () => {
          await waitFor(() => firstReserved, { what: 'first reservation made, not committed' });
          return database.transaction((tx) =>
            reserveStock(tx, 'wh-cayes', 'WATER-KIT', 10, { ...ctx, ref: 'dsp-second' }),
          );
        })();
        if (options.concurrent) {
          await waitFor(
            async () =>
              (
                await queryRows<{ n: number }>(
                  database.db,
                  sql`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`,
                )
              )[0]?.n === 1,
            { what: 'second reservation waiting on the row lock' },
          );
        }
        release();
        const [a, b] = await Promise.allSettled([first, second]);
        expect(a.status).toBe('fulfilled');
        expect(b.status).toBe('rejected');
        const reason = b.status === 'rejected' ? (b.reason as unknown) : undefined;
        expect(reason).toBeInstanceOf(StockUnavailableError);
        expect((reason as Error).message).toBe('no WATER-KIT left to reserve in wh-cayes (asked for 10)');
        expect(await getStock(database.db, 'wh-cayes', 'WATER-KIT')).toMatchObject({
          quantity: 10,
          reserved: 10,
        });
      });
    });
  });
}
