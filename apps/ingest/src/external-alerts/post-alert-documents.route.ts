/**
 * External alerts pushed or uploaded by sources holding an API key with the `events:alert` scope:
 *
 * - `POST /api/v1/cap`: one CAP 1.1/1.2 document (an alert, or a wrapper holding several), XML body;
 * - `POST /api/v1/imports/usgs`: a USGS earthquake GeoJSON (or JSONP) summary file;
 * - `POST /api/v1/imports/gdacs`: a GDACS RSS file.
 *
 * Alerts go to `raw.alerts`, refused ones to `deadletter` with the reason and the document; the answer
 * leaves once the log acknowledged both: 202 when every alert was taken, 400 listing the refused ones
 * (and how many were taken) otherwise. Besides the per-key event bucket, each key may send at most
 * `alertDocumentsPerMinute` documents (parsing XML costs more than reading a JSON line).
 */
import type { ProduceRecord } from '@vigie/bus/log';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authenticate, bearerToken } from '../authenticate-request';
import { topicOnLog } from '../ensure-ingest-topics';
import type { IngestContext } from '../ingest-context';
import { IngestError, forbidden, rateLimited, unsupportedMediaType } from '../ingest-error';
import { publishRecords } from '../publish-records';
import { createRateLimiter } from '../token-bucket';
import { externalAlertRecords } from './external-alert-records';
import { parseAlertDocument } from './parse-alert-document';
import type { AlertDocumentFormat } from './parse-alert-document';

export const ALERT_SCOPE = 'events:alert';

const MAX_LISTED = 200;

const CONTENT_TYPES: Record<AlertDocumentFormat, readonly string[]> = {
  cap: ['application/cap+xml', 'application/xml', 'text/xml'],
  gdacs: ['application/rss+xml', 'application/xml', 'text/xml'],
  usgs: ['application/geo+json', 'application/json', 'application/javascript', 'text/javascript'],
};

function mediaType(header: string | undefined): string | undefined {
  return header?.split(';', 1)[0]?.trim().toLowerCase();
}

export function registerPostAlertDocuments(app: FastifyInstance, context: IngestContext): void {
  const { config, metrics } = context;
  const documents = createRateLimiter({
    ratePerSecond: config.alertDocumentsPerMinute / 60,
    burst: Math.max(1, Math.ceil(config.alertDocumentsPerMinute / 6)),
  });

  const handle = (format: AlertDocumentFormat) => async (request: FastifyRequest, reply: FastifyReply) => {
    const key = await authenticate(context.keys, bearerToken(request.headers.authorization));
    if (!key.scopes.includes(ALERT_SCOPE)) {
      throw forbidden(
        `The API key of source "${key.source}" lacks the scope ${ALERT_SCOPE} needed for alerts`,
        {
          scopes: key.scopes,
        },
      );
    }
    const type = mediaType(request.headers['content-type']);
    if (type === undefined || !CONTENT_TYPES[format].includes(type)) {
      throw unsupportedMediaType(request.headers['content-type'], CONTENT_TYPES[format]);
    }
    const document = documents.take(key.id, 1);
    if (!document.ok) throw rateLimited(document.retryAfterS);
    const body = (request.body as Buffer | undefined) ?? Buffer.alloc(0);
    if (body.length === 0) throw new IngestError('VALIDATION_FAILED', 'Empty body: send the document');

    const parsed = parseAlertDocument(format, body);
    if (parsed.links.length > 0 && parsed.alerts.length === 0) {
      throw new IngestError(
        'VALIDATION_FAILED',
        'This is an index feed (it only links to alerts); register its URL as a feed instead of pushing it',
        { details: { links: parsed.links.slice(0, 20) } },
      );
    }
    const taken = context.limiter.take(key.id, Math.max(1, parsed.alerts.length));
    if (!taken.ok) throw rateLimited(taken.retryAfterS);

    const records = externalAlertRecords({
      alerts: parsed.alerts,
      rejected: parsed.rejected,
      source: key.source,
      original: body,
      receivedAt: new Date(),
      newId: context.newId,
    });
    const rejected = [...parsed.rejected, ...records.refused];
    const byTopic = new Map<string, ProduceRecord[]>();
    if (records.alerts.length > 0) byTopic.set(topicOnLog(config, 'raw.alerts'), records.alerts);
    if (records.deadLetters.length > 0) byTopic.set(context.topicName('deadletter'), records.deadLetters);
    try {
      await publishRecords(context.log, config, byTopic, context.onUnknownTopic);
    } catch (error) {
      metrics.events.inc({ kind: 'alert', outcome: 'unavailable' }, Math.max(1, parsed.alerts.length));
      throw error;
    }
    const accepted = records.alerts.length;
    metrics.events.inc({ kind: 'alert', outcome: 'accepted' }, accepted);
    metrics.events.inc({ kind: 'alert', outcome: 'rejected' }, rejected.length);
    const warnings = parsed.warnings.slice(0, MAX_LISTED);
    if (rejected.length === 0) return reply.code(202).send({ accepted, rejected: 0, warnings });
    const whole = rejected.find((r) => r.index < 0);
    return reply.code(400).send({
      code: 'VALIDATION_FAILED',
      message: whole
        ? `The document was refused: ${whole.reason}`
        : `${rejected.length} alert(s) refused, ${accepted} accepted; the refused ones are listed in errors`,
      retriable: false,
      accepted,
      rejected: rejected.length,
      errors: rejected.slice(0, MAX_LISTED),
      warnings,
    });
  };

  app.post('/api/v1/cap', { bodyLimit: config.capMaxBodyBytes }, handle('cap'));
  app.post('/api/v1/imports/usgs', { bodyLimit: config.alertImportMaxBodyBytes }, handle('usgs'));
  app.post('/api/v1/imports/gdacs', { bodyLimit: config.alertImportMaxBodyBytes }, handle('gdacs'));
}
