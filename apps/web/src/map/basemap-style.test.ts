import { readFileSync } from 'node:fs';
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { describe, expect, it } from 'vitest';
import {
  EMPTY_SHAPES,
  buildBasemapStyle,
  chooseBasemapStyle,
  graticule,
  shapesFromTopology,
  unwrapLine,
} from './basemap-style';

const topology: unknown = JSON.parse(
  readFileSync(new URL('../../../../packages/domain/data/countries-110m.topo.json', import.meta.url), 'utf8'),
);

describe('shapesFromTopology', () => {
  const shapes = shapesFromTopology(topology);

  it('gives the countries with their names and codes, the land and the shared borders', () => {
    expect(shapes.countries.features.length).toBeGreaterThan(170);
    const france = shapes.countries.features.find((f) => f.properties?.a3 === 'FRA');
    expect(france?.properties?.name).toBe('France');
    expect(shapes.land.features.length).toBeGreaterThan(0);
    expect(shapes.borders.features[0]!.geometry.coordinates.length).toBeGreaterThan(100);
  });

  it('never draws a segment across the whole map (shapes cut at the antimeridian are made continuous)', () => {
    const lines: number[][][] = [];
    for (const collection of [shapes.land, shapes.countries, shapes.borders]) {
      for (const f of collection.features) {
        const g = f.geometry;
        if (g.type === 'Polygon') lines.push(...g.coordinates);
        else if (g.type === 'MultiPolygon') for (const p of g.coordinates) lines.push(...p);
        else if (g.type === 'MultiLineString') lines.push(...g.coordinates);
      }
    }
    expect(lines.length).toBeGreaterThan(100);
    for (const line of lines) {
      for (let i = 1; i < line.length; i++) {
        expect(Math.abs(line[i]![0]! - line[i - 1]![0]!)).toBeLessThanOrEqual(180);
        expect(Math.abs(line[i]![1]!)).toBeLessThanOrEqual(90);
      }
    }
  });

  it('unwraps a line crossing the antimeridian', () => {
    expect(
      unwrapLine([
        [179, 0],
        [-179, 1],
        [-178, 2],
      ]),
    ).toEqual([
      [179, 0],
      [181, 1],
      [182, 2],
    ]);
  });

  it('refuses something that is not the shipped topology', () => {
    expect(() => shapesFromTopology({ type: 'FeatureCollection' })).toThrow(/TopoJSON/);
  });
});

describe('buildBasemapStyle', () => {
  const style = buildBasemapStyle(shapesFromTopology(topology));

  it('is a valid MapLibre style', () => {
    expect(validateStyleMin(style)).toEqual([]);
  });

  it('fetches nothing: inline GeoJSON sources only, no glyphs, sprites or symbol layers', () => {
    expect(style.glyphs).toBeUndefined();
    expect(style.sprite).toBeUndefined();
    for (const source of Object.values(style.sources)) {
      expect(source.type).toBe('geojson');
      expect(typeof (source as { data: unknown }).data).toBe('object');
    }
    expect(style.layers.some((l) => l.type === 'symbol')).toBe(false);
    expect(JSON.stringify(style)).not.toMatch(/https?:\/\//);
  });

  it('draws the ocean first, then land, then borders', () => {
    const ids = style.layers.map((l) => l.id);
    expect(ids[0]).toBe('ocean');
    expect(ids.indexOf('land')).toBeLessThan(ids.indexOf('country-borders'));
  });

  it('still works without shapes', () => {
    expect(validateStyleMin(buildBasemapStyle(EMPTY_SHAPES))).toEqual([]);
  });
});

describe('chooseBasemapStyle and graticule', () => {
  it('uses the configured style URL when there is one', () => {
    expect(chooseBasemapStyle('https://tiles.example.org/style.json', EMPTY_SHAPES)).toBe(
      'https://tiles.example.org/style.json',
    );
    expect(typeof chooseBasemapStyle(null, EMPTY_SHAPES)).toBe('object');
  });

  it('draws meridians and parallels', () => {
    expect(graticule(30).features[0]!.geometry.coordinates.length).toBe(13 + 5);
  });
});
