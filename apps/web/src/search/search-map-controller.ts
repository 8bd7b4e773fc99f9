// The search page's map: results and the area box drawn with deck.gl over MapLibre. Publishes the visible
// map when it settles (the "visible map area" of the search), and draws a box by dragging while drawing is on.
import { MapboxOverlay } from '@deck.gl/mapbox';
import type { PickingInfo } from '@deck.gl/core';
import * as maplibregl from 'maplibre-gl';
import { EMPTY_SHAPES, chooseBasemapStyle, shapesFromTopology } from '../map/basemap-style';
import type { BasemapShapes } from '../map/basemap-style';
import { bboxFromBounds } from '../map/bbox';
import { SEARCH_LAYER_IDS, buildSearchLayers, placedHits } from './search-layers';
import type { PlacedHit } from './search-layers';
import {
  boxDrawn,
  boxFromCorners,
  hitSelected,
  searchStore,
  updateSearch,
  viewportChanged,
} from './search-state';
import type { SearchState } from './search-state';
import type { TBbox } from '@vigie/contracts/primitives';
import { installSearchTestHook } from './search-test-hook';

export interface SearchMapOptions {
  readonly container: HTMLElement;
  readonly styleUrl: string | null;
  readonly countriesUrl: string;
  readonly maplibreWorkerUrl: string;
}

export interface SearchMap {
  destroy(): void;
}

async function loadShapes(url: string): Promise<BasemapShapes> {
  try {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return shapesFromTopology(await response.json());
  } catch (error) {
    console.warn('vigie: country shapes unavailable, the basemap shows the ocean only', error);
    return EMPTY_SHAPES;
  }
}

export async function createSearchMap(options: SearchMapOptions): Promise<SearchMap> {
  const { container } = options;
  const win = container.ownerDocument.defaultView!;
  maplibregl.setWorkerUrl(options.maplibreWorkerUrl);
  const shapes = options.styleUrl === null ? await loadShapes(options.countriesUrl) : EMPTY_SHAPES;
  const map = new maplibregl.Map({
    container,
    style: chooseBasemapStyle(options.styleUrl, shapes),
    center: [10, 15],
    zoom: Math.max(0, Math.log2(Math.max(1, container.clientWidth) / 512)),
    maxZoom: 18,
    attributionControl: options.styleUrl === null ? false : { compact: true },
  });
  map.addControl(new maplibregl.NavigationControl({ visualizePitch: true }), 'bottom-right');

  let destroyed = false;
  let rafId: number | null = null;
  let hits: PlacedHit[] = [];
  let hitsOf: SearchState['hits'] | null = null;
  let dragStart: [number, number] | null = null;
  let dragBox: TBbox | null = null;

  const overlay = new MapboxOverlay({
    interleaved: false,
    layers: [],
    onClick: (info: PickingInfo) => {
      if (info.layer?.id === SEARCH_LAYER_IDS.hits && info.index >= 0) {
        updateSearch(hitSelected, hits[info.index]?.id ?? null);
      }
    },
  });
  map.addControl(overlay);

  const render = () => {
    rafId = null;
    if (destroyed) return;
    const state = searchStore.getState();
    if (state.hits !== hitsOf) {
      hitsOf = state.hits;
      hits = placedHits(state.hits);
    }
    const box = dragBox ?? (state.area === 'box' ? state.box : null);
    overlay.setProps({ layers: buildSearchLayers({ hits, selectedId: state.selectedId, box }) });
  };
  const schedule = () => {
    if (rafId === null && !destroyed) rafId = win.requestAnimationFrame(render);
  };

  // Fly to a result chosen in the list.
  const unsubscribe = searchStore.subscribe((state, previous) => {
    if (state.drawing !== previous.drawing) {
      if (state.drawing) map.dragPan.disable();
      else map.dragPan.enable();
      map.getCanvas().style.cursor = state.drawing ? 'crosshair' : '';
    }
    if (state.selectedId !== null && state.selectedId !== previous.selectedId) {
      const chosen = state.hits.find((h) => h.id === state.selectedId);
      if (chosen?.position !== undefined) map.easeTo({ center: [chosen.position.lon, chosen.position.lat] });
    }
    schedule();
  });

  map.on('mousedown', (event) => {
    if (!searchStore.getState().drawing) return;
    dragStart = [event.lngLat.lng, event.lngLat.lat];
    dragBox = null;
  });
  map.on('mousemove', (event) => {
    if (dragStart === null) return;
    dragBox = boxFromCorners(dragStart, [event.lngLat.lng, event.lngLat.lat]);
    schedule();
  });
  map.on('mouseup', (event) => {
    if (dragStart === null) return;
    const box = boxFromCorners(dragStart, [event.lngLat.lng, event.lngLat.lat]);
    dragStart = null;
    dragBox = null;
    updateSearch(boxDrawn, box);
  });

  const publishViewport = () => {
    const b = map.getBounds();
    const bbox = bboxFromBounds({
      west: b.getWest(),
      south: b.getSouth(),
      east: b.getEast(),
      north: b.getNorth(),
    });
    updateSearch(viewportChanged, bbox);
  };
  map.on('moveend', publishViewport);
  let mapLoaded = false;
  map.on('load', () => {
    mapLoaded = true;
    publishViewport();
    schedule();
  });
  const uninstallHook = installSearchTestHook(win, {
    get mapLoaded() {
      return mapLoaded;
    },
    viewport: () => searchStore.getState().viewport,
    drawnHitIds: () => placedHits(searchStore.getState().hits).map((h) => h.id),
    selectedId: () => searchStore.getState().selectedId,
    area: () => ({ area: searchStore.getState().area, box: searchStore.getState().box }),
    lastSearchBbox: () => {
      const last = searchStore.getState().lastInput;
      return last === null ? null : last.bbox;
    },
    screenPoint: (lon, lat) => {
      const point = map.project([lon, lat]);
      const rect = container.getBoundingClientRect();
      if (point.x < 0 || point.y < 0 || point.x > rect.width || point.y > rect.height) return null;
      return { x: rect.left + point.x, y: rect.top + point.y };
    },
  });

  return {
    destroy() {
      destroyed = true;
      if (rafId !== null) win.cancelAnimationFrame(rafId);
      unsubscribe();
      uninstallHook();
      map.remove();
    },
  };
}
