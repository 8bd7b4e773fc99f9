/**
 * Full-text search over reports and alerts with PostgreSQL text search: the generated `search`
 * columns (French, English or unstemmed, by each row's language) and their GIN indexes.
 *
 * The query is parsed with `websearch_to_tsquery` in French, English and unstemmed form, OR-ed, so
 * "inondations" finds a French report about an "inondation" and "flooding" an English alert about
 * "floods" whatever language the user types in. Results are ranked with `ts_rank`, filtered by time
 * range and box, and only the returned page gets a `ts_headline` snippet.
 */
import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { Db } from './database';
import type { BBox, LonLat } from './geo-types';
import { makeEnvelope } from './geometry';
import { queryRows } from './sql-rows';

export type SearchKind = 'report' | 'alert';

export interface SearchOptions {
  text: string;
  kinds: readonly SearchKind[];
  from?: Date;
  to?: Date;
  bbox?: BBox;
  limit: number;
  offset: number;
}

export interface SearchHitDto {
  kind: SearchKind;
  id: string;
  title: string;
  /** Plain text around the matches. */
  snippet: string;
  /** `[start, end)` offsets of the matches in `snippet`. */
  highlights: [number, number][];
  rank: number;
  at: Date;
  position: LonLat | null;
  category: string | null;
  lang: string | null;
  severity: string | null;
  source: string | null;
  incidentId: string | null;
}

const OPEN = '\u27e6';
const CLOSE = '\u27e7';

/** Splits a `ts_headline` result with OPEN/CLOSE markers into plain text and match offsets. */
export function parseHeadline(marked: string): { snippet: string; highlights: [number, number][] } {
  let snippet = '';
  const highlights: [number, number][] = [];
  let start = -1;
  for (const ch of marked) {
    if (ch === OPEN) start = snippet.length;
    else if (ch === CLOSE) {
      if (start >= 0 && snippet.length > start) highlights.push([start, snippet.length]);
      start = -1;
    } else snippet += ch;
  }
  return { snippet, highlights };
}

function inBox(column: string, bbox: BBox): SQL {
  const c = sql.raw(column);
  return bbox.west <= bbox.east
    ? sql`ST_Intersects(${c}, ${makeEnvelope(bbox)})`
    : sql`(ST_Intersects(${c}, ${makeEnvelope({ ...bbox, east: 180 })}) OR ST_Intersects(${c}, ${makeEnvelope({ ...bbox, west: -180 })}))`;
}

function timeRange(column: string, from: Date | undefined, to: Date | undefined): SQL {
  const c = sql.raw(column);
  return sql`${from === undefined ? sql`` : sql`AND ${c} >= ${from.toISOString()}::timestamptz`}
    ${to === undefined ? sql`` : sql`AND ${c} <= ${to.toISOString()}::timestamptz`}`;
}

const CONFIG = sql.raw(
  `CASE lang WHEN 'fr' THEN 'french'::regconfig WHEN 'en' THEN 'english'::regconfig ELSE 'simple'::regconfig END`,
);

/** Ranked reports and alerts matching `text`, filtered by kind, time range and box. */
export async function searchReportsAndAlerts(db: Db, options: SearchOptions): Promise<SearchHitDto[]> {
  const text = options.text.trim();
  if (text.length === 0 || options.kinds.length === 0 || options.limit <= 0) return [];
  const q = sql`(websearch_to_tsquery('french', ${text}) || websearch_to_tsquery('english', ${text}) || websearch_to_tsquery('simple', ${text}))`;
  const parts: SQL[] = [];
  if (options.kinds.includes('report')) {
    parts.push(sql`
      SELECT 'report' AS kind, envelope_id AS id, left(text, 120) AS title, text AS body, lang,
             ts_rank(search, query) AS rank, occurred_at AS at, position AS geom, category,
             NULL::text AS severity, source, incident_id
      FROM reports, query
      WHERE search @@ query ${timeRange('occurred_at', options.from, options.to)}
        ${options.bbox === undefined ? sql`` : sql`AND ${inBox('position', options.bbox)}`}`);
  }
  if (options.kinds.includes('alert')) {
    parts.push(sql`
      SELECT 'alert' AS kind, id, headline AS title,
             concat_ws(' ', headline, description, place) AS body, lang,
             ts_rank(search, query) AS rank, raised_at AS at, geometry AS geom, category,
             severity, sender AS source, incident_id
      FROM alerts, query
      WHERE search @@ query ${timeRange('raised_at', options.from, options.to)}
        ${options.bbox === undefined ? sql`` : sql`AND ${inBox('geometry', options.bbox)}`}`);
  }
  const rows = await queryRows<{
    kind: SearchKind;
    id: string;
    title: string;
    headline: string;
    lang: string | null;
    rank: number;
    at_ms: number;
    lon: number | null;
    lat: number | null;
    category: string | null;
    severity: string | null;
    source: string | null;
    incident_id: string | null;
  }>(
    db,
    sql`
      WITH query AS (SELECT ${q} AS query),
      hits AS (
        SELECT * FROM (${sql.join(parts, sql` UNION ALL `)}) h
        ORDER BY rank DESC, at DESC, id
        LIMIT ${options.limit} OFFSET ${options.offset}
      )
      SELECT kind, id, title, lang, rank::float8 AS rank, (extract(epoch FROM at) * 1000)::float8 AS at_ms,
             ST_X(ST_PointOnSurface(geom))::float8 AS lon, ST_Y(ST_PointOnSurface(geom))::float8 AS lat,
             category, severity, source, incident_id,
             ts_headline(${CONFIG}, replace(replace(body, ${OPEN}, '['), ${CLOSE}, ']'), (SELECT query FROM query),
               ${`StartSel=${OPEN}, StopSel=${CLOSE}, MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`}) AS headline
      FROM hits
      ORDER BY rank DESC, at DESC, id`,
  );
  return rows.map((r) => {
    const { snippet, highlights } = parseHeadline(r.headline);
    return {
      kind: r.kind,
      id: r.id,
      title: r.title,
      snippet,
      highlights,
      rank: Number(r.rank),
      at: new Date(Number(r.at_ms)),
      position: r.lon === null || r.lat === null ? null : { lon: Number(r.lon), lat: Number(r.lat) },
      category: r.category,
      lang: r.lang,
      severity: r.severity,
      source: r.source,
      incidentId: r.incident_id,
    };
  });
}
