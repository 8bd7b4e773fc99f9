/**
 * Admins edit detection rules and geofences through `rules.*` and `zones.*`, against PostgreSQL + Kafka
 * + Redis: thresholds and switches reach the rules table, a pasted GeoJSON polygon becomes a zone the
 * processor can load, coordinators are refused and audited, and a bad parameter is named in the 400.
 */
import type { TRuleV1 } from '@vigie/contracts/rule-api';
import type { TAdminZoneV1 } from '@vigie/contracts/zone-admin-api';
import { listAudit } from '@vigie/db/audit-repository';
import { getRule, upsertRule } from '@vigie/db/rules-repository';
import { getZone, listZones } from '@vigie/db/zones-repository';
import { describeWithService, isServiceUp } from '@vigie/testing/services';
import { uniqueName } from '@vigie/testing/unique-name';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Harness } from './gateway-harness';
import { startHarness } from './gateway-harness';

interface TrpcBody<T> {
  result?: { data?: T };
  error?: { message?: string; data?: { code?: string; appCode?: string } };
}

async function call<T>(harness: Harness, path: string, input: unknown, cookie: string, query = false) {
  const url = `${harness.baseUrl}/api/trpc/${path}`;
  const response = query
    ? await fetch(`${url}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers: { cookie } })
    : await fetch(url, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify(input),
      });
  return { status: response.status, body: (await response.json()) as TrpcBody<T> };
}

const YARD = {
  type: 'Polygon',
  coordinates: [
    [
      [-72.34, 18.53],
      [-72.32, 18.53],
      [-72.32, 18.55],
      [-72.34, 18.55],
      [-72.34, 18.53],
    ],
  ],
};

describeWithService(
  (await isServiceUp('postgres')) && (await isServiceUp('kafka')) && (await isServiceUp('redis')),
  'PostgreSQL, Kafka and Redis',
  'start PostgreSQL+PostGIS, Kafka and Redis (npm test brings them up)',
)('rules and zones administration (PostgreSQL + Kafka + Redis)', () => {
  let harness: Harness;
  let admin: { id: string; cookie: string };
  let coordinator: { id: string; cookie: string };
  const ruleId = uniqueName('river-threshold');
  const rateRuleId = uniqueName('river-rise');

  beforeAll(async () => {
    harness = await startHarness('distributed');
    admin = await harness.session('admin');
    coordinator = await harness.session('coordinator');
    const db = harness.database.db;
    await upsertRule(db, {
      id: ruleId,
      kind: 'threshold',
      name: 'River above flood stage',
      params: { metric: 'water_level', above: 4, clearBelow: 3.7, minConsecutive: 2, severity: 'severe' },
    });
    await upsertRule(db, {
      id: rateRuleId,
      kind: 'rate_of_change',
      name: 'River rising fast',
      params: { metric: 'water_level', risePerHour: 1, windowMs: 900_000 },
    });
  }, 120_000);

  afterAll(async () => {
    await harness?.close();
  });

  it('lets an admin raise a threshold and disable a rule', async () => {
    const listed = await call<TRuleV1[]>(harness, 'rules.list', {}, admin.cookie, true);
    expect(listed.status).toBe(200);
    const rule = listed.body.result?.data?.find((r) => r.id === ruleId);
    expect(rule).toMatchObject({ kind: 'threshold', enabled: true, params: { above: 4 } });

    const raised = await call<TRuleV1>(
      harness,
      'rules.update',
      { id: ruleId, params: { ...rule!.params, above: 4.5 } },
      admin.cookie,
    );
    expect(raised.status).toBe(200);
    expect(raised.body.result?.data?.params).toMatchObject({
      above: 4.5,
      clearBelow: 3.7,
      metric: 'water_level',
    });

    const disabled = await call<TRuleV1>(
      harness,
      'rules.update',
      { id: rateRuleId, enabled: false },
      admin.cookie,
    );
    expect(disabled.status).toBe(200);

    const db = harness.database.db;
    expect((await getRule(db, ruleId))?.params).toMatchObject({ above: 4.5 });
    expect(await getRule(db, ruleId)).toMatchObject({ enabled: true, updatedBy: admin.id });
    expect(await getRule(db, rateRuleId)).toMatchObject({
      enabled: false,
      params: { risePerHour: 1, windowMs: 900_000 },
    });
    const audit = await listAudit(db, { actor: admin.id, limit: 50 });
    expect(audit.filter((a) => a.action === 'rule.update').map((a) => a.target)).toEqual(
      expect.arrayContaining([ruleId, rateRuleId]),
    );
  });

  it('refuses a bad parameter with a 400 naming it, and leaves the rule unchanged', async () => {
    const negative = await call(
      harness,
      'rules.update',
      { id: rateRuleId, params: { metric: 'water_level', risePerHour: -2 } },
      admin.cookie,
    );
    expect(negative.status).toBe(400);
    expect(negative.body.error?.data?.appCode).toBe('VALIDATION_FAILED');
    expect(negative.body.error?.message).toMatch(/^params\.risePerHour: /);

    const wrongType = await call(
      harness,
      'rules.update',
      { id: ruleId, params: { metric: 'water_level', above: 'high' } },
      admin.cookie,
    );
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error?.message).toMatch(/^params\.above: /);
    expect((await getRule(harness.database.db, ruleId))?.params).toMatchObject({ above: 4.5 });
    expect((await getRule(harness.database.db, rateRuleId))?.params).toMatchObject({ risePerHour: 1 });
  });

  it('lets an admin create a geofence from GeoJSON, edit it and remove it', async () => {
    const created = await call<TAdminZoneV1>(
      harness,
      'zones.create',
      { kind: 'geofence', name: 'Warehouse yard', geometry: YARD, validFrom: '2026-01-01T00:00:00Z' },
      admin.cookie,
    );
    expect(created.status).toBe(200);
    const zone = created.body.result!.data!;
    expect(zone).toMatchObject({ kind: 'geofence', name: 'Warehouse yard', validTo: null });
    expect(zone.geometry.type).toBe('MultiPolygon');
    const db = harness.database.db;
    // What the processor loads every few seconds: valid now, so it is there.
    expect((await listZones(db, { kinds: ['geofence'] })).map((z) => z.id)).toContain(zone.id);

    const renamed = await call<TAdminZoneV1>(
      harness,
      'zones.update',
      { id: zone.id, name: 'Main yard', validTo: '2099-01-01T00:00:00Z' },
      admin.cookie,
    );
    expect(renamed.status).toBe(200);
    expect(renamed.body.result?.data).toMatchObject({
      name: 'Main yard',
      validTo: '2099-01-01T00:00:00.000Z',
    });

    const listed = await call<TAdminZoneV1[]>(harness, 'zones.list', {}, admin.cookie, true);
    expect(listed.body.result?.data?.find((z) => z.id === zone.id)?.name).toBe('Main yard');

    const removed = await call(harness, 'zones.remove', { id: zone.id }, admin.cookie);
    expect(removed.status).toBe(200);
    expect(await getZone(db, zone.id)).toBeNull();
    const again = await call(harness, 'zones.remove', { id: zone.id }, admin.cookie);
    expect(again.status).toBe(404);
    const actions = (await listAudit(db, { actor: admin.id, limit: 50 }))
      .filter((a) => a.target === zone.id)
      .map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['zone.create', 'zone.update', 'zone.remove']));
  });

  it('refuses coordinates out of range, open rings and validity ending before it starts', async () => {
    const outOfRange = structuredClone(YARD);
    outOfRange.coordinates[0]![1] = [-200, 18.53];
    const open = { type: 'Polygon', coordinates: [YARD.coordinates[0]!.slice(0, 4)] };
    for (const input of [
      { kind: 'geofence', name: 'Bad', geometry: outOfRange },
      { kind: 'geofence', name: 'Bad', geometry: open },
      { kind: 'geofence', name: 'Bad', geometry: { type: 'Point', coordinates: [-72.3, 18.5] } },
      { kind: 'admin_area', name: 'Bad', geometry: YARD },
      {
        kind: 'hazard',
        name: 'Bad',
        geometry: YARD,
        validFrom: '2026-02-01T00:00:00Z',
        validTo: '2026-01-01T00:00:00Z',
      },
    ]) {
      const response = await call(harness, 'zones.create', input, admin.cookie);
      expect(response.status, JSON.stringify(input)).toBe(400);
    }
  });

  it('refuses a coordinator (403) and audits the refusal', async () => {
    const attempts = [
      await call(harness, 'rules.list', {}, coordinator.cookie, true),
      await call(harness, 'rules.update', { id: ruleId, enabled: false }, coordinator.cookie),
      await call(
        harness,
        'zones.create',
        { kind: 'geofence', name: 'Nope', geometry: YARD },
        coordinator.cookie,
      ),
    ];
    expect(attempts.map((a) => a.status)).toEqual([403, 403, 403]);
    expect((await getRule(harness.database.db, ruleId))?.enabled).toBe(true);
    const audit = await listAudit(harness.database.db, { actor: coordinator.id, limit: 50 });
    const denied = new Set(audit.filter((a) => a.outcome === 'denied').map((a) => a.target));
    expect([...denied]).toEqual(
      expect.arrayContaining(['trpc:rules.list', 'trpc:rules.update', 'trpc:zones.create']),
    );
  });
});
