// Messages between the page and the live core (a dedicated worker, or the page itself as a fallback).
import type { TLiveEntityV1 } from '@vigie/contracts/live-entities';
import type { SituationEvent } from '../incidents/situation';
import type { ConnectionState } from './connection';
import type { LiveInterest } from './live-feed';
import type { AssetLayerFrame, PointLayerFrame } from './live-entities';

export type ToLiveCore =
  | { readonly type: 'interest'; readonly interest: LiveInterest | null }
  /** The entity whose full live state the page wants with every frame (the selection), or none. */
  | { readonly type: 'watch'; readonly id: string | null }
  | { readonly type: 'clear' }
  | { readonly type: 'close' };

/**
 * Columns of one layer. `ids` are the entity ids joined by line feeds (ids never contain whitespace): one
 * string clones as a block, where 100 000 strings would cost the page tens of milliseconds. Null when the
 * layout did not change since the previous frame sent.
 */
export type WirePointFrame<F extends PointLayerFrame> = Omit<F, 'ids'> & {
  readonly ids: string | null;
};

export interface LiveFrameMessage {
  readonly type: 'frame';
  readonly version: number;
  readonly layout: number;
  readonly assets: WirePointFrame<AssetLayerFrame>;
  readonly sensors: WirePointFrame<PointLayerFrame>;
  readonly entityCount: number;
  readonly seq: number | null;
  readonly dropped: number;
  readonly ignored: number;
  /** Full live state of the watched entity, if it is in the picture. */
  readonly watched: TLiveEntityV1 | null;
  /** Milliseconds the core spent applying socket messages since the previous frame. */
  readonly applyMs: number;
}

export interface LiveConnectionMessage {
  readonly type: 'connection';
  readonly connection: ConnectionState;
}

/** An incident, alert, zones or notification event, checked against the socket catalog. */
export interface LiveSituationMessage {
  readonly type: 'situation';
  readonly event: SituationEvent;
}

export type FromLiveCore = LiveFrameMessage | LiveConnectionMessage | LiveSituationMessage;
