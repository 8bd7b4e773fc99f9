// raw.inventory: stock of one item in one warehouse, either set to a counted level or adjusted by a delta
// (CSV/HXL imports set, change-data-capture and dispatch movements adjust).
import { z } from 'zod';
import { envelopeOf } from './envelope';
import { ZId, ZLonLat, boundedId, boundedLine } from './primitives';

const MAX_QUANTITY = 1e12;

const stockShape = {
  warehouseId: ZId,
  /** Item code (HXL `#item+code`), e.g. `WASH-KIT-01`. */
  itemCode: ZId,
  itemName: boundedLine(200).optional(),
  /** Unit the quantity counts: `pcs`, `kg`, `l`, `kit`, `box`, `pallet`… */
  unit: boundedId(16),
  /** Reference of the document or movement behind the change (delivery note, dispatch id). */
  ref: boundedId(128).optional(),
  reason: boundedLine(500).optional(),
  /**
   * What the source knows of the warehouse (stock imports carry it): lets the processor create a
   * warehouse it does not know yet (a position is needed for that) instead of refusing the line.
   */
  warehouse: z
    .object({
      name: boundedLine(200),
      position: ZLonLat.optional(),
      region: boundedLine(200).optional(),
      org: boundedLine(200).optional(),
    })
    .optional(),
};

export const ZInventorySetV1 = z.object({
  ...stockShape,
  op: z.literal('set'),
  quantity: z.number().min(0).max(MAX_QUANTITY),
});

export const ZInventoryAdjustV1 = z.object({
  ...stockShape,
  op: z.literal('adjust'),
  delta: z
    .number()
    .min(-MAX_QUANTITY)
    .max(MAX_QUANTITY)
    .refine((d) => d !== 0, { error: 'delta must not be 0' }),
});

export const ZInventoryV1 = z
  .discriminatedUnion('op', [ZInventorySetV1, ZInventoryAdjustV1])
  .meta({ description: 'Stock level (set) or movement (adjust) of one item in one warehouse, v1' });
export type TInventoryV1 = z.infer<typeof ZInventoryV1>;

export const ZInventoryEventV1 = envelopeOf('inventory', 1, ZInventoryV1);
export type TInventoryEventV1 = z.infer<typeof ZInventoryEventV1>;
