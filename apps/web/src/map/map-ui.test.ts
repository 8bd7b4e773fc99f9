import { describe, expect, it } from 'vitest';
import {
  densityLoaded,
  initialMapUiState,
  selectEntity,
  setControlsCollapsed,
  subscriptionLayers,
  toggleLayer,
  trackLoaded,
  viewportSettled,
} from './map-ui';

describe('map UI operations', () => {
  it('toggles layers and derives the socket subscription from them', () => {
    expect(subscriptionLayers(initialMapUiState)).toEqual([
      'assets',
      'sensors',
      'incidents',
      'alerts',
      'zones',
    ]);
    const noSensors = toggleLayer(initialMapUiState, 'sensors');
    expect(noSensors.layers.sensors).toBe(false);
    expect(subscriptionLayers(noSensors)).toEqual(['assets', 'incidents', 'alerts', 'zones']);
    const noZones = toggleLayer(toggleLayer(noSensors, 'assets'), 'zones');
    expect(subscriptionLayers(noZones)).toEqual(['incidents', 'alerts']);
    // Hidden on the map, incidents and alerts still feed the queue and the toasts.
    expect(subscriptionLayers(toggleLayer(toggleLayer(noZones, 'incidents'), 'alerts'))).toEqual([
      'incidents',
      'alerts',
    ]);
    expect(toggleLayer(noSensors, 'sensors').layers.sensors).toBe(true);
  });

  it('selects an entity and drops the previous track', () => {
    const a = trackLoaded(selectEntity(initialMapUiState, 'a'), { entityId: 'a', path: [[1, 2]] });
    expect(a.track?.entityId).toBe('a');
    const b = selectEntity(a, 'b');
    expect(b.selectedId).toBe('b');
    expect(b.track).toBeNull();
    expect(selectEntity(b, 'b')).toBe(b);
  });

  it('ignores a track that arrives after the selection changed', () => {
    const s = selectEntity(initialMapUiState, 'b');
    expect(trackLoaded(s, { entityId: 'a', path: [] })).toBe(s);
  });

  it('keeps the same state when nothing changes', () => {
    const v = viewportSettled(initialMapUiState, { bbox: [0, 0, 1, 1], zoom: 3 });
    expect(viewportSettled(v, { bbox: [0, 0, 1, 1], zoom: 3 })).toBe(v);
    expect(viewportSettled(v, { bbox: [0, 0, 2, 1], zoom: 3 })).not.toBe(v);
    expect(setControlsCollapsed(v, false)).toBe(v);
    expect(setControlsCollapsed(v, true).controlsCollapsed).toBe(true);
  });

  it('stores density cells', () => {
    expect(densityLoaded(initialMapUiState, [{ cell: '88a4e3a4a5fffff', count: 3 }]).density).toHaveLength(1);
  });
});
