/**
 * GET /api/v1/exports/features.geojson and /api/v1/exports/features.csv — everything recorded in a time
 * range and box (positions, readings, reports, alerts, incident events; `kinds` selects), streamed in
 * time order with a Content-Disposition naming the file. Session with `data.export`, or an API key with
 * the `read` scope. 400 for bad parameters or a range above the maximum, 413 above the row limit.
 */
import { Readable } from 'node:stream';
import { AppError } from '@vigie/contracts/errors';
import { EXPORT_MAX_ROWS, ZFeaturesExportQuery } from '@vigie/contracts/export-api';
import { issuesFromZodError, summariseIssues } from '@vigie/contracts/issues';
import { countExportRows, exportFeaturePages } from '@vigie/db/export-repository';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ZodError } from 'zod';
import { authenticateCaller } from '../auth/authenticate-caller';
import { CSV_HEADER, GEOJSON_HEAD, GEOJSON_TAIL, csvLine, featuresChunk } from '../exports/format-features';
import { toBBox } from '../replay/load-replay-snapshot';
import type { GatewayServices } from '../gateway-services';

export type FeaturesFormat = 'geojson' | 'csv';

/** `vigie-<what>-<from>-<to>.<ext>` with the times in compact UTC. */
export function exportFileName(what: string, from: Date, to: Date, ext: string): string {
  const compact = (d: Date) =>
    d
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
  return `vigie-${what}-${compact(from)}-${compact(to)}.${ext}`;
}

export function parseExportQuery<T>(
  schema: {
    safeParse(data: unknown): { success: true; data: T } | { success: false; error: ZodError };
  },
  query: unknown,
): T {
  const raw = Object.fromEntries(
    Object.entries((query ?? {}) as Record<string, unknown>).map(([k, v]) => {
      if (Array.isArray(v)) throw new AppError('VALIDATION_FAILED', `${k}: give it once`, { parameter: k });
      return [k, v];
    }),
  );
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issues = issuesFromZodError(parsed.error, 10);
    throw new AppError('VALIDATION_FAILED', summariseIssues(issues), { issues });
  }
  return parsed.data;
}

export function exportFeaturesHandler(services: GatewayServices, format: FeaturesFormat) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    await authenticateCaller(services, request, reply, { scope: 'read', permission: 'data.export' });
    const query = parseExportQuery(ZFeaturesExportQuery, request.query);
    const from = new Date(query.from);
    const to = new Date(query.to);
    const bbox = toBBox(query.bbox);
    const range = { from, to, ...(bbox === undefined ? {} : { bbox }) };
    const db = services.database.db;
    const rows = await countExportRows(db, query.kinds, range, EXPORT_MAX_ROWS);
    if (rows > EXPORT_MAX_ROWS) {
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        `More than ${EXPORT_MAX_ROWS} rows match: narrow the time range, the box or the kinds`,
        { maxRows: EXPORT_MAX_ROWS },
      );
    }
    const logger = request.log;
    async function* body(): AsyncGenerator<string> {
      yield format === 'geojson' ? GEOJSON_HEAD : CSV_HEADER;
      let first = true;
      for await (const page of exportFeaturePages(db, query.kinds, range)) {
        yield format === 'geojson' ? featuresChunk(page, first) : page.map(csvLine).join('');
        first = false;
      }
      if (format === 'geojson') yield GEOJSON_TAIL;
      logger.info({ format, rows, kinds: query.kinds }, 'features exported');
    }
    const fileName = exportFileName('features', from, to, format);
    return reply
      .header(
        'content-type',
        format === 'geojson' ? 'application/geo+json; charset=utf-8' : 'text/csv; charset=utf-8',
      )
      .header('content-disposition', `attachment; filename="${fileName}"`)
      .header('cache-control', 'no-store')
      .send(Readable.from(body()));
  };
}
