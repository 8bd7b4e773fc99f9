/** Asset registration, lookup, and the track (position history) of one asset. */
import { and, asc, eq, gte, lt } from 'drizzle-orm';
import type { AssetDto } from './asset-dto';
import { toAssetDto } from './asset-dto';
import type { Db } from './database';
import { fromGeoPoint } from './geo-types';
import type { LonLat } from './geo-types';
import { assets, positions } from './schema/tracking';
import type { AssetKind } from './schema/values';

export interface AssetRegistration {
  id: string;
  kind: AssetKind;
  name: string;
  source?: string | null;
  status?: string;
  attrs?: Record<string, unknown>;
}

/**
 * Creates an asset or updates its descriptive fields (kind, name, source, status, attrs). Position
 * fields are left alone: they only move through `recordPositions`.
 */
export async function upsertAsset(db: Db, asset: AssetRegistration): Promise<AssetDto> {
  const values = {
    id: asset.id,
    kind: asset.kind,
    name: asset.name,
    source: asset.source ?? null,
    status: asset.status ?? 'available',
    attrs: asset.attrs ?? {},
    updatedAt: new Date(),
  };
  const [row] = await db
    .insert(assets)
    .values(values)
    .onConflictDoUpdate({
      target: assets.id,
      set: {
        kind: values.kind,
        name: values.name,
        source: values.source,
        status: values.status,
        attrs: values.attrs,
        updatedAt: values.updatedAt,
      },
    })
    .returning();
  if (row === undefined) throw new Error(`upsertAsset ${asset.id}: no row returned`);
  return toAssetDto(row);
}

export async function getAsset(db: Db, id: string): Promise<AssetDto | null> {
  const [row] = await db.select().from(assets).where(eq(assets.id, id)).limit(1);
  return row === undefined ? null : toAssetDto(row);
}

export interface TrackPoint extends LonLat {
  envelopeId: string;
  time: Date;
  speed: number | null;
  heading: number | null;
  accuracy: number | null;
  altitude: number | null;
}

/**
 * The fixes of one asset in the half-open window [from, to), in time order (ties by envelope id).
 * Served by the (asset_id, time) index. `limit` caps the answer (default 100 000 points).
 */
export async function assetTrack(
  db: Db,
  assetId: string,
  from: Date,
  to: Date,
  options: { limit?: number } = {},
): Promise<TrackPoint[]> {
  const rows = await db
    .select({
      envelopeId: positions.envelopeId,
      time: positions.time,
      position: positions.position,
      speed: positions.speed,
      heading: positions.heading,
      accuracy: positions.accuracy,
      altitude: positions.altitude,
    })
    .from(positions)
    .where(and(eq(positions.assetId, assetId), gte(positions.time, from), lt(positions.time, to)))
    .orderBy(asc(positions.time), asc(positions.envelopeId))
    .limit(options.limit ?? 100_000);
  const track: TrackPoint[] = [];
  for (const { position, ...rest } of rows) {
    const lonLat = fromGeoPoint(position);
    if (lonLat !== null) track.push({ ...lonLat, ...rest });
  }
  return track;
}
