// The search form, its results and the export links, as named pure operations and pure builders: the
// search input for `search.query`, the area (anywhere, the visible map, or a drawn box) and the export
// addresses for the same time range and area.
import { EXPORT_MAX_RANGE_HOURS } from '@vigie/contracts/export-api';
import type { TExportFormat } from '@vigie/contracts/export-api';
import type { TBbox } from '@vigie/contracts/primitives';
import type { TSearchHit, TSearchKind, TSearchQueryInput, TSearchResult } from '@vigie/contracts/search-api';
import { createStore } from 'zustand/vanilla';

export type SearchArea = 'anywhere' | 'viewport' | 'box';

export interface SearchState {
  readonly q: string;
  readonly fromMs: number | null;
  readonly toMs: number | null;
  readonly kinds: readonly TSearchKind[];
  readonly area: SearchArea;
  /** The box drawn on the map. */
  readonly box: TBbox | null;
  /** The visible map, once it settled. */
  readonly viewport: TBbox | null;
  /** Drawing a box on the map right now. */
  readonly drawing: boolean;
  readonly hits: readonly TSearchHit[];
  readonly nextOffset: number | null;
  /** The input the hits answer (for "more results"). */
  readonly lastInput: TSearchQueryInput | null;
  readonly selectedId: string | null;
}

export const initialSearchState: SearchState = {
  q: '',
  fromMs: null,
  toMs: null,
  kinds: ['report', 'alert'],
  area: 'viewport',
  box: null,
  viewport: null,
  drawing: false,
  hits: [],
  nextOffset: null,
  lastInput: null,
  selectedId: null,
};

export function formChanged(
  state: SearchState,
  change: Partial<Pick<SearchState, 'q' | 'fromMs' | 'toMs' | 'area'>>,
): SearchState {
  return { ...state, ...change };
}

export function kindToggled(state: SearchState, kind: TSearchKind): SearchState {
  const has = state.kinds.includes(kind);
  // At least one kind stays chosen.
  if (has && state.kinds.length === 1) return state;
  return { ...state, kinds: has ? state.kinds.filter((k) => k !== kind) : [...state.kinds, kind] };
}

export function viewportChanged(state: SearchState, viewport: TBbox): SearchState {
  const old = state.viewport;
  if (old !== null && old.every((v, i) => v === viewport[i])) return state;
  return { ...state, viewport };
}

export function drawingStarted(state: SearchState): SearchState {
  return state.drawing ? state : { ...state, drawing: true };
}

/** The box from two corners in any order, inside the world, to the micro-degree. */
export function boxFromCorners(a: readonly [number, number], b: readonly [number, number]): TBbox {
  const round6 = (v: number) => Math.round(v * 1e6) / 1e6;
  const clampLon = (v: number) => round6(Math.min(180, Math.max(-180, v)));
  const clampLat = (v: number) => round6(Math.min(90, Math.max(-90, v)));
  return [
    clampLon(Math.min(a[0], b[0])),
    clampLat(Math.min(a[1], b[1])),
    clampLon(Math.max(a[0], b[0])),
    clampLat(Math.max(a[1], b[1])),
  ];
}

/** A finished drawing sets the box and makes it the area; a box with no size is ignored. */
export function boxDrawn(state: SearchState, box: TBbox | null): SearchState {
  if (box === null || box[0] === box[2] || box[1] === box[3]) return { ...state, drawing: false };
  return { ...state, drawing: false, box, area: 'box' };
}

export function boxCleared(state: SearchState): SearchState {
  return { ...state, box: null, drawing: false, area: state.area === 'box' ? 'viewport' : state.area };
}

/** The box the search and the exports are limited to, if any. */
export function areaBbox(state: Pick<SearchState, 'area' | 'box' | 'viewport'>): TBbox | undefined {
  if (state.area === 'box') return state.box ?? undefined;
  if (state.area === 'viewport') return state.viewport ?? undefined;
  return undefined;
}

export type SearchInputResult =
  | { readonly ok: true; readonly input: TSearchQueryInput }
  | { readonly ok: false; readonly error: 'query' | 'range' };

/** The `search.query` input of the form, or why there is none. */
export function searchInput(state: SearchState, limit = 50): SearchInputResult {
  const q = state.q.trim();
  if (q === '') return { ok: false, error: 'query' };
  if (state.fromMs !== null && state.toMs !== null && state.fromMs > state.toMs)
    return { ok: false, error: 'range' };
  const bbox = areaBbox(state);
  return {
    ok: true,
    input: {
      q,
      ...(state.fromMs === null ? {} : { from: new Date(state.fromMs).toISOString() }),
      ...(state.toMs === null ? {} : { to: new Date(state.toMs).toISOString() }),
      ...(bbox === undefined ? {} : { bbox }),
      kinds: [...state.kinds],
      limit,
      offset: 0,
    },
  };
}

/** Results of `input`: a first page replaces the list, a next page (offset > 0) extends it. */
export function resultsReceived(
  state: SearchState,
  { input, result }: { input: TSearchQueryInput; result: TSearchResult },
): SearchState {
  const append = (input.offset ?? 0) > 0;
  const hits = append
    ? [
        ...state.hits,
        ...result.hits.filter((h) => !state.hits.some((o) => o.kind === h.kind && o.id === h.id)),
      ]
    : result.hits;
  return {
    ...state,
    hits,
    nextOffset: result.nextOffset ?? null,
    lastInput: input,
    selectedId: append ? state.selectedId : null,
  };
}

/** The input of the next page, if there is one. */
export function nextPageInput(state: SearchState): TSearchQueryInput | null {
  if (state.lastInput === null || state.nextOffset === null) return null;
  return { ...state.lastInput, offset: state.nextOffset };
}

export function hitSelected(state: SearchState, id: string | null): SearchState {
  return state.selectedId === id ? state : { ...state, selectedId: id };
}

const EXPORT_PATHS: Readonly<Record<TExportFormat, string>> = {
  geojson: '/api/v1/exports/features.geojson',
  csv: '/api/v1/exports/features.csv',
  gpx: '/api/v1/exports/tracks.gpx',
  kml: '/api/v1/exports/tracks.kml',
};

/**
 * The address of an export of the form's time range and area, or null when the range is missing, reversed
 * or longer than an export may cover.
 */
export function exportHref(
  state: Pick<SearchState, 'fromMs' | 'toMs' | 'area' | 'box' | 'viewport'>,
  format: TExportFormat,
): string | null {
  const { fromMs, toMs } = state;
  if (fromMs === null || toMs === null || fromMs >= toMs) return null;
  if (toMs - fromMs > EXPORT_MAX_RANGE_HOURS * 3_600_000) return null;
  const params = new URLSearchParams({
    from: new Date(fromMs).toISOString(),
    to: new Date(toMs).toISOString(),
  });
  const bbox = areaBbox(state);
  if (bbox !== undefined) params.set('bbox', bbox.map((v) => String(Math.round(v * 1e6) / 1e6)).join(','));
  return `${EXPORT_PATHS[format]}?${params.toString()}`;
}

export const searchStore = createStore<SearchState>(() => initialSearchState);

export function updateSearch<P>(
  operation: (state: SearchState, payload: P) => SearchState,
  payload: P,
): void {
  const state = searchStore.getState();
  const next = operation(state, payload);
  if (next !== state) searchStore.setState(next, true);
}
