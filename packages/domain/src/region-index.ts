/**
 * Country lookup by point-in-polygon against the shipped 1:110m country shapes, with a 1° grid index
 * so a lookup tests only the few countries whose bounding box covers the point's cell.
 */
import { readFileSync } from 'node:fs';
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { pointInPolygon, type Ring } from './geo';

export interface Region {
  /** ISO 3166-1 alpha-3 code, e.g. "HTI". */
  code: string;
  name: string;
  /** True when the point lies outside every shape but within `coastalToleranceKm` of this one (1:110m coasts are coarse). */
  approximate?: boolean;
}

interface IndexedRegion extends Region {
  polygons: Ring[][];
}

export interface RegionIndex {
  /** The country containing the point, else the nearest one within the coastal tolerance, else null. */
  lookup(lon: number, lat: number): Region | null;
  readonly size: number;
}

const CELL_DEG = 1;

function cellKey(x: number, y: number): number {
  return (y + 90) * 361 + (x + 180);
}

/** Distance in km from a point to a segment, on an equirectangular projection around the point. */
function pointSegmentKm(lon: number, lat: number, a: readonly number[], b: readonly number[]): number {
  const kx = 111.32 * Math.cos((lat * Math.PI) / 180);
  const ky = 110.57;
  const ax = (a[0]! - lon) * kx,
    ay = (a[1]! - lat) * ky;
  const bx = (b[0]! - lon) * kx,
    by = (b[1]! - lat) * ky;
  const dx = bx - ax,
    dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2));
  return Math.hypot(ax + t * dx, ay + t * dy);
}

export function buildRegionIndex(
  topology: Topology,
  objectName = 'countries',
  { coastalToleranceKm = 40 }: { coastalToleranceKm?: number } = {},
): RegionIndex {
  const object = topology.objects[objectName] as
    GeometryCollection<{ name?: string; a3?: string }> | undefined;
  if (!object) throw new Error(`topology has no object "${objectName}"`);
  const collection = feature(topology, object);
  const regions: IndexedRegion[] = [];
  const grid = new Map<number, number[]>();

  for (const f of collection.features as Feature<Polygon | MultiPolygon, { name?: string; a3?: string }>[]) {
    if (!f.geometry) continue;
    const polygons = (
      f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates
    ) as Ring[][];
    const code = f.properties?.a3 ?? String(f.id ?? '');
    const index = regions.push({ code, name: f.properties?.name ?? code, polygons }) - 1;
    for (const polygon of polygons) {
      let w = Infinity,
        s = Infinity,
        e = -Infinity,
        n = -Infinity;
      for (const p of polygon[0] ?? []) {
        w = Math.min(w, p[0]!);
        e = Math.max(e, p[0]!);
        s = Math.min(s, p[1]!);
        n = Math.max(n, p[1]!);
      }
      for (let y = Math.floor(s / CELL_DEG); y <= Math.floor(n / CELL_DEG); y++) {
        for (let x = Math.floor(w / CELL_DEG); x <= Math.floor(e / CELL_DEG); x++) {
          const key = cellKey(x, y);
          const list = grid.get(key) ?? [];
          if (list[list.length - 1] !== index) list.push(index);
          grid.set(key, list);
        }
      }
    }
  }

  function nearestWithinTolerance(lon: number, lat: number): Region | null {
    if (coastalToleranceKm <= 0) return null;
    const reach = Math.ceil(coastalToleranceKm / 100 / CELL_DEG);
    const seen = new Set<number>();
    let best: IndexedRegion | null = null;
    let bestKm = coastalToleranceKm;
    const cx = Math.floor(lon / CELL_DEG),
      cy = Math.floor(lat / CELL_DEG);
    for (let y = cy - reach; y <= cy + reach; y++) {
      for (let x = cx - reach; x <= cx + reach; x++) {
        for (const i of grid.get(cellKey(x, y)) ?? []) {
          if (seen.has(i)) continue;
          seen.add(i);
          const region = regions[i]!;
          for (const rings of region.polygons) {
            const outer = rings[0] ?? [];
            for (let k = 1; k < outer.length; k++) {
              const km = pointSegmentKm(lon, lat, outer[k - 1]!, outer[k]!);
              if (km < bestKm) {
                bestKm = km;
                best = region;
              }
            }
          }
        }
      }
    }
    return best ? { code: best.code, name: best.name, approximate: true } : null;
  }

  return {
    size: regions.length,
    lookup(lon, lat) {
      if (!Number.isFinite(lon) || !Number.isFinite(lat)) return null;
      const candidates = grid.get(cellKey(Math.floor(lon / CELL_DEG), Math.floor(lat / CELL_DEG)));
      for (const i of candidates ?? []) {
        const region = regions[i]!;
        if (region.polygons.some((rings) => pointInPolygon(lon, lat, rings))) {
          return { code: region.code, name: region.name };
        }
      }
      return nearestWithinTolerance(lon, lat);
    },
  };
}

/** The index over the country shapes shipped in `packages/domain/data`. */
export function loadCountryIndex(): RegionIndex {
  const path = new URL('../data/countries-110m.topo.json', import.meta.url);
  return buildRegionIndex(JSON.parse(readFileSync(path, 'utf8')) as Topology);
}
