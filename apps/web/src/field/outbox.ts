// The page's outbox: the offline queue in a vanilla store, kept in localStorage (it survives a reload or a
// closed tab), flushed when an action is queued, when the browser comes back online, and every few seconds
// while something waits. One flush at a time.
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import { actionQueued, flushQueue, parseQueue, serializeQueue } from './offline-queue';
import type { FieldAction, OfflineQueueState, SendOutcome } from './offline-queue';

const STORAGE_KEY = 'vigie.field.outbox';
const RETRY_INTERVAL_MS = 5_000;

export interface Outbox {
  readonly store: StoreApi<OfflineQueueState>;
  queue(action: FieldAction): void;
  flush(): Promise<void>;
  close(): void;
}

function readStored(win: Window): string | null {
  try {
    return win.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage disabled: the queue lives as long as the page
  }
}

export function openOutbox(
  win: Window,
  send: (action: FieldAction, progressed: (action: FieldAction) => void) => Promise<SendOutcome>,
): Outbox {
  const store = createStore<OfflineQueueState>()(() => parseQueue(readStored(win)));
  const unsubscribe = store.subscribe((state) => {
    try {
      win.localStorage.setItem(STORAGE_KEY, serializeQueue(state));
    } catch (error) {
      console.warn('vigie: the outbox could not be saved on this device', error);
    }
  });
  let flushing: Promise<void> | null = null;
  const flush = (): Promise<void> => {
    if (flushing !== null) return flushing;
    if (!win.navigator.onLine || store.getState().items.length === 0) return Promise.resolve();
    flushing = flushQueue({ get: store.getState, set: (s) => store.setState(s, true) }, send)
      .then(() => undefined)
      .finally(() => {
        flushing = null;
      });
    return flushing;
  };
  const onOnline = () => void flush();
  win.addEventListener('online', onOnline);
  const timer = win.setInterval(() => void flush(), RETRY_INTERVAL_MS);
  void flush();
  return {
    store,
    queue(action) {
      store.setState((s) => actionQueued(s, action), true);
      void flush();
    },
    flush,
    close() {
      unsubscribe();
      win.removeEventListener('online', onOnline);
      win.clearInterval(timer);
    },
  };
}
