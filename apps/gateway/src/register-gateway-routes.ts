/**
 * Mounts the gateway on a Fastify instance the host owns, so that one process and one port can serve
 * ingest, the gateway and the web app together. Everything is under `/api/auth/*`, `/api/trpc/*`,
 * `/api/v1/*`, `/healthz`, `/readyz`, `/metrics`, plus `/socket.io/` once `attachLiveSockets` is called;
 * the rest of the URL space is the host's.
 *
 * ```ts
 * const gateway = await registerGatewayRoutes(app, { db, log, logger, metrics: registry, config });
 * await gateway.attachLiveSockets(app.server);
 * await app.listen({ port });
 * // …
 * await gateway.close(); // then app.close(), log.close(), db.close(): those belong to the host
 * ```
 */
import { dirname, join } from 'node:path';
import { createLocalObjectStore } from '@vigie/storage/local-object-store';
import type { ObjectStore } from '@vigie/storage/object-store';
import type { Server as HttpServer } from 'node:http';
import { fastifyCookie } from '@fastify/cookie';
import { fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import type { FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import type { Log } from '@vigie/bus/log';
import type { Database } from '@vigie/db/database';
import { decodeTopicMessage } from '@vigie/contracts/topics';
import { deleteExpiredSessions } from '@vigie/db/sessions-repository';
import type { FastifyBaseLogger, FastifyInstance, RawServerDefault } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { LoginThrottle } from './auth/login-throttle';
import { generatePassword, hashPassword } from './auth/password-hash';
import type { GatewayConfig } from './env';
import type { GatewayServices } from './gateway-services';
import { healthzHandler } from './http/healthz-handler';
import { listEntitiesHandler } from './http/list-entities-handler';
import { exportFeaturesHandler } from './http/export-features-handler';
import { exportTracksHandler } from './http/export-tracks-handler';
import { loginHandler } from './http/login-handler';
import { logoutHandler } from './http/logout-handler';
import { meHandler } from './http/me-handler';
import { getAlertCapHandler } from './http/get-alert-cap-handler';
import { getMediaFileHandler } from './http/get-media-file-handler';
import { FIELD_PHOTO_BODY_LIMIT, uploadFieldPhotoHandler } from './http/upload-field-photo-handler';
import { metricsHandler } from './http/metrics-handler';
import { readyzHandler } from './http/readyz-handler';
import { checkSameOrigin } from './http/same-origin-guard';
import { sendError } from './http/send-error';
import { attachLiveSockets } from './live/attach-live-sockets';
import type { LiveSockets } from './live/attach-live-sockets';
import { EntityIndex } from './live/entity-index';
import { LiveEntitiesFeed } from './live/live-entities-feed';
import { LiveHub } from './live/live-hub';
import { createLiveOverlayFeed } from './live/live-overlay-feed';
import { OverlayPush } from './live/overlay-push';
import { TopicFollower } from './live/topic-follower';
import { NotificationService } from './notifications/notification-service';
import { loadLiveSnapshot } from './live/load-live-snapshot';
import { createGatewayMetrics } from './metrics/gateway-metrics';
import type { AppRouter } from './router';
import { appRouter } from './router';
import { createTrpcContextFactory } from './trpc/create-trpc-context';
import { attachReplayNamespace } from './replay/attach-replay-namespace';
import type { ReplayNamespace } from './replay/attach-replay-namespace';
import type { Server } from 'socket.io';

export interface GatewayDeps {
  db: Database;
  log: Log;
  logger: Logger;
  /** Registry the gateway's metrics are added to (served at /metrics). */
  metrics: Registry;
  config: GatewayConfig;
  /** Object store media files are read from and field photos written to (default: the local store in `$VIGIE_DATA_DIR/media`). */
  mediaStore?: ObjectStore;
}

export interface Gateway {
  readonly services: GatewayServices;
  readonly hub: LiveHub;
  /** Alerts, incidents, zones and notifications pushed to sockets. */
  readonly overlay: OverlayPush;
  readonly notifier: NotificationService;
  /** True once the alert/incident push and the notifier follow their topics. */
  overlayRunning(): boolean;
  /** Resolves once the live consumer runs (or kept retrying for 10 s) and the database snapshot is loaded. */
  readonly ready: Promise<void>;
  isReady(): boolean;
  /** Attaches socket.io (`/socket.io/`) to the HTTP server, by default the Fastify instance's. */
  attachLiveSockets(httpServer?: HttpServer): Promise<LiveSockets>;
  /** Stops the live tick, closes the sockets and the live consumer. The database and log stay open. */
  close(): Promise<void>;
}

const JSON_BODY_LIMIT = 64 * 1024;

/** Any Fastify instance on a plain HTTP server, whatever logger it was given. */
export type HostApp<HostLogger extends FastifyBaseLogger = FastifyBaseLogger> = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  HostLogger
>;

export async function registerGatewayRoutes<HostLogger extends FastifyBaseLogger>(
  app: HostApp<HostLogger>,
  deps: GatewayDeps,
): Promise<Gateway> {
  const { config } = deps;
  const logger = deps.logger;
  const metrics = createGatewayMetrics(deps.metrics);
  const index = new EntityIndex({ capacity: config.live.ringCapacity, cellDeg: 1 });
  const services: GatewayServices = {
    database: deps.db,
    log: deps.log,
    logger,
    metrics,
    config,
    index,
    throttle: new LoginThrottle({ maxFailures: config.login.maxFailures, windowMs: config.login.windowMs }),
    dummyPasswordHash: await hashPassword(generatePassword()),
  };

  const hub = new LiveHub({
    index,
    metrics,
    logger,
    tickMs: config.live.tickMs,
    fieldTickMs: config.live.fieldTickMs,
    fieldRadiusM: config.live.fieldRadiusM,
  });
  hub.start();

  const feed = new LiveEntitiesFeed({
    log: deps.log,
    topic: config.live.topic,
    groupId: `gateway-live-${config.instanceId}`,
    catchUpMs: config.live.catchUpMs,
    index,
    metrics,
    logger,
  });
  const overlay = new OverlayPush(services);
  overlay.start();
  const notifier = new NotificationService(services, overlay, {
    escalation: {
      delayMs: config.escalation.delayMs,
      checkMs: config.escalation.checkMs,
      severities: ['severe', 'extreme'],
    },
    inApp: { maxPerWindow: 5, windowMs: 30_000 },
    digestCheckMs: 1_000,
  });
  notifier.start();
  const overlayFeed = createLiveOverlayFeed({
    log: deps.log,
    alertsTopic: config.topics.liveAlerts,
    incidentsTopic: config.topics.liveIncidents,
    groupId: `gateway-overlay-${config.instanceId}`,
    overlay,
    logger,
    onAlert: (alert) => notifier.onLocalAlert(alert),
  });
  // One group for every gateway: each new alert is notified by one instance only.
  const notifierFeed = new TopicFollower({
    log: deps.log,
    topics: [config.topics.liveAlerts],
    groupId: `vigie-gateway-notifier-${config.topics.liveAlerts}`,
    startFrom: 'latest',
    logger: logger.child({ component: 'notifier-feed' }),
    onBatch: async (batch) => {
      for (const record of batch.messages) {
        const decoded = decodeTopicMessage('live.alerts', record.value);
        if (decoded.ok) notifier.onAlert(decoded.message.payload);
      }
    },
  });
  void overlayFeed.start();
  void notifierFeed.start();
  let closed = false;
  let snapshotLoaded = false;
  const ready = (async () => {
    await feed.start();
    let backoffMs = 500;
    while (!closed) {
      try {
        const result = await loadLiveSnapshot(deps.db.db, index);
        snapshotLoaded = true;
        logger.info({ ...result, entities: index.size }, 'live snapshot loaded from the database');
        return;
      } catch (error) {
        logger.warn({ err: error, retryInMs: backoffMs }, 'cannot load the live snapshot yet');
        await new Promise((resolve) => setTimeout(resolve, backoffMs).unref());
        backoffMs = Math.min(backoffMs * 2, 10_000);
      }
    }
  })();

  // Expired sessions are useless rows: removed once an hour.
  const sessionCleanup = setInterval(() => {
    deleteExpiredSessions(deps.db.db, new Date()).then(
      (removed) => removed > 0 && logger.info({ removed }, 'expired sessions removed'),
      (error: unknown) => logger.warn({ err: error }, 'could not remove expired sessions'),
    );
  }, 3_600_000);
  sessionCleanup.unref();

  let sockets: LiveSockets | undefined;
  let replay: ReplayNamespace | undefined;
  const endSession = (tokenHash: string) => sockets?.endSessions(new Set([tokenHash]));

  await app.register(async (scope) => {
    if (!scope.hasRequestDecorator('cookies')) await scope.register(fastifyCookie);
    // JSON bodies, and an empty body with a JSON content type reads as {} (logout sends none).
    const defaultJsonParser = scope.getDefaultJsonParser('error', 'error');
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser(
      'application/json',
      { parseAs: 'string', bodyLimit: JSON_BODY_LIMIT },
      (request, body, done) => {
        const text = typeof body === 'string' ? body : body.toString('utf8');
        if (text === '') done(null, {});
        else defaultJsonParser(request, text, done);
      },
    );
    scope.setErrorHandler((error, request, reply) => sendError(metrics, error, request, reply));
    scope.addHook('onRequest', async (request) => checkSameOrigin(request, config.allowedOrigins));

    scope.post('/api/auth/login', loginHandler(services));
    scope.post('/api/auth/logout', logoutHandler(services, endSession));
    scope.get('/api/auth/me', meHandler(services));
    scope.get('/api/v1/entities', listEntitiesHandler(services));
    const mediaStore = deps.mediaStore ?? createLocalObjectStore(join(dirname(config.pgliteDir), 'media'));
    scope.get('/api/v1/media/:mediaId/:variant', getMediaFileHandler(services, mediaStore));
    scope.post(
      '/api/v1/field/photos',
      { bodyLimit: FIELD_PHOTO_BODY_LIMIT },
      uploadFieldPhotoHandler(services, mediaStore),
    );
    scope.get('/api/v1/exports/features.geojson', exportFeaturesHandler(services, 'geojson'));
    scope.get('/api/v1/exports/features.csv', exportFeaturesHandler(services, 'csv'));
    scope.get('/api/v1/exports/tracks.gpx', exportTracksHandler(services, 'gpx'));
    scope.get('/api/v1/exports/tracks.kml', exportTracksHandler(services, 'kml'));
    scope.get('/api/v1/alerts/:file', getAlertCapHandler(services));
    scope.get('/healthz', healthzHandler());
    scope.get(
      '/readyz',
      readyzHandler(services, { feedRunning: () => feed.running, snapshotLoaded: () => snapshotLoaded }),
    );
    scope.get('/metrics', metricsHandler(deps.metrics));

    const trpcOptions: FastifyTRPCPluginOptions<AppRouter> = {
      prefix: '/api/trpc',
      trpcOptions: {
        router: appRouter,
        createContext: createTrpcContextFactory(services),
        onError({ error, path, req }) {
          if (error.code === 'INTERNAL_SERVER_ERROR')
            req.log.error({ err: error, path }, 'tRPC procedure failed');
        },
      },
    };
    await scope.register(fastifyTRPCPlugin, trpcOptions);
  });

  return {
    services,
    hub,
    overlay,
    notifier,
    overlayRunning: () => overlayFeed.running && notifierFeed.running,
    ready,
    isReady: () => feed.running && snapshotLoaded,
    async attachLiveSockets(httpServer = app.server) {
      if (sockets !== undefined) throw new Error('live sockets are already attached');
      sockets = await attachLiveSockets(httpServer, { services, hub, overlay });
      replay = attachReplayNamespace(sockets.io as unknown as Server, services);
      return sockets;
    },
    async close() {
      closed = true;
      clearInterval(sessionCleanup);
      hub.stop();
      replay?.close();
      overlay.stop();
      await Promise.all([overlayFeed.close(), notifierFeed.close(), notifier.close()]);
      await sockets?.close();
      await feed.close();
      await ready.catch(() => undefined);
    },
  };
}
