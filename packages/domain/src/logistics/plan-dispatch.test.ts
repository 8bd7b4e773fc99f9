import { describe, expect, it } from 'vitest';
import type { LonLat } from '../geo';
import { destinationPoint } from '../geo';
import { planDispatch } from './plan-dispatch';
import type { VehicleCandidate, WarehouseCandidate } from './plan-dispatch';
import { etaChanged, trackDispatch } from './track-dispatch';

const INCIDENT: LonLat = { lon: -73.75, lat: 18.2 };
const now = new Date('2025-03-01T12:00:00.000Z');
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000).toISOString();
const km = (bearing: number, distance: number, from = INCIDENT) =>
  destinationPoint(from, bearing, distance * 1000);

const warehouse = (
  id: string,
  distanceKm: number,
  stock: [string, number, number][],
): WarehouseCandidate => ({
  warehouseId: id,
  name: id,
  position: km(90, distanceKm),
  stock: stock.map(([itemCode, quantity, reserved]) => ({ itemCode, quantity, reserved, unit: 'kit' })),
});

const truck = (id: string, distanceKm: number, extra: Partial<VehicleCandidate> = {}): VehicleCandidate => ({
  assetId: id,
  status: 'available',
  position: km(270, distanceKm),
  capacity: 200,
  ...extra,
});

describe('planDispatch', () => {
  it('takes each need from the nearest warehouses with stock, reporting what none can cover', () => {
    const plan = planDispatch({
      destination: INCIDENT,
      needs: [
        { itemCode: 'WATER-KIT', quantity: 120 },
        { itemCode: 'MED-KIT', quantity: 30 },
      ],
      vehicles: [],
      warehouses: [
        warehouse('far', 40, [['WATER-KIT', 500, 0]]),
        warehouse('near', 5, [
          ['WATER-KIT', 100, 20],
          ['MED-KIT', 10, 0],
        ]),
      ],
      now,
    });
    expect(plan.warehouses.map((w) => [w.warehouseId, w.lines.map((l) => [l.itemCode, l.take])])).toEqual([
      [
        'near',
        [
          ['WATER-KIT', 80],
          ['MED-KIT', 10],
        ],
      ],
      ['far', [['WATER-KIT', 40]]],
    ]);
    expect(plan.shortfalls).toEqual([{ itemCode: 'MED-KIT', quantity: 20 }]);
    expect(plan.totalUnits).toBe(130);
  });

  it('ranks available vehicles: those that carry everything first, then by ETA', () => {
    const plan = planDispatch({
      destination: INCIDENT,
      needs: [{ itemCode: 'WATER-KIT', quantity: 150 }],
      vehicles: [
        truck('small-near', 2, { capacity: 50 }),
        truck('big-far', 30),
        truck('big-mid', 10),
        truck('busy', 1, { status: 'en_route' }),
        truck('lost', 1, { position: undefined }),
      ],
      warehouses: [warehouse('wh', 3, [['WATER-KIT', 500, 0]])],
      now,
    });
    expect(plan.vehicles.map((v) => [v.assetId, v.rank, v.coversNeeds])).toEqual([
      ['big-mid', 1, true],
      ['big-far', 2, true],
      ['small-near', 3, false],
    ]);
    expect(plan.vehicles[0]!.pickupWarehouseId).toBe('wh');
  });

  it('estimates arrival from road distance and the recent speed, or the fallback speed', () => {
    const plan = planDispatch({
      destination: INCIDENT,
      needs: [],
      vehicles: [
        truck('moving', 10, { speedMps: 15, lastFixAt: minutesAgo(1) }),
        truck('stale', 10, { speedMps: 15, lastFixAt: minutesAgo(60) }),
        truck('parked', 10, { speedMps: 0, lastFixAt: minutesAgo(1) }),
      ],
      warehouses: [],
      now,
      options: { roadFactor: 1.5, fallbackSpeedKmh: 30 },
    });
    const byId = Object.fromEntries(plan.vehicles.map((v) => [v.assetId, v]));
    // 10 km × 1.5 = 15 km: at 54 km/h 17 min, at 30 km/h 30 min.
    expect(byId.moving).toMatchObject({
      distanceKm: 15,
      speedKmh: 54,
      speedSource: 'recent',
      etaMinutes: 17,
    });
    expect(byId.stale).toMatchObject({ speedSource: 'fallback', etaMinutes: 30 });
    expect(byId.parked).toMatchObject({ speedSource: 'fallback', etaMinutes: 30 });
    expect(byId.moving!.eta).toBe(new Date(now.getTime() + (15 / 54) * 3_600_000).toISOString());
  });
});

describe('trackDispatch', () => {
  it('updates the ETA of a moving vehicle and detects its arrival within the radius', () => {
    const far = trackDispatch({ position: km(0, 6), speedMps: 10, at: now.toISOString() }, INCIDENT);
    expect(far.arrived).toBe(false);
    if (!far.arrived)
      expect(Date.parse(far.eta) - now.getTime()).toBeCloseTo(((6 * 1.4 * 1000) / 10) * 1000, -3);
    const close = trackDispatch({ position: km(0, 0.15), at: now.toISOString() }, INCIDENT);
    expect(close).toMatchObject({ arrived: true });
    const outside = trackDispatch({ position: km(0, 0.25), at: now.toISOString() }, INCIDENT);
    expect(outside.arrived).toBe(false);
  });

  it('publishes ETA changes of a minute or more only', () => {
    const eta = now.toISOString();
    expect(etaChanged(null, eta)).toBe(true);
    expect(etaChanged(new Date(now.getTime() + 30_000).toISOString(), eta)).toBe(false);
    expect(etaChanged(new Date(now.getTime() + 90_000).toISOString(), eta)).toBe(true);
  });
});
