// The basemap. Offline by default: a MapLibre style built in code from the country shapes shipped with Vigie
// (TopoJSON → GeoJSON), with no tiles, glyphs or sprites to fetch. A style URL replaces it when configured.
import type { FeatureCollection, Geometry, MultiLineString } from 'geojson';
import type { StyleSpecification } from 'maplibre-gl';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';

export interface BasemapShapes {
  /** Land polygons (coastlines). */
  readonly land: FeatureCollection<Geometry>;
  /** Country polygons with `name` and `a3`. */
  readonly countries: FeatureCollection<Geometry>;
  /** Borders shared by two countries, as lines (no coastline doubling). */
  readonly borders: FeatureCollection<MultiLineString>;
}

export interface BasemapPalette {
  readonly ocean: string;
  readonly land: string;
  readonly coast: string;
  readonly border: string;
  readonly graticule: string;
}

export const CONTROL_ROOM_PALETTE: BasemapPalette = {
  ocean: '#0b1522',
  land: '#1c2736',
  coast: '#3a4d66',
  border: '#4f6584',
  graticule: '#16243a',
};

export const EMPTY_SHAPES: BasemapShapes = {
  land: { type: 'FeatureCollection', features: [] },
  countries: { type: 'FeatureCollection', features: [] },
  borders: { type: 'FeatureCollection', features: [] },
};

type CountriesTopology = Topology<{ countries: GeometryCollection; land: GeometryCollection }>;

function isCountriesTopology(value: unknown): value is CountriesTopology {
  if (typeof value !== 'object' || value === null) return false;
  const topology = value as { type?: unknown; objects?: Record<string, unknown> };
  return (
    topology.type === 'Topology' &&
    typeof topology.objects === 'object' &&
    topology.objects !== null &&
    'countries' in topology.objects &&
    'land' in topology.objects
  );
}

type Line = number[][];

/**
 * Makes a line or ring continuous across the antimeridian: each longitude is shifted by whole turns to stay
 * within 180° of the previous one. Shapes cut at ±180° (Russia, Fiji) otherwise draw a band across the map;
 * MapLibre draws longitudes beyond ±180° on the neighbouring world copy.
 */
export function unwrapLine(line: Line): Line {
  if (line.length === 0) return line;
  const out: Line = [[...line[0]!]];
  let previous = line[0]![0]!;
  for (let i = 1; i < line.length; i++) {
    const [lon, ...rest] = line[i]!;
    let unwrapped = lon!;
    while (unwrapped - previous > 180) unwrapped -= 360;
    while (unwrapped - previous < -180) unwrapped += 360;
    out.push([unwrapped, ...rest]);
    previous = unwrapped;
  }
  return out;
}

function unwrapGeometry(geometry: Geometry): Geometry {
  switch (geometry.type) {
    case 'Polygon':
      return { ...geometry, coordinates: geometry.coordinates.map(unwrapLine) };
    case 'MultiPolygon':
      return { ...geometry, coordinates: geometry.coordinates.map((polygon) => polygon.map(unwrapLine)) };
    case 'LineString':
      return { ...geometry, coordinates: unwrapLine(geometry.coordinates) };
    case 'MultiLineString':
      return { ...geometry, coordinates: geometry.coordinates.map(unwrapLine) };
    default:
      return geometry;
  }
}

function asCollection(value: ReturnType<typeof feature>): FeatureCollection<Geometry> {
  const collection: FeatureCollection<Geometry> =
    value.type === 'FeatureCollection' ? value : { type: 'FeatureCollection', features: [value] };
  return {
    type: 'FeatureCollection',
    features: collection.features.map((f) => ({ ...f, geometry: unwrapGeometry(f.geometry) })),
  };
}

/** Converts the shipped `countries-110m.topo.json` to the basemap's GeoJSON shapes. */
export function shapesFromTopology(topology: unknown): BasemapShapes {
  if (!isCountriesTopology(topology))
    throw new Error('Not a TopoJSON topology with countries and land objects');
  const borders = mesh(topology, topology.objects.countries, (a, b) => a !== b);
  return {
    land: asCollection(feature(topology, topology.objects.land)),
    countries: asCollection(feature(topology, topology.objects.countries)),
    borders: {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: {},
          geometry: { type: 'MultiLineString', coordinates: borders.coordinates },
        },
      ],
    },
  };
}

/** Meridians and parallels every `step` degrees, as one line feature each. */
export function graticule(step = 30): FeatureCollection<MultiLineString> {
  const lines: [number, number][][] = [];
  for (let lon = -180; lon <= 180; lon += step) {
    const line: [number, number][] = [];
    for (let lat = -80; lat <= 80; lat += 10) line.push([lon, lat]);
    lines.push(line);
  }
  for (let lat = -60; lat <= 60; lat += step) {
    const line: [number, number][] = [];
    for (let lon = -180; lon <= 180; lon += 10) line.push([lon, lat]);
    lines.push(line);
  }
  return {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: {}, geometry: { type: 'MultiLineString', coordinates: lines } },
    ],
  };
}

/** The offline style: ocean background, graticule, land, country borders and coastlines. No symbol layers
 * (they would need glyphs), no remote source. */
export function buildBasemapStyle(
  shapes: BasemapShapes,
  palette: BasemapPalette = CONTROL_ROOM_PALETTE,
): StyleSpecification {
  return {
    version: 8,
    name: 'Vigie offline basemap',
    sources: {
      graticule: { type: 'geojson', data: graticule() },
      land: { type: 'geojson', data: shapes.land },
      countries: { type: 'geojson', data: shapes.countries },
      borders: { type: 'geojson', data: shapes.borders },
    },
    layers: [
      { id: 'ocean', type: 'background', paint: { 'background-color': palette.ocean } },
      {
        id: 'graticule',
        type: 'line',
        source: 'graticule',
        paint: { 'line-color': palette.graticule, 'line-width': 1 },
      },
      {
        id: 'land',
        type: 'fill',
        source: 'land',
        paint: { 'fill-color': palette.land, 'fill-antialias': true },
      },
      {
        id: 'coastline',
        type: 'line',
        source: 'land',
        paint: {
          'line-color': palette.coast,
          'line-width': ['interpolate', ['linear'], ['zoom'], 1, 0.6, 8, 1.5],
        },
      },
      {
        id: 'country-borders',
        type: 'line',
        source: 'borders',
        paint: {
          'line-color': palette.border,
          'line-width': ['interpolate', ['linear'], ['zoom'], 1, 0.4, 8, 1.2],
          'line-dasharray': [3, 2],
        },
      },
    ],
  };
}

/** The style the map starts with: the configured URL, or the offline style from the shipped shapes. */
export function chooseBasemapStyle(
  styleUrl: string | null,
  shapes: BasemapShapes,
): string | StyleSpecification {
  return styleUrl ?? buildBasemapStyle(shapes);
}
