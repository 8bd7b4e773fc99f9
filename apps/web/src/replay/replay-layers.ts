// The deck.gl layers of the replayed picture: trails (TripsLayer, fading behind each moving entity up to the
// replayed instant), sensors, assets with their heading, alerts and incidents as they stood then. Replay
// frames are deltas of at most a few thousand entities, so plain objects with accessors are enough here;
// the data arrays are rebuilt only when the state's version changes (see `replayLayerData`).
import type { Color, Layer } from '@deck.gl/core';
import { TripsLayer } from '@deck.gl/geo-layers';
import { IconLayer, ScatterplotLayer } from '@deck.gl/layers';
import type { TLiveEntityV1 } from '@vigie/contracts/live-entities';
import type { TReplayAlert, TReplayIncident } from '@vigie/contracts/replay-socket-catalog';
import { ASSET_KINDS, angleFromHeading, assetColor, isAssetKind, sensorColor } from '../map/entity-style';
import type { Rgba } from '../map/entity-style';
import { iconMapping } from '../map/icon-atlas';
import { visibleIncidents } from './replay-state';
import type { ReplayState } from './replay-state';
import { drawableTrips, trailTime } from './trails';
import type { Trip } from './trails';

export const REPLAY_LAYER_IDS = {
  trails: 'replay-trails',
  sensors: 'replay-sensors',
  assets: 'replay-assets',
  alerts: 'replay-alerts',
  incidents: 'replay-incidents',
} as const;

export const TRAIL_COLOR: Rgba = [255, 196, 61, 255];
const SEVERITY_COLORS: Readonly<Record<string, Rgba>> = {
  info: [120, 170, 255, 255],
  minor: [120, 200, 140, 255],
  moderate: [245, 176, 65, 255],
  severe: [255, 110, 64, 255],
  extreme: [255, 59, 59, 255],
};
export function severityColor(severity: string): Rgba {
  return SEVERITY_COLORS[severity] ?? SEVERITY_COLORS.moderate!;
}

export interface ReplayLayerData {
  readonly version: number;
  readonly assets: readonly TLiveEntityV1[];
  readonly sensors: readonly TLiveEntityV1[];
  readonly trips: readonly Trip[];
  readonly alerts: readonly TReplayAlert[];
  readonly incidents: readonly TReplayIncident[];
}

/** Arrays for deck.gl from the state; the same object back while the state's version is unchanged. */
export function replayLayerData(state: ReplayState, previous: ReplayLayerData | null): ReplayLayerData {
  if (previous !== null && previous.version === state.version) return previous;
  const assets: TLiveEntityV1[] = [];
  const sensors: TLiveEntityV1[] = [];
  for (const entity of state.entities.values()) {
    if (entity.position === undefined) continue;
    if (entity.entityKind === 'sensor') sensors.push(entity);
    else assets.push(entity);
  }
  return {
    version: state.version,
    assets,
    sensors,
    trips: drawableTrips(state.trails),
    alerts: [...state.alerts.values()].filter((a) => a.position !== undefined && a.status === 'active'),
    incidents: visibleIncidents(state).filter((i) => i.position !== undefined),
  };
}

export interface ReplayLayerInput {
  readonly data: ReplayLayerData;
  /** The replayed instant drawn (epoch ms): the head of every trail. */
  readonly atMs: number;
  /** Origin of the trail timestamps (the session's start). */
  readonly originMs: number;
  /** Trail length in replayed milliseconds. */
  readonly trailMs: number;
  readonly iconAtlas: string;
}

const ICON_MAPPING = iconMapping();

export function buildReplayLayers({ data, atMs, originMs, trailMs, iconAtlas }: ReplayLayerInput): Layer[] {
  const currentTime = trailTime({ originMs }, atMs);
  return [
    new TripsLayer<Trip>({
      id: REPLAY_LAYER_IDS.trails,
      data: data.trips as Trip[],
      getPath: (d) => d.path as [number, number][],
      getTimestamps: (d) => d.timestamps as number[],
      getColor: TRAIL_COLOR as Color,
      widthUnits: 'pixels',
      getWidth: 3,
      capRounded: true,
      jointRounded: true,
      fadeTrail: true,
      trailLength: trailMs / 1000,
      currentTime,
    }),
    new ScatterplotLayer<TLiveEntityV1>({
      id: REPLAY_LAYER_IDS.sensors,
      data: data.sensors as TLiveEntityV1[],
      getPosition: (d) => [d.position!.lon, d.position!.lat],
      getFillColor: (d) => sensorColor(d) as Color,
      radiusUnits: 'pixels',
      getRadius: 5,
      stroked: true,
      getLineColor: [10, 16, 26, 220],
      lineWidthUnits: 'pixels',
      getLineWidth: 1,
    }),
    new IconLayer<TLiveEntityV1>({
      id: REPLAY_LAYER_IDS.assets,
      data: data.assets as TLiveEntityV1[],
      iconAtlas,
      iconMapping: ICON_MAPPING,
      getIcon: (d) => (isAssetKind(d.entityKind) ? d.entityKind : ASSET_KINDS[0]),
      getPosition: (d) => [d.position!.lon, d.position!.lat],
      getColor: (d) => assetColor(d) as Color,
      getAngle: (d) => angleFromHeading(d.heading),
      getSize: 22,
      sizeUnits: 'pixels',
      sizeMinPixels: 10,
      billboard: false,
      pickable: true,
    }),
    new ScatterplotLayer<TReplayAlert>({
      id: REPLAY_LAYER_IDS.alerts,
      data: data.alerts as TReplayAlert[],
      getPosition: (d) => [d.position!.lon, d.position!.lat],
      getFillColor: [0, 0, 0, 0],
      getLineColor: (d) => severityColor(d.severity) as Color,
      filled: false,
      stroked: true,
      radiusUnits: 'pixels',
      getRadius: 14,
      lineWidthUnits: 'pixels',
      getLineWidth: 2,
    }),
    new ScatterplotLayer<TReplayIncident>({
      id: REPLAY_LAYER_IDS.incidents,
      data: data.incidents as TReplayIncident[],
      getPosition: (d) => [d.position!.lon, d.position!.lat],
      getFillColor: (d) => {
        const [r, g, b] = severityColor(d.severity);
        return [r, g, b, 200];
      },
      getLineColor: [255, 255, 255, 255],
      stroked: true,
      radiusUnits: 'pixels',
      getRadius: 10,
      lineWidthUnits: 'pixels',
      getLineWidth: 2,
      pickable: true,
    }),
  ];
}

/** Objects a replay layer draws (for the test hook). */
export function replayLayerLength(layerId: string, data: ReplayLayerData): number {
  switch (layerId) {
    case REPLAY_LAYER_IDS.trails:
      return data.trips.length;
    case REPLAY_LAYER_IDS.sensors:
      return data.sensors.length;
    case REPLAY_LAYER_IDS.assets:
      return data.assets.length;
    case REPLAY_LAYER_IDS.alerts:
      return data.alerts.length;
    case REPLAY_LAYER_IDS.incidents:
      return data.incidents.length;
    default:
      return 0;
  }
}
