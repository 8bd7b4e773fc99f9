// The page's handle on the live core: a dedicated worker when the browser has them, else the core on the page.
// Frames and connection changes land in the `liveView` store.
import { startLiveCore } from './live-core';
import type { LiveInterest } from './live-feed';
import type { FromLiveCore, ToLiveCore } from './live-messages';
import { situationEventReceived, updateSituation } from '../incidents/situation';
import { connectionReceived, frameReceived, liveView, pageOnlineChanged } from './live-view';

export interface LiveClient {
  setInterest(interest: LiveInterest | null): void;
  watch(id: string | null): void;
  clear(): void;
  close(): void;
  /** Whether the core runs in a worker. */
  readonly inWorker: boolean;
}

function receive(message: FromLiveCore): void {
  if (message.type === 'frame') liveView.setState((s) => frameReceived(s, message), true);
  else if (message.type === 'situation') updateSituation(situationEventReceived, message.event);
  else liveView.setState((s) => connectionReceived(s, message.connection), true);
}

function startWorker(): Worker | null {
  if (typeof Worker === 'undefined') return null;
  try {
    return new Worker(new URL('./live.worker.ts', import.meta.url), { type: 'module', name: 'vigie-live' });
  } catch (error) {
    console.warn('vigie: live worker unavailable, running the live core on the page', error);
    return null;
  }
}

function watchPageOnline(win: Window): () => void {
  const update = () => liveView.setState((s) => pageOnlineChanged(s, win.navigator.onLine), true);
  update();
  win.addEventListener('online', update);
  win.addEventListener('offline', update);
  return () => {
    win.removeEventListener('online', update);
    win.removeEventListener('offline', update);
  };
}

export function startLiveClient(win: Window): LiveClient {
  const stopWatchingOnline = watchPageOnline(win);
  const worker = startWorker();
  if (worker !== null) {
    worker.addEventListener('message', (event: MessageEvent<FromLiveCore>) => receive(event.data));
    worker.addEventListener('error', (event) => console.error('vigie: live worker failed', event.message));
    const send = (message: ToLiveCore) => worker.postMessage(message);
    return {
      inWorker: true,
      setInterest: (interest) => send({ type: 'interest', interest }),
      watch: (id) => send({ type: 'watch', id }),
      clear: () => send({ type: 'clear' }),
      close: () => {
        stopWatchingOnline();
        send({ type: 'close' });
        worker.terminate();
      },
    };
  }
  const core = startLiveCore(win, (message) => receive(message));
  return {
    inWorker: false,
    setInterest: (interest) => core.handle({ type: 'interest', interest }),
    watch: (id) => core.handle({ type: 'watch', id }),
    clear: () => core.handle({ type: 'clear' }),
    close: () => {
      stopWatchingOnline();
      core.handle({ type: 'close' });
    },
  };
}
