// What the page knows of the live picture: the latest frame from the live core (worker), counters, the
// connection and the watched entity, in a vanilla store read by the map on animation frames. Named pure
// operations; no React render per socket message.
import type { TLiveEntityV1 } from '@vigie/contracts/live-entities';
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import { connectionStatus, initialConnectionState } from './connection';
import type { ConnectionState, ConnectionStatus } from './connection';
import type { AssetColumnsFrame, PointColumnsFrame } from './live-entities';
import type { LiveFrameMessage } from './live-messages';

/** Entity ids of a frame's columns, received as one string and split only when someone asks (a click). */
export class IdColumn {
  private list: readonly string[] | null = null;

  constructor(private readonly text: string) {}

  static of(ids: readonly string[]): IdColumn {
    return new IdColumn(ids.join('\n'));
  }

  all(): readonly string[] {
    this.list ??= this.text === '' ? [] : this.text.split('\n');
    return this.list;
  }

  at(index: number): string | undefined {
    return this.all()[index];
  }
}

/** What the map draws and picks this frame. */
export interface PageFrame {
  readonly version: number;
  readonly layout: number;
  readonly assets: AssetColumnsFrame & { readonly ids: IdColumn };
  readonly sensors: PointColumnsFrame & { readonly ids: IdColumn };
}

export interface LiveViewState {
  readonly frame: PageFrame;
  readonly entityCount: number;
  readonly seq: number | null;
  readonly dropped: number;
  readonly ignored: number;
  readonly connection: ConnectionState;
  /** The page's own `navigator.onLine` (the worker's may lag or be emulated differently). */
  readonly pageOnline: boolean;
  /** Full live state of the selected entity, refreshed with every frame. */
  readonly watched: TLiveEntityV1 | null;
  /** Time the live core spent decoding and applying socket messages for the last frame (off the page). */
  readonly coreApplyMs: number;
}

const emptyFrame: PageFrame = {
  version: 0,
  layout: -1,
  assets: {
    length: 0,
    ids: new IdColumn(''),
    positions: new Float32Array(0),
    colors: new Uint8Array(0),
    angles: new Float32Array(0),
    kinds: new Uint8Array(0),
  },
  sensors: { length: 0, ids: new IdColumn(''), positions: new Float32Array(0), colors: new Uint8Array(0) },
};

export const initialLiveViewState: LiveViewState = {
  frame: emptyFrame,
  entityCount: 0,
  seq: null,
  dropped: 0,
  ignored: 0,
  connection: initialConnectionState,
  pageOnline: true,
  watched: null,
  coreApplyMs: 0,
};

/** Takes a frame from the core. Ids come only when the layout changed; otherwise the previous ones still hold. */
export function frameReceived(state: LiveViewState, message: LiveFrameMessage): LiveViewState {
  const previous = state.frame;
  const ids = (text: string | null, before: IdColumn) => (text === null ? before : new IdColumn(text));
  const frame: PageFrame = {
    version: message.version,
    layout: message.layout,
    assets: { ...message.assets, ids: ids(message.assets.ids, previous.assets.ids) },
    sensors: { ...message.sensors, ids: ids(message.sensors.ids, previous.sensors.ids) },
  };
  return {
    ...state,
    frame,
    entityCount: message.entityCount,
    seq: message.seq,
    dropped: message.dropped,
    ignored: message.ignored,
    watched: message.watched,
    coreApplyMs: message.applyMs,
  };
}

export function connectionReceived(state: LiveViewState, connection: ConnectionState): LiveViewState {
  return { ...state, connection };
}

export function pageOnlineChanged(state: LiveViewState, online: boolean): LiveViewState {
  return state.pageOnline === online ? state : { ...state, pageOnline: online };
}

/** What the header shows: the core's view of the socket, and offline whenever the page says so. */
export function viewConnectionStatus(state: LiveViewState): ConnectionStatus {
  return connectionStatus(
    state.pageOnline ? state.connection : { ...state.connection, browserOnline: false },
  );
}

export type LiveViewStore = StoreApi<LiveViewState>;

/** The page's one live view. */
export const liveView: LiveViewStore = createStore<LiveViewState>()(() => initialLiveViewState);
