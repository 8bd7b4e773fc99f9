/** Read side of stock: per warehouse lines, and the warehouses that can supply given items near a point. */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { TWarehouseSupply } from '@vigie/contracts/incident-api';
import type { TStockList, TWarehouseStock } from '@vigie/contracts/stock-api';
import type { Db } from './database';
import { makePoint } from './geometry';
import { iso, lonLatOf, opt } from './query-mapping';
import { stock, warehouses } from './schema/logistics';

export async function listStock(
  db: Db,
  filter: { warehouseId?: string; itemCode?: string } = {},
): Promise<TStockList> {
  const c: (SQL | undefined)[] = [];
  if (filter.warehouseId !== undefined) c.push(eq(warehouses.id, filter.warehouseId));
  const rows = await db
    .select({ w: warehouses, s: stock })
    .from(warehouses)
    .leftJoin(
      stock,
      and(
        eq(stock.warehouseId, warehouses.id),
        filter.itemCode === undefined ? undefined : eq(stock.item, filter.itemCode),
      ),
    )
    .where(and(...c))
    .orderBy(asc(warehouses.id), asc(stock.item));
  const byId = new Map<string, TWarehouseStock>();
  for (const { w, s } of rows) {
    let entry = byId.get(w.id);
    if (entry === undefined) {
      entry = {
        warehouseId: w.id,
        name: w.name,
        position: lonLatOf(w.position) ?? { lon: 0, lat: 0 },
        ...opt('region', w.region),
        lines: [],
      };
      byId.set(w.id, entry);
    }
    if (s !== null)
      entry.lines.push({
        itemCode: s.item,
        ...opt('itemName', s.itemName),
        ...opt('unit', s.unit),
        quantity: s.quantity,
        reserved: s.reserved,
        available: Math.max(0, s.quantity - s.reserved),
        updatedAt: iso(s.updatedAt),
      });
  }
  return {
    warehouses: [...byId.values()].filter((w) => filter.itemCode === undefined || w.lines.length > 0),
  };
}

/**
 * Warehouses holding any of `needs` with something available, nearest first, with what each can give
 * towards each need.
 */
export async function warehousesSupplying(
  db: Db,
  point: { lon: number; lat: number },
  needs: readonly { itemCode: string; quantity: number }[],
  limit = 20,
): Promise<TWarehouseSupply[]> {
  if (needs.length === 0) return [];
  const items = [...new Set(needs.map((n) => n.itemCode))];
  const distance = sql<number>`ST_Distance(${warehouses.position}::geography, ${makePoint(point)}::geography)`;
  const rows = await db
    .select({ w: warehouses, s: stock, distanceM: distance.mapWith(Number) })
    .from(stock)
    .innerJoin(warehouses, eq(warehouses.id, stock.warehouseId))
    .where(and(inArray(stock.item, items), sql`${stock.quantity} > ${stock.reserved}`))
    .orderBy(sql`${distance}`, asc(warehouses.id), asc(stock.item));
  const needed = new Map(needs.map((n) => [n.itemCode, n.quantity]));
  const byId = new Map<string, TWarehouseSupply>();
  for (const { w, s, distanceM } of rows) {
    let entry = byId.get(w.id);
    if (entry === undefined) {
      if (byId.size >= limit) continue;
      entry = {
        warehouseId: w.id,
        name: w.name,
        position: lonLatOf(w.position) ?? { lon: 0, lat: 0 },
        distanceM,
        lines: [],
      };
      byId.set(w.id, entry);
    }
    entry.lines.push({
      itemCode: s.item,
      ...opt('itemName', s.itemName),
      ...opt('unit', s.unit),
      available: s.quantity - s.reserved,
      needed: needed.get(s.item) ?? 0,
    });
  }
  return [...byId.values()];
}
