// `window.__vigieSearch`: read-only facts about the search page's map for browser tests (the map loaded, the
// visible area it publishes, the results it draws), so they wait on the page's own state rather than timers.
import type { TBbox } from '@vigie/contracts/primitives';

export interface VigieSearchTestHook {
  readonly mapLoaded: boolean;
  /** The visible map area last published to the search form. */
  viewport(): TBbox | null;
  /** Results drawn on the map (those with a position), and their ids. */
  drawnHitIds(): string[];
  selectedId(): string | null;
  /** The area the search and exports use now, and the box drawn (if any). */
  area(): { area: string; box: TBbox | null };
  /** The box of the last search sent (undefined: anywhere), null before any search. */
  lastSearchBbox(): TBbox | undefined | null;
  /** Page coordinates of a place on the map (for drawing a box with the mouse), null when out of view. */
  screenPoint(lon: number, lat: number): { x: number; y: number } | null;
}

declare global {
  interface Window {
    __vigieSearch?: VigieSearchTestHook;
  }
}

export function installSearchTestHook(win: Window, hook: VigieSearchTestHook): () => void {
  Object.defineProperty(win, '__vigieSearch', {
    value: hook,
    configurable: true,
    enumerable: false,
    writable: false,
  });
  return () => {
    if (win.__vigieSearch === hook) delete win.__vigieSearch;
  };
}
