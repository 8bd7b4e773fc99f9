/**
 * Report density for the map's hexagon layer: how many reports fell in each H3 cell (as stored by the
 * processor, `reports.h3_cell`) inside a box since a given time, per category.
 */
import { sql } from 'drizzle-orm';
import type { Db } from './database';
import type { BBox } from './geo-types';
import { makeEnvelope } from './geometry';
import { reports } from './schema/observations';
import { queryRows } from './sql-rows';

export interface ReportDensityRow {
  /** H3 cell index at the resolution the processor stored. */
  cell: string;
  /** Report category, or null for uncategorised reports. */
  category: string | null;
  count: number;
}

export interface ReportDensityQuery {
  bbox: BBox;
  /** Reports that occurred at or after this instant. */
  since: Date;
  /** Cap on (cell, category) rows, most populated first (default 20 000). */
  limit?: number;
}

/**
 * Counts reports per (cell, category) whose position lies in the box (GiST `&&`; `west > east`
 * crosses the antimeridian) and that occurred since `since`. Reports without a position or cell are
 * left out.
 */
export async function reportDensity(db: Db, query: ReportDensityQuery): Promise<ReportDensityRow[]> {
  const { bbox } = query;
  const inBox =
    bbox.west <= bbox.east
      ? sql`${reports.position} && ${makeEnvelope(bbox)}`
      : sql`(${reports.position} && ${makeEnvelope({ ...bbox, east: 180 })}
             OR ${reports.position} && ${makeEnvelope({ ...bbox, west: -180 })})`;
  const rows = await queryRows<{ cell: string; category: string | null; count: number }>(
    db,
    sql`
      SELECT ${reports.h3Cell} AS cell, ${reports.category} AS category, count(*)::int AS count
      FROM ${reports}
      WHERE ${inBox}
        AND ${reports.h3Cell} IS NOT NULL
        AND ${reports.occurredAt} >= ${query.since.toISOString()}::timestamptz
      GROUP BY 1, 2
      ORDER BY 3 DESC, 1, 2
      LIMIT ${query.limit ?? 20_000}
    `,
  );
  return rows.map((r) => ({ cell: r.cell, category: r.category, count: Number(r.count) }));
}
