/**
 * What the incident, dispatch, stock and field procedures answer and publish, on the embedded log and
 * PGlite: the queue and the panel read what the processor stored, the dispatch plan ranks the nearby
 * truck with an ETA and names the warehouse that can supply, a stock import and a field report become
 * events on their raw topics.
 */
import type { Consumer } from '@vigie/bus/log';
import { newEventId } from '@vigie/contracts/envelope';
import { fieldPhotoMediaId } from '@vigie/contracts/field-photo-api';
import { ZInventoryEventV1 } from '@vigie/contracts/inventory';
import type { TInventoryEventV1 } from '@vigie/contracts/inventory';
import { ZReportEventV1 } from '@vigie/contracts/reports';
import type { TReportEventV1 } from '@vigie/contracts/reports';
import { upsertAsset } from '@vigie/db/assets-repository';
import { createDispatches } from '@vigie/db/dispatches-repository';
import { setFieldProfile } from '@vigie/db/field-queries-repository';
import { saveIncidentChange } from '@vigie/db/incidents-repository';
import { recordPositions } from '@vigie/db/positions-repository';
import { adjustStock, upsertWarehouse } from '@vigie/db/stock-repository';
import { waitFor } from '@vigie/testing/wait-for';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './gateway-harness';
import { startHarness } from './gateway-harness';

const CAYES = { lon: -73.75, lat: 18.19 };

