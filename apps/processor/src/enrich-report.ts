/**
 * Enrich stage of a report: personal data masked out of the text (before anything is stored or
 * published), category (the source's, else the keyword classifier's), language (the source's, else the
 * guessed one), credibility, region and H3 cell. The author's handle is neither stored nor published.
 */
import type { TLiveObservationV1 } from '@vigie/contracts/live-observations';
import { clipText } from '@vigie/contracts/primitives';
import type { TReportEventV1 } from '@vigie/contracts/reports';
import { REPORT_TEXT_MAX } from '@vigie/contracts/reports';
import type { ReportInput } from '@vigie/db/reports-repository';
import { classifyReport } from '@vigie/domain/classify-report';
import { h3CellOf } from '@vigie/domain/h3-cell';
import { maskPii } from '@vigie/domain/pii-mask';
import { regionOf } from '@vigie/domain/region-of';
import { reportCredibility } from '@vigie/domain/report-credibility';
import type { GeoContext } from './enrich-position';

export interface EnrichedReport {
  row: ReportInput;
  /** Published on live.observations when the report has a position. */
  observation: TLiveObservationV1 | null;
}

export function enrichReport(event: TReportEventV1, context: GeoContext): EnrichedReport {
  const p = event.payload;
  const masked = maskPii(p.text);
  const text = clipText(masked.text, REPORT_TEXT_MAX);
  const placeName = p.placeName === undefined ? undefined : clipText(maskPii(p.placeName).text, 200);
  const classification = classifyReport(p.text);
  const category = p.category ?? classification.category ?? undefined;
  const categoryConfidence = p.category !== undefined ? 1 : classification.confidence;
  const lang = p.lang?.split('-')[0]?.toLowerCase() ?? classification.lang ?? undefined;
  const position = p.position ?? event.geo;
  const credibility = reportCredibility({
    channel: p.channel,
    hasPosition: position !== undefined,
    positionAccuracyM: p.positionAccuracy ?? null,
    mediaCount: p.mediaIds?.length ?? 0,
    categoryConfidence,
  });
  const cell =
    position === undefined ? undefined : h3CellOf(position.lon, position.lat, context.h3Resolution);
  const region =
    position === undefined ? undefined : regionOf(context.regionIndex, position.lon, position.lat);

  const attrs: Record<string, unknown> = {
    channel: p.channel,
    masked: masked.masked,
    categoryConfidence,
  };
  if (placeName !== undefined) attrs.placeName = placeName;
  if (p.mediaIds !== undefined) attrs.mediaIds = p.mediaIds;
  if (p.url !== undefined) attrs.url = p.url;
  if (p.positionAccuracy !== undefined) attrs.positionAccuracy = p.positionAccuracy;
  if (region?.name !== undefined) attrs.regionName = region.name;

  const row: ReportInput = {
    envelopeId: event.id,
    source: event.source,
    sourceRef: p.reportId,
    text,
    lang: lang ?? null,
    category: category ?? null,
    credibility,
    position: position === undefined ? null : { lon: position.lon, lat: position.lat },
    region: region?.country ?? null,
    h3Cell: cell ?? null,
    occurredAt: new Date(event.occurredAt),
    attrs,
  };

  let observation: TLiveObservationV1 | null = null;
  if (position !== undefined && cell !== undefined) {
    observation = {
      kind: 'report',
      rawEventId: event.id,
      observedAt: event.occurredAt,
      position: { lon: position.lon, lat: position.lat },
      cell,
      source: event.source,
      reportId: p.reportId,
      channel: p.channel,
      maskedText: text,
      credibility,
    };
    if (region !== undefined) observation.region = region;
    if (category !== undefined) observation.category = category;
    if (lang !== undefined) observation.lang = lang;
    if (p.mediaIds !== undefined) observation.mediaIds = p.mediaIds;
  }
  return { row, observation };
}
