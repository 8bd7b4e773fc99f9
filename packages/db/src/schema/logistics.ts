/** Warehouses and the stock they hold. Quantities can never go below zero nor below what is reserved. */
import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { gistIndex, pointColumn } from '../geometry';
import { jsonObject, tstz } from './columns';

export const warehouses = pgTable(
  'warehouses',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    position: pointColumn('position').notNull(),
    region: text('region'),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
    attrs: jsonObject('attrs'),
  },
  (t) => [gistIndex('warehouses_position_gist', t.position)],
);

export const stock = pgTable(
  'stock',
  {
    warehouseId: text('warehouse_id')
      .notNull()
      .references(() => warehouses.id, { onDelete: 'cascade' }),
    item: text('item').notNull(),
    itemName: text('item_name'),
    unit: text('unit'),
    quantity: integer('quantity').notNull().default(0),
    reserved: integer('reserved').notNull().default(0),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'stock_pkey', columns: [t.warehouseId, t.item] }),
    check('stock_quantity_check', sql`${t.quantity} >= 0`),
    check('stock_reserved_check', sql`${t.reserved} >= 0 AND ${t.reserved} <= ${t.quantity}`),
  ],
);

/** Every change of a stock line: imports, adjustments, reservations for dispatches, deliveries. */
export const stockMovements = pgTable(
  'stock_movements',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    warehouseId: text('warehouse_id').notNull(),
    item: text('item').notNull(),
    quantityDelta: integer('quantity_delta').notNull().default(0),
    reservedDelta: integer('reserved_delta').notNull().default(0),
    /** Dispatch id, import file, change-event id… */
    ref: text('ref'),
    reason: text('reason'),
    /** User id, `source:<name>` or `system:<component>`. */
    actor: text('actor').notNull(),
    at: tstz('at').notNull().defaultNow(),
  },
  (t) => [
    index('stock_movements_line_at_idx').on(t.warehouseId, t.item, t.at),
    index('stock_movements_at_brin').using('brin', t.at),
  ],
);
