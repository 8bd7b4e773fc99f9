/**
 * socket.io on the host's HTTP server, at `/socket.io/`, typed with the contracts' catalogs.
 *
 * - Handshake: the session cookie must name a valid session, and a browser-sent Origin must be this
 *   site; otherwise the handshake is refused with HTTP 403 before any socket exists (nothing is sent).
 * - Every client event goes through `onClientEvent`, which checks the payload with
 *   `parseSocketEvent` and answers an `error` event naming the field when it does not match.
 * - With `REDIS_URL`, the Redis adapter links the gateways (broadcasts reach every instance's
 *   sockets); live deltas are per socket and always local.
 * - Sessions are checked again every `sessionCheckMs`: sockets of revoked or expired sessions (and of
 *   disabled users) get an `error` and are disconnected; logout disconnects at once.
 */
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import type { TSessionUser } from '@vigie/contracts/auth-api';
import type { TErrorBody } from '@vigie/contracts/errors';
import { ClientToGateway, parseSocketEvent } from '@vigie/contracts/socket-catalog';
import type {
  ClientToGatewayEvents,
  GatewayToClientEvents,
  SocketPayload,
  TClientToGateway,
} from '@vigie/contracts/socket-catalog';
import { activeSessionHashes } from '@vigie/db/sessions-repository';
import { assetIdsOfUser } from '@vigie/db/users-repository';
import type { Logger } from 'pino';
import { createClient } from 'redis';
import { Server } from 'socket.io';
import type { Socket } from 'socket.io';
import { authenticateSession, sessionTokenFromCookieHeader } from '../auth/session-auth';
import type { GatewayServices } from '../gateway-services';
import { isSameOrigin } from '../http/same-origin-guard';
import type { LiveHub, LiveTransport } from './live-hub';
import { can } from '@vigie/contracts/roles';
import type { OverlayPush } from './overlay-push';
import { STAFF_ROOM } from './overlay-push';

interface SocketData {
  user: TSessionUser;
  tokenHash: string;
}

type LiveServer = Server<ClientToGatewayEvents, GatewayToClientEvents, Record<string, never>, SocketData>;
type LiveSocket = Socket<ClientToGatewayEvents, GatewayToClientEvents, Record<string, never>, SocketData>;

interface Principal {
  user: TSessionUser;
  tokenHash: string;
  anchorIds: string[];
}

export interface LiveSockets {
  readonly io: LiveServer;
  /** Disconnects the sockets of these sessions (after a logout). */
  endSessions(tokenHashes: ReadonlySet<string>): void;
  /** Checks every connected socket's session now (also runs every `sessionCheckMs`). */
  revalidateSessions(): Promise<void>;
  close(): Promise<void>;
}

export interface AttachLiveSocketsOptions {
  services: GatewayServices;
  hub: LiveHub;
  /** Alerts, incidents, zones and notifications, when the gateway pushes them. */
  overlay?: OverlayPush;
  /** Default 30 s. */
  sessionCheckMs?: number;
}

/**
 * Registers a handler for one client event: the payload is checked against the catalog first, and a
 * failure is answered with an `error` event instead of reaching the handler.
 */
function onClientEvent<Name extends keyof TClientToGateway & string>(
  socket: LiveSocket,
  logger: Logger,
  name: Name,
  handler: (payload: SocketPayload<TClientToGateway, Name>) => void,
): void {
  const untyped = socket as unknown as { on(event: string, listener: (data: unknown) => void): void };
  untyped.on(name, (data) => {
    const parsed = parseSocketEvent(ClientToGateway, name, data);
    if (!parsed.ok) {
      socket.emit('error', {
        v: 1,
        code: 'VALIDATION_FAILED',
        message: `${name}: ${parsed.summary}`.slice(0, 1000),
        details: { event: name, issues: parsed.issues },
      });
      return;
    }
    try {
      handler(parsed.payload);
    } catch (error) {
      logger.error({ err: error, event: name }, 'socket event handler failed');
      socket.emit('error', { v: 1, code: 'INTERNAL', message: 'Internal error' });
    }
  });
}

function socketTransport(io: LiveServer): LiveTransport {
  const socketOf = (id: string) => io.sockets.sockets.get(id);
  return {
    isWritable(id) {
      const socket = socketOf(id);
      return (
        socket !== undefined &&
        socket.connected &&
        socket.conn.readyState === 'open' &&
        socket.conn.transport.writable
      );
    },
    snapshot(id, payload) {
      socketOf(id)?.emit('snapshot', payload);
    },
    delta(ids, payload) {
      if (ids.length === 1) socketOf(ids[0]!)?.emit('delta', payload);
      else io.local.to([...ids]).emit('delta', payload);
    },
    error(id, body: TErrorBody) {
      socketOf(id)?.emit('error', { v: 1, ...body });
    },
    disconnect(id) {
      socketOf(id)?.disconnect(true);
    },
  };
}

