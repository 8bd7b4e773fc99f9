/** Zones as admins list them: every zone of the given kinds, whatever its validity, newest change first. */
import { desc, inArray } from 'drizzle-orm';
import type { Db } from './database';
import { zones } from './schema/zones';
import type { ZoneKind } from './schema/values';
import type { ZoneDto } from './zones-repository';

export async function listZonesForAdmin(
  db: Db,
  options: { kinds?: readonly ZoneKind[]; limit?: number } = {},
): Promise<ZoneDto[]> {
  const rows = await db
    .select()
    .from(zones)
    .where(options.kinds === undefined ? undefined : inArray(zones.kind, [...options.kinds]))
    .orderBy(desc(zones.updatedAt), desc(zones.id))
    .limit(options.limit ?? 500);
  return rows.map((row) => ({
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
  }));
}
