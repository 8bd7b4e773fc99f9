import { describe, expect, it } from 'vitest';
import type { TLiveEntityV1 } from '@vigie/contracts/live-entities';
import { applySnapshot, initialLiveEntitiesState, liveLayerFrame } from '../live/live-entities';
import { IdColumn } from '../live/live-view';
import type { PageFrame } from '../live/live-view';
import { LAYER_IDS, buildDeckLayers, layerDataLength, pickedEntityId } from './deck-layers';
import { initialMapUiState, toggleLayer } from './map-ui';

const at = '2024-09-14T08:00:00Z';
const entities: TLiveEntityV1[] = [
  {
    entityId: 'truck-1',
    entityKind: 'vehicle',
    position: { lon: 1, lat: 2 },
    heading: 90,
    connectivity: 'online',
    updatedAt: at,
  },
  {
    entityId: 'team-2',
    entityKind: 'team',
    position: { lon: 3, lat: 4 },
    connectivity: 'online',
    updatedAt: at,
  },
  {
    entityId: 'gauge-3',
    entityKind: 'sensor',
    position: { lon: 5, lat: 6 },
    connectivity: 'online',
    updatedAt: at,
  },
];
const core = liveLayerFrame(applySnapshot(initialLiveEntitiesState, { seq: 1, entities }));
const frame: PageFrame = {
  version: core.version,
  layout: core.layout,
  assets: { ...core.assets, ids: IdColumn.of(core.assets.ids) },
  sensors: { ...core.sensors, ids: IdColumn.of(core.sensors.ids) },
};

describe('deck.gl layers of a frame', () => {
  const layers = buildDeckLayers({
    live: frame,
    ui: initialMapUiState,
    iconAtlas: 'data:,',
    selectedPosition: null,
  });

  it('draws density, sensors, assets, then the track and the selection on top', () => {
    expect(layers.map((l) => l.id)).toEqual([
      LAYER_IDS.density,
      LAYER_IDS.sensors,
      LAYER_IDS.assets,
      LAYER_IDS.track,
      LAYER_IDS.selection,
    ]);
  });

  it('hands the live columns to deck.gl as binary attributes', () => {
    const assets = layers.find((l) => l.id === LAYER_IDS.assets)!;
    const data = assets.props.data as { length: number; attributes: Record<string, { value: unknown }> };
    expect(data.length).toBe(2);
    expect(data.attributes.getPosition!.value).toBe(frame.assets.positions);
    expect(data.attributes.getAngle!.value).toBe(frame.assets.angles);
  });

  it('follows the layer toggles', () => {
    const hidden = buildDeckLayers({
      live: frame,
      ui: toggleLayer(initialMapUiState, 'sensors'),
      iconAtlas: 'data:,',
      selectedPosition: null,
    });
    expect(hidden.find((l) => l.id === LAYER_IDS.sensors)!.props.visible).toBe(false);
  });

  it('maps a pick back to the entity id of that frame', () => {
    const assets = layers.find((l) => l.id === LAYER_IDS.assets)!;
    const sensors = layers.find((l) => l.id === LAYER_IDS.sensors)!;
    expect(pickedEntityId({ layer: assets, index: 1 }, frame)).toBe('team-2');
    expect(pickedEntityId({ layer: sensors, index: 0 }, frame)).toBe('gauge-3');
    expect(pickedEntityId({ layer: assets, index: -1 }, frame)).toBeNull();
    expect(pickedEntityId({ layer: null, index: 0 }, frame)).toBeNull();
  });

  it('counts what each layer draws', () => {
    expect(layerDataLength(LAYER_IDS.assets, frame, initialMapUiState)).toBe(2);
    expect(layerDataLength(LAYER_IDS.sensors, frame, initialMapUiState)).toBe(1);
    expect(layerDataLength('nope', frame, initialMapUiState)).toBe(0);
  });
});
