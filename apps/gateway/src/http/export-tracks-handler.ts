/**
 * GET /api/v1/exports/tracks.gpx and /api/v1/exports/tracks.kml — the tracks of assets (one per asset,
 * fixes in time order) in a time range and box, optionally of the `assets` named, streamed with a
 * Content-Disposition. Same authorisation and errors as the features exports.
 */
import { Readable } from 'node:stream';
import { AppError } from '@vigie/contracts/errors';
import { EXPORT_MAX_ROWS, ZTracksExportQuery } from '@vigie/contracts/export-api';
import { countExportRows, exportTrackPages } from '@vigie/db/export-repository';
import type { TrackPoint } from '@vigie/db/export-repository';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { authenticateCaller } from '../auth/authenticate-caller';
import {
  GPX_HEAD,
  GPX_TAIL,
  GPX_TRACK_END,
  KML_HEAD,
  KML_TAIL,
  KML_TRACK_END,
  gpxPoints,
  gpxTrackStart,
  kmlPoints,
  kmlTrackStart,
} from '../exports/format-tracks';
import type { GatewayServices } from '../gateway-services';
import { toBBox } from '../replay/load-replay-snapshot';
import { exportFileName, parseExportQuery } from './export-features-handler';

export type TracksFormat = 'gpx' | 'kml';

export function exportTracksHandler(services: GatewayServices, format: TracksFormat) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    await authenticateCaller(services, request, reply, { scope: 'read', permission: 'data.export' });
    const query = parseExportQuery(ZTracksExportQuery, request.query);
    const from = new Date(query.from);
    const to = new Date(query.to);
    const bbox = toBBox(query.bbox);
    const range = { from, to, ...(bbox === undefined ? {} : { bbox }) };
    const db = services.database.db;
    const rows = await countExportRows(db, ['positions'], range, EXPORT_MAX_ROWS);
    if (rows > EXPORT_MAX_ROWS) {
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        `More than ${EXPORT_MAX_ROWS} fixes match: narrow the time range, the box or the assets`,
        { maxRows: EXPORT_MAX_ROWS },
      );
    }
    async function* gpx(): AsyncGenerator<string> {
      yield GPX_HEAD;
      let open = false;
      for await (const page of exportTrackPages(db, range, query.assets)) {
        if (page.first) {
          if (open) yield GPX_TRACK_END;
          yield gpxTrackStart(page.assetId, page.name, page.kind);
          open = true;
        }
        yield gpxPoints(page.points);
      }
      if (open) yield GPX_TRACK_END;
      yield GPX_TAIL;
    }
    async function* kml(): AsyncGenerator<string> {
      yield KML_HEAD;
      // A gx:Track lists its times before its coordinates: one asset's points are held until its end.
      let current: { head: string; points: TrackPoint[] } | undefined;
      const flush = () => {
        if (current === undefined) return '';
        const { whens, coords } = kmlPoints(current.points);
        return current.head + whens + coords + KML_TRACK_END;
      };
      for await (const page of exportTrackPages(db, range, query.assets)) {
        if (page.first) {
          const done = flush();
          if (done !== '') yield done;
          current = { head: kmlTrackStart(page.assetId, page.name, page.kind), points: [] };
        }
        current?.points.push(...page.points);
      }
      const done = flush();
      if (done !== '') yield done;
      yield KML_TAIL;
    }
    const fileName = exportFileName('tracks', from, to, format);
    return reply
      .header(
        'content-type',
        format === 'gpx'
          ? 'application/gpx+xml; charset=utf-8'
          : 'application/vnd.google-earth.kml+xml; charset=utf-8',
      )
      .header('content-disposition', `attachment; filename="${fileName}"`)
      .header('cache-control', 'no-store')
      .send(Readable.from(format === 'gpx' ? gpx() : kml()));
  };
}
