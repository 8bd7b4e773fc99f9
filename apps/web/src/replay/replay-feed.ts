// The replay session's socket on the gateway's `/replay` namespace (its own connection: the live socket
// and the live store are never involved). Messages are checked against the replay catalog, applied to the
// replay store, and each applied frame is acknowledged so the gateway sends the next one at a pace the page
// can take. After a reconnection the session is opened again where the cursor was.
import { parseSocketEvent } from '@vigie/contracts/socket-catalog';
import type { SocketPayload } from '@vigie/contracts/socket-catalog';
import { REPLAY_NAMESPACE, ReplayGatewayToClient } from '@vigie/contracts/replay-socket-catalog';
import type {
  ReplayClientToGatewayEvents,
  ReplayGatewayToClientEvents,
  TReplayGatewayToClient,
  TReplayLayer,
} from '@vigie/contracts/replay-socket-catalog';
import type { TBbox } from '@vigie/contracts/primitives';
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import {
  openRequested,
  pauseRequested,
  playRequested,
  replayClockReceived,
  replayEnded,
  replayFailed,
  replayFrameReceived,
  replayOpened,
  seekRequested,
  speedRequested,
  updateReplay,
} from './replay-state';
import type { ReplayStore } from './replay-state';
import type { TimeRange } from './timeline';

export const DEFAULT_REPLAY_LAYERS: readonly TReplayLayer[] = [
  'assets',
  'sensors',
  'alerts',
  'incidents',
  'actions',
];

export interface ReplayRequest {
  readonly range: TimeRange;
  readonly layers?: readonly TReplayLayer[];
  readonly bbox?: TBbox;
}

export interface ReplayFeed {
  open(request: ReplayRequest): void;
  play(): void;
  pause(): void;
  /** Pauses and moves the clock by `seconds` (negative: backwards). */
  step(seconds: number): void;
  seek(atMs: number): void;
  speed(x: number): void;
  close(): void;
}

type ReplaySocket = Socket<ReplayGatewayToClientEvents, ReplayClientToGatewayEvents>;

export function startReplayFeed(
  store: ReplayStore,
  options: { url?: string; reconnectionDelay?: number } = {},
): ReplayFeed {
  const socketOptions = {
    withCredentials: true,
    reconnectionDelay: options.reconnectionDelay ?? 1_000,
    reconnectionDelayMax: 10_000,
  };
  const target = `${options.url ?? ''}${REPLAY_NAMESPACE}`;
  const socket: ReplaySocket = io(target, socketOptions);
  let request: ReplayRequest | null = null;
  let connectedOnce = false;

  const sendOpen = () => {
    if (request === null || !socket.connected) return;
    socket.emit('open', {
      v: 1,
      from: new Date(request.range.startMs).toISOString(),
      to: new Date(request.range.endMs).toISOString(),
      layers: [...(request.layers ?? DEFAULT_REPLAY_LAYERS)],
      ...(request.bbox === undefined ? {} : { bbox: [...request.bbox] as TBbox }),
    });
  };

  // Requests that need the session: sent once the gateway answered `opened` (it opens asynchronously).
  let afterOpen: (() => void) | null = null;
  socket.on('connect', () => {
    if (request === null) return;
    // A new connection has no session on the gateway: open it again, where the cursor was, at the speed chosen.
    const { atMs, playing, speed } = store.getState();
    const reconnecting = connectedOnce;
    connectedOnce = true;
    afterOpen = () => {
      if (reconnecting && atMs !== null) socket.emit('seek', { v: 1, at: new Date(atMs).toISOString() });
      socket.emit('speed', { v: 1, x: speed });
      if (reconnecting && playing) socket.emit('play', { v: 1 });
    };
    sendOpen();
  });
  // The gateway ends a socket itself when it restarts: socket.io does not come back by itself after that.
  let closed = false;
  let comeBackTimer: ReturnType<typeof setTimeout> | null = null;
  socket.on('disconnect', (reason) => {
    if (reason === 'io server disconnect' && !closed) {
      comeBackTimer = setTimeout(() => socket.connect(), options.reconnectionDelay ?? 1_000);
    }
  });
  socket.on('connect_error', (error) => {
    // Refused by the gateway's middleware (no session, or not allowed to replay): socket.io does not retry.
    if (!socket.active) updateReplay(store, replayFailed, error.message || 'UNAUTHENTICATED');
  });

  const on = <Name extends keyof TReplayGatewayToClient & string>(
    name: Name,
    apply: (payload: SocketPayload<TReplayGatewayToClient, Name>) => void,
  ) => {
    socket.on(
      name as never,
      ((data: unknown) => {
        const parsed = parseSocketEvent(ReplayGatewayToClient, name, data);
        if (!parsed.ok) {
          console.warn(`vigie: replay ${name} rejected`, parsed.summary);
          return;
        }
        apply(parsed.payload);
      }) as never,
    );
  };
  on('opened', (payload) => {
    updateReplay(store, replayOpened, payload);
    const pending = afterOpen;
    afterOpen = null;
    pending?.();
  });
  on('frame', (payload) => {
    updateReplay(store, replayFrameReceived, payload);
    socket.emit('ack', { v: 1, seq: payload.seq });
  });
  on('state', (payload) => updateReplay(store, replayClockReceived, payload));
  on('ended', (payload) => updateReplay(store, replayEnded, payload.at));
  on('error', (payload) => {
    console.warn('vigie: the gateway refused a replay request', payload.code, payload.message);
    if (store.getState().status !== 'open') updateReplay(store, replayFailed, payload.code);
  });

  const emitIfOpen = (emit: () => void) => {
    if (socket.connected && request !== null) emit();
  };

  return {
    open(next) {
      request = next;
      updateReplay(store, openRequested, next.range);
      afterOpen = () => socket.emit('speed', { v: 1, x: store.getState().speed });
      if (socket.connected) {
        connectedOnce = true;
        sendOpen();
      }
    },
    play() {
      updateReplay(store, playRequested, undefined);
      emitIfOpen(() => socket.emit('play', { v: 1 }));
    },
    pause() {
      updateReplay(store, pauseRequested, undefined);
      emitIfOpen(() => socket.emit('pause', { v: 1 }));
    },
    step(seconds) {
      const s = Math.max(-3_600, Math.min(3_600, Math.round(seconds)));
      if (s === 0) return;
      updateReplay(store, pauseRequested, undefined);
      // Backwards, the gateway answers with a snapshot; forwards, with the changes in between.
      if (s < 0) {
        const atMs = store.getState().atMs;
        if (atMs !== null) updateReplay(store, seekRequested, atMs + s * 1000);
      }
      emitIfOpen(() => socket.emit('step', { v: 1, seconds: s }));
    },
    seek(atMs) {
      updateReplay(store, seekRequested, atMs);
      const clamped = store.getState().atMs ?? atMs;
      emitIfOpen(() => socket.emit('seek', { v: 1, at: new Date(clamped).toISOString() }));
    },
    speed(x) {
      updateReplay(store, speedRequested, x);
      emitIfOpen(() => socket.emit('speed', { v: 1, x }));
    },
    close() {
      closed = true;
      if (comeBackTimer !== null) clearTimeout(comeBackTimer);
      if (socket.connected && request !== null) socket.emit('close', { v: 1 });
      request = null;
      socket.removeAllListeners();
      socket.io.removeAllListeners();
      socket.close();
    },
  };
}
