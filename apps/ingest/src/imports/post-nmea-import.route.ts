/**
 * `POST /api/v1/imports/nmea?asset=<id>[&kind=vehicle]`: an NMEA 0183 log (RMC/GGA/GLL/VTG) of one
 * receiver, as the body. Each epoch with a valid fix becomes a `raw.positions` event of
 * `<source>:<asset>`; lines with a bad checksum, no fix or no date yet are counted and listed.
 */
import type { FastifyInstance } from 'fastify';
import type { IngestContext } from '../ingest-context';
import { createNmeaDecoder } from '../parsers/nmea/decode-nmea';
import { decodedToImport, numberLines } from './fixes-to-import';
import type { NumberedOutput } from './fixes-to-import';
import { importAsset } from './import-asset';
import { authoriseImport, chargeImport, sendImportAnswer } from './import-request';
import { publishImport } from './publish-import';

export function registerNmeaImport(app: FastifyInstance, context: IngestContext): void {
  app.post(
    '/api/v1/imports/nmea',
    { bodyLimit: context.config.importMaxBodyBytes },
    async (request, reply) => {
      const { key, body } = await authoriseImport(context, request, 'events:position');
      const { assetId, assetKind } = importAsset(request, key.source, true);
      const decoder = createNmeaDecoder({ assetId: assetId as string, assetKind });
      const outputs: NumberedOutput[] = [];
      const lines = numberLines(body.toString('latin1'));
      lines.forEach((text, i) => {
        for (const output of decoder.push(text)) outputs.push({ line: i + 1, output });
      });
      for (const output of decoder.flush()) outputs.push({ line: lines.length, output });
      const { items, refused } = decodedToImport(outputs);
      chargeImport(context, key, items.length);
      const answer = await publishImport(context, {
        topic: 'raw.positions',
        source: key.source,
        items,
        refused,
      });
      context.metrics.events.inc({ kind: 'position', outcome: 'accepted' }, answer.accepted);
      context.metrics.events.inc({ kind: 'position', outcome: 'rejected' }, answer.rejected);
      return sendImportAnswer(reply, answer);
    },
  );
}
