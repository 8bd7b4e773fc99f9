// `window.__vigie`: read-only facts about the live map for browser tests, so they wait on the map's and
// deck.gl's own events and assert on data rather than pixels or timers. See README ("Test hook").
//
// Events on `window`: `vigie:map-load` once MapLibre fired `load`; `vigie:deck-render` once deck.gl finished
// its first render after that. The same facts are flags: `__vigie.mapLoaded`, `__vigie.deckRendered`.

export interface ScreenPoint {
  /** Page (client) coordinates, ready for a mouse click. */
  readonly x: number;
  readonly y: number;
}

export interface VigieTestHook {
  readonly mapLoaded: boolean;
  readonly deckRendered: boolean;
  /** Seq of the last live snapshot or delta applied; null before the first snapshot. */
  readonly lastSeq: number | null;
  /** Live entities in the store (drawn or not). */
  entityCount(): number;
  /** What the connection indicator shows, and the socket facts behind it. */
  connection(): {
    status: 'live' | 'reconnecting' | 'offline';
    socketConnected: boolean;
    attempts: number;
    pageOnline: boolean;
  };
  /**
   * Main-thread cost of the last live frame handed to deck.gl (`pageFrameMs`); the time the live core (a
   * worker) spent decoding and applying the socket messages behind it (`coreApplyMs`); deck.gl's own
   * metrics of the last second (CPU time per frame, time spent updating attributes).
   */
  timings(): {
    coreApplyMs: number;
    pageFrameMs: number;
    deckCpuMsPerFrame: number;
    deckUpdateAttributesMs: number;
  };
  /** Objects drawn by a deck.gl layer: `assets`, `sensors`, `report-density`, `selected-track`. */
  layerDataLength(layerId: string): number;
  /** Ids of the first `limit` assets drawn this frame. */
  assetIds(limit: number): string[];
  /** Current position of a drawn entity. */
  entityPosition(id: string): { lon: number; lat: number } | null;
  /** Name of the selected entity (its full state is watched), once its first frame arrived; else null. */
  entityName(id: string): string | null;
  /** Where an entity is on screen now, or null when it is not in view. */
  screenPosition(id: string): ScreenPoint | null;
  /** An asset drawn inside the visible map now, with its screen position (nearest the map's centre). */
  visibleAsset(): ({ id: string } & ScreenPoint) | null;
  /** What deck.gl picks at page coordinates. */
  pickAt(x: number, y: number): { id: string; layerId: string } | null;
  /** Selects an entity as a click would; returns its screen position. */
  select(id: string | null): ScreenPoint | null;
  selectedId(): string | null;
}

declare global {
  interface Window {
    __vigie?: VigieTestHook;
  }
}

export const MAP_LOAD_EVENT = 'vigie:map-load';
export const DECK_RENDER_EVENT = 'vigie:deck-render';

export function installTestHook(win: Window, hook: VigieTestHook): () => void {
  Object.defineProperty(win, '__vigie', {
    value: hook,
    configurable: true,
    enumerable: false,
    writable: false,
  });
  return () => {
    if (win.__vigie === hook) delete win.__vigie;
  };
}