async function trpc(harness: Harness, path: string, input: unknown, cookie: string, mutation = false) {
  const url = `${harness.baseUrl}/api/trpc/${path}`;
  const response = mutation
    ? await fetch(url, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify(input),
      })
    : await fetch(`${url}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers: { cookie } });
  const body = (await response.json()) as { result?: { data?: unknown }; error?: { message?: string } };
  if (response.status !== 200) throw new Error(`${path}: ${response.status} ${body.error?.message ?? ''}`);
  return body.result?.data as Record<string, unknown>;
}

describe('incident, dispatch, stock and field procedures (embedded log + PGlite)', () => {
  let harness: Harness;
  let coordinator: string;
  let field: { id: string; cookie: string };
  const inventory: TInventoryEventV1[] = [];
  const reports: TReportEventV1[] = [];
  const consumers: Consumer[] = [];

  beforeAll(async () => {
    harness = await startHarness('embedded');
    const db = harness.database.db;
    coordinator = (await harness.session('coordinator')).cookie;
    field = await harness.session('field');
    const now = new Date();
    await upsertAsset(db, {
      id: 'api-truck-near',
      kind: 'vehicle',
      name: 'Truck near',
      attrs: { capacity: 100 },
    });
    await upsertAsset(db, { id: 'api-truck-far', kind: 'vehicle', name: 'Truck far' });
    await upsertAsset(db, { id: 'api-team', kind: 'team', name: 'Team Cayes' });
    await recordPositions(db, [
      { envelopeId: newEventId(), assetId: 'api-truck-near', time: now, lon: -73.7, lat: 18.22 },
      { envelopeId: newEventId(), assetId: 'api-truck-far', time: now, lon: -72.33, lat: 18.54 },
      { envelopeId: newEventId(), assetId: 'api-team', time: now, lon: -73.74, lat: 18.2 },
    ]);
    await upsertWarehouse(db, {
      id: 'api-wh-cayes',
      name: 'Les Cayes depot',
      position: { lon: -73.74, lat: 18.2 },
    });
    await adjustStock(db, 'api-wh-cayes', 'WATER-KIT', 25, { unit: 'kit' });
    await saveIncidentChange(
      db,
      {
        id: 'api-inc',
        title: 'Flooding in Les Cayes',
        category: 'flood',
        status: 'acknowledged',
        severity: 'severe',
        position: CAYES,
        area: null,
        region: 'HTI',
        h3Cell: null,
        needs: [{ itemCode: 'WATER-KIT', quantity: 40, unit: 'kit' }],
        openedAt: now,
        mergedInto: null,
        seq: 1,
        state: {},
      },
      { type: 'opened', actor: 'system:clusters', at: now, envelopeId: newEventId(), data: {} },
    );
    await createDispatches(
      db,
      [
        {
          id: 'api-d-1',
          incidentId: 'api-inc',
          assetId: 'api-team',
          assignedBy: 'x',
          commandId: newEventId(),
          eta: new Date(now.getTime() + 600_000),
        },
      ],
      now,
    );
    await setFieldProfile(db, field.id, { assetId: 'api-team', regions: ['HTI'] });
    for (const [topic, sink, schema] of [
      [harness.config.topics.rawInventory, inventory, ZInventoryEventV1],
      [harness.config.topics.rawReports, reports, ZReportEventV1],
    ] as const)
      consumers.push(
        await harness.log.consumer({
          groupId: `api-test-${topic}`,
          topics: [topic],
          startFrom: 'earliest',
          onBatch: async (batch) => {
            for (const m of batch.messages)
              (sink as unknown[]).push(schema.parse(JSON.parse(m.value.toString('utf8'))));
          },
        }),
      );
  }, 60_000);

  afterAll(async () => {
    for (const c of consumers) await c.close();
    await harness?.close();
  });

  it('lists the incident queue and shows the panel with the dispatch, its vehicle and ETA', async () => {
    const list = await trpc(
      harness,
      'incidents.list',
      { status: ['acknowledged'], region: 'HTI' },
      coordinator,
    );
    expect((list.items as { incidentId: string }[]).map((i) => i.incidentId)).toEqual(['api-inc']);
    const detail = await trpc(harness, 'incidents.detail', { incidentId: 'api-inc' }, coordinator);
    expect(detail.dispatches).toMatchObject([
      { dispatchId: 'api-d-1', status: 'assigned', asset: { assetId: 'api-team', name: 'Team Cayes' } },
    ]);
    expect(detail.needs).toEqual([{ itemCode: 'WATER-KIT', quantity: 40, unit: 'kit' }]);
    const timeline = await trpc(harness, 'incidents.timeline', { incidentId: 'api-inc' }, coordinator);
    expect((timeline.events as { type: string }[]).map((e) => e.type)).toEqual(['opened']);
  });

  it('plans a dispatch: the nearby truck first with an ETA, and the depot that can supply', async () => {
    const plan = await trpc(harness, 'dispatch.plan', { incidentId: 'api-inc' }, coordinator);
    const vehicles = plan.vehicles as { assetId: string; etaS: number; distanceM: number }[];
    expect(vehicles[0]?.assetId).toBe('api-truck-near');
    const far = vehicles.find((v) => v.assetId === 'api-truck-far');
    expect(far === undefined || far.etaS > vehicles[0]!.etaS).toBe(true);
    expect(vehicles[0]!.etaS).toBeGreaterThan(0);
    expect(plan.warehouses).toMatchObject([
      { warehouseId: 'api-wh-cayes', lines: [{ itemCode: 'WATER-KIT', available: 25, needed: 40 }] },
    ]);
  });

  it('gives the field user their assignment through their asset', async () => {
    const mine = await trpc(harness, 'field.assignments', {}, field.cookie);
    expect(mine.assetId).toBe('api-team');
    expect(mine.items).toMatchObject([
      { via: 'dispatch', incident: { incidentId: 'api-inc' }, dispatch: { dispatchId: 'api-d-1' } },
    ]);
  });

  it('imports stock from CSV and HXL as raw.inventory set events, naming the lines it rejects', async () => {
    const csv = await trpc(
      harness,
      'stock.import',
      {
        format: 'csv',
        text: 'warehouse,item,quantity,unit\napi-wh-cayes,WATER-KIT,120,kit\napi-wh-cayes,TARP,lots,pcs\n',
        ref: 'count-2026-01',
      },
      coordinator,
      true,
    );
    expect(csv.accepted).toBe(1);
    expect((csv.rejected as { line: number }[]).length).toBe(1);
    const hxl = await trpc(
      harness,
      'stock.import',
      {
        format: 'hxl',
        text: 'Warehouse,Item,Qty,Unit\n#loc+code,#item+code,#meta+quantity,#meta+unit\napi-wh-cayes,FOOD-KIT,"1 250",kit\n',
      },
      coordinator,
      true,
    );
    expect(hxl).toEqual({ accepted: 1, rejected: [] });
    await expect(
      trpc(
        harness,
        'stock.import',
        { format: 'hxl', text: 'warehouse,item,quantity,unit\napi-wh-cayes,TARP,3,pcs\n' },
        coordinator,
        true,
      ),
    ).rejects.toThrow(/400 No HXL hashtag row/);
    await waitFor(() => inventory.length >= 2, { what: 'two inventory events' });
    expect(
      inventory.map((e) => [
        e.payload.warehouseId,
        e.payload.itemCode,
        e.payload.op === 'set' ? e.payload.quantity : null,
      ]),
    ).toEqual([
      ['api-wh-cayes', 'WATER-KIT', 120],
      ['api-wh-cayes', 'FOOD-KIT', 1250],
    ]);
    expect(inventory[0]?.payload.ref).toBe('count-2026-01');
  });

  it('publishes a field report with position and photo on raw.reports, once per client report id', async () => {
    const reportId = newEventId();
    const mediaId = fieldPhotoMediaId(field.id, 'photo-1');
    const input = {
      reportId,
      text: 'Road to the clinic is cut by water',
      position: CAYES,
      mediaId,
    };
    expect(await trpc(harness, 'reports.create', input, field.cookie, true)).toEqual({
      reportId,
      eventId: reportId,
    });
    await waitFor(() => reports.some((r) => r.id === reportId), { what: 'the report event' });
    const event = reports.find((r) => r.id === reportId)!;
    expect(event.payload).toMatchObject({
      channel: 'field',
      position: CAYES,
      mediaIds: [mediaId],
      author: field.id,
    });
  });
});
