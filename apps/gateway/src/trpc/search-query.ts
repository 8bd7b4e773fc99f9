/**
 * `search.query`: full-text search over reports and alerts (French and English stemming), filtered by
 * time range and box, ranked, with plain-text snippets and the offsets of the matches.
 */
import { ZSearchQueryInput, ZSearchResult } from '@vigie/contracts/search-api';
import type { TSearchHit } from '@vigie/contracts/search-api';
import { ZSearchHit } from '@vigie/contracts/search-api';
import { searchReportsAndAlerts } from '@vigie/db/search-repository';
import { toBBox, wireSeverity } from '../replay/load-replay-snapshot';
import { procedureWith } from './trpc-init';

export const searchQueryProcedure = procedureWith('report.search')
  .input(ZSearchQueryInput)
  .output(ZSearchResult)
  .query(async ({ ctx, input }) => {
    const bbox = toBBox(input.bbox);
    // One more than asked tells whether there is a next page.
    const found = await searchReportsAndAlerts(ctx.services.database.db, {
      text: input.q,
      kinds: input.kinds,
      ...(input.from === undefined ? {} : { from: new Date(input.from) }),
      ...(input.to === undefined ? {} : { to: new Date(input.to) }),
      ...(bbox === undefined ? {} : { bbox }),
      limit: input.limit + 1,
      offset: input.offset,
    });
    const hits: TSearchHit[] = [];
    for (const hit of found.slice(0, input.limit)) {
      const parsed = ZSearchHit.safeParse({
        kind: hit.kind,
        id: hit.id,
        title: hit.title.length > 0 ? hit.title.slice(0, 500) : hit.id,
        snippet: hit.snippet.slice(0, 2_000),
        highlights: hit.highlights.filter(([, end]) => end <= 2_000).slice(0, 100),
        rank: hit.rank,
        at: hit.at.toISOString(),
        ...(hit.position === null ? {} : { position: hit.position }),
        ...(hit.category === null ? {} : { category: hit.category }),
        ...(hit.lang === null ? {} : { lang: hit.lang }),
        ...(wireSeverity(hit.severity) === undefined ? {} : { severity: wireSeverity(hit.severity) }),
        ...(hit.source === null ? {} : { source: hit.source.slice(0, 256) }),
        ...(hit.incidentId === null ? {} : { incidentId: hit.incidentId }),
      });
      if (parsed.success) hits.push(parsed.data);
      else ctx.logger.warn({ id: hit.id, kind: hit.kind }, 'search hit does not fit its contract; left out');
    }
    const more = found.length > input.limit && input.offset + input.limit <= 1_000;
    return { hits, ...(more ? { nextOffset: input.offset + input.limit } : {}) };
  });
