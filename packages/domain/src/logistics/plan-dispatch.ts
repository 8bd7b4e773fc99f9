/**
 * The dispatch planner: for an incident's needs, which vehicles to send (ranked) and which warehouses
 * can supply. Pure: the caller (a gateway procedure) reads vehicles and stock from the database and
 * passes them in; nothing here reads or reserves anything.
 *
 * Input: the destination, the needs (item code, quantity), candidate vehicles (status, position,
 * capacity in stock units, recent speed) and warehouses with their stock lines.
 * Output:
 * - `warehouses`: the warehouses that supply, nearest to the destination first, each with the lines
 *   taken from it (greedy: every need is taken from the nearest warehouse that has some available,
 *   then the next), and `shortfalls` for what no warehouse can cover;
 * - `vehicles`: available vehicles with a known position, ranked: first those whose capacity covers
 *   the total quantity, then by ETA. The route is vehicle → the main supplying warehouse (the one
 *   giving the most units) → destination when stock is needed, vehicle → destination otherwise.
 *   Road distance = great-circle distance × `roadFactor`; speed = the vehicle's recent speed when it
 *   is moving and its fix is fresh, else `fallbackSpeedKmh`.
 */
import type { TAssetStatus } from '@vigie/contracts/assets';
import type { LonLat } from '../geo';
import { haversineMeters } from '../geo';

export interface DispatchNeed {
  itemCode: string;
  quantity: number;
}

export interface VehicleCandidate {
  assetId: string;
  name?: string;
  status: TAssetStatus;
  position?: LonLat | undefined;
  /** How many stock units it carries; undefined when unknown (never ranked as covering). */
  capacity?: number | undefined;
  /** Speed of the latest fix, metres per second. */
  speedMps?: number | undefined;
  /** Time of the latest fix (ISO-8601). */
  lastFixAt?: string | undefined;
}

export interface WarehouseStockLine {
  itemCode: string;
  quantity: number;
  reserved: number;
  unit?: string | undefined;
}

export interface WarehouseCandidate {
  warehouseId: string;
  name: string;
  position: LonLat;
  stock: readonly WarehouseStockLine[];
}

export interface PlannerOptions {
  /** Road distance over great-circle distance (winding mountain roads: 1.3–1.6). */
  roadFactor: number;
  /** Speed assumed when a vehicle's own is unknown, stale or near zero. */
  fallbackSpeedKmh: number;
  /** Below this a vehicle is taken as stopped: its speed says nothing about the trip. */
  minMovingSpeedKmh: number;
  /** A fix older than this does not give a recent speed. */
  maxFixAgeMinutes: number;
  /** Time to load at a warehouse. */
  loadingMinutes: number;
  /** Most vehicles proposed. */
  maxVehicles: number;
}

export const DEFAULT_PLANNER_OPTIONS: PlannerOptions = {
  roadFactor: 1.4,
  fallbackSpeedKmh: 30,
  minMovingSpeedKmh: 5,
  maxFixAgeMinutes: 15,
  loadingMinutes: 20,
  maxVehicles: 10,
};

export interface DispatchPlanInput {
  destination: LonLat;
  needs: readonly DispatchNeed[];
  vehicles: readonly VehicleCandidate[];
  warehouses: readonly WarehouseCandidate[];
  now: Date;
  options?: Partial<PlannerOptions>;
}

export interface SupplyLine {
  itemCode: string;
  /** quantity − reserved at planning time. */
  available: number;
  /** What the plan takes from this warehouse. */
  take: number;
  unit?: string;
}

export interface ProposedWarehouse {
  warehouseId: string;
  name: string;
  /** Road distance to the destination. */
  distanceKm: number;
  lines: SupplyLine[];
}

export interface ProposedVehicle {
  assetId: string;
  name?: string;
  rank: number;
  /** Road distance of the whole route (via the pickup warehouse when there is one). */
  distanceKm: number;
  speedKmh: number;
  speedSource: 'recent' | 'fallback';
  etaMinutes: number;
  eta: string;
  pickupWarehouseId?: string;
  capacity?: number;
  /** Whether its capacity covers every unit of the plan. */
  coversNeeds: boolean;
}

