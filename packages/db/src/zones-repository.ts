/** Zones (hazard zones, geofences, administrative areas) and point-in-zone queries. */
import { and, asc, eq, inArray, isNull, lte, or, gt, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { Db } from './database';
import type { GeoMultiPolygon, GeoPolygon, LonLat } from './geo-types';
import { makePoint } from './geometry';
import { zones } from './schema/zones';
import type { ZoneKind } from './schema/values';

export interface ZoneInput {
  id: string;
  kind: ZoneKind;
  name: string;
  /** A Polygon is stored as a one-part MultiPolygon. Rings follow GeoJSON: exterior first, then holes. */
  geometry: GeoPolygon | GeoMultiPolygon;
  validFrom?: Date | null;
  validTo?: Date | null;
  source?: string | null;
  code?: string | null;
  attrs?: Record<string, unknown>;
}

/** A zone without its geometry: what point-in-zone answers carry. */
export interface ZoneSummary {
  id: string;
  kind: ZoneKind;
  name: string;
  code: string | null;
  validFrom: Date | null;
  validTo: Date | null;
  attrs: Record<string, unknown>;
}

export interface ZoneDto extends ZoneSummary {
  geometry: GeoMultiPolygon;
  source: string | null;
  updatedAt: Date;
}

const summaryColumns = {
  id: zones.id,
  kind: zones.kind,
  name: zones.name,
  code: zones.code,
  validFrom: zones.validFrom,
  validTo: zones.validTo,
  attrs: zones.attrs,
};

function toZoneDto(row: typeof zones.$inferSelect): ZoneDto {
  return {
    id: row.id,
    kind: row.kind as ZoneKind,
    name: row.name,
    code: row.code,
    validFrom: row.validFrom,
    validTo: row.validTo,
    attrs: row.attrs,
    geometry: row.geometry,
    source: row.source,
    updatedAt: row.updatedAt,
  };
}

function asMultiPolygon(geometry: GeoPolygon | GeoMultiPolygon): GeoMultiPolygon {
  return geometry.type === 'MultiPolygon'
    ? geometry
    : { type: 'MultiPolygon', coordinates: [geometry.coordinates] };
}

/**
 * Creates or replaces a zone. The geometry must be valid (closed rings, no self-intersection):
 * the `zones_geometry_valid_check` constraint rejects it otherwise.
 */
export async function upsertZone(db: Db, zone: ZoneInput): Promise<ZoneDto> {
  const values = {
    id: zone.id,
    kind: zone.kind,
    name: zone.name,
    geometry: asMultiPolygon(zone.geometry),
    validFrom: zone.validFrom ?? null,
    validTo: zone.validTo ?? null,
    source: zone.source ?? null,
    code: zone.code ?? null,
    attrs: zone.attrs ?? {},
    updatedAt: new Date(),
  };
  const { id: _id, ...changes } = values;
  const [row] = await db
    .insert(zones)
    .values(values)
    .onConflictDoUpdate({ target: zones.id, set: changes })
    .returning();
  if (row === undefined) throw new Error(`upsertZone ${zone.id}: no row returned`);
  return toZoneDto(row);
}

export async function getZone(db: Db, id: string): Promise<ZoneDto | null> {
  const [row] = await db.select().from(zones).where(eq(zones.id, id)).limit(1);
  return row === undefined ? null : toZoneDto(row);
}

export async function deleteZone(db: Db, id: string): Promise<boolean> {
  const deleted = await db.delete(zones).where(eq(zones.id, id)).returning({ id: zones.id });
  return deleted.length > 0;
}

export interface ZoneFilter {
  /** Only zones valid at this instant (validity is half-open [valid_from, valid_to)). Default: now. */
  at?: Date;
  kinds?: readonly ZoneKind[];
}

function filterConditions({ at = new Date(), kinds }: ZoneFilter): SQL | undefined {
  return and(
    or(isNull(zones.validFrom), lte(zones.validFrom, at)),
    or(isNull(zones.validTo), gt(zones.validTo, at)),
    kinds === undefined ? undefined : inArray(zones.kind, [...kinds]),
  );
}

/**
 * Zones valid at `at` whose area contains the point, boundary included and holes excluded
 * (`ST_Intersects`, served by the GiST index), ordered by kind then id.
 */
export async function zonesContaining(
  db: Db,
  point: LonLat,
  filter: ZoneFilter = {},
): Promise<ZoneSummary[]> {
  const rows = await db
    .select(summaryColumns)
    .from(zones)
    .where(and(sql`ST_Intersects(${zones.geometry}, ${makePoint(point)})`, filterConditions(filter)))
    .orderBy(asc(zones.kind), asc(zones.id));
  return rows.map((row) => ({ ...row, kind: row.kind as ZoneKind }));
}

/** Every zone valid at `at`, with geometry: what a processor loads into its in-memory index. */
export async function listZones(db: Db, filter: ZoneFilter = {}): Promise<ZoneDto[]> {
  const rows = await db.select().from(zones).where(filterConditions(filter)).orderBy(asc(zones.id));
  return rows.map(toZoneDto);
}

/** Id of the hazard zone of an external alert: one per (source, code), whatever its updates. */
export function hazardZoneId(source: string, code: string): string {
  return `hazard:${source}:${code}`;
}

export interface HazardZoneInput {
  /** Who published the hazard (a CAP sender, `usgs`, `gdacs`). */
  source: string;
  /** The hazard's identifier at its source (CAP identifier of the first alert). */
  code: string;
  name: string;
  geometry: GeoPolygon | GeoMultiPolygon;
  validFrom?: Date | null;
  validTo?: Date | null;
  attrs?: Record<string, unknown>;
}

/** Creates or replaces the hazard zone of (source, code): an update of the alert moves or reshapes it. */
export async function upsertHazardZone(db: Db, zone: HazardZoneInput): Promise<ZoneDto> {
  return upsertZone(db, {
    id: hazardZoneId(zone.source, zone.code),
    kind: 'hazard',
    name: zone.name,
    geometry: zone.geometry,
    validFrom: zone.validFrom ?? null,
    validTo: zone.validTo ?? null,
    source: zone.source,
    code: zone.code,
    attrs: zone.attrs ?? {},
  });
}

/**
 * Ends the validity of the zones of (source, code) at `at` (a cancelled alert): they stay in the
 * history for replay but are no longer valid after `at`. Zones that had not started by then are
 * deleted. Returns the ids of the zones ended or deleted.
 */
export async function endZones(db: Db, source: string, code: string, at: Date): Promise<string[]> {
  const mine = and(eq(zones.source, source), eq(zones.code, code));
  const deleted = await db
    .delete(zones)
    .where(
      and(
        mine,
        sql`${zones.validFrom} IS NOT NULL AND ${zones.validFrom} >= ${at.toISOString()}::timestamptz`,
      ),
    )
    .returning({ id: zones.id });
  const ended = await db
    .update(zones)
    .set({ validTo: at, updatedAt: new Date() })
    .where(and(mine, or(isNull(zones.validTo), gt(zones.validTo, at))))
    .returning({ id: zones.id });
  return [...deleted, ...ended].map((z) => z.id);
}

/**
 * Zones still valid at `at` or later (current and upcoming), with geometry: what a detector holds in
 * memory to decide, fix by fix, which zones exist at the fix's time.
 */
export async function listZonesFrom(db: Db, at: Date, kinds?: readonly ZoneKind[]): Promise<ZoneDto[]> {
  const rows = await db
    .select()
    .from(zones)
    .where(
      and(
        or(isNull(zones.validTo), gt(zones.validTo, at)),
        kinds === undefined ? undefined : inArray(zones.kind, [...kinds]),
      ),
    )
    .orderBy(asc(zones.id));
  return rows.map(toZoneDto);
}
