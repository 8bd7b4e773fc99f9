/**
 * A client's interest: the part of the live picture it receives. A box (edges included; `west > east`
 * crosses the antimeridian) and the layers that live entities belong to (`assets` for vehicles,
 * teams, boats…, `sensors` for sensors). Other layers are not carried by live entities.
 */
import type { TLiveEntityV1 } from '@vigie/contracts/live-entities';
import type { TMapLayer } from '@vigie/contracts/socket-catalog';
import type { TBbox } from '@vigie/contracts/primitives';

export type EntityLayer = 'assets' | 'sensors';

export interface Interest {
  readonly bbox: TBbox;
  readonly assets: boolean;
  readonly sensors: boolean;
  /** Equal keys mean equal interests (clients with equal interests can share one encoded delta). */
  readonly key: string;
}

export function layerOf(entity: Pick<TLiveEntityV1, 'entityKind'>): EntityLayer {
  return entity.entityKind === 'sensor' ? 'sensors' : 'assets';
}

export function makeInterest(bbox: TBbox, layers: readonly TMapLayer[] | ReadonlySet<TMapLayer>): Interest {
  const set = new Set(layers);
  const assets = set.has('assets');
  const sensors = set.has('sensors');
  return { bbox, assets, sensors, key: `${bbox.join(',')}|${assets ? 'a' : ''}${sensors ? 's' : ''}` };
}

/** An interest that matches nothing. */
export const NO_INTEREST: Interest = makeInterest([0, 0, 0, 0], []);

export function wantsLayer(interest: Interest, layer: EntityLayer): boolean {
  return layer === 'assets' ? interest.assets : interest.sensors;
}

/** Whether a point of `layer` lies in the interest (NaN coordinates: never). */
export function interestContains(interest: Interest, layer: EntityLayer, lon: number, lat: number): boolean {
  if (!wantsLayer(interest, layer)) return false;
  const [west, south, east, north] = interest.bbox;
  if (!(lat >= south && lat <= north)) return false;
  return west <= east ? lon >= west && lon <= east : lon >= west || lon <= east;
}
