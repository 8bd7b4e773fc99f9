/**
 * Which events are already stored: the stream processor asks, inside the transaction of a batch,
 * which envelope ids (and which report references) the history tables hold, so that an event
 * delivered again — after a crash, or by a source that sent it twice long ago — neither feeds a
 * detector twice nor is published twice. The unique keys of the tables stay the final guard.
 */
import { sql } from 'drizzle-orm';
import type { Db } from './database';
import { queryRows } from './sql-rows';

export type HistoryTable = 'positions' | 'readings' | 'reports';

const TABLES: Record<HistoryTable, ReturnType<typeof sql.identifier>> = {
  positions: sql.identifier('positions'),
  readings: sql.identifier('readings'),
  reports: sql.identifier('reports'),
};

/** The subset of `envelopeIds` already stored in `table` (primary-key lookups). */
export async function storedEnvelopeIds(
  db: Db,
  table: HistoryTable,
  envelopeIds: readonly string[],
): Promise<Set<string>> {
  if (envelopeIds.length === 0) return new Set();
  const rows = await queryRows<{ id: string }>(
    db,
    sql`SELECT envelope_id AS id FROM ${TABLES[table]} WHERE envelope_id = ANY(${sql.param([...envelopeIds])}::text[])`,
  );
  return new Set(rows.map((r) => r.id));
}

export interface ReportRef {
  source: string;
  sourceRef: string;
}

/** Key of a report reference in the set `storedReportRefs` returns. */
export function reportRefKey(ref: ReportRef): string {
  return `${ref.source}|${ref.sourceRef}`;
}

/** The subset of `refs` (source, source reference) already stored in `reports`, as `reportRefKey`s. */
export async function storedReportRefs(db: Db, refs: readonly ReportRef[]): Promise<Set<string>> {
  if (refs.length === 0) return new Set();
  const rows = await queryRows<{ source: string; ref: string }>(
    db,
    sql`
      SELECT r.source, r.source_ref AS ref
      FROM reports r
      JOIN unnest(${sql.param(refs.map((r) => r.source))}::text[], ${sql.param(refs.map((r) => r.sourceRef))}::text[])
        AS i(source, source_ref)
        ON r.source = i.source AND r.source_ref = i.source_ref
    `,
  );
  return new Set(rows.map((r) => reportRefKey({ source: r.source, sourceRef: r.ref })));
}

/** Anomaly scores stored with these readings (readings without a score, or not stored, are absent). */
export async function storedReadingScores(
  db: Db,
  envelopeIds: readonly string[],
): Promise<Map<string, number>> {
  if (envelopeIds.length === 0) return new Map();
  const rows = await queryRows<{ id: string; score: number | null }>(
    db,
    sql`SELECT envelope_id AS id, anomaly_score::float8 AS score FROM readings
        WHERE envelope_id = ANY(${sql.param([...envelopeIds])}::text[])`,
  );
  const scores = new Map<string, number>();
  for (const row of rows) if (row.score !== null) scores.set(row.id, Number(row.score));
  return scores;
}
