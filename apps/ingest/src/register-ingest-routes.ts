/**
 * The ingest routes as one Fastify plugin, so that a single Fastify instance on one port can host
 * ingest, the gateway and the web app:
 *
 * ```ts
 * await app.register(registerIngestRoutes, { db, log, logger, metrics, config });
 * ```
 *
 * Everything it sets up (body parsers, error handler, hooks) stays inside its own encapsulated
 * context, so the host's other routes keep their own. Routes: `POST /api/v1/events`,
 * `GET|POST /api/v1/osmand[/:key]`, `POST /api/v1/imports/{gpx,nmea,ais,stock}`.
 */
import type { Log } from '@vigie/bus/log';
import { newEventId } from '@vigie/contracts/envelope';
import { verifyApiKey } from '@vigie/db/api-keys-repository';
import { getAsset } from '@vigie/db/assets-repository';
import type { Database } from '@vigie/db/database';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RawServerDefault,
} from 'fastify';
import type { Registry } from 'prom-client';
import { createApiKeyCache } from './api-key-cache';
import type { ApiKeyCache } from './api-key-cache';
import { ensureIngestTopics, topicOnLog } from './ensure-ingest-topics';
import { errorToHttp } from './error-to-http';
import type { IngestConfig } from './ingest-config';
import type { IngestContext } from './ingest-context';
import { createIngestMetrics } from './ingest-metrics';
import { createDeviceDirectory } from './osmand/device-directory';
import { registerPostAlertDocuments } from './external-alerts/post-alert-documents.route';
import { registerAisImport } from './imports/post-ais-import.route';
import { registerGpxImport } from './imports/post-gpx-import.route';
import { registerNmeaImport } from './imports/post-nmea-import.route';
import { registerStockImport } from './imports/post-stock-import.route';
import { registerMediaUpload } from './media/post-media.route';
import { registerOsmand } from './osmand/osmand.route';
import { registerPostEvents } from './post-events.route';
import { redactUrl } from './redact-url';
import { createRateLimiter } from './token-bucket';

export interface IngestDeps {
  readonly db: Database;
  readonly log: Log;
  /** pino logger (or Fastify's `app.log`); API keys and tokens are never written to it. */
  readonly logger: FastifyBaseLogger;
  /** Registry the ingest metrics are registered on (the host serves it at /metrics). */
  readonly metrics: Registry;
  readonly config: IngestConfig;
  /**
   * Create the ingest topics that are missing at registration (default true). When the log cannot
   * be reached then, registration still succeeds: requests get 503 until it can.
   */
  readonly createTopics?: boolean;
  /** Shared key cache (tests and hosts that revoke keys may pass theirs to clear it). */
  readonly keyCache?: ApiKeyCache;
}

const startTimes = new WeakMap<FastifyRequest, bigint>();

async function ingestRoutes(app: FastifyInstance, deps: IngestDeps): Promise<void> {
  const { config, log } = deps;
  const logger = deps.logger.child({ component: 'ingest' });
  const metrics = createIngestMetrics(deps.metrics);

  let topicsReady: Promise<void> | undefined;
  const ensureTopics = (): Promise<void> => {
    topicsReady ??= ensureIngestTopics(log, config).catch((error: unknown) => {
      topicsReady = undefined;
      logger.warn(
        { err: error },
        'could not create the ingest topics yet; requests get 503 until the log answers',
      );
    });
    return topicsReady;
  };
  if (deps.createTopics ?? true) await ensureTopics();

  const context: IngestContext = {
    log,
    config,
    logger,
    metrics,
    keys:
      deps.keyCache ??
      createApiKeyCache({
        verify: (token) => verifyApiKey(deps.db.db, token),
        ttlMs: config.keyCacheTtlMs,
        negativeTtlMs: config.negativeKeyCacheTtlMs,
      }),
    limiter: createRateLimiter({ ratePerSecond: config.rateLimitPerSecond, burst: config.rateLimitBurst }),
    devices: createDeviceDirectory({
      lookupAssetKind: async (assetId) => (await getAsset(deps.db.db, assetId))?.kind ?? null,
      ttlMs: config.deviceCacheTtlMs,
      defaultKind: config.osmandDefaultAssetKind,
    }),
    newId: newEventId,
    topicName: (topic) => topicOnLog(config, topic),
    onUnknownTopic: () => void ensureTopics(),
  };

  // Bodies reach the handlers as raw bytes: each route decodes its own formats (and keeps the original
  // bytes for dead letters). Only inside this plugin: the host's parsers are untouched.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.addHook('onRequest', async (request) => {
    startTimes.set(request, process.hrtime.bigint());
  });
  app.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    const start = startTimes.get(request);
    if (start === undefined) return;
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    metrics.requestDuration.observe(
      {
        route: request.routeOptions.url ?? 'unknown',
        method: request.method,
        status: String(reply.statusCode),
      },
      seconds,
    );
  });

  app.setErrorHandler(async (error, request, reply) => {
    const answer = errorToHttp(error);
    if (answer.internal) {
      logger.error(
        { err: error, method: request.method, url: redactUrl(request.url) },
        'ingest request failed',
      );
    } else if (answer.status >= 500) {
      logger.warn(
        {
          code: answer.body.code,
          method: request.method,
          url: redactUrl(request.url),
          cause: (error as Error).cause,
        },
        answer.body.message,
      );
    }
    return reply.code(answer.status).headers(answer.headers).send(answer.body);
  });

  registerPostEvents(app, context);
  registerOsmand(app, context);
  registerPostAlertDocuments(app, context);
  registerGpxImport(app, context);
  registerNmeaImport(app, context);
  registerAisImport(app, context);
  registerStockImport(app, context);
  registerMediaUpload(app, context);
}

/**
 * Registers the ingest routes in their own encapsulated context of `app`. Any Fastify instance on a
 * plain HTTP server will do, whatever its logger type (`loggerInstance: pino(...)` included).
 */
export async function registerIngestRoutes<Logger extends FastifyBaseLogger>(
  app: FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, Logger>,
  deps: IngestDeps,
): Promise<void> {
  // The routes only use what every logger type offers; the instance is the same at run time.
  await (app as unknown as FastifyInstance).register(ingestRoutes, deps);
}
