/**
 * raw.reports: each report is masked, classified and located, then stored (full-text indexed);
 * reports with a position are published on live.observations. A report is a duplicate when its
 * envelope id, or its source and source reference, were seen before.
 */
import type { ProduceRecord } from '@vigie/bus/log';
import type { ReportInput } from '@vigie/db/reports-repository';
import { recordReports } from '@vigie/db/reports-repository';
import { reportRefKey, storedEnvelopeIds, storedReportRefs } from '@vigie/db/stored-events-repository';
import { observationRecord } from './build-live-records';
import type { GeoContext } from './enrich-position';
import { enrichReport } from './enrich-report';
import type { TopicPipeline } from './topic-pipeline';

export function reportsConsumer(context: GeoContext & { sourceId: string }): TopicPipeline<'raw.reports'> {
  return {
    topic: 'raw.reports',
    refresh: async () => undefined,
    async stored(tx, events) {
      const ids = await storedEnvelopeIds(
        tx,
        'reports',
        events.map((e) => e.event.id),
      );
      const refs = await storedReportRefs(
        tx,
        events.map((e) => ({ source: e.event.source, sourceRef: e.event.payload.reportId })),
      );
      for (const { event } of events) {
        if (refs.has(reportRefKey({ source: event.source, sourceRef: event.payload.reportId })))
          ids.add(event.id);
      }
      return ids;
    },
    plan(events, _checkpoint, now) {
      const rows: ReportInput[] = [];
      const observations: ProduceRecord[] = [];
      const seen = new Set<string>();
      let duplicates = 0;
      const output = { sourceId: context.sourceId, now };
      for (const { event } of events) {
        const ref = reportRefKey({ source: event.source, sourceRef: event.payload.reportId });
        if (seen.has(ref)) {
          duplicates++;
          continue;
        }
        seen.add(ref);
        const enriched = enrichReport(event, context);
        rows.push(enriched.row);
        if (enriched.observation !== null) {
          observations.push(observationRecord(enriched.observation, event.receivedAt, output));
        }
      }
      return {
        write: async (tx) => recordReports(tx, rows),
        statePatch: {},
        apply: () => undefined,
        entities: [],
        observations,
        outcomes: { duplicate: duplicates },
      };
    },
    async recover(db, events, now) {
      const output = { sourceId: context.sourceId, now };
      const stored = await storedEnvelopeIds(
        db,
        'reports',
        events.map((e) => e.event.id),
      );
      const observations: ProduceRecord[] = [];
      for (const { event } of events) {
        if (!stored.has(event.id)) continue; // A duplicate dropped when it was processed.
        const { observation } = enrichReport(event, context);
        if (observation !== null) observations.push(observationRecord(observation, event.receivedAt, output));
      }
      return { entities: [], observations };
    },
  };
}
