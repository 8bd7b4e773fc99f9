import { ZFeaturesExportQuery, ZTracksExportQuery } from '@vigie/contracts/export-api';
import { ZSearchQueryInput } from '@vigie/contracts/search-api';
import type { TSearchHit } from '@vigie/contracts/search-api';
import { describe, expect, it } from 'vitest';
import {
  areaBbox,
  boxCleared,
  boxDrawn,
  boxFromCorners,
  exportHref,
  formChanged,
  hitSelected,
  initialSearchState,
  kindToggled,
  nextPageInput,
  resultsReceived,
  searchInput,
  viewportChanged,
} from './search-state';
import type { SearchState } from './search-state';

const FROM = Date.parse('2026-03-01T00:00:00Z');
const TO = Date.parse('2026-03-01T12:00:00Z');
const hit = (id: string): TSearchHit => ({
  kind: 'report',
  id,
  title: `Report ${id}`,
  snippet: 'water rising near the bridge',
  highlights: [[0, 5]],
  rank: 0.5,
  at: '2026-03-01T06:00:00Z',
  position: { lon: -72.3, lat: 18.5 },
});

function filled(): SearchState {
  let state = formChanged(initialSearchState, { q: '  flood ', fromMs: FROM, toMs: TO });
  state = viewportChanged(state, [-73, 18, -72, 19]);
  return state;
}

describe('search input', () => {
  it('builds an input the contract accepts, with the visible map as the area by default', () => {
    const result = searchInput(filled());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.input).toEqual({
      q: 'flood',
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-03-01T12:00:00.000Z',
      bbox: [-73, 18, -72, 19],
      kinds: ['report', 'alert'],
      limit: 50,
      offset: 0,
    });
    expect(ZSearchQueryInput.safeParse(result.input).success).toBe(true);
  });

  it('says why there is no input: no words, or a reversed range', () => {
    expect(searchInput(formChanged(filled(), { q: '   ' }))).toEqual({ ok: false, error: 'query' });
    expect(searchInput(formChanged(filled(), { fromMs: TO, toMs: FROM }))).toEqual({
      ok: false,
      error: 'range',
    });
  });

  it('searches anywhere, or in the drawn box', () => {
    const anywhere = searchInput(formChanged(filled(), { area: 'anywhere' }));
    expect(anywhere.ok && anywhere.input.bbox).toBeUndefined();
    const drawn = boxDrawn(filled(), boxFromCorners([-72.1, 18.7], [-72.4, 18.4]));
    expect(drawn.area).toBe('box');
    expect(areaBbox(drawn)).toEqual([-72.4, 18.4, -72.1, 18.7]);
    expect(areaBbox(boxCleared(drawn))).toEqual([-73, 18, -72, 19]);
  });

  it('ignores a box with no size and clamps corners to the world', () => {
    expect(boxDrawn(filled(), [1, 1, 1, 2]).area).toBe('viewport');
    expect(boxFromCorners([-200, 95], [10, -100])).toEqual([-180, -90, 10, 90]);
    expect(boxFromCorners([-72.123456789, 18.1], [-72.2, 18.987654321])).toEqual([
      -72.2, 18.1, -72.123457, 18.987654,
    ]);
  });

  it('keeps at least one kind', () => {
    const reports = kindToggled(initialSearchState, 'alert');
    expect(reports.kinds).toEqual(['report']);
    expect(kindToggled(reports, 'report')).toBe(reports);
    expect(kindToggled(reports, 'alert').kinds).toEqual(['report', 'alert']);
  });
});

describe('results', () => {
  it('replaces on a first page, extends on the next without duplicates', () => {
    const first = searchInput(filled());
    if (!first.ok) throw new Error('no input');
    let state = hitSelected(filled(), 'x');
    state = resultsReceived(state, {
      input: first.input,
      result: { hits: [hit('a'), hit('b')], nextOffset: 2 },
    });
    expect(state.hits.map((h) => h.id)).toEqual(['a', 'b']);
    expect(state.selectedId).toBeNull();
    const next = nextPageInput(state)!;
    expect(next.offset).toBe(2);
    state = resultsReceived(state, { input: next, result: { hits: [hit('b'), hit('c')] } });
    expect(state.hits.map((h) => h.id)).toEqual(['a', 'b', 'c']);
    expect(nextPageInput(state)).toBeNull();
  });
});

describe('export links', () => {
  it('cover the range and the area, and parse with the export contracts', () => {
    const state = filled();
    const geojson = exportHref(state, 'geojson')!;
    expect(geojson.startsWith('/api/v1/exports/features.geojson?')).toBe(true);
    const query = Object.fromEntries(new URL(geojson, 'http://x').searchParams);
    expect(query.bbox).toBe('-73,18,-72,19');
    expect(ZFeaturesExportQuery.safeParse(query).success).toBe(true);
    const kml = exportHref(state, 'kml')!;
    expect(kml.startsWith('/api/v1/exports/tracks.kml?')).toBe(true);
    expect(
      ZTracksExportQuery.safeParse(Object.fromEntries(new URL(kml, 'http://x').searchParams)).success,
    ).toBe(true);
    expect(exportHref(state, 'csv')).toContain('/features.csv?');
    expect(exportHref(state, 'gpx')).toContain('/tracks.gpx?');
    expect(exportHref(formChanged(state, { area: 'anywhere' }), 'csv')).not.toContain('bbox');
  });

  it('need a range no longer than an export may cover', () => {
    expect(exportHref(formChanged(filled(), { fromMs: null }), 'csv')).toBeNull();
    expect(exportHref(formChanged(filled(), { toMs: FROM }), 'csv')).toBeNull();
    expect(exportHref(formChanged(filled(), { toMs: FROM + 8 * 24 * 3_600_000 }), 'csv')).toBeNull();
  });
});
