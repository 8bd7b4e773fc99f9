// tRPC procedures about stock (gateway router `stock.*`), inputs and outputs.
import { z } from 'zod';
import { ZId, ZIsoDateTime, ZLonLat, boundedId, boundedLine } from './primitives';

export const ZStockListInput = z.object({
  warehouseId: ZId.optional(),
  itemCode: ZId.optional(),
});

export const ZStockLine = z.object({
  itemCode: ZId,
  itemName: boundedLine(200).optional(),
  unit: boundedId(16).optional(),
  quantity: z.number().min(0),
  reserved: z.number().min(0),
  /** quantity − reserved */
  available: z.number().min(0),
  updatedAt: ZIsoDateTime,
});
export type TStockLine = z.infer<typeof ZStockLine>;

export const ZWarehouseStock = z.object({
  warehouseId: ZId,
  name: boundedLine(200),
  position: ZLonLat,
  region: boundedId(64).optional(),
  lines: z.array(ZStockLine).max(10_000),
});
export type TWarehouseStock = z.infer<typeof ZWarehouseStock>;

export const ZStockList = z.object({ warehouses: z.array(ZWarehouseStock).max(10_000) });
export type TStockList = z.infer<typeof ZStockList>;

/** At most 2 MB of CSV text per import. */
export const STOCK_IMPORT_MAX_CHARS = 2_000_000;

export const ZStockImportInput = z.object({
  /** `csv`: header `warehouse,item,quantity,unit` (optional `item_name`); `hxl`: HXL-tagged CSV. */
  format: z.enum(['csv', 'hxl']).default('csv'),
  text: z.string().min(1).max(STOCK_IMPORT_MAX_CHARS),
  /** Reference of the document (file name, delivery note), kept on each movement. */
  ref: boundedId(128).optional(),
});

export const ZStockImportResult = z.object({
  /** Lines published as raw.inventory `set` events. */
  accepted: z.int().min(0),
  rejected: z.array(z.object({ line: z.int().min(1), message: boundedLine(500) })).max(1_000),
});
export type TStockImportResult = z.infer<typeof ZStockImportResult>;
