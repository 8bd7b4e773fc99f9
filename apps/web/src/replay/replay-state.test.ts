import type { TLiveEntityV1 } from '@vigie/contracts/live-entities';
import type { TReplayIncident } from '@vigie/contracts/replay-socket-catalog';
import { describe, expect, it } from 'vitest';
import {
  MAX_ACTIONS,
  createReplayStore,
  initialReplayState,
  openRequested,
  pauseRequested,
  playRequested,
  replayClockReceived,
  replayClosed,
  replayEnded,
  replayFailed,
  replayFrameReceived,
  replayOpened,
  seekRequested,
  speedRequested,
  updateReplay,
  visibleIncidents,
} from './replay-state';
import type { ReplayFrame, ReplayOpened, ReplayState } from './replay-state';

const T0 = Date.parse('2026-03-01T08:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const MIN = 60_000;

const vehicle = (id: string, lon: number, atMs: number): TLiveEntityV1 => ({
  entityId: id,
  entityKind: 'vehicle',
  position: { lon, lat: 18.5 },
  connectivity: 'online',
  updatedAt: iso(atMs),
  lastSeenAt: iso(atMs),
});

const incident = (id: string, status: TReplayIncident['status'], atMs: number): TReplayIncident => ({
  incidentId: id,
  seq: 1,
  change: 'opened',
  status,
  severity: 'severe',
  title: 'Flooding',
  position: { lon: -72.3, lat: 18.5 },
  openedAt: iso(atMs),
  at: iso(atMs),
});

const opened: ReplayOpened = {
  v: 1,
  sessionId: 's1',
  from: iso(T0),
  to: iso(T0 + 60 * MIN),
  layers: ['assets', 'incidents'],
  bucketSeconds: 600,
  histogram: [
    { at: iso(T0 + 20 * MIN), count: 4 },
    { at: iso(T0), count: 2 },
  ],
  incidents: [
    { incidentId: 'i1', seq: 2, change: 'acknowledged', at: iso(T0 + 40 * MIN) },
    {
      incidentId: 'i1',
      seq: 1,
      change: 'opened',
      at: iso(T0 + 30 * MIN),
      title: 'Flooding',
      severity: 'severe',
    },
  ],
};

const frame = (seq: number, atMs: number, parts: Partial<ReplayFrame> = {}): ReplayFrame => ({
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

function openSession(): ReplayState {
  return replayOpened(openRequested(initialReplayState, { startMs: T0, endMs: T0 + 60 * MIN }), opened);
}

describe('opening a session', () => {
  it('takes the range, fills gaps in a sparse histogram and orders the markers', () => {
    const state = openSession();
    expect(state.status).toBe('open');
    expect(state.range).toEqual({ startMs: T0, endMs: T0 + 60 * MIN });
    expect(state.histogram).toEqual({ startMs: T0, bucketMs: 600_000, counts: [2, 0, 4] });
    expect(state.markers.map((m) => [m.id, m.atMs])).toEqual([
      ['i1:1', T0 + 30 * MIN],
      ['i1:2', T0 + 40 * MIN],
    ]);
    expect(state.markers[0]).toMatchObject({ title: 'Flooding', severity: 'severe' });
    expect(state.awaitingSnapshot).toBe(true);
  });

  it('forgets the previous picture and keeps the chosen speed', () => {
    let state = replayFrameReceived(
      openSession(),
      frame(1, T0, { snapshot: true, upserts: [vehicle('v1', 1, T0)] }),
    );
    state = speedRequested(state, 600);
    const reopened = openRequested(state, { startMs: T0, endMs: T0 + MIN });
    expect(reopened.entities.size).toBe(0);
    expect(reopened.speed).toBe(600);
    expect(reopened.status).toBe('opening');
  });
});

describe('frames', () => {
  it('ignores changes until the first snapshot, then applies snapshot and changes', () => {
    let state = openSession();
    expect(replayFrameReceived(state, frame(1, T0, { upserts: [vehicle('v1', 1, T0)] }))).toBe(state);
    state = replayFrameReceived(
      state,
      frame(2, T0, { snapshot: true, upserts: [vehicle('v1', 1, T0), vehicle('v2', 2, T0)] }),
    );
    expect([...state.entities.keys()]).toEqual(['v1', 'v2']);
    state = replayFrameReceived(
      state,
      frame(3, T0 + MIN, {
        upserts: [vehicle('v1', 1.5, T0 + MIN)],
        removes: ['v2'],
        incidents: [incident('i1', 'detected', T0 + MIN)],
        actions: [
          {
            commandId: 'c1',
            kind: 'acknowledge_alert',
            actorId: 'u1',
            target: 'a1',
            at: iso(T0 + MIN),
            outcome: 'applied',
          },
        ],
      }),
    );
    expect(state.atMs).toBe(T0 + MIN);
    expect(state.entities.get('v1')!.position!.lon).toBe(1.5);
    expect(state.entities.has('v2')).toBe(false);
    expect(state.incidents.get('i1')!.status).toBe('detected');
    expect(state.actions.map((a) => a.commandId)).toEqual(['c1']);
    expect(state.trails.byId.get('v1')!.path).toEqual([
      [1, 18.5],
      [1.5, 18.5],
    ]);
    expect(state.trails.byId.has('v2')).toBe(false);
  });

  it('ignores stale and repeated frames', () => {
    let state = replayFrameReceived(openSession(), frame(5, T0, { snapshot: true }));
    const before = state;
    state = replayFrameReceived(state, frame(5, T0 + MIN, { upserts: [vehicle('v1', 1, T0 + MIN)] }));
    expect(state).toBe(before);
    state = replayFrameReceived(state, frame(4, T0 + MIN, { snapshot: true }));
    expect(state).toBe(before);
  });

  it('after a seek, shows the old picture until the snapshot, then only the new one', () => {
    let state = replayFrameReceived(
      openSession(),
      frame(1, T0 + 50 * MIN, {
        snapshot: true,
        upserts: [vehicle('v1', 1, T0 + 50 * MIN)],
        incidents: [incident('i1', 'detected', T0 + 31 * MIN)],
      }),
    );
    state = seekRequested(state, T0 + 10 * MIN);
    expect(state.atMs).toBe(T0 + 10 * MIN);
    const waiting = replayFrameReceived(
      state,
      frame(2, T0 + 51 * MIN, { upserts: [vehicle('v1', 2, T0 + 51 * MIN)] }),
    );
    expect(waiting).toBe(state);
    expect(state.entities.has('v1')).toBe(true);
    state = replayFrameReceived(
      state,
      frame(3, T0 + 10 * MIN, { snapshot: true, upserts: [vehicle('v3', 3, T0 + 10 * MIN)] }),
    );
    expect([...state.entities.keys()]).toEqual(['v3']);
    expect(state.incidents.size).toBe(0);
    expect([...state.trails.byId.keys()]).toEqual(['v3']);
    expect(seekRequested(state, T0 - MIN).atMs).toBe(T0);
  });

  it('keeps the newest operator actions only', () => {
    let state = replayFrameReceived(openSession(), frame(1, T0, { snapshot: true }));
    const actions = Array.from({ length: MAX_ACTIONS + 5 }, (_, i) => ({
      commandId: `c${i}`,
      kind: 'dispatch',
      actorId: 'u1',
      target: 'i1',
      at: iso(T0),
      outcome: 'applied',
    }));
    state = replayFrameReceived(state, frame(2, T0 + MIN, { actions }));
    expect(state.actions).toHaveLength(MAX_ACTIONS);
    expect(state.actions.at(-1)!.commandId).toBe(`c${MAX_ACTIONS + 4}`);
  });
});

describe('clock and session', () => {
  it('follows the gateway clock, optimistic requests and the end', () => {
    let state = playRequested(openSession());
    expect(state.playing).toBe(true);
    expect(pauseRequested(state).playing).toBe(false);
    state = replayClockReceived(state, { v: 1, playing: true, speed: 120, at: iso(T0 + 5 * MIN) });
    expect(state).toMatchObject({ playing: true, speed: 120, atMs: T0 + 5 * MIN });
    expect(replayClockReceived(state, { v: 1, playing: true, speed: 120, at: iso(T0 + 5 * MIN) })).toBe(
      state,
    );
    state = replayEnded(state, iso(T0 + 60 * MIN));
    expect(state).toMatchObject({ playing: false, ended: true, atMs: T0 + 60 * MIN });
    expect(playRequested(state).ended).toBe(false);
  });

  it('reports failures and closes back to idle', () => {
    const failed = replayFailed(openSession(), 'FORBIDDEN');
    expect(failed).toMatchObject({ status: 'error', error: 'FORBIDDEN' });
    const closed = replayClosed(failed);
    expect(closed.status).toBe('idle');
    expect(closed.range).toBeNull();
  });

  it('lists incidents that are not closed', () => {
    const state = replayFrameReceived(
      openSession(),
      frame(1, T0, {
        snapshot: true,
        incidents: [incident('i1', 'detected', T0), incident('i2', 'closed', T0)],
      }),
    );
    expect(visibleIncidents(state).map((i) => i.incidentId)).toEqual(['i1']);
  });

  it('updates a store only when an operation changes the state', () => {
    const store = createReplayStore();
    let notified = 0;
    store.subscribe(() => notified++);
    updateReplay(store, pauseRequested, undefined);
    expect(notified).toBe(0);
    updateReplay(store, playRequested, undefined);
    expect(notified).toBe(1);
    expect(store.getState().playing).toBe(true);
  });
});
