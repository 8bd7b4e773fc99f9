import type { TSearchHit } from '@vigie/contracts/search-api';
import { describe, expect, it } from 'vitest';
import { SEARCH_LAYER_IDS, boxOutline, buildSearchLayers, placedHits } from './search-layers';

const hit = (id: string, placed: boolean): TSearchHit => ({
  kind: 'report',
  id,
  title: id,
  snippet: id,
  highlights: [],
  rank: 1,
  at: '2026-03-01T06:00:00Z',
  ...(placed ? { position: { lon: 1, lat: 2 } } : {}),
});

describe('search layers', () => {
  it('draws the results that have a place, and the box as a closed outline', () => {
    const hits = placedHits([hit('a', true), hit('b', false)]);
    expect(hits.map((h) => h.id)).toEqual(['a']);
    const layers = buildSearchLayers({ hits, selectedId: 'a', box: [0, 0, 2, 1] });
    expect(layers.map((l) => l.id)).toEqual([SEARCH_LAYER_IDS.box, SEARCH_LAYER_IDS.hits]);
    expect((layers[0]!.props as { data: unknown[] }).data).toEqual([boxOutline([0, 0, 2, 1])]);
    expect(boxOutline([0, 0, 2, 1])[0]).toEqual(boxOutline([0, 0, 2, 1])[4]);
    expect((layers[1]!.props as { data: unknown[] }).data).toBe(hits);
    expect(buildSearchLayers({ hits, selectedId: null, box: null })[0]!.props.data).toEqual([]);
  });
});
