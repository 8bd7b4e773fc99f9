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

/** Builds a bench's data when its task starts and drops it when it ends, so the pools of the other benches
 * (hundreds of megabytes) are not alive meanwhile. */
function perTask<T>(make: () => T): {
  get: () => T;
  options: typeof options & { setup: () => void; teardown: () => void };
} {
  let value: T | null = null;
  return {
    get: () => (value ??= make()),
    options: {
      ...options,
      setup: () => {
        value ??= make();
      },
      teardown: () => {
        value = null;
      },
    },
  };
}

describe(`one live tick, ${N.toLocaleString('en')} entities changed`, () => {
  {
    const data = perTask(() => ({ ticks: freshTicks(ITERATIONS + WARMUP + 2), state: seeded(), seq: 0 }));
    bench(
      'core (worker): applyDelta',
      () => {
        const d = data.get();
        // The decode check is measured separately below; keep it out of this figure.
        const decoded = decodeDelta(d.ticks.next());
        d.state = applyDelta(d.state, { ...decoded!.message, seq: ++d.seq });
      },
      data.options,
    );
  }
  {
    const data = perTask(() => ({ ticks: freshTicks(ITERATIONS + WARMUP + 2), state: seeded(), seq: 0 }));
    bench(
      'core (worker): decodeDelta + applyDelta + liveLayerFrame',
      () => {
        const d = data.get();
        const decoded = decodeDelta(d.ticks.next());
        d.state = applyDelta(d.state, { ...decoded!.message, seq: ++d.seq });
        liveLayerFrame(d.state);
      },
      data.options,
    );
  }
  {
    const data = perTask(() => seeded());
    bench('core (worker): liveLayerFrame alone', () => void liveLayerFrame(data.get()), data.options);
  }
  {
    const data = perTask(() => freshTicks(ITERATIONS + WARMUP + 2));
    bench('core (worker): decodeDelta alone', () => void decodeDelta(data.get().next()), data.options);
  }
  {
    // The page's side of the same tick: the core moved every entity, the layout (ids) is unchanged.
    const data = perTask(() => {
      const state = seeded();
      return {
        view: frameReceived(initialLiveViewState, frameMessage(state, -1)),
        messages: Array.from({ length: ITERATIONS + WARMUP + 2 }, () => frameMessage(state, state.layout)),
        k: 0,
      };
    });
    bench(
      'page (main thread): receive the frame message + frameReceived',
      () => {
        const d = data.get();
        const message = d.messages[d.k++ % d.messages.length]!;
        d.view = frameReceived(d.view, structuredClone(message, { transfer: transferables(message) }));
      },
      data.options,
    );
  }
  {
    // Once in a while entities enter or leave: the frame then carries the 100 000 ids too (one string).
    const data = perTask(() => {
      const state = seeded();
      return {
        view: initialLiveViewState,
        messages: Array.from({ length: ITERATIONS + WARMUP + 2 }, () => frameMessage(state, -1)),
        k: 0,
      };
    });
    bench(
      'page (main thread): receive a frame with new ids + frameReceived',
      () => {
        const d = data.get();
        const message = d.messages[d.k++ % d.messages.length]!;
        d.view = frameReceived(d.view, structuredClone(message, { transfer: transferables(message) }));
      },
      data.options,
    );
  }
});
