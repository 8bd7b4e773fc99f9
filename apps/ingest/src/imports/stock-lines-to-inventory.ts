/**
 * Stock lines read from a coordinator's file → `raw.inventory` `set` payloads. The warehouse's name,
 * position, region and organisation travel with each line so the processor can create a warehouse it
 * does not know yet (it needs a position for that; without one it refuses the line to `deadletter`).
 */
import type { TInventoryV1 } from '@vigie/contracts/inventory';
import type { StockLine } from '@vigie/domain/hxl/read-stock';

export function stockLineToInventory(line: StockLine, ref: string | undefined): TInventoryV1 {
  const payload: TInventoryV1 = {
    op: 'set',
    warehouseId: line.warehouseId,
    itemCode: line.itemCode,
    unit: line.unit,
    quantity: line.quantity,
    reason: 'stock count import',
  };
  if (line.itemName !== undefined) payload.itemName = line.itemName.slice(0, 200);
  if (ref !== undefined) payload.ref = ref;
  if (line.warehouseName !== undefined || line.position !== undefined) {
    payload.warehouse = {
      name: (line.warehouseName ?? line.warehouseId).slice(0, 200),
      ...(line.position === undefined ? {} : { position: line.position }),
      ...(line.region === undefined ? {} : { region: line.region.slice(0, 200) }),
      ...(line.org === undefined ? {} : { org: line.org.slice(0, 200) }),
    };
  }
  return payload;
}
