// `window.__vigieReplay`: read-only facts about the replay page for browser tests, so they wait on the
// replay's own state (session open, replayed instant, frames applied, what the map draws) rather than on
// timers. Installed by the replay map; nothing in it changes data.

export interface VigieReplayTestHook {
  readonly mapLoaded: boolean;
  readonly deckRendered: boolean;
  /** `idle`, `opening`, `open` or `error`. */
  status(): string;
  /** The session's range (epoch ms), once open. */
  range(): { startMs: number; endMs: number } | null;
  /** Replayed instant of the last frame or clock state from the gateway (epoch ms). */
  atMs(): number | null;
  /** Instant the map draws now (between frames the clock runs on at the chosen speed). */
  drawnAtMs(): number | null;
  playing(): boolean;
  /** The clock reached the end of the period. */
  ended(): boolean;
  speed(): number;
  /** Seq of the last frame applied; true while a snapshot is awaited after a seek. */
  frameSeq(): number | null;
  awaitingSnapshot(): boolean;
  /** Incident markers of the timeline. */
  markers(): { incidentId: string; atMs: number; change: string }[];
  /** Entities in the replayed picture; ids of the first `limit` assets; position of one. */
  entityCount(): number;
  assetIds(limit: number): string[];
  entityPosition(id: string): { lon: number; lat: number } | null;
  /** Incidents shown (not closed) at the replayed instant, with the time they were opened. */
  incidents(): { incidentId: string; openedAtMs: number; status: string }[];
  /**
   * Replayed instant of the first frame that showed incident `id` since the last seek (null: not shown yet),
   * so a test can check an incident appears at the right time even when frames go by fast.
   */
  incidentFirstSeenAtMs(id: string): number | null;
  /** Objects drawn by a replay layer: `replay-trails`, `replay-assets`, `replay-sensors`, `replay-alerts`, `replay-incidents`. */
  layerDataLength(layerId: string): number;
}

declare global {
  interface Window {
    __vigieReplay?: VigieReplayTestHook;
  }
}

export function installReplayTestHook(win: Window, hook: VigieReplayTestHook): () => void {
  Object.defineProperty(win, '__vigieReplay', {
    value: hook,
    configurable: true,
    enumerable: false,
    writable: false,
  });
  return () => {
    if (win.__vigieReplay === hook) delete win.__vigieReplay;
  };
}
