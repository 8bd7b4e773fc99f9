/** `stock.list`: stock per warehouse (quantity, reserved, available). */
import { ZStockList, ZStockListInput } from '@vigie/contracts/stock-api';
import { listStock } from '@vigie/db/stock-queries-repository';
import { procedureWith } from './trpc-init';

export const listStockProcedure = procedureWith('stock.view')
  .input(ZStockListInput)
  .output(ZStockList)
  .query(({ ctx, input }) => listStock(ctx.services.database.db, input));
