/**
 * Dispatches of assets (and the stock they carry) to incidents, the crews of assets and the status of
 * dispatched assets. One dispatch command gives one row per asset; each stock line is a row of its
 * own on the first asset of the command (the one that carries the stock).
 */
import { and, eq, inArray, isNotNull, notInArray, sql } from 'drizzle-orm';
import type { Db } from './database';
import type { GeoLineString, LonLat } from './geo-types';
import { fromGeoPoint } from './geo-types';
import { users } from './schema/access';
import { dispatches } from './schema/incidents';
import { assets } from './schema/tracking';

export type DispatchStatus = 'planned' | 'assigned' | 'en_route' | 'on_scene' | 'completed' | 'cancelled';

const ACTIVE: DispatchStatus[] = ['planned', 'assigned', 'en_route'];
const FINISHED: DispatchStatus[] = ['completed', 'cancelled'];

export interface NewDispatch {
  id: string;
  incidentId: string;
  assetId: string;
  warehouseId?: string;
  item?: string;
  quantity?: number;
  assignedBy: string;
  commandId: string;
  /** Straight line from where the asset was to where it goes; its last point is the destination. */
  route?: GeoLineString;
  eta?: Date;
  note?: string;
}

export interface DispatchDto {
  id: string;
  incidentId: string;
  assetId: string | null;
  warehouseId: string | null;
  item: string | null;
  quantity: number | null;
  status: DispatchStatus;
  commandId: string | null;
  destination: LonLat | null;
  eta: Date | null;
  arrivedAt: Date | null;
  createdAt: Date;
}

function toDto(row: typeof dispatches.$inferSelect): DispatchDto {
  const last = row.route?.coordinates.at(-1);
  return {
    id: row.id,
    incidentId: row.incidentId,
    assetId: row.assetId,
    warehouseId: row.warehouseId,
    item: row.item,
    quantity: row.quantity,
    status: row.status as DispatchStatus,
    commandId: row.commandId,
    destination: last === undefined ? null : { lon: last[0], lat: last[1] },
    eta: row.eta,
    arrivedAt: row.arrivedAt,
    createdAt: row.createdAt,
  };
}

export async function createDispatches(tx: Db, rows: readonly NewDispatch[], at: Date): Promise<void> {
  if (rows.length === 0) return;
  await tx.insert(dispatches).values(
    rows.map((r) => ({
      id: r.id,
      incidentId: r.incidentId,
      assetId: r.assetId,
      warehouseId: r.warehouseId ?? null,
      item: r.item ?? null,
      quantity: r.quantity ?? null,
      status: 'assigned',
      assignedBy: r.assignedBy,
      commandId: r.commandId,
      route: r.route ?? null,
      eta: r.eta ?? null,
      note: r.note ?? null,
      createdAt: at,
      updatedAt: at,
    })),
  );
}

export async function dispatchesOfIncident(db: Db, incidentId: string): Promise<DispatchDto[]> {
  const rows = await db
    .select()
    .from(dispatches)
    .where(eq(dispatches.incidentId, incidentId))
    .orderBy(dispatches.createdAt, dispatches.id);
  return rows.map(toDto);
}

/** Dispatches still under way (not on scene yet), for following their assets. */
export async function activeDispatches(db: Db): Promise<DispatchDto[]> {
  const rows = await db
    .select()
    .from(dispatches)
    .where(and(inArray(dispatches.status, ACTIVE), isNotNull(dispatches.assetId)));
  return rows.map(toDto);
}

/** Unfinished dispatches of an asset (an asset works on one incident at a time). */
export async function openDispatchesOfAsset(db: Db, assetId: string): Promise<DispatchDto[]> {
  const rows = await db
    .select()
    .from(dispatches)
    .where(and(eq(dispatches.assetId, assetId), notInArray(dispatches.status, FINISHED)));
  return rows.map(toDto);
}

/** Moves an asset's unfinished dispatches of an incident to `status`; returns their ids. */
export async function setDispatchStatus(
  tx: Db,
  incidentId: string,
  assetId: string,
  status: DispatchStatus,
  at: Date,
): Promise<string[]> {
  const rows = await tx
    .update(dispatches)
    .set({
      status,
      updatedAt: at,
      ...(status === 'on_scene'
        ? { arrivedAt: sql`coalesce(${dispatches.arrivedAt}, ${at.toISOString()}::timestamptz)` }
        : {}),
    })
    .where(
      and(
        eq(dispatches.incidentId, incidentId),
        eq(dispatches.assetId, assetId),
        notInArray(dispatches.status, FINISHED),
      ),
    )
    .returning({ id: dispatches.id });
  return rows.map((r) => r.id);
}

export async function setDispatchEta(tx: Db, ids: readonly string[], eta: Date, at: Date): Promise<void> {
  if (ids.length === 0) return;
  await tx
    .update(dispatches)
    .set({ eta, updatedAt: at })
    .where(inArray(dispatches.id, [...ids]));
}

export interface DispatchableAsset {
  id: string;
  kind: string;
  name: string;
  status: string;
  position: LonLat | null;
  /** Stock units it carries (`attrs.capacity`), when known. */
  capacity: number | null;
}

export async function assetsByIds(db: Db, ids: readonly string[]): Promise<DispatchableAsset[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select()
    .from(assets)
    .where(inArray(assets.id, [...ids]));
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    name: r.name,
    status: r.status,
    position: r.position === null ? null : fromGeoPoint(r.position),
    capacity: typeof r.attrs.capacity === 'number' ? r.attrs.capacity : null,
  }));
}

export async function setAssetStatuses(tx: Db, ids: readonly string[], status: string): Promise<void> {
  if (ids.length === 0) return;
  await tx
    .update(assets)
    .set({ status })
    .where(inArray(assets.id, [...ids]));
}

/** Users who crew the given assets (`users.asset_id`), by asset. */
export async function crewsOfAssets(db: Db, assetIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (assetIds.length === 0) return out;
  const rows = await db
    .select({ userId: users.id, assetId: users.assetId })
    .from(users)
    .where(inArray(users.assetId, [...assetIds]));
  for (const row of rows) {
    if (row.assetId === null) continue;
    out.set(row.assetId, [...(out.get(row.assetId) ?? []), row.userId]);
  }
  return out;
}

/**
 * The stored status of each of these assets (set by commands and dispatch tracking): it wins over the
 * status a device reports, unless it is `available` or `unknown`.
 */
export async function assetStatuses(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: assets.id, status: assets.status })
    .from(assets)
    .where(inArray(assets.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r.status]));
}
