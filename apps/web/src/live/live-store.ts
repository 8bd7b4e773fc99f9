// The live core's store, outside React: a vanilla zustand store fed by the socket (see live-core.ts, which
// runs it in a worker and sends the page one frame of columns at a time).
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import { initialConnectionState } from './connection';
import type { ConnectionState } from './connection';
import { applyDelta, applySnapshot, clearLiveEntities, initialLiveEntitiesState } from './live-entities';
import type { LiveDelta, LiveEntitiesState, LiveSnapshot } from './live-entities';

export interface LiveStoreState {
  readonly live: LiveEntitiesState;
  readonly connection: ConnectionState;
  /** Malformed entities or messages dropped since the start. */
  readonly dropped: number;
}

export type LiveStore = StoreApi<LiveStoreState>;

export function createLiveStore(): LiveStore {
  return createStore<LiveStoreState>()(() => ({
    live: initialLiveEntitiesState,
    connection: initialConnectionState,
    dropped: 0,
  }));
}

/** The store's named updates; each applies one pure operation. */
export const liveUpdates = {
  snapshot(store: LiveStore, snapshot: LiveSnapshot, dropped = 0): void {
    store.setState((s) => ({ live: applySnapshot(s.live, snapshot), dropped: s.dropped + dropped }));
  },
  delta(store: LiveStore, delta: LiveDelta, dropped = 0): void {
    store.setState((s) => ({ live: applyDelta(s.live, delta), dropped: s.dropped + dropped }));
  },
  clear(store: LiveStore): void {
    store.setState((s) => ({ live: clearLiveEntities(s.live) }));
  },
  dropped(store: LiveStore, count: number): void {
    store.setState((s) => ({ dropped: s.dropped + count }));
  },
  connection(store: LiveStore, operation: (state: ConnectionState) => ConnectionState): void {
    store.setState((s) => ({ connection: operation(s.connection) }));
  },
};
