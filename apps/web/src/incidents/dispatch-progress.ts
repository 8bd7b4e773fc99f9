// How far each dispatched vehicle is from its incident: the latest ETA and distance the live incident events
// carried (tracking updates), laid over what `incidents.detail` or `field.assignments` last said.
import type { TIncidentDispatch } from '@vigie/contracts/incident-api';
import type { TLiveIncidentV1 } from '@vigie/contracts/live-incidents';
import type { TLonLat } from '@vigie/contracts/primitives';

export interface DispatchProgress {
  readonly status: 'assigned' | 'en_route' | 'on_scene';
  readonly eta?: string | undefined;
  readonly distanceM?: number | undefined;
  readonly arrivedAt?: string | undefined;
  /** When the incident event carrying it happened. */
  readonly at: string;
}

/** incident id → asset id → the latest progress. */
export type DispatchProgressState = ReadonlyMap<string, ReadonlyMap<string, DispatchProgress>>;

export const initialDispatchProgress: DispatchProgressState = new Map();

/** A live incident event: keeps its dispatch's progress when it is newer than what is known. */
export function dispatchProgressed(
  state: DispatchProgressState,
  incident: TLiveIncidentV1,
): DispatchProgressState {
  const d = incident.dispatch;
  if (d === undefined) return state;
  const byAsset = state.get(incident.incidentId);
  const known = byAsset?.get(d.assetId);
  if (known !== undefined && Date.parse(known.at) > Date.parse(incident.at)) return state;
  const nextAssets = new Map(byAsset ?? []);
  nextAssets.set(d.assetId, {
    status: d.status,
    eta: d.eta,
    distanceM: d.distanceM,
    arrivedAt: d.arrivedAt,
    at: incident.at,
  });
  const next = new Map(state);
  next.set(incident.incidentId, nextAssets);
  return next;
}

export interface DispatchEta {
  /** Minutes left (at least 1) while on the way; undefined when unknown or arrived. */
  readonly minutes?: number;
  /** Kilometres left, one decimal; undefined when unknown or arrived. */
  readonly km?: number;
  readonly arrivedAt?: string;
}

const EARTH_RADIUS_M = 6_371_008.8;

/** Great-circle distance in metres. */
export function distanceMetres(a: TLonLat, b: TLonLat): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * What to show for one dispatch: the live progress when it is at least as recent as the stored dispatch,
 * else the stored ETA with the distance from the vehicle's last position (or `from`) to the incident.
 */
export function dispatchEta(
  dispatch: Pick<TIncidentDispatch, 'status' | 'eta' | 'arrivedAt' | 'updatedAt' | 'asset'>,
  live: DispatchProgress | undefined,
  nowMs: number,
  place?: { incident?: TLonLat | undefined; from?: TLonLat | undefined },
): DispatchEta {
  const fresh =
    live !== undefined && Date.parse(live.at) >= Date.parse(dispatch.updatedAt) ? live : undefined;
  const arrivedAt = fresh?.arrivedAt ?? dispatch.arrivedAt;
  const status = fresh?.status ?? dispatch.status;
  if (arrivedAt !== undefined || status === 'on_scene') return arrivedAt === undefined ? {} : { arrivedAt };
  if (status !== 'en_route' && status !== 'assigned') return {};
  const eta = fresh?.eta ?? dispatch.eta;
  const from = place?.from ?? dispatch.asset?.position;
  const metres =
    fresh?.distanceM ??
    (from !== undefined && place?.incident !== undefined ? distanceMetres(from, place.incident) : undefined);
  return {
    ...(eta === undefined ? {} : { minutes: Math.max(1, Math.round((Date.parse(eta) - nowMs) / 60_000)) }),
    ...(metres === undefined ? {} : { km: Math.round(metres / 100) / 10 }),
  };
}
