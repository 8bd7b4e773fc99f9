/**
 * Tests of the detection write side: rules (defaults seeded once, edits kept), alerts upserted from
 * live-alert DTOs (external ones unique on sender + identifier, acknowledged kept, cancel, expiry) and
 * hazard zones from external alerts (upsert by source + code, end of validity on cancel). Each backend's
 * test file opens its own database and registers this suite against it.
 */
import type { TLiveAlertV1 } from '@vigie/contracts/live-alerts';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cancelExternalAlerts,
  expireAlerts,
  getAlert,
  getExternalAlert,
  upsertAlerts,
} from '../src/alerts-repository';
import type { Database } from '../src/database';
import {
  DEFAULT_RULES,
  getRule,
  listRules,
  rulesVersion,
  seedDefaultRules,
  setRuleEnabled,
  upsertRule,
} from '../src/rules-repository';
import { alerts } from '../src/schema/observations';
import {
  endZones,
  hazardZoneId,
  listZones,
  listZonesFrom,
  upsertHazardZone,
  zonesContaining,
} from '../src/zones-repository';

const EVENT = '01JABCDEFGHJKMNPQRSTVWXYZ0';
const square = (west: number, south: number, size: number) => ({
  type: 'Polygon' as const,
  coordinates: [
    [
      [west, south],
      [west + size, south],
      [west + size, south + size],
      [west, south + size],
      [west, south],
    ] as [number, number][],
  ],
});

function alert(id: string, extra: Partial<TLiveAlertV1> = {}): TLiveAlertV1 {
  return {
    alertId: id,
    kind: 'threshold',
    ruleId: 'river-level-threshold',
    severity: 'severe',
    status: 'active',
    title: `River above flood stage (${id})`,
    category: 'flood',
    place: { type: 'Point', coordinates: [-73.75, 18.2] },
    region: { country: 'HTI', name: 'Sud' },
    cell: '87671a8d6ffffff',
    evidence: [
      { kind: 'reading', eventId: EVENT, entityId: 'river-1', at: '2025-10-01T06:00:00.000Z', value: 4.7 },
    ],
    raisedAt: '2025-10-01T06:00:00.000Z',
    ...extra,
  };
}

