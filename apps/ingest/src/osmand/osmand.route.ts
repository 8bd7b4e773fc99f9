/**
 * The OsmAnd / Traccar HTTP position protocol, so that phones running OsmAnd, Traccar Client or any
 * tracker speaking it can report positions: `GET|POST /api/v1/osmand/<api key>?id=…&lat=…&lon=…`
 * (or the key in `?key=`, or a bearer header), query string, form body or Traccar Client's JSON.
 *
 * The device must be a registered asset of the key's source (`<source>:<deviceId>`) unless the key
 * may register devices. The answer is 200 with an empty body once the log has the position.
 */
import type { ProduceRecord } from '@vigie/bus/log';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AUTO_REGISTER_SCOPE } from '@vigie/db/api-keys-repository';
import type { VerifiedApiKey } from '@vigie/db/api-keys-repository';
import { authenticate, bearerToken } from '../authenticate-request';
import { contentEventId } from '../content-event-id';
import { deadLetterRecord } from '../dead-letter-record';
import type { IngestContext } from '../ingest-context';
import { forbidden, IngestError, rateLimited } from '../ingest-error';
import { prepareEvent } from '../prepare-event';
import { publishRecords } from '../publish-records';
import { redactUrl } from '../redact-url';
import type { OsmandFix, OsmandParseResult } from './osmand-fix';
import { parseOsmandJson } from './parse-osmand-json';
import { parseOsmandQuery } from './parse-osmand-query';

const utf8 = new TextDecoder('utf-8', { fatal: true });

interface DecodedRequest {
  result: OsmandParseResult;
  /** What the tracker sent, API key removed: kept in the dead letter of a refused request. */
  original: string | Uint8Array;
}

function queryOf(url: string): string {
  const at = url.indexOf('?');
  return at < 0 ? '' : url.slice(at + 1);
}

function isJson(contentType: string | undefined): boolean {
  return contentType?.split(';', 1)[0]?.trim().toLowerCase() === 'application/json';
}

function decodeRequest(request: FastifyRequest, context: IngestContext): DecodedRequest {
  const body = request.body as Buffer | undefined;
  const options = { speedUnit: context.config.osmandSpeedUnit };
  if (isJson(request.headers['content-type']) && body !== undefined && body.length > 0) {
    let data: unknown;
    try {
      data = JSON.parse(utf8.decode(body));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return {
        result: { ok: false, message: `Body is not UTF-8 JSON: ${reason.slice(0, 200)}` },
        original: body,
      };
    }
    return { result: parseOsmandJson(data), original: body };
  }
  const query = queryOf(request.url);
  let params = new URLSearchParams(query);
  let original = redactUrl(`?${query}`).slice(1);
  const onlyKey = [...params.keys()].every((name) => name === 'key');
  if (onlyKey && body !== undefined && body.length > 0) {
    const text = body.toString('latin1');
    params = new URLSearchParams(text);
    original = redactUrl(`?${text}`).slice(1);
  }
  return { result: parseOsmandQuery(params, options), original };
}

function positionEvent(
  fix: OsmandFix,
  assetId: string,
  kind: string,
  now: Date,
): { type: 'position'; occurredAt: string; payload: Record<string, unknown> } {
  const payload: Record<string, unknown> = {
    assetId,
    assetKind: kind,
    position: { lon: fix.lon, lat: fix.lat },
  };
  if (fix.speed !== undefined) payload.speed = fix.speed;
  if (fix.heading !== undefined) payload.heading = fix.heading;
  if (fix.altitude !== undefined) payload.altitude = fix.altitude;
  if (fix.accuracy !== undefined) payload.accuracy = fix.accuracy;
  if (fix.battery !== undefined) payload.battery = fix.battery;
  if (fix.alarm !== undefined) payload.alarm = fix.alarm;
  if (fix.status !== undefined) payload.status = fix.status;
  if (Object.keys(fix.attributes).length > 0) payload.attributes = fix.attributes;
  return { type: 'position', occurredAt: (fix.time ?? now).toISOString(), payload };
}

