/** Warehouses and the stock they hold. Quantities can never go below zero nor below what is reserved. */
import { sql } from 'drizzle-orm';
import { check, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
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
