/**
 * `POST /api/v1/imports/ais`: a log of `!AIVDM`/`!AIVDO` sentences (other sentences and `#` comments
 * may be interleaved; multi-part messages are reassembled). Position reports (types 1–3, 18, 19, 27)
 * become `raw.positions` events of `mmsi:<MMSI>` (boats). AIS carries only the second of the minute:
 * the fix time is the upload time moved back to that second.
 */
import type { FastifyInstance } from 'fastify';
import type { IngestContext } from '../ingest-context';
import { createAisDecoder } from '../parsers/ais/decode-ais';
import { decodedToImport, numberLines } from './fixes-to-import';
import type { NumberedOutput } from './fixes-to-import';
import { authoriseImport, chargeImport, sendImportAnswer } from './import-request';
import { publishImport } from './publish-import';

export function registerAisImport(app: FastifyInstance, context: IngestContext): void {
  app.post(
    '/api/v1/imports/ais',
    { bodyLimit: context.config.importMaxBodyBytes },
    async (request, reply) => {
      const { key, body } = await authoriseImport(context, request, 'events:position');
      const receivedAt = new Date();
      const decoder = createAisDecoder();
      const outputs: NumberedOutput[] = [];
      const lines = numberLines(body.toString('latin1'));
      lines.forEach((text, i) => {
        for (const output of decoder.push(text, receivedAt)) outputs.push({ line: i + 1, output });
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