/** Attaches socket.io to `httpServer`, wires the hub to it and returns its handle. */
export async function attachLiveSockets(
  httpServer: HttpServer,
  options: AttachLiveSocketsOptions,
): Promise<LiveSockets> {
  const { services, hub } = options;
  const { config, metrics } = services;
  const logger = services.logger.child({ component: 'live-sockets' });
  const principals = new WeakMap<IncomingMessage, Principal>();

  const io: LiveServer = new Server(httpServer, {
    path: '/socket.io/',
    serveClient: false,
    // Other upgrade requests on this server (the web app's) are not ours to destroy.
    destroyUpgrade: false,
    // Client events are small (a viewport); refuse anything bigger.
    maxHttpBufferSize: 64 * 1024,
    perMessageDeflate: false,
    allowRequest: (req, callback) => {
      const origin = req.headers.origin;
      if (origin !== undefined && !isSameOrigin(origin, req.headers.host, config.allowedOrigins)) {
        metrics.socketRefused.inc({ reason: 'origin' });
        callback('Cross-origin socket refused', false);
        return;
      }
      const token = sessionTokenFromCookieHeader(req.headers.cookie);
      authenticateSession(services, token, { renew: false })
        .then(async (session) => {
          if (session === null) {
            metrics.socketRefused.inc({ reason: 'unauthenticated' });
            callback('Not logged in', false);
            return;
          }
          const anchorIds =
            session.user.role === 'field' ? await assetIdsOfUser(services.database.db, session.user.id) : [];
          principals.set(req, { user: session.user, tokenHash: session.tokenHash, anchorIds });
          callback(null, true);
        })
        .catch((error: unknown) => {
          logger.error({ err: error }, 'socket handshake check failed');
          metrics.socketRefused.inc({ reason: 'error' });
          callback('Session check failed', false);
        });
    },
  });

  let pub: ReturnType<typeof createClient> | undefined;
  let sub: ReturnType<typeof createClient> | undefined;
  if (config.redisUrl !== undefined) {
    pub = createClient({ url: config.redisUrl });
    sub = pub.duplicate();
    pub.on('error', (error: unknown) => logger.warn({ err: error }, 'redis publisher error'));
    sub.on('error', (error: unknown) => logger.warn({ err: error }, 'redis subscriber error'));
    await Promise.all([pub.connect(), sub.connect()]);
    io.adapter(createAdapter(pub, sub, { key: 'vigie-gateway' }));
    logger.info({}, 'socket.io Redis adapter enabled');
  }

  const transport = socketTransport(io);
  hub.setTransport(transport);
  const overlay = options.overlay;
  overlay?.setEmitter(
    (id, event, payload) => {
      const socket = io.sockets.sockets.get(id) as
        { emit(event: string, payload: unknown): boolean } | undefined;
      socket?.emit(event, payload);
    },
    (notification) => io.to(STAFF_ROOM).emit('notification', { v: 1, notification }),
  );

  io.on('connection', (socket) => {
    const principal = principals.get(socket.request);
    if (principal === undefined) {
      socket.disconnect(true);
      return;
    }
    socket.data.user = principal.user;
    socket.data.tokenHash = principal.tokenHash;
    const socketLogger = logger.child({ socketId: socket.id, userId: principal.user.id });
    socketLogger.debug({ role: principal.user.role }, 'socket connected');
    hub.addClient({
      socketId: socket.id,
      user: principal.user,
      tokenHash: principal.tokenHash,
      anchorIds: principal.anchorIds,
      logger: socketLogger,
    });
    overlay?.addClient(socket.id, principal.user);
    if (overlay !== undefined && can(principal.user.role, 'incident.view')) void socket.join(STAFF_ROOM);
    onClientEvent(socket, socketLogger, 'subscribe', (payload) => {
      if (!hub.subscribe(socket.id, payload))
        socketLogger.info({ role: principal.user.role }, 'subscription refused');
      else
        overlay
          ?.subscribe(socket.id, payload)
          .catch((error: unknown) => socketLogger.warn({ err: error }, 'overlay subscription failed'));
    });
    onClientEvent(socket, socketLogger, 'unsubscribe', () => {
      hub.unsubscribe(socket.id);
      overlay?.unsubscribe(socket.id);
    });
    onClientEvent(socket, socketLogger, 'resync', (payload) => hub.resync(socket.id, payload.fromSeq));
    socket.on('disconnect', (reason) => {
      hub.removeClient(socket.id);
      overlay?.removeClient(socket.id);
      socketLogger.debug({ reason }, 'socket disconnected');
    });
  });

  const endSessions = (tokenHashes: ReadonlySet<string>) => {
    for (const id of hub.socketsOfSessions(tokenHashes)) {
      transport.error(id, { code: 'UNAUTHENTICATED', message: 'Session ended' });
      transport.disconnect(id);
    }
  };

  const revalidateSessions = async () => {
    const hashes = hub.sessionHashes();
    if (hashes.size === 0) return;
    const active = await activeSessionHashes(services.database.db, [...hashes], new Date());
    const ended = new Set([...hashes].filter((h) => !active.has(h)));
    if (ended.size > 0) endSessions(ended);
  };

  const checkTimer = setInterval(() => {
    revalidateSessions().catch((error: unknown) => logger.warn({ err: error }, 'session check failed'));
  }, options.sessionCheckMs ?? 30_000);
  checkTimer.unref();

  return {
    io,
    endSessions,
    revalidateSessions,
    async close() {
      clearInterval(checkTimer);
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => {
        // io.close() also closes the HTTP server it is attached to; the host owns that, so only the
        // engine is closed here.
        io.engine.close();
        resolve();
      });
      await Promise.all([pub?.quit().catch(() => undefined), sub?.quit().catch(() => undefined)]);
    },
  };
}
