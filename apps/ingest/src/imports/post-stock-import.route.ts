/**
 * `POST /api/v1/imports/stock[?unit=pcs&ref=<document>&asOf=<ISO time>]`: a stock count as HXL-tagged
 * CSV or plain CSV (`warehouse,item,quantity,unit`), UTF-8 or Latin-1. Every usable row becomes a
 * `raw.inventory` `set` of that item in that warehouse (at `asOf`, default now); the answer lists the
 * rows refused with their number, column and reason. A file that is neither format is refused whole.
 */
import { readStockFile } from '@vigie/domain/hxl/read-stock';
import type { FastifyInstance } from 'fastify';
import type { IngestContext } from '../ingest-context';
import { IngestError } from '../ingest-error';
import { authoriseImport, chargeImport, queryText, sendImportAnswer } from './import-request';
import { publishImport } from './publish-import';
import type { ImportItem } from './publish-import';
import { stockLineToInventory } from './stock-lines-to-inventory';

export function registerStockImport(app: FastifyInstance, context: IngestContext): void {
  app.post(
    '/api/v1/imports/stock',
    { bodyLimit: context.config.importMaxBodyBytes },
    async (request, reply) => {
      const { key, body } = await authoriseImport(context, request, 'events:inventory');
      const unit = queryText(request, 'unit');
      const ref = queryText(request, 'ref');
      const asOfText = queryText(request, 'asOf');
      const asOf = asOfText === undefined ? new Date() : new Date(asOfText);
      if (Number.isNaN(asOf.getTime())) {
        throw new IngestError(
          'VALIDATION_FAILED',
          'asOf must be an ISO-8601 time such as 2021-08-16T14:00:00Z',
        );
      }
      const read = readStockFile(body, unit === undefined ? {} : { defaultUnit: unit });
      if (!read.ok) throw new IngestError('VALIDATION_FAILED', `Stock file refused: ${read.reason}`);
      const { file } = read;
      const occurredAt = asOf.toISOString();
      const items: ImportItem[] = file.lines.map((line) => {
        const payload = stockLineToInventory(line, ref);
        return {
          where: `row ${line.row}`,
          occurredAt,
          payload,
          original: JSON.stringify({ occurredAt, payload }),
        };
      });
      const refused = file.errors.map((e) => ({
        where: e.column === undefined ? `row ${e.row}` : `row ${e.row}, column ${e.column}`,
        reason: e.reason,
      }));
      chargeImport(context, key, items.length);
      const answer = await publishImport(context, {
        topic: 'raw.inventory',
        source: key.source,
        items,
        refused,
        warnings: [`read as ${file.format.toUpperCase()} (${file.encoding})`, ...file.warnings],
      });
      return sendImportAnswer(reply, answer);
    },
  );
}
