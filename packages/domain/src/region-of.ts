/**
 * The administrative place of a point as the contracts carry it (`TRegion`): the country from the
 * shipped country index. A code that is not ISO 3166-1 alpha-3 is left out rather than published.
 */
import type { TRegion } from '@vigie/contracts/primitives';
import type { RegionIndex } from './region-index';

const COUNTRY_CODE = /^[A-Z]{3}$/;

/** Keeps a single printable line of at most `max` characters. */
function cleanLine(text: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  const line = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  return line.length <= max ? line : line.slice(0, max);
}

/** Region of a point, or undefined when the point is in no country (open sea). */
export function regionOf(index: RegionIndex, lon: number, lat: number): TRegion | undefined {
  const found = index.lookup(lon, lat);
  if (found === null) return undefined;
  const region: TRegion = {};
  if (COUNTRY_CODE.test(found.code)) region.country = found.code;
  const name = cleanLine(found.name, 200);
  if (name !== '') region.name = name;
  return region.country === undefined && region.name === undefined ? undefined : region;
}
