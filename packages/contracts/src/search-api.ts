// tRPC procedure `search.query`: full-text search over reports and alerts (PostgreSQL text search with
// French and English stemming), filtered by time range and area, ranked, with highlighted snippets.
import { z } from 'zod';
import { ZCategory } from './categories';
import { ZBbox, ZId, ZIsoDateTime, ZLonLat, boundedLine } from './primitives';
import { ZSeverity } from './severity';

export const ZSearchKind = z.enum(['report', 'alert']);
export type TSearchKind = z.infer<typeof ZSearchKind>;

export const SEARCH_MAX_LIMIT = 100;
/** Deepest result reachable by paging (offset + limit). */
export const SEARCH_MAX_OFFSET = 1_000;

export const ZSearchQueryInput = z
  .object({
    /** Words to find, in French or English (web-search syntax: `"exact phrase"`, `or`, `-excluded`). */
    q: boundedLine(200, 1).refine((q) => q.trim().length > 0, { error: 'Give at least one word' }),
    from: ZIsoDateTime.optional(),
    to: ZIsoDateTime.optional(),
    /** Only results whose place intersects this box `[west, south, east, north]`. */
    bbox: ZBbox.optional(),
    kinds: z
      .array(ZSearchKind)
      .min(1)
      .max(ZSearchKind.options.length)
      .default([...ZSearchKind.options]),
    limit: z.int().min(1).max(SEARCH_MAX_LIMIT).default(50),
    /** Results to skip (the `nextOffset` of the previous page). */
    offset: z.int().min(0).max(SEARCH_MAX_OFFSET).default(0),
  })
  .refine((i) => i.from === undefined || i.to === undefined || Date.parse(i.from) <= Date.parse(i.to), {
    error: 'from must not be after to',
    path: ['to'],
  });
export type TSearchQueryInput = z.input<typeof ZSearchQueryInput>;
export type TSearchQuery = z.output<typeof ZSearchQueryInput>;

/** `[start, end)` character offsets of a matched word inside `snippet`. */
export const ZHighlight = z.tuple([z.int().min(0), z.int().min(0)]);
export type THighlight = z.infer<typeof ZHighlight>;

export const ZSearchHit = z.object({
  kind: ZSearchKind,
  /** Report envelope id or alert id. */
  id: ZId,
  /** Alert headline; for reports, the beginning of the text. */
  title: boundedLine(500),
  /** Plain text around the matches (no markup); `highlights` says where the matches are. */
  snippet: z.string().max(2_000),
  highlights: z.array(ZHighlight).max(100),
  /** Text-search rank (higher is better); results are sorted by it. */
  rank: z.number().min(0),
  /** When the report happened or the alert was raised. */
  at: ZIsoDateTime,
  position: ZLonLat.optional(),
  category: ZCategory.optional(),
  lang: z.string().max(8).optional(),
  severity: ZSeverity.optional(),
  /** Report source, or alert sender. */
  source: z.string().max(256).optional(),
  incidentId: ZId.optional(),
});
export type TSearchHit = z.infer<typeof ZSearchHit>;

export const ZSearchResult = z.object({
  hits: z.array(ZSearchHit).max(SEARCH_MAX_LIMIT),
  /** Offset of the next page, when there may be one. */
  nextOffset: z.int().min(0).optional(),
});
export type TSearchResult = z.infer<typeof ZSearchResult>;
