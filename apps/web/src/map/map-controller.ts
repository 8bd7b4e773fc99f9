// The one map: MapLibre for the basemap, deck.gl on top through MapboxOverlay (non-interleaved; deck.gl 9.4's
// interleaved mode fails on maplibre-gl 6). Imperative and outside React: the live store and the map UI store
// mark the frame dirty; one requestAnimationFrame per change hands deck.gl the new layers.
import { MapboxOverlay } from '@deck.gl/mapbox';
import type { PickingInfo } from '@deck.gl/core';
import * as maplibregl from 'maplibre-gl';
import { liveView, viewConnectionStatus } from '../live/live-view';
import type { PageFrame } from '../live/live-view';
import { DECK_RENDER_EVENT, MAP_LOAD_EVENT, installTestHook } from '../test-hook/vigie-test-hook';
import type { ScreenPoint, VigieTestHook } from '../test-hook/vigie-test-hook';
import { EMPTY_SHAPES, chooseBasemapStyle, shapesFromTopology } from './basemap-style';
import type { BasemapShapes } from './basemap-style';
import { bboxFromBounds, subscriptionZoom } from './bbox';
import { LAYER_IDS, buildDeckLayers, layerDataLength, pickedEntityId } from './deck-layers';
import { drawIconAtlas } from './icon-atlas';
import { mapUiStore, selectEntity, updateMapUi, viewportSettled } from './map-ui';
import { mapStatsStore } from './map-stats';
import { incidentOpened } from '../incidents/dispatch-flow';
import { dispatchFlowStore, incidentEvidenceStore, updateDispatchFlow } from '../incidents/incident-ui';
import { situationStore } from '../incidents/situation';
import type { SituationState } from '../incidents/situation';
import {
  alertMarkers,
  buildSituationOverlays,
  buildSituationUnderlays,
  incidentMarkers,
  pickedIncidentId,
  zoneShapes,
} from './situation-layers';
import type { SituationLayersInput } from './situation-layers';

export interface MapControllerOptions {
  readonly container: HTMLElement;
  readonly styleUrl: string | null;
  readonly countriesUrl: string;
  readonly maplibreWorkerUrl: string;
}

export interface MapController {
  destroy(): void;
}

const VIEWPORT_DEBOUNCE_MS = 250;
const STATS_INTERVAL_MS = 500;

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

