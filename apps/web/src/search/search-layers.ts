// The deck.gl layers of the search page: the results with a position, the selected one on top, and the
// area box (drawn, or being drawn). Pure builders.
import type { Color, Layer } from '@deck.gl/core';
import { PathLayer, ScatterplotLayer } from '@deck.gl/layers';
import type { TBbox } from '@vigie/contracts/primitives';
import type { TSearchHit } from '@vigie/contracts/search-api';

export const SEARCH_LAYER_IDS = { hits: 'search-hits', box: 'search-box' } as const;

const REPORT_COLOR: Color = [63, 167, 255, 230];
const ALERT_COLOR: Color = [255, 110, 64, 230];
const BOX_COLOR: Color = [245, 176, 65, 255];

export type PlacedHit = TSearchHit & { readonly position: { lon: number; lat: number } };

export function placedHits(hits: readonly TSearchHit[]): PlacedHit[] {
  return hits.filter((h): h is PlacedHit => h.position !== undefined);
}

/** The closed outline of a box, west-south first. */
export function boxOutline([w, s, e, n]: TBbox): [number, number][] {
  return [
    [w, s],
    [e, s],
    [e, n],
    [w, n],
    [w, s],
  ];
}

export function buildSearchLayers(input: {
  hits: readonly PlacedHit[];
  selectedId: string | null;
  box: TBbox | null;
}): Layer[] {
  return [
    new PathLayer<[number, number][]>({
      id: SEARCH_LAYER_IDS.box,
      data: input.box === null ? [] : [boxOutline(input.box)],
      getPath: (d) => d,
      getColor: BOX_COLOR,
      getWidth: 2,
      widthUnits: 'pixels',
    }),
    new ScatterplotLayer<PlacedHit>({
      id: SEARCH_LAYER_IDS.hits,
      data: input.hits as PlacedHit[],
      getPosition: (d) => [d.position.lon, d.position.lat],
      getFillColor: (d) => (d.kind === 'alert' ? ALERT_COLOR : REPORT_COLOR),
      getRadius: (d) => (d.id === input.selectedId ? 11 : 7),
      getLineColor: (d) => (d.id === input.selectedId ? [255, 255, 255, 255] : [10, 16, 26, 220]),
      getLineWidth: (d) => (d.id === input.selectedId ? 3 : 1),
      updateTriggers: {
        getRadius: input.selectedId,
        getLineColor: input.selectedId,
        getLineWidth: input.selectedId,
      },
      radiusUnits: 'pixels',
      lineWidthUnits: 'pixels',
      stroked: true,
      pickable: true,
    }),
  ];
}
