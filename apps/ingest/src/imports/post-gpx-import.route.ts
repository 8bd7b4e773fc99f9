/**
 * `POST /api/v1/imports/gpx[?asset=<id>&kind=team]`: a GPX 1.0/1.1 file. Track and route points with a
 * valid time become `raw.positions` events of `<source>:<asset>` (without `asset`, each track is the
 * asset named after the track); points without a usable time are listed, waypoints are counted as
 * ignored (they are places, not fixes).
 */
import type { FastifyInstance } from 'fastify';
import type { IngestContext } from '../ingest-context';
import { IngestError } from '../ingest-error';
import { gpxTrackToPositionFixes } from '../parsers/gpx/gpx-to-position-fixes';
import { parseGpx } from '../parsers/gpx/parse-gpx';
import { importAsset } from './import-asset';
import { authoriseImport, chargeImport, sendImportAnswer } from './import-request';
import { publishImport } from './publish-import';
import type { ImportError, ImportItem } from './publish-import';

function trackAssetName(name: string | undefined, index: number): string {
  const slug = (name ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '')
    .slice(0, 48);
  return slug === '' ? `track-${index + 1}` : slug;
}

export function registerGpxImport(app: FastifyInstance, context: IngestContext): void {
  app.post(
    '/api/v1/imports/gpx',
    { bodyLimit: context.config.importMaxBodyBytes },
    async (request, reply) => {
      const { key, body } = await authoriseImport(context, request, 'events:position');
      const { assetId, assetKind } = importAsset(request, key.source, false);
      const parsed = parseGpx(body, { maxBytes: context.config.importMaxBodyBytes });
      const documentError = parsed.rejected.find((r) => r.outcome === 'document-rejected');
      if (documentError) throw new IngestError('VALIDATION_FAILED', `GPX refused: ${documentError.reason}`);
      const items: ImportItem[] = [];
      const refused: ImportError[] = parsed.rejected
        .filter((r) => r.outcome === 'point-rejected')
        .map((r) => ({ where: r.where, reason: r.reason }));
      const warnings = parsed.rejected
        .filter((r) => r.outcome === 'field-dropped')
        .map((r) => `${r.where}: ${r.reason}`);
      parsed.tracks.forEach((track, t) => {
        const id = assetId ?? `${key.source}:${trackAssetName(track.name, t)}`;
        const { fixes, skipped } = gpxTrackToPositionFixes(track, { assetId: id, assetKind });
        for (const s of skipped) {
          if (s.outcome === 'point-rejected') refused.push({ where: s.where, reason: s.reason });
          else warnings.push(`${s.where}: ${s.reason}`);
        }
        for (const fix of fixes) {
          items.push({
            where: `${track.kind} ${track.name ?? t + 1} at ${fix.occurredAt}`,
            occurredAt: fix.occurredAt,
            payload: fix.payload,
            original: JSON.stringify(fix),
          });
        }
      });
      if (parsed.waypoints.length > 0)
        warnings.push(`${parsed.waypoints.length} waypoint(s) ignored: they are places, not fixes`);
      chargeImport(context, key, items.length);
      const answer = await publishImport(context, {
        topic: 'raw.positions',
        source: key.source,
        items,
        refused,
        warnings,
      });
      context.metrics.events.inc({ kind: 'position', outcome: 'accepted' }, answer.accepted);
      context.metrics.events.inc({ kind: 'position', outcome: 'rejected' }, answer.rejected);
      return sendImportAnswer(reply, answer);
    },
  );
}
