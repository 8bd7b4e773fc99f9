// The live core: socket → store operations → one frame message per ~16 ms with the drawable columns as
// transferable typed arrays. It runs in a dedicated worker (live.worker.ts), so decoding and applying
// 100 000-entity ticks never blocks the page; the page only receives finished columns. Where workers are
// unavailable the same core runs on the page.
import { entityCount, getEntity, liveLayerFrame } from './live-entities';
import { startLiveFeed } from './live-feed';
import type { FeedScope } from './live-feed';
import type { FromLiveCore, LiveFrameMessage, ToLiveCore } from './live-messages';
import { createLiveStore, liveUpdates } from './live-store';

const FRAME_INTERVAL_MS = 16;

export interface LiveCore {
  handle(message: ToLiveCore): void;
}

export function startLiveCore(
  scope: FeedScope,
  post: (message: FromLiveCore, transfer: Transferable[]) => void,
  options: { url?: string; reconnectionDelay?: number } = {},
): LiveCore {
  const store = createLiveStore();
  let applyMs = 0;
  const feed = startLiveFeed(store, scope, {
    ...options,
    onApplied: (ms) => (applyMs += ms),
    onSituation: (event) => post({ type: 'situation', event }, []),
  });
  let watchedId: string | null = null;
  let sentVersion = -1;
  let sentLayout = -1;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let connection = store.getState().connection;

  const sendFrame = () => {
    timer = null;
    const state = store.getState();
    const live = state.live;
    const frame = liveLayerFrame(live);
    const withIds = live.layout !== sentLayout;
    const message: LiveFrameMessage = {
      type: 'frame',
      version: live.version,
      layout: live.layout,
      assets: { ...frame.assets, ids: withIds ? frame.assets.ids.join('\n') : null },
      sensors: { ...frame.sensors, ids: withIds ? frame.sensors.ids.join('\n') : null },
      entityCount: entityCount(live),
      seq: live.seq,
      dropped: state.dropped,
      ignored: live.ignored,
      watched: watchedId === null ? null : (getEntity(live, watchedId) ?? null),
      applyMs,
    };
    sentVersion = live.version;
    sentLayout = live.layout;
    applyMs = 0;
    const { assets, sensors } = frame;
    post(message, [
      assets.positions.buffer,
      assets.colors.buffer,
      assets.angles.buffer,
      assets.kinds.buffer,
      sensors.positions.buffer,
      sensors.colors.buffer,
    ]);
  };
  const scheduleFrame = () => {
    if (timer === null) timer = setTimeout(sendFrame, FRAME_INTERVAL_MS);
  };

  store.subscribe((state) => {
    if (state.connection !== connection) {
      connection = state.connection;
      post({ type: 'connection', connection }, []);
    }
    if (state.live.version !== sentVersion) scheduleFrame();
  });
  post({ type: 'connection', connection }, []);

  return {
    handle(message) {
      switch (message.type) {
        case 'interest':
          feed.setInterest(message.interest);
          return;
        case 'watch':
          watchedId = message.id;
          scheduleFrame();
          return;
        case 'clear':
          liveUpdates.clear(store);
          return;
        case 'close':
          if (timer !== null) clearTimeout(timer);
          feed.close();
          return;
      }
    },
  };
}