export function registerOsmand(app: FastifyInstance, context: IngestContext): void {
  const { config, metrics } = context;

  async function refuse(key: VerifiedApiKey, message: string, original: string | Uint8Array): Promise<never> {
    const failedAt = new Date().toISOString();
    const record = deadLetterRecord({
      originTopic: 'raw.positions',
      code: 'VALIDATION_FAILED',
      issues: [{ path: '', message }],
      original,
      source: key.source,
      failedAt,
      newId: context.newId,
    });
    await publishRecords(
      context.log,
      config,
      new Map([[context.topicName('deadletter'), [record]]]),
      context.onUnknownTopic,
    );
    metrics.events.inc({ kind: 'position', outcome: 'rejected' });
    throw new IngestError('VALIDATION_FAILED', message);
  }

  async function handle(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const params = request.params as { key?: string };
    const query = request.query as { key?: unknown };
    const token =
      params.key ??
      (typeof query.key === 'string' ? query.key : undefined) ??
      bearerToken(request.headers.authorization);
    const key = await authenticate(context.keys, token);
    if (!key.scopes.includes('events:position')) {
      metrics.events.inc({ kind: 'position', outcome: 'forbidden' });
      throw forbidden(`The API key of source "${key.source}" lacks the scope events:position`);
    }

    const { result, original } = decodeRequest(request, context);
    // Refused requests count against the key's budget too (they cost a dead letter each).
    const taken = context.limiter.take(key.id, result.ok ? result.fixes.length : 1);
    if (!taken.ok) {
      metrics.events.inc({ kind: 'position', outcome: 'rate_limited' }, result.ok ? result.fixes.length : 1);
      throw rateLimited(taken.retryAfterS);
    }
    if (!result.ok) return refuse(key, result.message, original);

    const now = new Date();
    const receivedAt = now.toISOString();
    const autoRegister = key.scopes.includes(AUTO_REGISTER_SCOPE);
    const records: ProduceRecord[] = [];
    for (const fix of result.fixes) {
      const device = await context.devices.resolve(key.source, fix.deviceId, autoRegister);
      if (device === null) {
        metrics.events.inc({ kind: 'position', outcome: 'forbidden' });
        throw forbidden(
          `Device "${fix.deviceId}" is not registered for source "${key.source}" (register asset "${key.source}:${fix.deviceId}", or use a key allowed to register devices)`,
        );
      }
      const event = positionEvent(fix, device.assetId, device.kind, now);
      const prepared = prepareEvent(event, {
        key,
        receivedAt,
        // A tracker resending a buffered fix after a 503 gets the same id: the repeat is deduplicated.
        idFor: () =>
          contentEventId(key.source, JSON.stringify(event.payload), event.occurredAt, now.getTime()),
      });
      if (!prepared.ok) {
        const reason = prepared.issues
          .slice(0, 3)
          .map((issue) => (issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`))
          .join('; ');
        return refuse(key, `Position not usable: ${reason}`, original);
      }
      records.push({ key: prepared.key, value: prepared.value });
    }
    try {
      await publishRecords(
        context.log,
        config,
        new Map([[context.topicName('raw.positions'), records]]),
        context.onUnknownTopic,
      );
    } catch (error) {
      metrics.events.inc({ kind: 'position', outcome: 'unavailable' }, records.length);
      throw error;
    }
    metrics.events.inc({ kind: 'position', outcome: 'accepted' }, records.length);
    return reply.code(200).send();
  }

  const options = { bodyLimit: config.osmandMaxBodyBytes };
  app.route({ method: ['GET', 'POST'], url: '/api/v1/osmand', ...options, handler: handle });
  app.route({ method: ['GET', 'POST'], url: '/api/v1/osmand/:key', ...options, handler: handle });
}
