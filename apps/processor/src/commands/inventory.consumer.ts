/**
 * raw.inventory → stock. A `set` puts a line at its counted level, an `adjust` moves it by a delta;
 * each change is recorded in `stock_movements` with `source:<envelope source>` as actor and the event's
 * `ref` (or its envelope id) as reference. Both are refused to `deadletter`, with a reason an operator
 * can act on, when:
 * - the warehouse is not registered: stock is never created for an unknown warehouse (a typo in an
 *   import would otherwise invent one with no position); register the warehouse, then send the stock
 *   again;
 * - the level would fall below zero or below what is reserved for dispatches.
 * Redeliveries are absorbed by the checkpoint, which moves in the same transaction as the stock.
 */
import { applyInventoryChange, InsufficientStockError, warehouseExists } from '@vigie/db/stock-repository';
import { HandlerRejection } from '../incidents/run-topic-consumer';
import type { TopicHandler } from '../incidents/run-topic-consumer';

export function inventoryConsumer(): TopicHandler<'raw.inventory'> {
  return {
    topic: 'raw.inventory',
    async handle(tx, event) {
      const line = event.payload;
      if (!(await warehouseExists(tx, line.warehouseId))) {
        throw new HandlerRejection(
          'NOT_FOUND',
          `Warehouse ${line.warehouseId} is not registered: register it, then send the stock of ${line.itemCode} again.`,
        );
      }
      try {
        await applyInventoryChange(
          tx,
          {
            warehouseId: line.warehouseId,
            item: line.itemCode,
            unit: line.unit,
            ...(line.itemName === undefined ? {} : { itemName: line.itemName }),
          },
          line.op === 'set' ? { op: 'set', quantity: line.quantity } : { op: 'adjust', delta: line.delta },
          {
            actor: `source:${event.source}`,
            ref: line.ref ?? event.id,
            ...(line.reason === undefined ? {} : { reason: line.reason }),
            at: new Date(event.occurredAt),
          },
        );
      } catch (error) {
        if (error instanceof InsufficientStockError) {
          throw new HandlerRejection(
            'CONFLICT',
            `Stock of ${line.itemCode} in ${line.warehouseId} cannot go below zero or below what is reserved for dispatches (${error.message}).`,
          );
        }
        throw error;
      }
      return {};
    },
  };
}
