// The replay map: its own MapLibre map and deck.gl overlay, fed by the replay store only (never the live
// store). While playing, one animation frame after another draws the trails up to the clock's instant, so
// they move smoothly between the gateway's frames; while paused, it draws only when the state changes.
import { MapboxOverlay } from '@deck.gl/mapbox';
import * as maplibregl from 'maplibre-gl';
import { EMPTY_SHAPES, chooseBasemapStyle, shapesFromTopology } from '../map/basemap-style';
import type { BasemapShapes } from '../map/basemap-style';
import { drawIconAtlas } from '../map/icon-atlas';
import { DEFAULT_TRAIL_WINDOW_MS } from './trails';
import { followReplayClock } from './follow-replay-clock';
import { clockTime } from './replay-clock';
import type { ReplayClock } from './replay-clock';
import { buildReplayLayers, replayLayerData, replayLayerLength } from './replay-layers';
import type { ReplayLayerData } from './replay-layers';
import type { ReplayState, ReplayStore } from './replay-state';
import { visibleIncidents } from './replay-state';
import { installReplayTestHook } from './replay-test-hook';
import type { VigieReplayTestHook } from './replay-test-hook';

export interface ReplayMapOptions {
  readonly container: HTMLElement;
  readonly store: ReplayStore;
  readonly styleUrl: string | null;
  readonly countriesUrl: string;
  readonly maplibreWorkerUrl: string;
  /** Called with the map's bounds when it settles ([west, south, east, north]), for the search and exports. */
  readonly onViewport?: (bbox: [number, number, number, number]) => void;
}

export interface ReplayMap {
  /** The instant drawn now (epoch ms). */
  drawnAtMs(): number | null;
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

export async function createReplayMap(options: ReplayMapOptions): Promise<ReplayMap> {
  const { container, store } = options;
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

  const iconAtlas = drawIconAtlas(container.ownerDocument);
  let mapLoaded = false;
  let deckRendered = false;
  let destroyed = false;
  let rafId: number | null = null;
  let data: ReplayLayerData | null = null;
  let clock: ReplayClock | null = null;
  let drawnAtMs: number | null = null;
  let fitted = false;

  const overlay = new MapboxOverlay({
    interleaved: false,
    layers: [],
    onAfterRender: () => {
      if (mapLoaded) deckRendered = true;
    },
  });
  map.addControl(overlay);

  const fitOnce = (state: ReplayState) => {
    if (fitted || state.entities.size === 0) return;
    let w = 180;
    let s = 90;
    let e = -180;
    let n = -90;
    for (const entity of state.entities.values()) {
      if (entity.position === undefined) continue;
      w = Math.min(w, entity.position.lon);
      e = Math.max(e, entity.position.lon);
      s = Math.min(s, entity.position.lat);
      n = Math.max(n, entity.position.lat);
    }
    if (w > e || e - w > 300) return;
    fitted = true;
    map.fitBounds(
      [
        [w, s],
        [e, n],
      ],
      { padding: 60, maxZoom: 12, duration: 0 },
    );
  };

  const render = () => {
    rafId = null;
    if (destroyed) return;
    const state = store.getState();
    data = replayLayerData(state, data);
    drawnAtMs = clock === null ? state.atMs : clockTime(clock, performance.now());
    if (state.range !== null && drawnAtMs !== null) {
      overlay.setProps({
        layers: buildReplayLayers({
          data,
          atMs: drawnAtMs,
          originMs: state.range.startMs,
          trailMs: DEFAULT_TRAIL_WINDOW_MS,
          iconAtlas,
        }),
      });
    } else {
      overlay.setProps({ layers: [] });
    }
    if (clock?.playing === true) schedule();
  };
  const schedule = () => {
    if (rafId === null && !destroyed) rafId = win.requestAnimationFrame(render);
  };

  // When each incident first showed up since the last seek (test hook).
  const firstSeen = new Map<string, number>();
  const unsubscribe = store.subscribe((state, previous) => {
    clock = followReplayClock(clock, state, previous, performance.now());
    if (state.awaitingSnapshot && !previous.awaitingSnapshot) firstSeen.clear();
    if (state.incidents !== previous.incidents && state.atMs !== null) {
      for (const id of state.incidents.keys()) if (!firstSeen.has(id)) firstSeen.set(id, state.atMs);
    }
    if (state.version !== previous.version) fitOnce(state);
    schedule();
  });
  clock = followReplayClock(null, store.getState(), store.getState(), performance.now());

  const publishViewport = () => {
    const b = map.getBounds();
    options.onViewport?.([
      Math.max(-180, b.getWest()),
      Math.max(-90, b.getSouth()),
      Math.min(180, b.getEast()),
      Math.min(90, b.getNorth()),
    ]);
  };
  map.on('moveend', publishViewport);
  map.on('load', () => {
    mapLoaded = true;
    publishViewport();
    fitOnce(store.getState());
    schedule();
    map.triggerRepaint();
  });

  const hook: VigieReplayTestHook = {
    get mapLoaded() {
      return mapLoaded;
    },
    get deckRendered() {
      return deckRendered;
    },
    status: () => store.getState().status,
    range: () => store.getState().range,
    atMs: () => store.getState().atMs,
    drawnAtMs: () => drawnAtMs,
    playing: () => store.getState().playing,
    ended: () => store.getState().ended,
    speed: () => store.getState().speed,
    frameSeq: () => store.getState().frameSeq,
    awaitingSnapshot: () => store.getState().awaitingSnapshot,
    markers: () =>
      store.getState().markers.map((m) => ({ incidentId: m.incidentId, atMs: m.atMs, change: m.change })),
    entityCount: () => store.getState().entities.size,
    assetIds: (limit) =>
      [...store.getState().entities.values()]
        .filter((e) => e.entityKind !== 'sensor' && e.position !== undefined)
        .slice(0, Math.max(0, limit))
        .map((e) => e.entityId),
    entityPosition: (id) => {
      const position = store.getState().entities.get(id)?.position;
      return position === undefined ? null : { lon: position.lon, lat: position.lat };
    },
    incidents: () =>
      visibleIncidents(store.getState()).map((i) => ({
        incidentId: i.incidentId,
        openedAtMs: Date.parse(i.openedAt),
        status: i.status,
      })),
    incidentFirstSeenAtMs: (id) => firstSeen.get(id) ?? null,
    layerDataLength: (layerId) => (data === null ? 0 : replayLayerLength(layerId, data)),
  };
  const uninstallHook = installReplayTestHook(win, hook);

  return {
    drawnAtMs: () => drawnAtMs,
    destroy() {
      destroyed = true;
      if (rafId !== null) win.cancelAnimationFrame(rafId);
      unsubscribe();
      uninstallHook();
      map.remove();
    },
  };
}
