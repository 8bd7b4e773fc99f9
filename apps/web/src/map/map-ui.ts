// What the operator chose on the map — layers shown, selected entity, controls folded, settled viewport — and
// the non-live data drawn with it (report density, the selection's track), as named pure operations on a
// vanilla store shared by the map and the panels.
import type { TBbox } from '@vigie/contracts/primitives';
import type { TMapLayer } from '@vigie/contracts/socket-catalog';
import { createStore } from 'zustand/vanilla';

export const TOGGLEABLE_LAYERS = [
  'incidents',
  'alerts',
  'zones',
  'assets',
  'sensors',
  'reports',
  'track',
] as const;
export type ToggleableLayer = (typeof TOGGLEABLE_LAYERS)[number];

export interface Viewport {
  readonly bbox: TBbox;
  readonly zoom: number;
}

export interface DensityCell {
  readonly cell: string;
  readonly count: number;
}

export interface TrackLine {
  readonly entityId: string;
  /** [lon, lat] in time order. */
  readonly path: readonly (readonly [number, number])[];
}

export interface MapUiState {
  readonly layers: Readonly<Record<ToggleableLayer, boolean>>;
  readonly selectedId: string | null;
  readonly controlsCollapsed: boolean;
  readonly viewport: Viewport | null;
  readonly density: readonly DensityCell[];
  readonly track: TrackLine | null;
}

export const initialMapUiState: MapUiState = {
  layers: {
    incidents: true,
    alerts: true,
    zones: true,
    assets: true,
    sensors: true,
    reports: true,
    track: true,
  },
  selectedId: null,
  controlsCollapsed: false,
  viewport: null,
  density: [],
  track: null,
};

export function toggleLayer(state: MapUiState, layer: ToggleableLayer): MapUiState {
  return { ...state, layers: { ...state.layers, [layer]: !state.layers[layer] } };
}

export function selectEntity(state: MapUiState, id: string | null): MapUiState {
  if (state.selectedId === id) return state;
  // The previous selection's track no longer applies.
  return { ...state, selectedId: id, track: state.track?.entityId === id ? state.track : null };
}

export function setControlsCollapsed(state: MapUiState, collapsed: boolean): MapUiState {
  return state.controlsCollapsed === collapsed ? state : { ...state, controlsCollapsed: collapsed };
}

export function viewportSettled(state: MapUiState, viewport: Viewport): MapUiState {
  const old = state.viewport;
  if (old !== null && old.zoom === viewport.zoom && old.bbox.every((v, i) => v === viewport.bbox[i]))
    return state;
  return { ...state, viewport };
}

export function densityLoaded(state: MapUiState, cells: readonly DensityCell[]): MapUiState {
  return { ...state, density: cells };
}

/** Keeps a track only if it belongs to the entity still selected (answers can arrive late). */
export function trackLoaded(state: MapUiState, track: TrackLine): MapUiState {
  return track.entityId === state.selectedId ? { ...state, track } : state;
}

/** Layers of the live socket subscription for the current toggles (density and tracks come from queries). */
export function subscriptionLayers(state: MapUiState): TMapLayer[] {
  const layers: TMapLayer[] = [];
  if (state.layers.assets) layers.push('assets');
  if (state.layers.sensors) layers.push('sensors');
  // Incidents and alerts also feed the queue and the toasts: they stay subscribed when hidden on the map.
  layers.push('incidents', 'alerts');
  if (state.layers.zones) layers.push('zones');
  return layers;
}

export const mapUiStore = createStore<MapUiState>()(() => initialMapUiState);

/** Applies a named operation to the app's map UI store. */
export function updateMapUi<P extends unknown[]>(
  operation: (state: MapUiState, ...payload: P) => MapUiState,
  ...payload: P
): void {
  mapUiStore.setState((s) => operation(s, ...payload), true);
}
