/** Warehouses and stock levels. The database refuses any quantity below zero or below what is reserved. */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from './database';
import type { LonLat } from './geo-types';
import { fromGeoPoint, toGeoPoint } from './geo-types';
import { pgErrorOf, SQLSTATE } from './pg-error';
import { stock, stockMovements, warehouses } from './schema/logistics';

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

/** Who and what a stock change is for, recorded with it in `stock_movements`. */
export interface StockMovementContext {
  /** User id, `source:<name>` or `system:<component>`. */
  actor: string;
  /** Dispatch id, import file, change-event id… */
  ref?: string;
  reason?: string;
  at?: Date;
}

/** A reservation that cannot be made: fewer units are free than asked for. */
export class StockUnavailableError extends Error {
  override readonly name = 'StockUnavailableError';
  readonly retriable = false;

  constructor(
    readonly warehouseId: string,
    readonly item: string,
    readonly requested: number,
    /** quantity − reserved when it was refused; 0 when the line does not exist. */
    readonly available: number,
  ) {
    super(
      available === 0
        ? `no ${item} left to reserve in ${warehouseId} (asked for ${requested})`
        : `only ${available} ${item} left to reserve in ${warehouseId} (asked for ${requested})`,
    );
  }
}

async function recordMovement(
  tx: Db,
  warehouseId: string,
  item: string,
  quantityDelta: number,
  reservedDelta: number,
  context: StockMovementContext,
): Promise<void> {
  await tx.insert(stockMovements).values({
    warehouseId,
    item,
    quantityDelta,
    reservedDelta,
    ref: context.ref ?? null,
    reason: context.reason ?? null,
    actor: context.actor,
    at: context.at ?? new Date(),
  });
}

function checkUnits(n: number, what: string): void {
  if (!Number.isInteger(n) || n <= 0) throw new RangeError(`${what} must be a positive integer, got ${n}`);
}

/**
 * Reserves `quantity` units of a line for a dispatch, in one conditional statement: it applies only
 * while `quantity − reserved >= n`, so two concurrent reservations of the last units cannot both
 * succeed (the second waits for the first's row lock, then sees the new `reserved` and matches
 * nothing). Throws `StockUnavailableError` with what is left otherwise.
 */
export async function reserveStock(
  tx: Db,
  warehouseId: string,
  item: string,
  quantity: number,
  context: StockMovementContext,
): Promise<StockDto> {
  checkUnits(quantity, 'reservation');
  const at = context.at ?? new Date();
  const [row] = await tx
    .update(stock)
    .set({ reserved: sql`${stock.reserved} + ${quantity}::int`, updatedAt: at })
    .where(
      and(
        eq(stock.warehouseId, warehouseId),
        eq(stock.item, item),
        sql`${stock.quantity} - ${stock.reserved} >= ${quantity}::int`,
      ),
    )
    .returning();
  if (row === undefined) {
    const current = await getStock(tx, warehouseId, item);
    throw new StockUnavailableError(warehouseId, item, quantity, Math.max(0, current?.available ?? 0));
  }
  await recordMovement(tx, warehouseId, item, 0, quantity, { ...context, at });
  return toStockDto(row);
}

/** Gives reserved units back (a dispatch cancelled). Never releases more than is reserved. */
export async function releaseReservation(
  tx: Db,
  warehouseId: string,
  item: string,
  quantity: number,
  context: StockMovementContext,
): Promise<StockDto> {
  checkUnits(quantity, 'release');
  const at = context.at ?? new Date();
  const [row] = await tx
    .update(stock)
    .set({ reserved: sql`${stock.reserved} - ${quantity}::int`, updatedAt: at })
    .where(
      and(
        eq(stock.warehouseId, warehouseId),
        eq(stock.item, item),
        sql`${stock.reserved} >= ${quantity}::int`,
      ),
    )
    .returning();
  if (row === undefined) throw new InsufficientStockError(warehouseId, item, -quantity);
  await recordMovement(tx, warehouseId, item, 0, -quantity, { ...context, at });
  return toStockDto(row);
}

/** Reserved units leave the warehouse (loaded on the vehicle): quantity and reservation both drop. */
export async function consumeReservation(
  tx: Db,
  warehouseId: string,
  item: string,
  quantity: number,
  context: StockMovementContext,
): Promise<StockDto> {
  checkUnits(quantity, 'consumption');
  const at = context.at ?? new Date();
  const [row] = await tx
    .update(stock)
    .set({
      quantity: sql`${stock.quantity} - ${quantity}::int`,
      reserved: sql`${stock.reserved} - ${quantity}::int`,
      updatedAt: at,
    })
    .where(
      and(
        eq(stock.warehouseId, warehouseId),
        eq(stock.item, item),
        sql`${stock.reserved} >= ${quantity}::int`,
      ),
    )
    .returning();
  if (row === undefined) throw new InsufficientStockError(warehouseId, item, -quantity);
  await recordMovement(tx, warehouseId, item, -quantity, -quantity, { ...context, at });
  return toStockDto(row);
}

export async function warehouseExists(db: Db, warehouseId: string): Promise<boolean> {
  const rows = await db
    .select({ id: warehouses.id })
    .from(warehouses)
    .where(eq(warehouses.id, warehouseId))
    .limit(1);
  return rows.length > 0;
}

export type InventoryChange = { op: 'set'; quantity: number } | { op: 'adjust'; delta: number };

/**
 * Applies an inventory event to a stock line: `set` to a counted level, `adjust` by a delta, creating
 * the line when missing (a positive change), and records the movement. Refuses (InsufficientStockError)
 * a level below zero or below what is reserved for dispatches. The warehouse must exist.
 */
export async function applyInventoryChange(
  tx: Db,
  line: { warehouseId: string; item: string; itemName?: string; unit: string },
  change: InventoryChange,
  context: StockMovementContext,
): Promise<StockDto> {
  const at = context.at ?? new Date();
  const [current] = await tx
    .select()
    .from(stock)
    .where(and(eq(stock.warehouseId, line.warehouseId), eq(stock.item, line.item)))
    .for('update')
    .limit(1);
  const before = current?.quantity ?? 0;
  const target = Math.round(change.op === 'set' ? change.quantity : before + change.delta);
  if (target < 0 || target < (current?.reserved ?? 0)) {
    throw new InsufficientStockError(line.warehouseId, line.item, target - before);
  }
  const [row] = await tx
    .insert(stock)
    .values({
      warehouseId: line.warehouseId,
      item: line.item,
      itemName: line.itemName ?? null,
      unit: line.unit,
      quantity: target,
      updatedAt: at,
    })
    .onConflictDoUpdate({
      target: [stock.warehouseId, stock.item],
      set: {
        quantity: target,
        unit: line.unit,
        itemName: sql`coalesce(excluded.item_name, ${stock.itemName})`,
        updatedAt: at,
      },
    })
    .returning();
  if (row === undefined) throw new Error(`applyInventoryChange ${line.warehouseId}/${line.item}: no row`);
  if (target !== before)
    await recordMovement(tx, line.warehouseId, line.item, target - before, 0, { ...context, at });
  return toStockDto(row);
}
