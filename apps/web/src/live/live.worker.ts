// Dedicated worker hosting the live core (socket.io connection and store), off the page's main thread.
import { startLiveCore } from './live-core';
import type { ToLiveCore } from './live-messages';

// The parts of DedicatedWorkerGlobalScope used here (the WebWorker lib cannot be loaded beside the DOM lib).
interface WorkerScope {
  readonly navigator: { readonly onLine: boolean };
  addEventListener(type: 'online' | 'offline', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ToLiveCore>) => void): void;
  removeEventListener(type: 'online' | 'offline', listener: () => void): void;
  postMessage(message: unknown, transfer: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;
const core = startLiveCore(scope, (message, transfer) => scope.postMessage(message, transfer));
scope.addEventListener('message', (event: MessageEvent<ToLiveCore>) => core.handle(event.data));
