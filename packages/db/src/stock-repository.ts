/** Warehouses and stock levels. The database refuses any quantity below zero or below what is reserved. */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from './database';
import type { LonLat } from './geo-types';
import { fromGeoPoint, toGeoPoint } from './geo-types';
import { pgErrorOf, SQLSTATE } from './pg-error';
import { stock, warehouses } from './schema/logistics';

export interface WarehouseDto {
  id: string;
  name: string;
  position: LonLat | null;
  region: string | null;
  attrs: Record<string, unknown>;
}

export interface StockDto {
  warehouseId: string;
  item: string;
  unit: string | null;
  quantity: number;
  reserved: number;
  /** quantity − reserved */
  available: number;
  updatedAt: Date;
}

/** A stock change that would take a quantity below zero (or below the reserved amount). */
export class InsufficientStockError extends Error {
  override readonly name = 'InsufficientStockError';
  readonly retriable = false;

  constructor(
    readonly warehouseId: string,
    readonly item: string,
    readonly delta: number,
    options?: { cause?: unknown },
  ) {
    super(`insufficient stock of ${item} in ${warehouseId} for a change of ${delta}`, options);
  }
}

export async function upsertWarehouse(
  db: Db,
  warehouse: {
    id: string;
    name: string;
    position: LonLat;
    region?: string | null;
    attrs?: Record<string, unknown>;
  },
): Promise<WarehouseDto> {
  const values = {
    id: warehouse.id,
    name: warehouse.name,
    position: toGeoPoint(warehouse.position),
    region: warehouse.region ?? null,
    attrs: warehouse.attrs ?? {},
    updatedAt: new Date(),
  };
  const { id: _id, ...changes } = values;
  const [row] = await db
    .insert(warehouses)
    .values(values)
    .onConflictDoUpdate({ target: warehouses.id, set: changes })
    .returning();
  if (row === undefined) throw new Error(`upsertWarehouse ${warehouse.id}: no row returned`);
  return {
    id: row.id,
    name: row.name,
    position: fromGeoPoint(row.position),
    region: row.region,
    attrs: row.attrs,
  };
}

function toStockDto(row: typeof stock.$inferSelect): StockDto {
  return {
    warehouseId: row.warehouseId,
    item: row.item,
    unit: row.unit,
    quantity: row.quantity,
    reserved: row.reserved,
    available: row.quantity - row.reserved,
    updatedAt: row.updatedAt,
  };
}

function isStockViolation(error: unknown): boolean {
  const pgError = pgErrorOf(error);
  return (
    pgError?.code === SQLSTATE.checkViolation &&
    (pgError.constraint === 'stock_quantity_check' || pgError.constraint === 'stock_reserved_check')
  );
}

/**
 * Adds `delta` (negative to take out) to an item's quantity in one atomic statement. A positive change
 * creates the line when missing. Throws `InsufficientStockError` when the result would be negative or
 * below the reserved amount (the CHECK constraints decide, so concurrent changes cannot race past
 * them); the stored quantity is then unchanged. Inside a caller's transaction on PostgreSQL, such a
 * failure aborts that transaction, as any failed statement does.
 */
export async function adjustStock(
  db: Db,
  warehouseId: string,
  item: string,
  delta: number,
  options: { unit?: string } = {},
): Promise<StockDto> {
  if (!Number.isInteger(delta)) throw new RangeError(`stock delta must be an integer, got ${delta}`);
  const now = new Date();
  let row: typeof stock.$inferSelect | undefined;
  try {
    if (delta >= 0) {
      // The inserted candidate row is checked before the conflict is detected, so only a
      // non-negative change may take the upsert path.
      [row] = await db
        .insert(stock)
        .values({ warehouseId, item, quantity: delta, unit: options.unit ?? null, updatedAt: now })
        .onConflictDoUpdate({
          target: [stock.warehouseId, stock.item],
          set: {
            quantity: sql`${stock.quantity} + ${delta}::int`,
            unit: sql`coalesce(excluded.unit, ${stock.unit})`,
            updatedAt: now,
          },
        })
        .returning();
    } else {
      [row] = await db
        .update(stock)
        .set({ quantity: sql`${stock.quantity} + ${delta}::int`, updatedAt: now })
        .where(and(eq(stock.warehouseId, warehouseId), eq(stock.item, item)))
        .returning();
    }
  } catch (error) {
    if (isStockViolation(error)) throw new InsufficientStockError(warehouseId, item, delta, { cause: error });
    throw error;
  }
  // No line to take from: nothing in stock.
  if (row === undefined) throw new InsufficientStockError(warehouseId, item, delta);
  return toStockDto(row);
}

/** Stock lines of a warehouse, by item. */
export async function warehouseStock(db: Db, warehouseId: string): Promise<StockDto[]> {
  const rows = await db
    .select()
    .from(stock)
    .where(eq(stock.warehouseId, warehouseId))
    .orderBy(asc(stock.item));
  return rows.map(toStockDto);
}

export async function getStock(db: Db, warehouseId: string, item: string): Promise<StockDto | null> {
  const [row] = await db
    .select()
    .from(stock)
    .where(and(eq(stock.warehouseId, warehouseId), eq(stock.item, item)))
    .limit(1);
  return row === undefined ? null : toStockDto(row);
}
