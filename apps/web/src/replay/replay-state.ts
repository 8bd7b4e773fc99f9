// What the replay page knows of the past picture: the session's range, histogram and incident markers, the
// clock as the gateway reports it, and the entities, alerts, incidents, operator actions and trails as they
// stood at the replayed instant. Named pure operations `(state, payload) => state` on its own vanilla store:
// the live store is never touched, so leaving replay finds the live picture as it was.
import type { TLiveEntityV1 } from '@vigie/contracts/live-entities';
import type { SocketPayload } from '@vigie/contracts/socket-catalog';
import type {
  TReplayAction,
  TReplayAlert,
  TReplayGatewayToClient,
  TReplayIncident,
} from '@vigie/contracts/replay-socket-catalog';
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import { addFixes, emptyTrails, removeTrails } from './trails';
import type { Fix, Trails } from './trails';
import type { TimeRange } from './timeline';

export type ReplayOpened = SocketPayload<TReplayGatewayToClient, 'opened'>;
export type ReplayFrame = SocketPayload<TReplayGatewayToClient, 'frame'>;
export type ReplayClockState = SocketPayload<TReplayGatewayToClient, 'state'>;

export interface ReplayMarker {
  /** `incidentId:seq`, unique per marker. */
  readonly id: string;
  readonly incidentId: string;
  readonly atMs: number;
  readonly change: string;
  readonly title?: string;
  readonly severity?: string;
}

export interface ReplayHistogram {
  readonly startMs: number;
  readonly bucketMs: number;
  readonly counts: readonly number[];
}

export type ReplayStatus = 'idle' | 'opening' | 'open' | 'error';

export interface ReplayState {
  readonly status: ReplayStatus;
  readonly error: string | null;
  readonly sessionId: string | null;
  readonly range: TimeRange | null;
  readonly histogram: ReplayHistogram | null;
  readonly markers: readonly ReplayMarker[];
  readonly playing: boolean;
  readonly speed: number;
  /** The replayed instant of the last frame or clock state (epoch ms). */
  readonly atMs: number | null;
  readonly ended: boolean;
  /** Seq of the last frame applied. */
  readonly frameSeq: number | null;
  /** After a seek or a backwards step: changes are ignored until the snapshot that follows arrives. */
  readonly awaitingSnapshot: boolean;
  readonly entities: ReadonlyMap<string, TLiveEntityV1>;
  readonly alerts: ReadonlyMap<string, TReplayAlert>;
  readonly incidents: ReadonlyMap<string, TReplayIncident>;
  /** Most recent operator actions, newest last, at most `MAX_ACTIONS`. */
  readonly actions: readonly TReplayAction[];
  readonly trails: Trails;
  /** Changes with every applied frame (the map compares it). */
  readonly version: number;
}

export const MAX_ACTIONS = 100;
const EMPTY_MAP: ReadonlyMap<never, never> = new Map<never, never>();

export const initialReplayState: ReplayState = {
  status: 'idle',
  error: null,
  sessionId: null,
  range: null,
  histogram: null,
  markers: [],
  playing: false,
  speed: 60,
  atMs: null,
  ended: false,
  frameSeq: null,
  awaitingSnapshot: false,
  entities: EMPTY_MAP,
  alerts: EMPTY_MAP,
  incidents: EMPTY_MAP,
  actions: [],
  trails: emptyTrails(0),
  version: 0,
};

/** A session for `range` was asked for: everything shown before goes. */
export function openRequested(state: ReplayState, range: TimeRange): ReplayState {
  return {
    ...initialReplayState,
    speed: state.speed,
    status: 'opening',
    range,
    atMs: range.startMs,
    trails: emptyTrails(range.startMs),
    version: state.version + 1,
  };
}

export function replayOpened(state: ReplayState, opened: ReplayOpened): ReplayState {
  const startMs = Date.parse(opened.from);
  const endMs = Date.parse(opened.to);
  const buckets = [...opened.histogram].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const bucketMs = opened.bucketSeconds * 1000;
  const histogramStart = buckets.length > 0 ? Date.parse(buckets[0]!.at) : startMs;
  // Buckets may be sparse (empty ones left out): place each by its time.
  const counts: number[] = [];
  for (const bucket of buckets) {
    const index = Math.round((Date.parse(bucket.at) - histogramStart) / bucketMs);
    while (counts.length <= index) counts.push(0);
    counts[index] = (counts[index] ?? 0) + bucket.count;
  }
  return {
    ...state,
    status: 'open',
    error: null,
    sessionId: opened.sessionId,
    range: { startMs, endMs },
    histogram: { startMs: histogramStart, bucketMs, counts },
    markers: opened.incidents
      .map((m) => ({
        id: `${m.incidentId}:${m.seq}`,
        incidentId: m.incidentId,
        atMs: Date.parse(m.at),
        change: m.change,
        ...(m.title === undefined ? {} : { title: m.title }),
        ...(m.severity === undefined ? {} : { severity: m.severity }),
      }))
      .sort((a, b) => a.atMs - b.atMs),
    atMs: state.atMs ?? startMs,
    ended: false,
    frameSeq: null,
    awaitingSnapshot: true,
    trails: emptyTrails(startMs, state.trails.windowMs),
    version: state.version + 1,
  };
}

