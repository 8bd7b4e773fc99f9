/** The asset as the rest of the system sees it, and its mapping from a row. */
import type { LonLat } from './geo-types';
import { fromGeoPoint } from './geo-types';
import type { assets } from './schema/tracking';
import type { AssetKind } from './schema/values';

export interface AssetDto {
  id: string;
  kind: AssetKind;
  name: string;
  source: string | null;
  status: string;
  position: LonLat | null;
  /** m/s */
  speed: number | null;
  /** degrees clockwise from north */
  heading: number | null;
  /** metres */
  accuracy: number | null;
  lastFixAt: Date | null;
  updatedAt: Date;
  attrs: Record<string, unknown>;
}

export function toAssetDto(row: typeof assets.$inferSelect): AssetDto {
  return {
    id: row.id,
    kind: row.kind as AssetKind,
    name: row.name,
    source: row.source,
    status: row.status,
    position: row.position === null ? null : fromGeoPoint(row.position),
    speed: row.speed,
    heading: row.heading,
    accuracy: row.accuracy,
    lastFixAt: row.lastFixAt,
    updatedAt: row.updatedAt,
    attrs: row.attrs,
  };
}
