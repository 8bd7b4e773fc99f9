/**
 * Starting logistics for a demonstration or an exercise: warehouses with their stock, and the
 * capacity of vehicles that the dispatch planner uses (`attrs.capacity`, in stock units, and
 * `attrs.capacityKg`). Idempotent and never destructive: a warehouse, a stock line or a vehicle
 * attribute that already exists is left as it is (counts, reservations and operators' edits win), so
 * it can run at every start.
 */
import { sql } from 'drizzle-orm';
import type { Db } from './database';
import type { LonLat } from './geo-types';
import { toGeoPoint } from './geo-types';
import { stock, stockMovements, warehouses } from './schema/logistics';
import { assets } from './schema/tracking';

export interface SeedStockLine {
  item: string;
  itemName: string;
  unit: string;
  quantity: number;
}

export interface SeedWarehouse {
  id: string;
  name: string;
  position: LonLat;
  region?: string;
  stock: readonly SeedStockLine[];
}

export interface SeedVehicle {
  id: string;
  kind: 'vehicle' | 'team' | 'boat' | 'aircraft' | 'drone';
  name: string;
  /** Stock units it carries (kits, cartons), as the planner counts them. */
  capacity: number;
  capacityKg?: number;
}

export interface LogisticsSeed {
  warehouses: readonly SeedWarehouse[];
  vehicles: readonly SeedVehicle[];
}

export interface SeedResult {
  warehouses: number;
  stockLines: number;
  vehicles: number;
}

/**
 * Inserts what is missing, in one transaction; returns how many warehouses, stock lines and vehicles
 * were new (a second run gives zeros).
 */
export async function seedLogistics(
  db: Db,
  seed: LogisticsSeed,
  options: { actor?: string; at?: Date } = {},
): Promise<SeedResult> {
  const at = options.at ?? new Date();
  const actor = options.actor ?? 'system:seed';
  return db.transaction(async (tx) => {
    const result: SeedResult = { warehouses: 0, stockLines: 0, vehicles: 0 };
    if (seed.warehouses.length > 0) {
      const inserted = await tx
        .insert(warehouses)
        .values(
          seed.warehouses.map((w) => ({
            id: w.id,
            name: w.name,
            position: toGeoPoint(w.position),
            region: w.region ?? null,
            attrs: { seeded: true },
            updatedAt: at,
          })),
        )
        .onConflictDoNothing({ target: warehouses.id })
        .returning({ id: warehouses.id });
      result.warehouses = inserted.length;
    }
    const lines = seed.warehouses.flatMap((w) => w.stock.map((s) => ({ ...s, warehouseId: w.id })));
    if (lines.length > 0) {
      const inserted = await tx
        .insert(stock)
        .values(
          lines.map((l) => ({
            warehouseId: l.warehouseId,
            item: l.item,
            itemName: l.itemName,
            unit: l.unit,
            quantity: l.quantity,
            updatedAt: at,
          })),
        )
        .onConflictDoNothing({ target: [stock.warehouseId, stock.item] })
        .returning({ warehouseId: stock.warehouseId, item: stock.item, quantity: stock.quantity });
      result.stockLines = inserted.length;
      if (inserted.length > 0) {
        await tx.insert(stockMovements).values(
          inserted.map((l) => ({
            warehouseId: l.warehouseId,
            item: l.item,
            quantityDelta: l.quantity,
            reservedDelta: 0,
            ref: 'seed',
            actor,
            reason: 'initial stock',
            at,
          })),
        );
      }
    }
    if (seed.vehicles.length > 0) {
      const inserted = await tx
        .insert(assets)
        .values(
          seed.vehicles.map((v) => ({
            id: v.id,
            kind: v.kind,
            name: v.name,
            status: 'available',
            attrs: {
              capacity: v.capacity,
              ...(v.capacityKg === undefined ? {} : { capacityKg: v.capacityKg }),
            },
            updatedAt: at,
          })),
        )
        .onConflictDoUpdate({
          target: assets.id,
          // Attributes already set win: the seed only fills in what is missing.
          set: { attrs: sql`excluded.attrs || ${assets.attrs}` },
        })
        .returning({ id: assets.id, inserted: sql<boolean>`(xmax = 0)` });
      result.vehicles = inserted.filter((r) => r.inserted === true).length;
    }
    return result;
  });
}
