/**
 * Read-side repositories (`*-queries-repository.ts`) on one backend: rows are written with the schema
 * directly (the processor's writers are tested on their own), then read back as wire DTOs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZAlertSummary } from '@vigie/contracts/alert-api';
import { ZFieldAssignment } from '@vigie/contracts/field-api';
import { ZIncidentDetail, ZIncidentSummary } from '@vigie/contracts/incident-api';
import { ZLiveZoneV1 } from '@vigie/contracts/zone-api';
import {
  alertsDueForEscalation,
  getAlertSummary,
  listAlerts,
  markAlertEscalated,
} from '../src/alert-queries-repository';
import type { Database } from '../src/database';
import {
  fieldAssignments,
  fieldProfile,
  incidentIdsOfFieldUser,
  setFieldProfile,
} from '../src/field-queries-repository';
import { getIncidentDetail, incidentTimeline, listIncidents } from '../src/incident-queries-repository';
import {
  countDeliveries,
  createNotificationChannel,
  listNotificationChannels,
  recordDeliveries,
  removeNotificationChannel,
  updateNotificationChannel,
} from '../src/notification-channels-repository';
import { users } from '../src/schema/access';
import { dispatches, incidentAssignments, incidentEvents, incidents } from '../src/schema/incidents';
import { stock, warehouses } from '../src/schema/logistics';
import { alerts } from '../src/schema/observations';
import { assets } from '../src/schema/tracking';
import { zones } from '../src/schema/zones';
import { listStock, warehousesSupplying } from '../src/stock-queries-repository';
import { assetIdsOfUser } from '../src/users-repository';
import { zonesChangedSince, zonesValidAt } from '../src/zone-queries-repository';

const t0 = new Date('2026-01-12T10:00:00Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
const point = (lon: number, lat: number) => ({
  type: 'Point' as const,
  coordinates: [lon, lat] as [number, number],
});

export function runQueriesSuite(
  name: string,
  open: () => Promise<Database>,
  dispose?: () => Promise<void>,
): void {
  describe(name, () => {
    let database: Database;

    beforeAll(async () => {
      database = await open();
      await database.migrate();
      const db = database.db;
      await db.insert(users).values([
        { id: 'q-field', email: 'q-field@example.org', name: 'Field One', passwordHash: 'x', role: 'field' },
        {
          id: 'q-coord',
          email: 'q-coord@example.org',
          name: 'Coord',
          passwordHash: 'x',
          role: 'coordinator',
        },
      ]);
      await db.insert(assets).values([
        { id: 'q-truck', kind: 'vehicle', name: 'Truck 1', status: 'en_route', position: point(-73.7, 18.2) },
        { id: 'q-team', kind: 'team', name: 'Team A', position: point(-73.71, 18.21) },
      ]);
      await db.insert(incidents).values([
        {
          id: 'q-inc-1',
          title: 'Flooding in Les Cayes',
          category: 'flood',
          status: 'dispatched',
          severity: 'severe',
          position: point(-73.75, 18.19),
          region: 'HTI',
          openedAt: at(0),
          updatedAt: at(10),
          needs: [{ itemCode: 'WATER-KIT', quantity: 40, unit: 'kit' }],
          lastSeq: 2,
        },
        {
          id: 'q-inc-2',
          title: 'Landslide near Jérémie',
          category: 'landslide',
          status: 'detected',
          severity: 'unknown',
          position: point(-74.1, 18.65),
          region: 'HTI',
          openedAt: at(1),
          updatedAt: at(5),
        },
        {
          id: 'q-inc-3',
          title: 'Fire in Beira',
          category: 'fire',
          status: 'closed',
          severity: 'moderate',
          position: point(34.86, -19.83),
          region: 'MOZ',
          openedAt: at(2),
          updatedAt: at(3),
        },
      ]);
      await db.insert(alerts).values([
        {
          id: 'q-al-1',
          kind: 'report_cluster',
          severity: 'severe',
          headline: 'Five flood reports',
          geometry: point(-73.75, 18.19),
          raisedAt: at(0),
          incidentId: 'q-inc-1',
          region: 'HTI',
          evidence: {
            items: [
              {
                kind: 'position',
                eventId: '01J9Z3Y6K8M4N2P5Q7R9S1T3V5',
                entityId: 'q-truck',
                at: at(0).toISOString(),
              },
              {
                kind: 'report',
                eventId: '01J9Z3Y6K8M4N2P5Q7R9S1T3V6',
                at: at(0).toISOString(),
                summary: 'water',
              },
            ],
          },
        },
        {
          id: 'q-al-2',
          kind: 'threshold',
          severity: 'extreme',
          headline: 'River above 4 m',
          geometry: point(-73.6, 18.3),
          raisedAt: at(-20),
          region: 'HTI',
        },
        {
          id: 'q-al-3',
          kind: 'anomaly',
          severity: 'minor',
          status: 'acknowledged',
          headline: 'Odd humidity',
          geometry: point(34.8, -19.8),
          raisedAt: at(-30),
          acknowledgedAt: at(-25),
          region: 'MOZ',
        },
      ]);
      await db.insert(incidentEvents).values([
        { incidentId: 'q-inc-1', seq: 1, type: 'opened', actor: 'system:clusters', at: at(0) },
        {
          incidentId: 'q-inc-1',
          seq: 2,
          type: 'dispatched',
          actor: 'q-coord',
          at: at(10),
          data: { assetIds: ['q-truck'] },
        },
      ]);
      await db.insert(warehouses).values([
        { id: 'q-wh-near', name: 'Les Cayes depot', position: point(-73.74, 18.2), region: 'HTI' },
        { id: 'q-wh-far', name: 'Port-au-Prince hub', position: point(-72.33, 18.54), region: 'HTI' },
      ]);
      await db.insert(stock).values([
        { warehouseId: 'q-wh-near', item: 'WATER-KIT', unit: 'kit', quantity: 30, reserved: 30 },
        { warehouseId: 'q-wh-far', item: 'WATER-KIT', unit: 'kit', quantity: 100, reserved: 10 },
        { warehouseId: 'q-wh-far', item: 'TARP', unit: 'pcs', quantity: 5, reserved: 0 },
      ]);
      await db.insert(dispatches).values({
        id: 'q-d-1',
        incidentId: 'q-inc-1',
        assetId: 'q-truck',
        status: 'en_route',
        eta: at(40),
        createdAt: at(10),
      });
      await db.insert(incidentAssignments).values([
        { incidentId: 'q-inc-2', assigneeKind: 'user', assigneeId: 'q-field', assignedAt: at(6) },
        { incidentId: 'q-inc-3', assigneeKind: 'user', assigneeId: 'q-field', assignedAt: at(7) },
      ]);
    });

    afterAll(async () => {
      await database?.close();
      await dispose?.();
    });

    it('lists incidents with filters and pages by cursor', async () => {
      const all = await listIncidents(database.db, { limit: 2 });
      expect(all.items.map((i) => i.incidentId)).toEqual(['q-inc-1', 'q-inc-2']);
      for (const item of all.items) expect(ZIncidentSummary.safeParse(item).success).toBe(true);
      expect(all.nextCursor).toBeDefined();
      const next = await listIncidents(database.db, { limit: 2, cursor: all.nextCursor! });
      expect(next.items.map((i) => i.incidentId)).toEqual(['q-inc-3']);
      expect(next.nextCursor).toBeUndefined();

      const open = await listIncidents(database.db, { limit: 10, status: ['detected', 'dispatched'] });
      expect(open.items.map((i) => i.incidentId).sort()).toEqual(['q-inc-1', 'q-inc-2']);
      const info = await listIncidents(database.db, { limit: 10, severity: ['info'] });
      expect(info.items.map((i) => [i.incidentId, i.severity])).toEqual([['q-inc-2', 'info']]);
      const inBox = await listIncidents(database.db, { limit: 10, bbox: [-74, 18, -73, 18.5] });
      expect(inBox.items.map((i) => i.incidentId)).toEqual(['q-inc-1']);
      const text = await listIncidents(database.db, { limit: 10, text: 'jérémie' });
      expect(text.items.map((i) => i.incidentId)).toEqual(['q-inc-2']);
      const moz = await listIncidents(database.db, { limit: 10, region: 'MOZ', category: 'fire' });
      expect(moz.items.map((i) => i.incidentId)).toEqual(['q-inc-3']);
      expect((await listIncidents(database.db, { limit: 10, ids: [] })).items).toEqual([]);
    });

    it('gives an incident detail with alerts, evidence positions, needs, dispatches and assignees', async () => {
      const detail = await getIncidentDetail(database.db, 'q-inc-1');
      expect(ZIncidentDetail.safeParse(detail).success).toBe(true);
      expect(detail?.incident.alertCount).toBe(1);
      expect(detail?.alerts.map((a) => a.alertId)).toEqual(['q-al-1']);
      expect(detail?.evidence).toHaveLength(2);
      expect(detail?.evidence[0]?.position).toEqual({ lon: -73.7, lat: 18.2 });
      // A report without a stored position falls back to the alert's point.
      expect(detail?.evidence[1]?.position).toEqual({ lon: -73.75, lat: 18.19 });
      expect(detail?.needs).toEqual([{ itemCode: 'WATER-KIT', quantity: 40, unit: 'kit' }]);
      expect(detail?.dispatches[0]).toMatchObject({
        dispatchId: 'q-d-1',
        status: 'en_route',
        eta: at(40).toISOString(),
        asset: { assetId: 'q-truck', name: 'Truck 1', status: 'en_route' },
      });
      const other = await getIncidentDetail(database.db, 'q-inc-2');
      expect(other?.assignees).toMatchObject([
        { assigneeKind: 'user', assigneeId: 'q-field', name: 'Field One' },
      ]);
      expect(await getIncidentDetail(database.db, 'nope')).toBeNull();
    });

    it('reads the timeline after a sequence number', async () => {
      const timeline = await incidentTimeline(database.db, 'q-inc-1', { afterSeq: 0, limit: 100 });
      expect(timeline?.events.map((e) => [e.seq, e.type, e.actorName])).toEqual([
        [1, 'opened', undefined],
        [2, 'dispatched', 'Coord'],
      ]);
      expect(
        (await incidentTimeline(database.db, 'q-inc-1', { afterSeq: 1, limit: 100 }))?.events,
      ).toHaveLength(1);
      expect(await incidentTimeline(database.db, 'nope', { afterSeq: 0, limit: 10 })).toBeNull();
    });

    it('lists alerts, the unacknowledged ones, a field scope, and escalates once', async () => {
      const all = await listAlerts(database.db, { limit: 10 });
      expect(all.items.map((a) => a.alertId)).toEqual(['q-al-1', 'q-al-2', 'q-al-3']);
      for (const a of all.items) expect(ZAlertSummary.safeParse(a).success).toBe(true);
      const unack = await listAlerts(database.db, { limit: 10, unacknowledged: true });
      expect(unack.items.map((a) => a.alertId)).toEqual(['q-al-1', 'q-al-2']);
      const scoped = await listAlerts(database.db, { limit: 10, scope: { incidentIds: ['q-inc-1'] } });
      expect(scoped.items.map((a) => a.alertId)).toEqual(['q-al-1']);
      const near = await listAlerts(database.db, {
        limit: 10,
        scope: { incidentIds: [], bbox: [-73.65, 18.25, -73.55, 18.35] },
      });
      expect(near.items.map((a) => a.alertId)).toEqual(['q-al-2']);

      const due = await alertsDueForEscalation(database.db, ['severe', 'extreme'], at(-5));
      expect(due.map((a) => a.alertId)).toEqual(['q-al-2']);
      expect(await markAlertEscalated(database.db, 'q-al-2', at(0))).toBe(true);
      expect(await markAlertEscalated(database.db, 'q-al-2', at(1))).toBe(false);
      expect((await getAlertSummary(database.db, 'q-al-2'))?.escalatedAt).toBe(at(0).toISOString());
      expect(await alertsDueForEscalation(database.db, ['severe', 'extreme'], at(-5))).toEqual([]);
    });

    it('lists stock per warehouse and the warehouses that can supply needs, nearest first', async () => {
      const list = await listStock(database.db);
      const far = list.warehouses.find((w) => w.warehouseId === 'q-wh-far');
      expect(far?.lines.map((l) => [l.itemCode, l.quantity, l.reserved, l.available])).toEqual([
        ['TARP', 5, 0, 5],
        ['WATER-KIT', 100, 10, 90],
      ]);
      expect(
        (await listStock(database.db, { itemCode: 'TARP' })).warehouses.map((w) => w.warehouseId),
      ).toEqual(['q-wh-far']);
      // The near depot has all its water kits reserved: only the far hub can supply.
      const supply = await warehousesSupplying(database.db, { lon: -73.75, lat: 18.19 }, [
        { itemCode: 'WATER-KIT', quantity: 40 },
      ]);
      expect(supply.map((s) => [s.warehouseId, s.lines[0]?.available, s.lines[0]?.needed])).toEqual([
        ['q-wh-far', 90, 40],
      ]);
      expect(supply[0]?.distanceM).toBeGreaterThan(100_000);
    });

    it('gives field staff their profile and assignments', async () => {
      await setFieldProfile(database.db, 'q-field', { assetId: 'q-truck', regions: ['HTI'] });
      const profile = await fieldProfile(database.db, 'q-field');
      expect(profile).toEqual({ userId: 'q-field', assetId: 'q-truck', regions: ['HTI'] });
      // The linked asset anchors the user's nearby area, before any asset they carry.
      expect(await assetIdsOfUser(database.db, 'q-field')).toEqual(['q-truck']);
      const mine = await fieldAssignments(database.db, profile!);
      for (const a of mine) expect(ZFieldAssignment.safeParse(a).success).toBe(true);
      // The closed incident is left out; the dispatch of my truck and my assignment remain.
      expect(mine.map((a) => [a.via, a.incident.incidentId])).toEqual([
        ['dispatch', 'q-inc-1'],
        ['assignment', 'q-inc-2'],
      ]);
      expect((await incidentIdsOfFieldUser(database.db, profile!)).sort()).toEqual(['q-inc-1', 'q-inc-2']);
    });

    it('reads zones valid now and zones changed since a time', async () => {
      const square = (w: number, s: number) => ({
        type: 'MultiPolygon' as const,
        coordinates: [
          [
            [
              [w, s],
              [w + 0.1, s],
              [w + 0.1, s + 0.1],
              [w, s + 0.1],
              [w, s],
            ] as [number, number][],
          ],
        ],
      });
      await database.db.insert(zones).values([
        {
          id: 'q-z-now',
          kind: 'hazard',
          name: 'Flood',
          geometry: square(-73.8, 18.1),
          updatedAt: at(1),
          attrs: { severity: 'severe' },
        },
        {
          id: 'q-z-old',
          kind: 'hazard',
          name: 'Old',
          geometry: square(-73.8, 18.1),
          validTo: at(-60),
          updatedAt: at(2),
        },
        { id: 'q-z-fence', kind: 'geofence', name: 'Yard', geometry: square(-73.8, 18.1), updatedAt: at(3) },
      ]);
      const now = await zonesValidAt(database.db, { at: at(0), kinds: ['hazard'], bbox: [-74, 18, -73, 19] });
      expect(now.map((z) => z.zoneId)).toEqual(['q-z-now']);
      expect(ZLiveZoneV1.safeParse(now[0]).success).toBe(true);
      expect(now[0]?.severity).toBe('severe');
      expect(
        await zonesValidAt(database.db, { at: at(0), kinds: ['hazard'], bbox: [30, -20, 31, -19] }),
      ).toEqual([]);
      const changed = await zonesChangedSince(database.db, { since: at(1), kinds: ['hazard', 'geofence'] });
      expect(changed.map((z) => z.zoneId)).toEqual(['q-z-old', 'q-z-fence']);
    });

    it('keeps notification channels and counts deliveries', async () => {
      const channel = await createNotificationChannel(database.db, 'q-ch-1', {
        kind: 'webhook',
        name: 'Ops chat',
        target: 'http://127.0.0.1:9/hook',
        minSeverity: 'severe',
        regions: ['HTI'],
        maxPerWindow: 3,
        windowS: 60,
        enabled: true,
      });
      expect(channel).toMatchObject({ channelId: 'q-ch-1', regions: ['HTI'], minSeverity: 'severe' });
      expect(
        (await updateNotificationChannel(database.db, 'q-ch-1', { minSeverity: 'info', enabled: false }))
          ?.minSeverity,
      ).toBe('info');
      expect(await listNotificationChannels(database.db, { enabledOnly: true })).toEqual([]);
      await recordDeliveries(database.db, [
        { channelId: 'q-ch-1', alertId: 'q-al-1', at: at(0), outcome: 'sent' },
        { channelId: 'q-ch-1', alertId: 'q-al-2', at: at(0), outcome: 'suppressed' },
      ]);
      expect(await countDeliveries(database.db, 'q-ch-1')).toEqual({ sent: 1, suppressed: 1 });
      expect(await removeNotificationChannel(database.db, 'q-ch-1')).toBe(true);
      expect(await removeNotificationChannel(database.db, 'q-ch-1')).toBe(false);
    });
  });
}
