/**
 * `stock.import`: a coordinator uploads stock counts as HXL-tagged CSV or plain CSV
 * (`warehouse,item,quantity,unit`); each usable line becomes a `raw.inventory` `set` event, and the
 * unusable ones are answered with their line number and reason. The processor applies the events.
 */
import { newEventId } from '@vigie/contracts/envelope';
import { AppError } from '@vigie/contracts/errors';
import { ZStockImportInput, ZStockImportResult } from '@vigie/contracts/stock-api';
import type { TStockImportResult } from '@vigie/contracts/stock-api';
import { clipText } from '@vigie/contracts/primitives';
import { parseTopicMessage } from '@vigie/contracts/topics';
import { recordAudit } from '@vigie/db/audit-repository';
import { readStockFile } from '@vigie/domain/hxl/read-stock';
import { procedureWith } from './trpc-init';

export const importStockProcedure = procedureWith('stock.adjust')
  .input(ZStockImportInput)
  .output(ZStockImportResult)
  .mutation(async ({ ctx, input }): Promise<TStockImportResult> => {
    const read = readStockFile(input.text, { maxRows: 50_000 });
    if (!read.ok) throw new AppError('VALIDATION_FAILED', clipText(read.reason, 900));
    const { file } = read;
    // Plain CSV is recognised inside an upload announced as HXL too, but not the other way round:
    // an upload announced as HXL must carry its hashtag row.
    if (input.format === 'hxl' && file.format !== 'hxl')
      throw new AppError('VALIDATION_FAILED', 'No HXL hashtag row (#loc, #item, …) found in the file');
    const rejected = file.errors.map((e) => ({
      line: Math.max(1, e.row),
      message: clipText(e.column ? `${e.column}: ${e.reason}` : e.reason, 500),
    }));
    const now = new Date().toISOString();
    const records: { key: string; value: string }[] = [];
    for (const line of file.lines) {
      const parsed = parseTopicMessage('raw.inventory', {
        id: newEventId(),
        type: 'inventory',
        v: 1,
        source: 'gateway',
        occurredAt: now,
        receivedAt: now,
        ...(line.position ? { geo: line.position } : {}),
        payload: {
          op: 'set',
          warehouseId: line.warehouseId,
          itemCode: line.itemCode,
          ...(line.itemName ? { itemName: line.itemName.slice(0, 200) } : {}),
          unit: line.unit,
          quantity: line.quantity,
          ...(input.ref ? { ref: input.ref } : {}),
          reason: `import by ${ctx.user.id}`.slice(0, 500),
        },
      });
      if (!parsed.ok) rejected.push({ line: Math.max(1, line.row), message: clipText(parsed.summary, 500) });
      else records.push({ key: parsed.key, value: JSON.stringify(parsed.message) });
    }
    if (records.length > 0) {
      try {
        for (let i = 0; i < records.length; i += 1000)
          await ctx.services.log.produce(ctx.services.config.topics.rawInventory, records.slice(i, i + 1000));
      } catch (error) {
        ctx.logger.error({ err: error }, 'could not publish a stock import');
        throw new AppError('LOG_UNAVAILABLE', 'The import could not be recorded; try again');
      }
    }
    await recordAudit(ctx.services.database.db, {
      actor: ctx.user.id,
      action: 'stock.import',
      target: input.ref ?? null,
      outcome: 'ok',
      ip: ctx.ip,
      detail: { format: file.format, accepted: records.length, rejected: rejected.length },
    });
    return { accepted: records.length, rejected: rejected.slice(0, 1_000) };
  });