export function runDetectionSuite(
  name: string,
  open: () => Promise<Database>,
  dispose?: () => Promise<void>,
): void {
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

    it('seeds the default rules once and keeps an admin edit', async () => {
      const db = database.db;
      expect(await seedDefaultRules(db)).toBe(DEFAULT_RULES.length);
      const v1 = await rulesVersion(db);
      await upsertRule(db, {
        id: 'river-level-threshold',
        kind: 'threshold',
        name: 'River level above 5 m',
        params: { metric: 'water_level', above: 5 },
        updatedBy: 'admin-1',
      });
      expect(await seedDefaultRules(db)).toBe(0);
      expect((await getRule(db, 'river-level-threshold'))?.params).toEqual({
        metric: 'water_level',
        above: 5,
      });
      expect(await rulesVersion(db)).not.toBe(v1);
      const disabled = await setRuleEnabled(db, 'fire-report-cluster', false, 'admin-1');
      expect(disabled).toMatchObject({ enabled: false, updatedBy: 'admin-1' });
      const enabled = await listRules(db, { enabledOnly: true });
      expect(enabled.map((r) => r.id)).not.toContain('fire-report-cluster');
      expect((await listRules(db)).map((r) => r.kind)).toContain('report_cluster');
      expect(await setRuleEnabled(db, 'no-such-rule', true)).toBeNull();
    });

    it('upserts alerts by id: one row per alert, the latest state, acknowledged kept', async () => {
      const db = database.db;
      await database.transaction(async (tx) => {
        await upsertAlerts(tx, [alert('th-1'), alert('th-1', { severity: 'extreme' }), alert('th-2')]);
      });
      expect((await getAlert(db, 'th-1'))?.severity).toBe('extreme');
      const stored = await getAlert(db, 'th-2');
      expect(stored).toMatchObject({
        kind: 'threshold',
        status: 'active',
        region: { country: 'HTI', name: 'Sud' },
        cell: '87671a8d6ffffff',
        place: { type: 'Point', coordinates: [-73.75, 18.2] },
      });
      expect(stored?.evidence[0]?.value).toBe(4.7);

      await db.update(alerts).set({ status: 'acknowledged' }).where(eq(alerts.id, 'th-1'));
      await upsertAlerts(db, [alert('th-1', { updatedAt: '2025-10-01T06:10:00.000Z' })]);
      expect((await getAlert(db, 'th-1'))?.status).toBe('acknowledged');
      await upsertAlerts(db, [alert('th-1', { status: 'cleared', updatedAt: '2025-10-01T08:00:00.000Z' })]);
      const cleared = await getAlert(db, 'th-1');
      expect(cleared).toMatchObject({
        status: 'cleared',
        updatedAt: '2025-10-01T08:00:00.000Z',
        raisedAt: '2025-10-01T06:00:00.000Z',
      });
    });

    it('keeps one row per external sender + identifier; cancels and expires them', async () => {
      const db = database.db;
      const external = (title: string, expiresAt: string) =>
        alert('ext-sim-1', {
          kind: 'external',
          ruleId: undefined,
          title,
          external: { sender: 'sim-met', identifier: 'FLOOD-1' },
          place: square(-73.8, 18.15, 0.1),
          expiresAt,
        });
      await upsertAlerts(db, [external('Flood warning', '2025-10-01T12:00:00.000Z')]);
      await upsertAlerts(db, [external('Flood warning (updated)', '2025-10-01T18:00:00.000Z')]);
      const stored = await getExternalAlert(db, 'sim-met', 'FLOOD-1');
      expect(stored).toMatchObject({
        title: 'Flood warning (updated)',
        external: { sender: 'sim-met', identifier: 'FLOOD-1' },
      });
      expect(stored?.place.type).toBe('Polygon');

      expect(await expireAlerts(db, new Date('2025-10-01T13:00:00Z'))).toEqual([]);
      const cancelled = await cancelExternalAlerts(
        db,
        [
          { sender: 'sim-met', identifier: 'FLOOD-1' },
          { sender: 'sim-met', identifier: 'never-seen' },
        ],
        new Date('2025-10-01T14:00:00Z'),
      );
      expect(cancelled.map((a) => [a.alertId, a.status])).toEqual([['ext-sim-1', 'cancelled']]);

      await upsertAlerts(db, [alert('short-1', { expiresAt: '2025-10-01T07:00:00.000Z' })]);
      const expired = await expireAlerts(db, new Date('2025-10-01T07:00:00Z'));
      expect(expired.map((a) => a.alertId)).toContain('short-1');
      expect((await getAlert(db, 'short-1'))?.status).toBe('expired');
    });

    it('keeps one hazard zone per source + code, reshaped by updates and ended by a cancel', async () => {
      const db = database.db;
      const from = new Date('2025-10-01T06:00:00Z');
      const to = new Date('2025-10-02T06:00:00Z');
      await upsertHazardZone(db, {
        source: 'sim-met',
        code: 'FLOOD-9',
        name: 'Flood',
        geometry: square(10, 10, 1),
        validFrom: from,
        validTo: to,
      });
      await upsertHazardZone(db, {
        source: 'sim-met',
        code: 'FLOOD-9',
        name: 'Flood (wider)',
        geometry: square(10, 10, 2),
        validFrom: from,
        validTo: to,
      });
      const id = hazardZoneId('sim-met', 'FLOOD-9');
      const inside = { lon: 11.5, lat: 11.5 };
      const noon = new Date('2025-10-01T12:00:00Z');
      expect((await zonesContaining(db, inside, { at: noon })).map((z) => [z.id, z.name, z.kind])).toEqual([
        [id, 'Flood (wider)', 'hazard'],
      ]);
      expect(await zonesContaining(db, inside, { at: new Date('2025-10-03T00:00:00Z') })).toEqual([]);
      expect((await listZonesFrom(db, noon, ['hazard'])).map((z) => z.id)).toContain(id);

      const cancelAt = new Date('2025-10-01T13:00:00Z');
      expect(await endZones(db, 'sim-met', 'FLOOD-9', cancelAt)).toEqual([id]);
      expect(await zonesContaining(db, inside, { at: noon })).toHaveLength(1);
      expect(await zonesContaining(db, inside, { at: cancelAt })).toEqual([]);
      expect((await listZones(db, { at: new Date('2025-10-01T14:00:00Z') })).map((z) => z.id)).not.toContain(
        id,
      );
      expect((await listZonesFrom(db, cancelAt)).map((z) => z.id)).not.toContain(id);

      // A zone that would only have started after the cancel is removed altogether.
      await upsertHazardZone(db, {
        source: 'sim-met',
        code: 'LATER',
        name: 'Later',
        geometry: square(20, 20, 1),
        validFrom: to,
      });
      expect(await endZones(db, 'sim-met', 'LATER', cancelAt)).toEqual([hazardZoneId('sim-met', 'LATER')]);
      expect(await listZonesFrom(db, cancelAt, ['hazard'])).not.toContainEqual(
        expect.objectContaining({ code: 'LATER' }),
      );
    });
  });
}
