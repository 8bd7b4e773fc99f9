/**
 * Enrich stage of a position fix: motion from the asset's previous fix, region and H3 cell of the
 * point. Returns the history row to write and, unless the fix is late, the asset's new live state.
 */
import type { TPositionEventV1 } from '@vigie/contracts/positions';
import type { PositionFix } from '@vigie/db/positions-repository';
import { h3CellOf } from '@vigie/domain/h3-cell';
import type { RegionIndex } from '@vigie/domain/region-index';
import { regionOf } from '@vigie/domain/region-of';
import { advanceTrack } from '@vigie/domain/track-fix';
import type { AssetLive } from './entity-cache';

export interface GeoContext {
  readonly regionIndex: RegionIndex;
  readonly h3Resolution: number;
}

export interface EnrichedPosition {
  fix: PositionFix;
  /** The asset's state after this fix, or null when the fix is late (history only). */
  asset: AssetLive | null;
}

export function enrichPosition(
  event: TPositionEventV1,
  previous: AssetLive | undefined,
  context: GeoContext,
): EnrichedPosition {
  const p = event.payload;
  const at = Date.parse(event.occurredAt);
  const { lon, lat } = p.position;
  const step = advanceTrack(previous?.last, {
    lon,
    lat,
    at,
    speed: p.speed ?? null,
    heading: p.heading ?? null,
  });
  const fix: PositionFix = {
    envelopeId: event.id,
    assetId: p.assetId,
    time: new Date(at),
    lon,
    lat,
    speed: step.motion.speed,
    heading: step.motion.heading,
    accuracy: p.accuracy ?? null,
    altitude: p.altitude ?? null,
    source: event.source,
    kind: p.assetKind,
    name: previous?.name ?? p.assetId,
  };
  if (!step.current) return { fix, asset: null };
  const asset: AssetLive = {
    id: p.assetId,
    kind: p.assetKind,
    name: previous?.name ?? p.assetId,
    status: p.status ?? previous?.status,
    last: step.last,
    cell: h3CellOf(lon, lat, context.h3Resolution),
    eventId: event.id,
    receivedAt: event.receivedAt,
  };
  if (p.altitude !== undefined) asset.altitude = p.altitude;
  if (p.accuracy !== undefined) asset.accuracy = p.accuracy;
  const battery = p.battery ?? previous?.battery;
  if (battery !== undefined) asset.battery = battery;
  if (p.alarm !== undefined) asset.alarm = p.alarm;
  const region = regionOf(context.regionIndex, lon, lat);
  if (region !== undefined) asset.region = region;
  return { fix, asset };
}
