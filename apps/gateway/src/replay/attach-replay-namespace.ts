/**
 * The socket.io namespace `/replay` (on the live sockets' server, but never in the live hub): a
 * logged-in user whose role holds `replay.view` opens replay sessions of history. One session per
 * socket (`open` again replaces it); every client event is checked against `ReplayClientToGateway`
 * and a mismatch is answered with an `error` naming the field.
 */
import { randomUUID } from 'node:crypto';
import type { TSessionUser } from '@vigie/contracts/auth-api';
import type { TErrorBody } from '@vigie/contracts/errors';
import {
  REPLAY_DEFAULT_STEP_SECONDS,
  REPLAY_NAMESPACE,
  ReplayClientToGateway,
} from '@vigie/contracts/replay-socket-catalog';
import type {
  ReplayClientToGatewayEvents,
  ReplayGatewayToClientEvents,
  TReplayClientToGateway,
} from '@vigie/contracts/replay-socket-catalog';
import { can } from '@vigie/contracts/roles';
import type { SocketPayload } from '@vigie/contracts/socket-catalog';
import { parseSocketEvent } from '@vigie/contracts/socket-catalog';
import type { Server, Socket } from 'socket.io';
import { authenticateSession, sessionTokenFromCookieHeader } from '../auth/session-auth';
import type { GatewayServices } from '../gateway-services';
import { openReplay } from './open-replay';
import type { ReplaySession } from './replay-session';

interface ReplaySocketData {
  user: TSessionUser;
}

type ReplaySocket = Socket<
  ReplayClientToGatewayEvents,
  ReplayGatewayToClientEvents,
  Record<string, never>,
  ReplaySocketData
>;

export interface ReplayNamespace {
  /** Open sessions (for metrics and tests). */
  sessionCount(): number;
  close(): void;
}

export interface AttachReplayOptions {
  /** Pump period of sessions (default 100 ms). */
  tickMs?: number;
}

function sendError(socket: ReplaySocket, body: TErrorBody): void {
  socket.emit('error', { v: 1, ...body, message: body.message.slice(0, 1000) });
}

export function attachReplayNamespace(
  io: Server,
  services: GatewayServices,
  options: AttachReplayOptions = {},
): ReplayNamespace {
  const logger = services.logger.child({ component: 'replay' });
  const nsp = io.of(REPLAY_NAMESPACE) as unknown as ReturnType<
    Server<
      ReplayClientToGatewayEvents,
      ReplayGatewayToClientEvents,
      Record<string, never>,
      ReplaySocketData
    >['of']
  >;
  const sessions = new Map<string, ReplaySession>();

  nsp.use((socket, next) => {
    const token = sessionTokenFromCookieHeader(socket.request.headers.cookie);
    authenticateSession(services, token, { renew: false })
      .then((session) => {
        if (session === null) return next(new Error('Not logged in'));
        if (!can(session.user.role, 'replay.view'))
          return next(new Error(`The ${session.user.role} role may not replay history`));
        socket.data.user = session.user;
        next();
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'replay handshake check failed');
        next(new Error('Session check failed'));
      });
  });

  nsp.on('connection', (socket: ReplaySocket) => {
    const socketLogger = logger.child({ socketId: socket.id, userId: socket.data.user.id });
    let queue: Promise<void> = Promise.resolve();
    const on = <Name extends keyof TReplayClientToGateway & string>(
      name: Name,
      handler: (payload: SocketPayload<TReplayClientToGateway, Name>) => void | Promise<void>,
    ) => {
      const untyped = socket as unknown as { on(event: string, listener: (data: unknown) => void): void };
      untyped.on(name, (data) => {
        const parsed = parseSocketEvent(ReplayClientToGateway, name, data);
        if (!parsed.ok) {
          sendError(socket, {
            code: 'VALIDATION_FAILED',
            message: `${name}: ${parsed.summary}`,
            details: { event: name, issues: parsed.issues },
          });
          return;
        }
        // Events are handled in order, one after the other: a `play` sent right after `open` waits for it.
        queue = queue
          .then(() => handler(parsed.payload))
          .catch((error: unknown) => {
            socketLogger.error({ err: error, event: name }, 'replay event failed');
            sendError(socket, { code: 'INTERNAL', message: 'Internal error' });
          });
      });
    };
    const current = () => sessions.get(socket.id);
    const withSession = (fn: (session: ReplaySession) => void) => () => {
      const session = current();
      if (session === undefined) sendError(socket, { code: 'CONFLICT', message: 'Open a replay first' });
      else fn(session);
    };

    on('open', async (payload) => {
      current()?.close();
      sessions.delete(socket.id);
      const sessionId = randomUUID();
      const { session, opened } = await openReplay({
        sessionId,
        db: services.database.db,
        from: new Date(payload.from),
        to: new Date(payload.to),
        layers: payload.layers,
        bbox: payload.bbox,
        emit: (name, body) => (socket.emit as (event: string, payload: unknown) => boolean)(name, body),
        logger: socketLogger.child({ replaySessionId: sessionId }),
        ...(options.tickMs === undefined ? {} : { tickMs: options.tickMs }),
      });
      if (!socket.connected) {
        session.close();
        return;
      }
      sessions.set(socket.id, session);
      socket.emit('opened', opened);
      session.start();
      socketLogger.info({ from: payload.from, to: payload.to, layers: payload.layers }, 'replay opened');
    });
    on(
      'play',
      withSession((s) => s.play()),
    );
    on(
      'pause',
      withSession((s) => s.pause()),
    );
    on('step', (payload) => withSession((s) => s.step(payload.seconds ?? REPLAY_DEFAULT_STEP_SECONDS))());
    on('seek', (payload) => withSession((s) => s.seek(Date.parse(payload.at)))());
    on('speed', (payload) => withSession((s) => s.speed(payload.x))());
    on('ack', (payload) => withSession((s) => s.ack(payload.seq))());
    on('close', () => {
      current()?.close();
      sessions.delete(socket.id);
    });
    socket.on('disconnect', () => {
      current()?.close();
      sessions.delete(socket.id);
    });
  });

  return {
    sessionCount: () => sessions.size,
    close() {
      for (const session of sessions.values()) session.close();
      sessions.clear();
      nsp.disconnectSockets(true);
    },
  };
}
