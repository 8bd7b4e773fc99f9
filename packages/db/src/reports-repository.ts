/** Reports: idempotent batched recording and full-text search (tsvector + GIN, French/English/plain). */
import { and, desc, getTableColumns, gte, lt, sql } from 'drizzle-orm';
import type { Db } from './database';
import type { LonLat } from './geo-types';
import { fromGeoPoint, toGeoPoint } from './geo-types';
import { reports } from './schema/observations';

export interface ReportInput {
  envelopeId: string;
  source: string;
  sourceRef?: string | null;
  /** Already PII-masked. */
  text: string;
  lang?: string | null;
  category?: string | null;
  credibility?: number | null;
  position?: LonLat | null;
  region?: string | null;
  h3Cell?: string | null;
  occurredAt: Date;
  attrs?: Record<string, unknown>;
}

export interface ReportDto {
  envelopeId: string;
  source: string;
  sourceRef: string | null;
  text: string;
  lang: string | null;
  category: string | null;
  credibility: number | null;
  position: LonLat | null;
  region: string | null;
  h3Cell: string | null;
  occurredAt: Date;
  receivedAt: Date;
  incidentId: string | null;
  attrs: Record<string, unknown>;
}

/**
 * Stores reports in one multi-row insert; a report already stored (same envelope id, or same source
 * and source reference) is skipped. Returns how many were new.
 */
export async function recordReports(db: Db, batch: readonly ReportInput[]): Promise<{ inserted: number }> {
  if (batch.length === 0) return { inserted: 0 };
  const rows = await db
    .insert(reports)
    .values(
      batch.map((r) => ({
        envelopeId: r.envelopeId,
        source: r.source,
        sourceRef: r.sourceRef ?? null,
        text: r.text,
        lang: r.lang ?? null,
        category: r.category ?? null,
        credibility: r.credibility ?? null,
        position: r.position ? toGeoPoint(r.position) : null,
        region: r.region ?? null,
        h3Cell: r.h3Cell ?? null,
        occurredAt: r.occurredAt,
        attrs: r.attrs ?? {},
      })),
    )
    .onConflictDoNothing()
    .returning({ envelopeId: reports.envelopeId });
  return { inserted: rows.length };
}

export interface ReportSearchOptions {
  from?: Date;
  to?: Date;
  /** Default 50. */
  limit?: number;
}

export interface ReportHit extends ReportDto {
  rank: number;
}

/**
 * Full-text search with web-search syntax (`flood -exercise "route barrée"`). Each report is matched
 * with the configuration it was indexed with (French, English, or plain for other languages), so
 * stemming and negation behave as expected; each branch uses the GIN index. Best hits first, then
 * newest.
 */
export async function searchReports(
  db: Db,
  query: string,
  options: ReportSearchOptions = {},
): Promise<ReportHit[]> {
  const fr = sql`websearch_to_tsquery('french', ${query})`;
  const en = sql`websearch_to_tsquery('english', ${query})`;
  const plain = sql`websearch_to_tsquery('simple', ${query})`;
  const matches = sql`(
    (${reports.lang} = 'fr' AND ${reports.search} @@ ${fr})
    OR (${reports.lang} = 'en' AND ${reports.search} @@ ${en})
    OR ((${reports.lang} IS NULL OR ${reports.lang} NOT IN ('fr', 'en')) AND ${reports.search} @@ ${plain})
  )`;
  const rank =
    sql<number>`ts_rank(${reports.search}, CASE ${reports.lang} WHEN 'fr' THEN ${fr} WHEN 'en' THEN ${en} ELSE ${plain} END)`.mapWith(
      Number,
    );
  const { search: _search, ...columns } = getTableColumns(reports);
  const rows = await db
    .select({ ...columns, rank })
    .from(reports)
    .where(
      and(
        matches,
        options.from === undefined ? undefined : gte(reports.occurredAt, options.from),
        options.to === undefined ? undefined : lt(reports.occurredAt, options.to),
      ),
    )
    .orderBy(desc(rank), desc(reports.occurredAt))
    .limit(options.limit ?? 50);
  return rows.map(({ position, ...row }) => ({
    ...row,
    position: position === null ? null : fromGeoPoint(position),
  }));
}
