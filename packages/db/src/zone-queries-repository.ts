/** Read side of zones for the live `zones` layer: zones valid now inside a bbox, and zones changed since. */
import { and, asc, gt, isNull, lte, or, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { TBbox } from '@vigie/contracts/primitives';
import type { TLiveZoneV1, TZoneKind } from '@vigie/contracts/zone-api';
import type { TSeverity } from '@vigie/contracts/severity';
import type { Db } from './database';
import { bboxCondition } from './incident-queries-repository';
import { iso, opt } from './query-mapping';
import { zones } from './schema/zones';

const SEVERITIES = new Set(['info', 'minor', 'moderate', 'severe', 'extreme']);

export function toLiveZone(row: typeof zones.$inferSelect): TLiveZoneV1 {
  const severity = row.attrs.severity;
  return {
    zoneId: row.id,
    kind: row.kind as TZoneKind,
    name: row.name.slice(0, 200),
    geometry: row.geometry as TLiveZoneV1['geometry'],
    ...opt('validFrom', row.validFrom ? iso(row.validFrom) : null),
    ...opt('validTo', row.validTo ? iso(row.validTo) : null),
    ...opt('source', row.source),
    ...opt(
      'severity',
      typeof severity === 'string' && SEVERITIES.has(severity) ? (severity as TSeverity) : null,
    ),
    updatedAt: iso(row.updatedAt),
  };
}

function validAt(at: Date): SQL | undefined {
  return and(
    or(isNull(zones.validFrom), lte(zones.validFrom, at)),
    or(isNull(zones.validTo), gt(zones.validTo, at)),
  );
}

/** Zones of `kinds` valid at `at`, intersecting `bbox` when given. */
export async function zonesValidAt(
  db: Db,
  options: { at: Date; kinds: readonly TZoneKind[]; bbox?: TBbox; limit?: number },
): Promise<TLiveZoneV1[]> {
  const rows = await db
    .select()
    .from(zones)
    .where(
      and(
        sql`${zones.kind} IN (${sql.join(
          options.kinds.map((k) => sql`${k}`),
          sql`, `,
        )})`,
        validAt(options.at),
        options.bbox === undefined ? undefined : bboxCondition(zones.geometry, options.bbox),
      ),
    )
    .orderBy(asc(zones.id))
    .limit(options.limit ?? 5_000);
  return rows.map(toLiveZone);
}

/** Zones of `kinds` whose row changed after `since` (valid or not: a zone that expired must leave the map). */
export async function zonesChangedSince(
  db: Db,
  options: { since: Date; kinds: readonly TZoneKind[]; limit?: number },
): Promise<TLiveZoneV1[]> {
  const rows = await db
    .select()
    .from(zones)
    .where(
      and(
        gt(zones.updatedAt, options.since),
        sql`${zones.kind} IN (${sql.join(
          options.kinds.map((k) => sql`${k}`),
          sql`, `,
        )})`,
      ),
    )
    .orderBy(asc(zones.updatedAt))
    .limit(options.limit ?? 5_000);
  return rows.map(toLiveZone);
}
