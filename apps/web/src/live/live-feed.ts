// The socket.io connection to the gateway: subscribes with the viewport, feeds snapshots and deltas into the
// live store, resyncs from the last seq after a reconnect, and tracks whether data flows.
import { GatewayToClient, parseSocketEvent } from '@vigie/contracts/socket-catalog';
import type {
  ClientToGatewayEvents,
  GatewayToClientEvents,
  TMapLayer,
} from '@vigie/contracts/socket-catalog';
import type { TBbox } from '@vigie/contracts/primitives';
import { io } from 'socket.io-client';
import type { SituationEvent } from '../incidents/situation';
import type { Socket } from 'socket.io-client';
import {
  browserOnlineChanged,
  reconnectAttempted,
  socketConnected,
  socketDisconnected,
  socketGaveUp,
} from './connection';
import { decodeDelta, decodeSnapshot } from './decode-live-message';
import { resyncRequest } from './live-entities';
import { liveUpdates } from './live-store';
import type { LiveStore } from './live-store';

export interface LiveInterest {
  readonly bbox: TBbox;
  readonly zoom: number;
  readonly layers: readonly TMapLayer[];
}

export interface LiveFeed {
  /** Sets what the gateway should send; null or no layers → unsubscribe. */
  setInterest(interest: LiveInterest | null): void;
  close(): void;
}

type VigieSocket = Socket<GatewayToClientEvents, ClientToGatewayEvents>;

function sameInterest(a: LiveInterest | null, b: LiveInterest | null): boolean {
  if (a === null || b === null) return a === b;
  return a.zoom === b.zoom && a.bbox.every((v, i) => v === b.bbox[i]) && a.layers.join() === b.layers.join();
}

/** Where the feed runs: a window, or a dedicated worker's global scope (both have these). */
export interface FeedScope {
  readonly navigator: { readonly onLine: boolean };
  addEventListener(type: 'online' | 'offline', listener: () => void): void;
  removeEventListener(type: 'online' | 'offline', listener: () => void): void;
}

/** Opens the socket on this origin (the session cookie authenticates it). */
export function startLiveFeed(
  store: LiveStore,
  scope: FeedScope,
  options: {
    onApplied?: (milliseconds: number) => void;
    /** Incident, alert, zones and notification events (few: each is checked in full against the catalog). */
    onSituation?: (event: SituationEvent) => void;
    /** The gateway's origin; default: this page's (or worker's) origin. */
    url?: string;
    /** Reconnection delays (tests shorten them). */
    reconnectionDelay?: number;
  } = {},
): LiveFeed {
  const socketOptions = {
    withCredentials: true,
    reconnectionDelay: options.reconnectionDelay ?? 1_000,
    reconnectionDelayMax: 10_000,
  };
  const socket: VigieSocket = options.url === undefined ? io(socketOptions) : io(options.url, socketOptions);
  let interest: LiveInterest | null = null;

  const sendInterest = () => {
    if (!socket.connected) return;
    if (interest === null || interest.layers.length === 0) {
      socket.emit('unsubscribe', { v: 1 });
      return;
    }
    socket.emit('subscribe', {
      v: 1,
      bbox: [...interest.bbox],
      zoom: interest.zoom,
      layers: [...interest.layers],
    });
  };

  socket.on('connect', () => {
    liveUpdates.connection(store, socketConnected);
    // A new connection has no subscription on the gateway's side: say again what we want, then ask for
    // what we missed since the last seq we applied.
    sendInterest();
    const resync = resyncRequest(store.getState().live);
    if (resync !== null && interest !== null && interest.layers.length > 0) socket.emit('resync', resync);
  });
  // The gateway ends a socket itself when it shuts down (a restart: come back) or when the session ended
  // (it says so with an UNAUTHENTICATED error first: stay away, the page goes back to the login).
  let sessionEnded = false;
  let closed = false;
  let comeBackTimer: ReturnType<typeof setTimeout> | null = null;
  socket.on('disconnect', (reason) => {
    liveUpdates.connection(store, socketDisconnected);
    if (reason !== 'io server disconnect' || closed) return;
    if (sessionEnded) {
      liveUpdates.connection(store, socketGaveUp);
      return;
    }
    // socket.io does not reconnect after a disconnection by the server; from here on its backoff does.
    comeBackTimer = setTimeout(() => socket.connect(), options.reconnectionDelay ?? 1_000);
  });
  socket.on('connect_error', () => {
    // Refused by the gateway's middleware (no session): socket.io does not retry by itself.
    if (!socket.active) liveUpdates.connection(store, socketGaveUp);
  });
  socket.io.on('reconnect_attempt', (attempt) =>
    liveUpdates.connection(store, (s) => reconnectAttempted(s, attempt)),
  );
  socket.io.on('reconnect_failed', () => liveUpdates.connection(store, socketGaveUp));

  // Decoding and applying a message is the hot path; its duration is reported to whoever watches the budget.
  socket.on('snapshot', (data) => {
    const start = performance.now();
    const decoded = decodeSnapshot(data);
    if (decoded === null) liveUpdates.dropped(store, 1);
    else liveUpdates.snapshot(store, decoded.message, decoded.dropped);
    options.onApplied?.(performance.now() - start);
  });
  socket.on('delta', (data) => {
    const start = performance.now();
    const decoded = decodeDelta(data);
    if (decoded === null) liveUpdates.dropped(store, 1);
    else liveUpdates.delta(store, decoded.message, decoded.dropped);
    options.onApplied?.(performance.now() - start);
  });
  const situation = (event: SituationEvent | null) => {
    if (event === null) liveUpdates.dropped(store, 1);
    else options.onSituation?.(event);
  };
  socket.on('incident', (data) => {
    const parsed = parseSocketEvent(GatewayToClient, 'incident', data);
    situation(parsed.ok ? { name: 'incident', incident: parsed.payload.incident } : null);
  });
  socket.on('alert', (data) => {
    const parsed = parseSocketEvent(GatewayToClient, 'alert', data);
    situation(parsed.ok ? { name: 'alert', alert: parsed.payload.alert } : null);
  });
  socket.on('zones', (data) => {
    const parsed = parseSocketEvent(GatewayToClient, 'zones', data);
    situation(parsed.ok ? { name: 'zones', ...parsed.payload } : null);
  });
  socket.on('notification', (data) => {
    const parsed = parseSocketEvent(GatewayToClient, 'notification', data);
    situation(parsed.ok ? { name: 'notification', notification: parsed.payload.notification } : null);
  });
  socket.on('error', (body) => {
    if (body.code === 'UNAUTHENTICATED') sessionEnded = true;
    console.warn('vigie: the gateway refused a live request', body.code, body.message);
  });

  const win = scope;
  const onOnline = () => {
    liveUpdates.connection(store, (s) => browserOnlineChanged(s, true));
    if (!socket.connected) socket.connect();
  };
  const onOffline = () => liveUpdates.connection(store, (s) => browserOnlineChanged(s, false));
  liveUpdates.connection(store, (s) => browserOnlineChanged(s, win.navigator.onLine));
  win.addEventListener('online', onOnline);
  win.addEventListener('offline', onOffline);

  return {
    setInterest(next) {
      if (sameInterest(next, interest)) return;
      interest = next;
      sendInterest();
    },
    close() {
      closed = true;
      if (comeBackTimer !== null) clearTimeout(comeBackTimer);
      win.removeEventListener('online', onOnline);
      win.removeEventListener('offline', onOffline);
      socket.removeAllListeners();
      socket.io.removeAllListeners();
      socket.close();
    },
  };
}