export interface DispatchPlan {
  vehicles: ProposedVehicle[];
  warehouses: ProposedWarehouse[];
  shortfalls: DispatchNeed[];
  /** Units the plan supplies in total. */
  totalUnits: number;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Road distance in km between two points. */
export function roadDistanceKm(a: LonLat, b: LonLat, roadFactor: number): number {
  return (haversineMeters(a, b) / 1000) * roadFactor;
}

/** The speed to plan with (km/h) and where it comes from. */
export function planningSpeed(
  vehicle: Pick<VehicleCandidate, 'speedMps' | 'lastFixAt'>,
  now: Date,
  options: PlannerOptions,
): { speedKmh: number; source: 'recent' | 'fallback' } {
  const kmh = vehicle.speedMps === undefined ? undefined : vehicle.speedMps * 3.6;
  const fresh =
    vehicle.lastFixAt !== undefined &&
    now.getTime() - Date.parse(vehicle.lastFixAt) <= options.maxFixAgeMinutes * 60_000;
  if (kmh !== undefined && fresh && kmh >= options.minMovingSpeedKmh)
    return { speedKmh: kmh, source: 'recent' };
  return { speedKmh: options.fallbackSpeedKmh, source: 'fallback' };
}

function supply(
  destination: LonLat,
  needs: readonly DispatchNeed[],
  warehouses: readonly WarehouseCandidate[],
  options: PlannerOptions,
): { proposed: ProposedWarehouse[]; shortfalls: DispatchNeed[] } {
  const byDistance = warehouses
    .map((w) => ({ w, distanceKm: roadDistanceKm(w.position, destination, options.roadFactor) }))
    .sort((a, b) => a.distanceKm - b.distanceKm);
  const proposed = new Map<string, ProposedWarehouse>();
  const shortfalls: DispatchNeed[] = [];
  for (const need of needs) {
    let remaining = need.quantity;
    for (const { w, distanceKm } of byDistance) {
      if (remaining <= 0) break;
      const line = w.stock.find((s) => s.itemCode === need.itemCode);
      if (line === undefined) continue;
      const available = Math.max(0, line.quantity - line.reserved);
      const take = Math.min(available, remaining);
      if (take <= 0) continue;
      remaining -= take;
      const entry = proposed.get(w.warehouseId) ?? {
        warehouseId: w.warehouseId,
        name: w.name,
        distanceKm: round1(distanceKm),
        lines: [],
      };
      const supplied: SupplyLine = { itemCode: need.itemCode, available, take };
      if (line.unit !== undefined) supplied.unit = line.unit;
      entry.lines.push(supplied);
      proposed.set(w.warehouseId, entry);
    }
    if (remaining > 0) shortfalls.push({ itemCode: need.itemCode, quantity: remaining });
  }
  return {
    proposed: [...proposed.values()].sort((a, b) => a.distanceKm - b.distanceKm),
    shortfalls,
  };
}

export function planDispatch(input: DispatchPlanInput): DispatchPlan {
  const options = { ...DEFAULT_PLANNER_OPTIONS, ...input.options };
  const { proposed, shortfalls } = supply(input.destination, input.needs, input.warehouses, options);
  const totalUnits = proposed.reduce((n, w) => n + w.lines.reduce((m, l) => m + l.take, 0), 0);
  const pickup = [...proposed].sort(
    (a, b) => b.lines.reduce((n, l) => n + l.take, 0) - a.lines.reduce((n, l) => n + l.take, 0),
  )[0];
  const pickupPosition =
    pickup === undefined
      ? undefined
      : input.warehouses.find((w) => w.warehouseId === pickup.warehouseId)?.position;

  const vehicles: Omit<ProposedVehicle, 'rank'>[] = [];
  for (const v of input.vehicles) {
    if (v.status !== 'available' || v.position === undefined) continue;
    const { speedKmh, source } = planningSpeed(v, input.now, options);
    const distanceKm =
      pickupPosition === undefined
        ? roadDistanceKm(v.position, input.destination, options.roadFactor)
        : roadDistanceKm(v.position, pickupPosition, options.roadFactor) +
          roadDistanceKm(pickupPosition, input.destination, options.roadFactor);
    const etaMinutes =
      (distanceKm / speedKmh) * 60 + (pickupPosition === undefined ? 0 : options.loadingMinutes);
    const proposal: Omit<ProposedVehicle, 'rank'> = {
      assetId: v.assetId,
      distanceKm: round1(distanceKm),
      speedKmh: round1(speedKmh),
      speedSource: source,
      etaMinutes: Math.round(etaMinutes),
      eta: new Date(input.now.getTime() + etaMinutes * 60_000).toISOString(),
      coversNeeds: totalUnits === 0 || (v.capacity !== undefined && v.capacity >= totalUnits),
    };
    if (v.name !== undefined) proposal.name = v.name;
    if (v.capacity !== undefined) proposal.capacity = v.capacity;
    if (pickup !== undefined) proposal.pickupWarehouseId = pickup.warehouseId;
    vehicles.push(proposal);
  }
  vehicles.sort((a, b) => Number(b.coversNeeds) - Number(a.coversNeeds) || a.etaMinutes - b.etaMinutes);
  return {
    vehicles: vehicles.slice(0, options.maxVehicles).map((v, i) => ({ ...v, rank: i + 1 })),
    warehouses: proposed,
    shortfalls,
    totalUnits,
  };
}
