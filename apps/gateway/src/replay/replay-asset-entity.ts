/**
 * The live entity of an asset at a replayed instant, built without a schema parse per entity: a seek
 * maps every asset of the fleet, and the values come from the history (numbers of known ranges). Any
 * value outside what the contract allows falls back to `entityFromAsset`, which parses (and drops what
 * cannot be valid), so both give the same result for the same row.
 */
import { ZAssetStatus } from '@vigie/contracts/assets';
import type { TLiveEntityV1 } from '@vigie/contracts/live-entities';
import { ZEntityKind } from '@vigie/contracts/live-entities';
import { ID_PATTERN } from '@vigie/contracts/primitives';
import type { AssetDto } from '@vigie/db/asset-dto';
import { entityFromAsset } from '../live/entity-from-state';

const KINDS: ReadonlySet<string> = new Set(ZEntityKind.options.filter((k) => k !== 'sensor'));
const STATUSES: ReadonlySet<string> = new Set(ZAssetStatus.options);

/** A single line of at most `max` characters without control characters or lone surrogates. */
function plainLine(text: string, max: number): boolean {
  if (text.length > max) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
}

const within = (v: number | null, min: number, max: number) => v === null || (v >= min && v <= max);

export function replayEntityFromAsset(asset: AssetDto, now: number): TLiveEntityV1 | null {
  const position = asset.position;
  const altitude = asset.attrs.altitude;
  const fast =
    position !== null &&
    asset.id.length <= 128 &&
    ID_PATTERN.test(asset.id) &&
    KINDS.has(asset.kind) &&
    STATUSES.has(asset.status) &&
    plainLine(asset.name, 200) &&
    Object.keys(asset.attrs).every((k) => k === 'altitude') &&
    (altitude === undefined || (typeof altitude === 'number' && altitude >= -1_000 && altitude <= 50_000)) &&
    position.lon >= -180 &&
    position.lon <= 180 &&
    position.lat >= -90 &&
    position.lat <= 90 &&
    within(asset.speed, 0, 400) &&
    within(asset.heading, 0, 360) &&
    within(asset.accuracy, 0, 100_000);
  if (!fast) return entityFromAsset(asset, now);
  const lastSeen = asset.lastFixAt;
  const age = lastSeen === null ? Infinity : now - lastSeen.getTime();
  const entity: TLiveEntityV1 = {
    entityId: asset.id,
    entityKind: asset.kind as TLiveEntityV1['entityKind'],
    name: asset.name,
    position: { lon: position.lon, lat: position.lat },
    status: asset.status as NonNullable<TLiveEntityV1['status']>,
    connectivity: age <= 5 * 60_000 ? 'online' : age <= 3_600_000 ? 'stale' : 'offline',
    updatedAt: asset.updatedAt.toISOString(),
  };
  if (typeof altitude === 'number') entity.altitude = altitude;
  if (asset.accuracy !== null) entity.accuracy = asset.accuracy;
  if (asset.speed !== null) entity.speed = asset.speed;
  if (asset.heading !== null) entity.heading = asset.heading;
  if (lastSeen !== null) entity.lastSeenAt = lastSeen.toISOString();
  return entity;
}
