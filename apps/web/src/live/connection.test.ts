import { describe, expect, it } from 'vitest';
import {
  OFFLINE_AFTER_ATTEMPTS,
  browserOnlineChanged,
  connectionStatus,
  initialConnectionState,
  reconnectAttempted,
  socketConnected,
  socketDisconnected,
  socketGaveUp,
} from './connection';

describe('connection status', () => {
  it('is reconnecting until the socket connects, then live', () => {
    expect(connectionStatus(initialConnectionState)).toBe('reconnecting');
    expect(connectionStatus(socketConnected(initialConnectionState))).toBe('live');
  });

  it('goes back to reconnecting on disconnect, offline after many attempts', () => {
    const down = socketDisconnected(socketConnected(initialConnectionState));
    expect(connectionStatus(down)).toBe('reconnecting');
    expect(connectionStatus(reconnectAttempted(down, OFFLINE_AFTER_ATTEMPTS))).toBe('offline');
    expect(connectionStatus(socketConnected(reconnectAttempted(down, 9)))).toBe('live');
  });

  it('is offline whenever the browser is offline or the socket gave up', () => {
    const live = socketConnected(initialConnectionState);
    expect(connectionStatus(browserOnlineChanged(live, false))).toBe('offline');
    expect(connectionStatus(socketGaveUp(live))).toBe('offline');
    expect(connectionStatus(browserOnlineChanged(browserOnlineChanged(live, false), true))).toBe('live');
  });
});
