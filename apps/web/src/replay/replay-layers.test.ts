import type { TLiveEntityV1 } from '@vigie/contracts/live-entities';
import { describe, expect, it } from 'vitest';
import { REPLAY_LAYER_IDS, buildReplayLayers, replayLayerData, replayLayerLength } from './replay-layers';
import { initialReplayState, openRequested, replayFrameReceived, replayOpened } from './replay-state';
import type { ReplayFrame, ReplayState } from './replay-state';

const T0 = Date.parse('2026-03-01T08:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const entity = (id: string, kind: TLiveEntityV1['entityKind'], lon: number, atMs: number): TLiveEntityV1 => ({
  entityId: id,
  entityKind: kind,
  position: { lon, lat: 18.5 },
  heading: 90,
  connectivity: 'online',
  updatedAt: iso(atMs),
  lastSeenAt: iso(atMs),
});
const frame = (seq: number, atMs: number, parts: Partial<ReplayFrame>): ReplayFrame => ({
  v: 1,
  seq,
  at: iso(atMs),
  snapshot: false,
  upserts: [],
  removes: [],
  alerts: [],
  alertRemoves: [],
  incidents: [],
  incidentRemoves: [],
  actions: [],
  ...parts,
});

function replayed(): ReplayState {
  let state = replayOpened(openRequested(initialReplayState, { startMs: T0, endMs: T0 + 3_600_000 }), {
    v: 1,
    sessionId: 's',
    from: iso(T0),
    to: iso(T0 + 3_600_000),
    layers: ['assets'],
    bucketSeconds: 60,
    histogram: [],
    incidents: [],
  });
  state = replayFrameReceived(
    state,
    frame(1, T0, {
      snapshot: true,
      upserts: [entity('truck-1', 'vehicle', 1, T0), entity('gauge-1', 'sensor', 5, T0)],
      incidents: [
        {
          incidentId: 'i1',
          seq: 1,
          change: 'opened',
          status: 'detected',
          severity: 'severe',
          title: 'Flood',
          position: { lon: 2, lat: 18 },
          openedAt: iso(T0),
          at: iso(T0),
        },
      ],
      alerts: [
        {
          alertId: 'a1',
          kind: 'threshold',
          severity: 'moderate',
          status: 'active',
          title: 'Water high',
          position: { lon: 5, lat: 18.5 },
          raisedAt: iso(T0),
        },
        {
          alertId: 'a2',
          kind: 'threshold',
          severity: 'moderate',
          status: 'cleared',
          title: 'Old',
          position: { lon: 5, lat: 18.5 },
          raisedAt: iso(T0),
        },
      ],
    }),
  );
  return replayFrameReceived(
    state,
    frame(2, T0 + 60_000, { upserts: [entity('truck-1', 'vehicle', 1.1, T0 + 60_000)] }),
  );
}

describe('replay layers', () => {
  it('splits entities, keeps trails with a segment, active alerts and open incidents', () => {
    const data = replayLayerData(replayed(), null);
    expect(data.assets.map((e) => e.entityId)).toEqual(['truck-1']);
    expect(data.sensors.map((e) => e.entityId)).toEqual(['gauge-1']);
    expect(data.trips.map((t) => t.id)).toEqual(['truck-1']);
    expect(data.alerts.map((a) => a.alertId)).toEqual(['a1']);
    expect(data.incidents.map((i) => i.incidentId)).toEqual(['i1']);
    expect(replayLayerLength(REPLAY_LAYER_IDS.assets, data)).toBe(1);
    expect(replayLayerLength('unknown', data)).toBe(0);
  });

  it('reuses the data while the state is unchanged', () => {
    const state = replayed();
    const data = replayLayerData(state, null);
    expect(replayLayerData(state, data)).toBe(data);
    expect(replayLayerData({ ...state, version: state.version + 1 }, data)).not.toBe(data);
  });

  it('draws trails up to the replayed instant, in seconds after the session start', () => {
    const data = replayLayerData(replayed(), null);
    const layers = buildReplayLayers({
      data,
      atMs: T0 + 90_000,
      originMs: T0,
      trailMs: 600_000,
      iconAtlas: 'data:,',
    });
    expect(layers.map((l) => l.id)).toEqual(Object.values(REPLAY_LAYER_IDS));
    const trips = layers[0]!;
    expect(trips.props).toMatchObject({ currentTime: 90, trailLength: 600 });
    const assets = layers.find((l) => l.id === REPLAY_LAYER_IDS.assets)!;
    expect((assets.props as { data: unknown }).data).toBe(data.assets);
  });
});
