import { cellToLatLng, latLngToCell } from 'h3-js';

/** H3 resolution used for observation cells and report density (≈ 5 km² hexagons). */
export const DEFAULT_H3_RESOLUTION = 7;

export function h3CellOf(lon: number, lat: number, resolution = DEFAULT_H3_RESOLUTION): string {
  return latLngToCell(lat, lon, resolution);
}

export function h3CellCenter(cell: string): { lon: number; lat: number } {
  const [lat, lon] = cellToLatLng(cell);
  return { lon, lat };
}
