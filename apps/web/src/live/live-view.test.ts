import { describe, expect, it } from 'vitest';
import type { TLiveEntityV1 } from '@vigie/contracts/live-entities';
import { socketConnected } from './connection';
import { applyDelta, applySnapshot, initialLiveEntitiesState, liveLayerFrame } from './live-entities';
import type { LiveEntitiesState } from './live-entities';
import type { LiveFrameMessage } from './live-messages';
import {
  connectionReceived,
  frameReceived,
  initialLiveViewState,
  pageOnlineChanged,
  viewConnectionStatus,
} from './live-view';

const entity = (id: string, lon: number): TLiveEntityV1 => ({
  entityId: id,
  entityKind: 'vehicle',
  position: { lon, lat: 0 },
  connectivity: 'online',
  updatedAt: '2024-09-14T08:00:00Z',
});

/** What the core sends: ids only when the layout changed since the last frame sent. */
function message(state: LiveEntitiesState, lastLayout: number): LiveFrameMessage {
  const frame = liveLayerFrame(state);
  const withIds = state.layout !== lastLayout;
  return {
    type: 'frame',
    version: frame.version,
    layout: frame.layout,
    assets: { ...frame.assets, ids: withIds ? frame.assets.ids.join('\n') : null },
    sensors: { ...frame.sensors, ids: withIds ? frame.sensors.ids.join('\n') : null },
    entityCount: state.index.size,
    seq: state.seq,
    dropped: 0,
    ignored: state.ignored,
    watched: null,
    applyMs: 1.5,
  };
}

describe('live view operations', () => {
  it('keeps the previous ids when a frame of the same layout comes without them', () => {
    const s1 = applySnapshot(initialLiveEntitiesState, {
      seq: 1,
      entities: [entity('a', 1), entity('b', 2)],
    });
    const v1 = frameReceived(initialLiveViewState, message(s1, -1));
    expect(v1.frame.assets.ids.all()).toEqual(['a', 'b']);
    const layout = s1.layout;
    const s2 = applyDelta(s1, { seq: 2, upserts: [entity('b', 5)], removes: [] });
    const m2 = message(s2, layout);
    expect(m2.assets.ids).toBeNull();
    const v2 = frameReceived(v1, m2);
    expect(v2.frame.assets.ids).toBe(v1.frame.assets.ids);
    expect(v2.frame.assets.ids.at(1)).toBe('b');
    expect([...v2.frame.assets.positions]).toEqual([1, 0, 5, 0]);
    expect(v2.seq).toBe(2);
    expect(v2.coreApplyMs).toBe(1.5);
  });

  it('takes new ids when entities entered or left', () => {
    const s1 = applySnapshot(initialLiveEntitiesState, {
      seq: 1,
      entities: [entity('a', 1), entity('b', 2)],
    });
    const v1 = frameReceived(initialLiveViewState, message(s1, -1));
    const s2 = applyDelta(s1, { seq: 2, upserts: [], removes: ['a'] });
    const v2 = frameReceived(v1, message(s2, s1.layout));
    expect(v2.frame.assets.ids.all()).toEqual(['b']);
    expect(v2.frame.sensors.ids.all()).toEqual([]);
    expect(v2.entityCount).toBe(1);
  });

  it('records the connection', () => {
    const connection = socketConnected(initialLiveViewState.connection);
    expect(connectionReceived(initialLiveViewState, connection).connection.socketConnected).toBe(true);
  });

  it('is offline when the page says so, whatever the socket thinks', () => {
    const live = connectionReceived(initialLiveViewState, socketConnected(initialLiveViewState.connection));
    expect(viewConnectionStatus(live)).toBe('live');
    const off = pageOnlineChanged(live, false);
    expect(viewConnectionStatus(off)).toBe('offline');
    expect(viewConnectionStatus(pageOnlineChanged(off, true))).toBe('live');
  });
});
