// Whether live data flows, from the socket's events and the browser's online flag, as named operations.

export type ConnectionStatus = 'live' | 'reconnecting' | 'offline';

export interface ConnectionState {
  /** The socket is connected to the gateway. */
  readonly socketConnected: boolean;
  /** The socket gave up, or was never able to connect after several attempts. */
  readonly socketFailed: boolean;
  /** `navigator.onLine`. */
  readonly browserOnline: boolean;
  /** Reconnection attempts since the last successful connection. */
  readonly attempts: number;
}

export const initialConnectionState: ConnectionState = {
  socketConnected: false,
  socketFailed: false,
  browserOnline: true,
  attempts: 0,
};

/** After this many failed attempts in a row the indicator says offline rather than reconnecting. */
export const OFFLINE_AFTER_ATTEMPTS = 5;

export const socketConnected = (state: ConnectionState): ConnectionState => ({
  ...state,
  socketConnected: true,
  socketFailed: false,
  attempts: 0,
});

export const socketDisconnected = (state: ConnectionState): ConnectionState => ({
  ...state,
  socketConnected: false,
});

export const reconnectAttempted = (state: ConnectionState, attempt: number): ConnectionState => ({
  ...state,
  attempts: attempt,
});

export const socketGaveUp = (state: ConnectionState): ConnectionState => ({
  ...state,
  socketConnected: false,
  socketFailed: true,
});

export const browserOnlineChanged = (state: ConnectionState, online: boolean): ConnectionState => ({
  ...state,
  browserOnline: online,
});

/** What the header shows. */
export function connectionStatus(state: ConnectionState): ConnectionStatus {
  if (!state.browserOnline || state.socketFailed) return 'offline';
  if (state.socketConnected) return 'live';
  return state.attempts >= OFFLINE_AFTER_ATTEMPTS ? 'offline' : 'reconnecting';
}
