// The deck.gl layers of one frame, from the live columns and the map UI state. Layers are cheap descriptors:
// a new set is made every frame and deck.gl diffs them; only a new `data` object makes it upload attributes,
// and the live columns arrive as typed arrays, so no accessor runs per entity.
import type { Color, Layer, PickingInfo } from '@deck.gl/core';
import { H3HexagonLayer } from '@deck.gl/geo-layers';
import { IconLayer, PathLayer, ScatterplotLayer } from '@deck.gl/layers';
import type { AssetColumnsFrame, PointColumnsFrame } from '../live/live-entities';
import type { PageFrame } from '../live/live-view';
import { ASSET_KINDS, SELECTION_COLOR, TRACK_COLOR, densityColor } from './entity-style';
import { iconMapping } from './icon-atlas';
import type { DensityCell, MapUiState, TrackLine } from './map-ui';
import { buildMediaLayers, mediaLayerStore } from './media-layer';
import type { MediaLayerState } from './media-layer';

export const LAYER_IDS = {
  density: 'report-density',
  track: 'selected-track',
  sensors: 'sensors',
  assets: 'assets',
  selection: 'selection',
} as const;

export interface DeckFrameInput {
  readonly live: { readonly assets: AssetColumnsFrame; readonly sensors: PointColumnsFrame };
  readonly ui: MapUiState;
  /** PNG data URL of the icon atlas. */
  readonly iconAtlas: string;
  /** Position of the selected entity this frame, if it is in view. */
  readonly selectedPosition: readonly [number, number] | null;
  /** Images and videos of the viewport (default: the media store, filled by `useMediaFeed`). */
  readonly media?: MediaLayerState;
}

const ICON_MAPPING = iconMapping();

/** Builds the layer list, bottom to top: density, sensors, assets, then the selection's track and ring on top. */
export function buildDeckLayers({ live, ui, iconAtlas, selectedPosition, media }: DeckFrameInput): Layer[] {
  const { assets, sensors } = live;
  const layers: Layer[] = [];

  layers.push(
    new H3HexagonLayer<DensityCell>({
      id: LAYER_IDS.density,
      data: ui.density as DensityCell[],
      visible: ui.layers.reports,
      getHexagon: (d) => d.cell,
      getFillColor: (d) => densityColor(d.count) as Color,
      extruded: false,
      stroked: false,
      opacity: 0.55,
      pickable: false,
    }),
  );

  // Media footprints and thumbnails above the density, under the live entities (none while there is no media).
  const mediaState = media ?? mediaLayerStore.getState();
  if (mediaState.items.length > 0) layers.push(...buildMediaLayers(mediaState));

  layers.push(
    new ScatterplotLayer({
      id: LAYER_IDS.sensors,
      data: {
        length: sensors.length,
        attributes: {
          getPosition: { value: sensors.positions, size: 2 },
          getFillColor: { value: sensors.colors, size: 4, normalized: true },
        },
      },
      visible: ui.layers.sensors,
      radiusUnits: 'pixels',
      getRadius: 5,
      radiusMinPixels: 3,
      stroked: true,
      getLineColor: [10, 16, 26, 220],
      lineWidthUnits: 'pixels',
      getLineWidth: 1,
      pickable: true,
      autoHighlight: true,
      highlightColor: [255, 255, 255, 90],
    }),
  );

  const kinds = assets.kinds;
  layers.push(
    new IconLayer({
      id: LAYER_IDS.assets,
      data: {
        length: assets.length,
        attributes: {
          getPosition: { value: assets.positions, size: 2 },
          getColor: { value: assets.colors, size: 4, normalized: true },
          getAngle: { value: assets.angles, size: 1 },
        },
      },
      visible: ui.layers.assets,
      iconAtlas,
      iconMapping: ICON_MAPPING,
      // The kind is the only per-entity value that is not a typed-array attribute; this runs only when the
      // data object changes, once per frame with changes.
      getIcon: (_: unknown, { index }: { index: number }) => ASSET_KINDS[kinds[index] ?? 0]!,
      getSize: 22,
      sizeUnits: 'pixels',
      sizeMinPixels: 10,
      // Flat on the map: the angle stays relative to north when the map is rotated or pitched.
      billboard: false,
      pickable: true,
      autoHighlight: true,
      highlightColor: [255, 255, 255, 90],
    }),
  );

  layers.push(
    new PathLayer<TrackLine>({
      id: LAYER_IDS.track,
      data: ui.track === null ? [] : [ui.track],
      visible: ui.layers.track,
      getPath: (d) => d.path as [number, number][],
      getColor: TRACK_COLOR as Color,
      getWidth: 4,
      widthUnits: 'pixels',
      capRounded: true,
      jointRounded: true,
    }),
  );

  layers.push(
    new ScatterplotLayer<readonly [number, number]>({
      id: LAYER_IDS.selection,
      data: selectedPosition === null ? [] : [selectedPosition],
      getPosition: (d) => d as [number, number],
      radiusUnits: 'pixels',
      getRadius: 16,
      filled: false,
      stroked: true,
      getLineColor: SELECTION_COLOR as Color,
      lineWidthUnits: 'pixels',
      getLineWidth: 2,
      pickable: false,
    }),
  );

  return layers;
}

/** The entity id under a deck.gl pick, from the frame the pick was made on. */
export function pickedEntityId(info: Pick<PickingInfo, 'layer' | 'index'>, live: PageFrame): string | null {
  if (info.layer === null || info.layer === undefined || info.index < 0) return null;
  if (info.layer.id === LAYER_IDS.assets) return live.assets.ids.at(info.index) ?? null;
  if (info.layer.id === LAYER_IDS.sensors) return live.sensors.ids.at(info.index) ?? null;
  return null;
}

/** The number of objects a layer draws this frame (for the test hook). */
export function layerDataLength(
  layerId: string,
  live: { readonly assets: { length: number }; readonly sensors: { length: number } },
  ui: MapUiState,
): number {
  switch (layerId) {
    case LAYER_IDS.assets:
      return live.assets.length;
    case LAYER_IDS.sensors:
      return live.sensors.length;
    case LAYER_IDS.density:
      return ui.density.length;
    case LAYER_IDS.track:
      return ui.track?.path.length ?? 0;
    default:
      return 0;
  }
}
