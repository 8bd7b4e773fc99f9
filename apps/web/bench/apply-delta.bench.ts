// Cost of one live tick in which all of 100 000 entities changed (ARCHITECTURE.md budget: ≤ 8 ms of
// main-thread JavaScript). Two sides:
// - the live core (a dedicated worker, off the main thread): decode + apply the delta, copy the columns;
//   each iteration gets a tick freshly decoded by JSON.parse, as socket.io hands it over, so string hashes
//   of the ids are not warm from a previous iteration; the parse itself is not measured;
// - the page (main thread): take the frame message (structured clone with the column buffers transferred,
//   as postMessage does) and apply it to the page's view store.
//
//   npm run bench -w @vigie/web
import { bench, describe } from 'vitest';
import type { TLiveEntityV1 } from '@vigie/contracts/live-entities';
import { decodeDelta } from '../src/live/decode-live-message';
import {
  applyDelta,
  applySnapshot,
  initialLiveEntitiesState,
  liveLayerFrame,
} from '../src/live/live-entities';
import type { LiveEntitiesState } from '../src/live/live-entities';
import type { LiveFrameMessage } from '../src/live/live-messages';
import { frameReceived, initialLiveViewState } from '../src/live/live-view';

const N = 100_000;
const ITERATIONS = 10;
const WARMUP = 2;
const KINDS = ['vehicle', 'team', 'boat', 'drone', 'sensor'] as const;
const STATUSES = ['available', 'assigned', 'en_route', 'on_scene', 'returning'] as const;

function makeEntity(i: number, tick: number): TLiveEntityV1 {
  const kind = KINDS[i % KINDS.length]!;
  const entity: TLiveEntityV1 = {
    entityId: `asset-${i.toString(36)}-${(i * 7919).toString(36)}`,
    entityKind: kind,
    name: `Unit ${i}`,
    position: { lon: ((i * 0.0037 + tick * 0.001) % 360) - 180, lat: ((i * 0.0011) % 170) - 85 },
    speed: (i % 30) + 1,
    heading: (i * 7 + tick) % 360,
    connectivity: i % 50 === 0 ? 'stale' : 'online',
    updatedAt: '2024-09-14T08:00:00.000Z',
    lastSeenAt: '2024-09-14T08:00:00.000Z',
  };
  if (kind === 'sensor') {
    entity.lastReadings = [
      {
        metric: 'water_level',
        value: (i % 10) / 2,
        unit: 'm',
        at: '2024-09-14T08:00:00Z',
        anomalyScore: (i % 7) / 2,
      },
    ];
  } else {
    entity.status = STATUSES[i % STATUSES.length]!;
  }
  return entity;
}

function tickJson(tick: number): string {
  return JSON.stringify({
    v: 1,
    seq: tick,
    upserts: Array.from({ length: N }, (_, i) => makeEntity(i, tick)),
    removes: [],
  });
}

/** A pool of ticks parsed once each; every measured iteration takes one it has never seen. */
function freshTicks(count: number): { next: () => unknown } {
  const texts = [tickJson(1), tickJson(2)];
  const pool = Array.from({ length: count }, (_, k) => JSON.parse(texts[k % 2]!) as unknown);
  let k = 0;
  return { next: () => pool[k++ % pool.length] };
}

function seeded(): LiveEntitiesState {
  return applySnapshot(initialLiveEntitiesState, {
    seq: 0,
    entities: Array.from({ length: N }, (_, i) => makeEntity(i, 0)),
  });
}

function frameMessage(state: LiveEntitiesState, sentLayout: number): LiveFrameMessage {
  const frame = liveLayerFrame(state);
  const withIds = state.layout !== sentLayout;
  return {
    type: 'frame',
    version: frame.version,
    layout: frame.layout,
    assets: { ...frame.assets, ids: withIds ? frame.assets.ids.join('\n') : null },
    sensors: { ...frame.sensors, ids: withIds ? frame.sensors.ids.join('\n') : null },
    entityCount: state.index.size,
    seq: state.seq,
    dropped: 0,
    ignored: 0,
    watched: null,
    applyMs: 0,
  };
}

function transferables(message: LiveFrameMessage): ArrayBuffer[] {
  const { assets, sensors } = message;
  return [
    assets.positions,
    assets.colors,
    assets.angles,
    assets.kinds,
    sensors.positions,
    sensors.colors,
  ].map((a) => a.buffer as ArrayBuffer);
}

const options = { iterations: ITERATIONS, time: 0, warmupIterations: WARMUP, warmupTime: 0 };

describe(`one live tick, ${N.toLocaleString('en')} entities changed`, () => {
  {
    const ticks = freshTicks(ITERATIONS + WARMUP + 2);
    let state = seeded();
    let seq = 0;
    bench(
      'core (worker): applyDelta',
      () => {
        const decoded = decodeDelta(ticks.next());
        // The decode check is cheap but is measured separately below; keep it out of this figure.
        state = applyDelta(state, { ...decoded!.message, seq: ++seq });
      },
      options,
    );
  }
  {
    const ticks = freshTicks(ITERATIONS + WARMUP + 2);
    let state = seeded();
    let seq = 0;
    bench(
      'core (worker): decodeDelta + applyDelta + liveLayerFrame',
      () => {
        const decoded = decodeDelta(ticks.next());
        state = applyDelta(state, { ...decoded!.message, seq: ++seq });
        liveLayerFrame(state);
      },
      options,
    );
  }
  {
    const state = seeded();
    bench('core (worker): liveLayerFrame alone', () => void liveLayerFrame(state), options);
  }
  {
    const ticks = freshTicks(ITERATIONS + WARMUP + 2);
    bench('core (worker): decodeDelta alone', () => void decodeDelta(ticks.next()), options);
  }
  {
    // The page's side of the same tick: the core moved every entity, the layout (ids) is unchanged.
    const state = seeded();
    const layout = state.layout;
    let view = frameReceived(initialLiveViewState, frameMessage(state, -1));
    const messages = Array.from({ length: ITERATIONS + WARMUP + 2 }, () => frameMessage(state, layout));
    let k = 0;
    bench(
      'page (main thread): receive the frame message + frameReceived',
      () => {
        const message = messages[k++ % messages.length]!;
        const received = structuredClone(message, { transfer: transferables(message) });
        view = frameReceived(view, received);
      },
      options,
    );
  }
  {
    // Once in a while entities enter or leave: the frame then carries the 100 000 ids too.
    const state = seeded();
    let view = initialLiveViewState;
    const messages = Array.from({ length: ITERATIONS + WARMUP + 2 }, () => frameMessage(state, -1));
    let k = 0;
    bench(
      'page (main thread): receive a frame with new ids + frameReceived',
      () => {
        const message = messages[k++ % messages.length]!;
        const received = structuredClone(message, { transfer: transferables(message) });
        view = frameReceived(view, received);
      },
      options,
    );
  }
});