function fixesOf(entities: readonly TLiveEntityV1[], frameMs: number): Fix[] {
  const fixes: Fix[] = [];
  for (const e of entities) {
    if (e.position === undefined) continue;
    const seen = e.lastSeenAt === undefined ? frameMs : Date.parse(e.lastSeenAt);
    fixes.push({
      id: e.entityId,
      atMs: Number.isNaN(seen) ? frameMs : Math.min(seen, frameMs),
      lon: e.position.lon,
      lat: e.position.lat,
    });
  }
  return fixes;
}

function upsertAll<K, V>(
  base: ReadonlyMap<K, V>,
  items: readonly V[],
  key: (item: V) => K,
  removes: readonly K[],
): ReadonlyMap<K, V> {
  if (items.length === 0 && removes.length === 0) return base;
  const next = new Map(base);
  for (const id of removes) next.delete(id);
  for (const item of items) next.set(key(item), item);
  return next;
}

/**
 * Applies a frame. A snapshot replaces the picture (and starts new trails); changes apply on top of it. A
 * frame whose seq is not after the last one, or changes while a snapshot is awaited, are ignored.
 */
export function replayFrameReceived(state: ReplayState, frame: ReplayFrame): ReplayState {
  if (state.status !== 'open' || state.range === null) return state;
  if (!frame.snapshot && (state.awaitingSnapshot || state.frameSeq === null)) return state;
  if (state.frameSeq !== null && frame.seq <= state.frameSeq) return state;
  const atMs = Date.parse(frame.at);
  const base = frame.snapshot
    ? {
        entities: EMPTY_MAP as ReadonlyMap<string, TLiveEntityV1>,
        alerts: EMPTY_MAP as ReadonlyMap<string, TReplayAlert>,
        incidents: EMPTY_MAP as ReadonlyMap<string, TReplayIncident>,
        actions: [] as readonly TReplayAction[],
        trails: emptyTrails(state.range.startMs, state.trails.windowMs),
      }
    : state;
  const actions =
    frame.actions.length === 0 ? base.actions : [...base.actions, ...frame.actions].slice(-MAX_ACTIONS);
  return {
    ...state,
    atMs,
    frameSeq: frame.seq,
    awaitingSnapshot: false,
    ended: frame.snapshot ? false : state.ended,
    entities: upsertAll(base.entities, frame.upserts, (e) => e.entityId, frame.removes),
    alerts: upsertAll(base.alerts, frame.alerts, (a) => a.alertId, frame.alertRemoves),
    incidents: upsertAll(base.incidents, frame.incidents, (i) => i.incidentId, frame.incidentRemoves),
    actions,
    trails: addFixes(removeTrails(base.trails, frame.removes), fixesOf(frame.upserts, atMs)),
    version: state.version + 1,
  };
}

/** The gateway's clock: running or not, speed, instant. */
export function replayClockReceived(state: ReplayState, clock: ReplayClockState): ReplayState {
  const atMs = Date.parse(clock.at);
  if (state.playing === clock.playing && state.speed === clock.speed && state.atMs === atMs) return state;
  return {
    ...state,
    playing: clock.playing,
    speed: clock.speed,
    atMs,
    ended: clock.playing ? false : state.ended,
  };
}

export function replayEnded(state: ReplayState, at: string): ReplayState {
  return { ...state, playing: false, ended: true, atMs: Date.parse(at) };
}

export function replayFailed(state: ReplayState, message: string): ReplayState {
  return { ...state, status: 'error', error: message, playing: false };
}

/** Optimistic: the page shows the change before the gateway confirms it with a clock state. */
export function playRequested(state: ReplayState): ReplayState {
  return state.playing ? state : { ...state, playing: true, ended: false };
}

export function pauseRequested(state: ReplayState): ReplayState {
  return state.playing ? { ...state, playing: false } : state;
}

export function speedRequested(state: ReplayState, speed: number): ReplayState {
  return state.speed === speed ? state : { ...state, speed };
}

/** A seek (or a step backwards): the cursor moves now; the picture changes with the next snapshot. */
export function seekRequested(state: ReplayState, atMs: number): ReplayState {
  if (state.range === null) return state;
  const clamped = Math.min(state.range.endMs, Math.max(state.range.startMs, atMs));
  return { ...state, atMs: clamped, awaitingSnapshot: true, ended: false };
}

export function replayClosed(state: ReplayState): ReplayState {
  return { ...initialReplayState, speed: state.speed, version: state.version + 1 };
}

/** Incidents open at the replayed instant (not yet closed), for the map. */
export function visibleIncidents(state: ReplayState): TReplayIncident[] {
  return [...state.incidents.values()].filter((i) => i.status !== 'closed');
}

export type ReplayStore = StoreApi<ReplayState>;

export function createReplayStore(): ReplayStore {
  return createStore<ReplayState>(() => initialReplayState);
}

/** The page's replay store (one replay per page). */
export const replayStore = createReplayStore();

export function updateReplay<P>(
  store: ReplayStore,
  operation: (state: ReplayState, payload: P) => ReplayState,
  payload: P,
): void {
  const state = store.getState();
  const next = operation(state, payload);
  if (next !== state) store.setState(next, true);
}
