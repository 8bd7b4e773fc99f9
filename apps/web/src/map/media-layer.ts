// Images and videos on the map: their ground footprints as outlines, and a thumbnail (or a dot for media
// without one) at the camera position or the footprint's centre. The media of the settled viewport are
// fetched with `media.list` (last 24 h, refreshed every 30 s) into a small store outside React; the mappers
// and the store operation are pure.
import type { Color, Layer } from '@deck.gl/core';
import { IconLayer, PolygonLayer, ScatterplotLayer } from '@deck.gl/layers';
import { useQuery } from '@tanstack/react-query';
import type { TMediaItem } from '@vigie/contracts/media-api';
import { useEffect } from 'react';
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import { useTRPC } from '../api/trpc';
import { mapUiStore } from './map-ui';

export const MEDIA_LAYER_IDS = {
  footprints: 'media-footprints',
  thumbnails: 'media-thumbnails',
  dots: 'media-dots',
} as const;

const THUMBNAIL_PX = 44;
const FOOTPRINT_LINE: Color = [125, 211, 252, 230];
const FOOTPRINT_FILL: Color = [125, 211, 252, 30];
const VIDEO_DOT: Color = [192, 132, 252, 240];

export interface MediaMarker {
  readonly id: string;
  readonly position: readonly [number, number];
  readonly kind: 'image' | 'video';
  /** Gateway path of the thumbnail, when there is one. */
  readonly thumbnailUrl: string | null;
  readonly caption: string | null;
}

export interface MediaFootprint {
  readonly id: string;
  /** Outer rings of the footprint's polygons. */
  readonly rings: readonly (readonly (readonly [number, number])[])[];
}

export interface MediaLayerState {
  readonly items: readonly TMediaItem[];
}

export const mediaLayerStore = createStore<MediaLayerState>()(() => ({ items: [] }));

/** Store operation: the media of the current viewport arrived. */
export function mediaLoaded(state: MediaLayerState, items: readonly TMediaItem[]): MediaLayerState {
  return { ...state, items };
}

function ringCentre(ring: readonly (readonly number[])[]): readonly [number, number] | null {
  // The closing point repeats the first: leave it out of the average.
  const points = ring.length > 1 ? ring.slice(0, -1) : ring;
  if (points.length === 0) return null;
  let lon = 0;
  let lat = 0;
  for (const point of points) {
    lon += point[0] ?? 0;
    lat += point[1] ?? 0;
  }
  return [lon / points.length, lat / points.length];
}

function outerRings(footprint: TMediaItem['footprint']): (readonly (readonly [number, number])[])[] {
  if (footprint === undefined) return [];
  const polygons = footprint.type === 'Polygon' ? [footprint.coordinates] : footprint.coordinates;
  return polygons
    .map((polygon) => (polygon[0] ?? []).map((p) => [p[0], p[1]] as const))
    .filter((ring) => ring.length >= 4);
}

/** Where each media is drawn: the camera position, else the centre of its footprint's first polygon. */
export function mediaMarkers(items: readonly TMediaItem[]): MediaMarker[] {
  const markers: MediaMarker[] = [];
  for (const item of items) {
    const position =
      item.position !== undefined
        ? ([item.position.lon, item.position.lat] as const)
        : ringCentre(outerRings(item.footprint)[0] ?? []);
    if (position === null) continue;
    markers.push({
      id: item.mediaId,
      position,
      kind: item.kind,
      thumbnailUrl: item.thumbnailUrl ?? null,
      caption: item.caption ?? null,
    });
  }
  return markers;
}

export function mediaFootprints(items: readonly TMediaItem[]): MediaFootprint[] {
  return items
    .map((item) => ({ id: item.mediaId, rings: outerRings(item.footprint) }))
    .filter((f) => f.rings.length > 0);
}

/** The media layers, drawn above the zones and under the live entities. */
export function buildMediaLayers(state: MediaLayerState, visible = true): Layer[] {
  const markers = mediaMarkers(state.items);
  const withThumbnail = markers.filter((m) => m.thumbnailUrl !== null);
  const without = markers.filter((m) => m.thumbnailUrl === null);
  return [
    new PolygonLayer<{ id: string; ring: readonly (readonly [number, number])[] }>({
      id: MEDIA_LAYER_IDS.footprints,
      data: mediaFootprints(state.items).flatMap((f) => f.rings.map((ring) => ({ id: f.id, ring }))),
      visible,
      getPolygon: (d) => d.ring as [number, number][],
      getFillColor: FOOTPRINT_FILL,
      getLineColor: FOOTPRINT_LINE,
      lineWidthUnits: 'pixels',
      getLineWidth: 1.5,
      stroked: true,
      filled: true,
      pickable: false,
    }),
    new IconLayer<MediaMarker>({
      id: MEDIA_LAYER_IDS.thumbnails,
      data: withThumbnail,
      visible,
      // Auto-packed icons: deck.gl loads each thumbnail (same origin, with the session cookie).
      getIcon: (d) => ({ url: d.thumbnailUrl!, id: d.id, width: THUMBNAIL_PX, height: THUMBNAIL_PX }),
      getPosition: (d) => d.position as [number, number],
      getSize: THUMBNAIL_PX,
      sizeUnits: 'pixels',
      pickable: true,
    }),
    new ScatterplotLayer<MediaMarker>({
      id: MEDIA_LAYER_IDS.dots,
      data: without,
      visible,
      getPosition: (d) => d.position as [number, number],
      getFillColor: VIDEO_DOT,
      radiusUnits: 'pixels',
      getRadius: 6,
      stroked: true,
      getLineColor: [10, 16, 26, 220],
      lineWidthUnits: 'pixels',
      getLineWidth: 1,
      pickable: true,
    }),
  ];
}

const REFRESH_MS = 30_000;
const WINDOW_MS = 24 * 60 * 60 * 1000;

/** Keeps `mediaLayerStore` filled with the media of the settled viewport; mounted once with the map. */
export function useMediaFeed(): void {
  const trpc = useTRPC();
  const viewport = useStore(mapUiStore, (s) => s.viewport);
  const query = useQuery({
    ...trpc.media.list.queryOptions(
      {
        ...(viewport === null ? {} : { bbox: [...viewport.bbox] as [number, number, number, number] }),
        from: new Date(Math.floor((Date.now() - WINDOW_MS) / 60_000) * 60_000).toISOString(),
        limit: 300,
      },
      { enabled: viewport !== null, refetchInterval: REFRESH_MS, placeholderData: (previous) => previous },
    ),
  });
  useEffect(() => {
    if (query.data === undefined) return;
    mediaLayerStore.setState((state) => mediaLoaded(state, query.data.items));
    // The map redraws when its UI store changes: a new (equal) state asks for one frame with the media.
    mapUiStore.setState((state) => ({ ...state }));
  }, [query.data]);
}