export async function createMapController(options: MapControllerOptions): Promise<MapController> {
  const { container } = options;
  const win = container.ownerDocument.defaultView!;
  maplibregl.setWorkerUrl(options.maplibreWorkerUrl);
  const shapes = options.styleUrl === null ? await loadShapes(options.countriesUrl) : EMPTY_SHAPES;

  const map = new maplibregl.Map({
    container,
    style: chooseBasemapStyle(options.styleUrl, shapes),
    // The whole world fits the width at first (so the first subscription covers everything), then the map
    // frames the first picture that arrives.
    center: [10, 15],
    zoom: Math.max(0, Math.log2(Math.max(1, container.clientWidth) / 512)),
    minZoom: 0,
    maxZoom: 18,
    attributionControl: options.styleUrl === null ? false : { compact: true },
    renderWorldCopies: true,
  });
  map.addControl(new maplibregl.NavigationControl({ visualizePitch: true }), 'bottom-right');

  const iconAtlas = drawIconAtlas(container.ownerDocument);
  let frame: PageFrame = liveView.getState().frame;
  let lastFrameMs = 0;
  let rafId: number | null = null;
  let destroyed = false;
  let mapLoaded = false;
  let deckRendered = false;
  let fittedOnce = false;

  const selectedPosition = (): [number, number] | null => {
    const id = mapUiStore.getState().selectedId;
    const watched = liveView.getState().watched;
    const position = id !== null && watched?.entityId === id ? watched.position : undefined;
    return position === undefined ? null : [position.lon, position.lat];
  };

  // Position of any drawn entity by id (test hook only): an index per frame layout, built on demand.
  let idIndex: { layout: number; ids: Map<string, [layer: 'assets' | 'sensors', index: number]> } | null =
    null;
  const drawnPosition = (id: string): { lon: number; lat: number } | null => {
    const watched = liveView.getState().watched;
    if (watched?.entityId === id && watched.position !== undefined) return { ...watched.position };
    if (idIndex === null || idIndex.layout !== frame.layout) {
      const ids = new Map<string, ['assets' | 'sensors', number]>();
      frame.assets.ids.all().forEach((entityId, i) => ids.set(entityId, ['assets', i]));
      frame.sensors.ids.all().forEach((entityId, i) => ids.set(entityId, ['sensors', i]));
      idIndex = { layout: frame.layout, ids };
    }
    const found = idIndex.ids.get(id);
    if (found === undefined) return null;
    const positions = frame[found[0]].positions;
    return { lon: positions[found[1] * 2]!, lat: positions[found[1] * 2 + 1]! };
  };

  let deckMetrics: { cpuTimePerFrame: number; updateAttributesTime: number } = {
    cpuTimePerFrame: 0,
    updateAttributesTime: 0,
  };
  // Incidents, alerts and zones: features rebuilt only when the situation or the open incident changed, so
  // deck.gl sees the same arrays otherwise.
  let situationInput: SituationLayersInput | null = null;
  let situationKey: readonly unknown[] = [];
  const currentSituation = (): SituationLayersInput => {
    const situation: SituationState = situationStore.getState();
    const focusedId = dispatchFlowStore.getState().incidentId;
    const evidence = incidentEvidenceStore.getState();
    const layers = mapUiStore.getState().layers;
    const key = [situation.queue.byId, situation.alerts, situation.zones, focusedId, evidence, layers];
    if (situationInput !== null && key.every((k, i) => k === situationKey[i])) return situationInput;
    const incidents = incidentMarkers(situation.queue.byId.values());
    situationInput = {
      incidents,
      alerts: alertMarkers(situation.alerts.values()),
      zones: zoneShapes(situation.zones.values(), Date.now()),
      evidence: evidence.incidentId === focusedId ? evidence.points : [],
      focusedIncident: incidents.find((m) => m.id === focusedId) ?? null,
      visible: { incidents: layers.incidents, alerts: layers.alerts, zones: layers.zones },
    };
    situationKey = key;
    return situationInput;
  };

  const overlay = new MapboxOverlay({
    interleaved: false,
    layers: [],
    // Once a second: deck.gl's own main-thread costs (attribute updates, CPU time per frame).
    _onMetrics: (metrics) => {
      deckMetrics = {
        cpuTimePerFrame: metrics.cpuTimePerFrame,
        updateAttributesTime: metrics.updateAttributesTime,
      };
    },
    onClick: (info: PickingInfo) => {
      const incidentId = pickedIncidentId(info, currentSituation().incidents);
      if (incidentId !== null) {
        updateDispatchFlow(incidentOpened, incidentId, 'map');
        return;
      }
      const id = pickedEntityId(info, frame);
      if (id !== null) updateMapUi(selectEntity, id);
    },
    onHover: (info: PickingInfo) => {
      const picked = pickedEntityId(info, frame) ?? pickedIncidentId(info, currentSituation().incidents);
      map.getCanvasContainer().style.cursor = picked === null ? '' : 'pointer';
    },
    onAfterRender: () => {
      if (!deckRendered && mapLoaded) {
        deckRendered = true;
        win.dispatchEvent(new Event(DECK_RENDER_EVENT));
      }
    },
  });
  map.addControl(overlay);

  const render = () => {
    rafId = null;
    if (destroyed) return;
    const start = performance.now();
    const next = liveView.getState().frame;
    if (next !== frame) {
      frame = next;
      maybeFitToEntities();
    }
    const situation = currentSituation();
    overlay.setProps({
      layers: [
        ...buildSituationUnderlays(situation),
        ...buildDeckLayers({
          live: frame,
          ui: mapUiStore.getState(),
          iconAtlas,
          selectedPosition: selectedPosition(),
        }),
        ...buildSituationOverlays(situation),
      ],
    });
    lastFrameMs = performance.now() - start;
  };
  const schedule = () => {
    if (rafId === null && !destroyed) rafId = win.requestAnimationFrame(render);
  };

  // When the first picture arrives on the initial world view, frame it.
  const maybeFitToEntities = () => {
    if (fittedOnce || frame.assets.length + frame.sensors.length === 0) return;
    fittedOnce = true;
    let w = 180;
    let s = 90;
    let e = -180;
    let n = -90;
    for (const positions of [frame.assets.positions, frame.sensors.positions]) {
      for (let i = 0; i < positions.length; i += 2) {
        const lon = positions[i]!;
        const lat = positions[i + 1]!;
        if (lon < w) w = lon;
        if (lon > e) e = lon;
        if (lat < s) s = lat;
        if (lat > n) n = lat;
      }
    }
    if (e - w > 300) return;
    map.fitBounds(
      [
        [w, s],
        [e, n],
      ],
      { padding: 60, maxZoom: 12, duration: 0 },
    );
  };

  const unsubscribeLive = liveView.subscribe(schedule);
  const unsubscribeUi = mapUiStore.subscribe(schedule);
  const unsubscribeSituation = situationStore.subscribe(schedule);
  // Opening an incident brings it into view.
  const unsubscribeFlow = dispatchFlowStore.subscribe((flow, previous) => {
    schedule();
    if (flow.incidentId === null || flow.incidentId === previous.incidentId) return;
    const position = situationStore.getState().queue.byId.get(flow.incidentId)?.position;
    if (position !== undefined)
      map.easeTo({ center: [position.lon, position.lat], zoom: Math.max(map.getZoom(), 10), duration: 600 });
  });
  const unsubscribeEvidence = incidentEvidenceStore.subscribe(schedule);

  // The viewport drives the socket subscription and the density query, once the map has settled.
  let viewportTimer: ReturnType<typeof setTimeout> | null = null;
  const publishViewport = () => {
    const b = map.getBounds();
    updateMapUi(viewportSettled, {
      bbox: bboxFromBounds({
        west: b.getWest(),
        south: b.getSouth(),
        east: b.getEast(),
        north: b.getNorth(),
      }),
      zoom: subscriptionZoom(map.getZoom()),
    });
  };
  map.on('moveend', () => {
    if (viewportTimer !== null) clearTimeout(viewportTimer);
    viewportTimer = setTimeout(publishViewport, VIEWPORT_DEBOUNCE_MS);
  });
  map.on('load', () => {
    mapLoaded = true;
    publishViewport();
    win.dispatchEvent(new Event(MAP_LOAD_EVENT));
    schedule();
    map.triggerRepaint();
  });

  // Counts for the header, at a pace React can afford.
  const statsTimer = setInterval(() => {
    mapStatsStore.setState({
      entityCount: liveView.getState().entityCount,
      drawn: frame.assets.length + frame.sensors.length,
    });
  }, STATS_INTERVAL_MS);

  const toPage = (lon: number, lat: number): ScreenPoint | null => {
    const point = map.project([lon, lat]);
    const rect = container.getBoundingClientRect();
    if (point.x < 0 || point.y < 0 || point.x > rect.width || point.y > rect.height) return null;
    return { x: rect.left + point.x, y: rect.top + point.y };
  };

  const hook: VigieTestHook = {
    get mapLoaded() {
      return mapLoaded;
    },
    get deckRendered() {
      return deckRendered;
    },
    get lastSeq() {
      return liveView.getState().seq;
    },
    entityCount: () => liveView.getState().entityCount,
    connection: () => {
      const state = liveView.getState();
      return {
        status: viewConnectionStatus(state),
        socketConnected: state.connection.socketConnected,
        attempts: state.connection.attempts,
        pageOnline: state.pageOnline,
      };
    },
    timings: () => ({
      coreApplyMs: liveView.getState().coreApplyMs,
      pageFrameMs: lastFrameMs,
      deckCpuMsPerFrame: deckMetrics.cpuTimePerFrame,
      deckUpdateAttributesMs: deckMetrics.updateAttributesTime,
    }),
    layerDataLength: (layerId) => layerDataLength(layerId, frame, mapUiStore.getState()),
    assetIds: (limit) => frame.assets.ids.all().slice(0, Math.max(0, limit)),
    entityPosition: drawnPosition,
    entityName: (id) => {
      const watched = liveView.getState().watched;
      return watched?.entityId === id ? (watched.name ?? null) : null;
    },
    screenPosition: (id) => {
      const position = drawnPosition(id);
      return position === null ? null : toPage(position.lon, position.lat);
    },
    visibleAsset: () => {
      const rect = container.getBoundingClientRect();
      const cx = rect.left + rect.width / 2;
      const cy = rect.top + rect.height / 2;
      let best: ({ id: string } & ScreenPoint) | null = null;
      let bestDistance = Infinity;
      const { positions } = frame.assets;
      const ids = frame.assets.ids.all();
      for (let i = 0; i < ids.length; i++) {
        const point = toPage(positions[i * 2]!, positions[i * 2 + 1]!);
        if (point === null) continue;
        const distance = (point.x - cx) ** 2 + (point.y - cy) ** 2;
        if (distance < bestDistance) {
          bestDistance = distance;
          best = { id: ids[i]!, ...point };
        }
      }
      return best;
    },
    pickAt: (x, y) => {
      const rect = container.getBoundingClientRect();
      const info = overlay.pickObject({ x: x - rect.left, y: y - rect.top, radius: 6 });
      if (info === null) return null;
      const id = pickedEntityId(info, frame);
      return id === null ? null : { id, layerId: info.layer?.id ?? '' };
    },
    select: (id) => {
      updateMapUi(selectEntity, id);
      return id === null ? null : hook.screenPosition(id);
    },
    selectedId: () => mapUiStore.getState().selectedId,
  };
  const uninstallHook = installTestHook(win, hook);

  return {
    destroy() {
      destroyed = true;
      if (rafId !== null) win.cancelAnimationFrame(rafId);
      if (viewportTimer !== null) clearTimeout(viewportTimer);
      clearInterval(statsTimer);
      unsubscribeLive();
      unsubscribeUi();
      unsubscribeSituation();
      unsubscribeFlow();
      unsubscribeEvidence();
      uninstallHook();
      // Removing the map removes its controls; the overlay finalizes its deck.gl instance there.
      map.remove();
    },
  };
}

export { LAYER_IDS };
