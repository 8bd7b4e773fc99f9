/**
 * `dispatch.plan`: for an incident, the vehicles to suggest (ETA, capacity) and the warehouses that can
 * supply its needs. Candidates come from the database (nearest vehicles, boats and teams with a
 * position; warehouses holding the needed items); the ranking is the domain's dispatch planner.
 */
import { AppError } from '@vigie/contracts/errors';
import { ZDispatchPlan, ZDispatchPlanInput } from '@vigie/contracts/incident-api';
import type { TDispatchPlan, TVehicleSuggestion } from '@vigie/contracts/incident-api';
import { ZAssetKind, ZAssetStatus } from '@vigie/contracts/assets';
import { planDispatch } from '@vigie/domain/logistics/plan-dispatch';
import { getIncidentDetail } from '@vigie/db/incident-queries-repository';
import { nearestAssets } from '@vigie/db/positions-repository';
import { warehousesSupplying } from '@vigie/db/stock-queries-repository';
import { procedureWith } from './trpc-init';

const CANDIDATES = 60;
const numberAttr = (attrs: Record<string, unknown>, key: string) =>
  typeof attrs[key] === 'number' && Number.isFinite(attrs[key]) ? attrs[key] : undefined;

export const planDispatchProcedure = procedureWith('incident.dispatch')
  .input(ZDispatchPlanInput)
  .output(ZDispatchPlan)
  .query(async ({ ctx, input }): Promise<TDispatchPlan> => {
    const db = ctx.services.database.db;
    const detail = await getIncidentDetail(db, input.incidentId);
    if (detail === null) throw new AppError('NOT_FOUND', `No incident ${input.incidentId}`);
    const destination = detail.incident.position;
    if (destination === undefined) throw new AppError('CONFLICT', 'The incident has no position yet');
    const needs = detail.needs;
    const [assets, warehouses] = await Promise.all([
      nearestAssets(db, destination, CANDIDATES, { kinds: ['vehicle', 'boat', 'team', 'drone', 'aircraft'] }),
      warehousesSupplying(db, destination, needs, 20),
    ]);
    const now = new Date();
    const plan = planDispatch({
      destination,
      needs,
      now,
      options: { maxVehicles: input.limit },
      vehicles: assets.map((a) => ({
        assetId: a.id,
        name: a.name,
        status: ZAssetStatus.safeParse(a.status).data ?? 'unknown',
        position: a.position ?? undefined,
        capacity: numberAttr(a.attrs, 'capacity'),
        speedMps: a.speed ?? undefined,
        lastFixAt: a.lastFixAt?.toISOString(),
      })),
      warehouses: warehouses.map((w) => ({
        warehouseId: w.warehouseId,
        name: w.name,
        position: w.position,
        stock: w.lines.map((l) => ({
          itemCode: l.itemCode,
          quantity: l.available,
          reserved: 0,
          unit: l.unit,
        })),
      })),
    });
    const byId = new Map(assets.map((a) => [a.id, a]));
    const vehicles: TVehicleSuggestion[] = [];
    for (const v of plan.vehicles) {
      const asset = byId.get(v.assetId);
      const kind = ZAssetKind.safeParse(asset?.kind);
      if (asset?.position == null || !kind.success) continue;
      const capacityKg = numberAttr(asset.attrs, 'capacityKg') ?? numberAttr(asset.attrs, 'capacity');
      const seats = numberAttr(asset.attrs, 'seats');
      vehicles.push({
        assetId: v.assetId,
        name: asset.name,
        kind: kind.data,
        status: ZAssetStatus.safeParse(asset.status).data ?? 'unknown',
        position: asset.position,
        distanceM: Math.round(v.distanceKm * 1000),
        etaS: Math.round(v.etaMinutes * 60),
        eta: v.eta,
        ...(capacityKg !== undefined ? { capacityKg } : {}),
        ...(seats !== undefined ? { seats: Math.max(0, Math.round(seats)) } : {}),
      });
    }
    const takes = new Map(plan.warehouses.map((w) => [w.warehouseId, w]));
    return {
      incidentId: input.incidentId,
      needs,
      vehicles,
      // Every warehouse holding a needed item, those the plan draws from first.
      warehouses: [...warehouses].sort(
        (a, b) =>
          Number(takes.has(b.warehouseId)) - Number(takes.has(a.warehouseId)) || a.distanceM - b.distanceM,
      ),
      computedAt: now.toISOString(),
    };
  });
