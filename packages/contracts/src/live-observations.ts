// live.observations: readings and reports after enrichment (region, H3 cell, anomaly score, category,
// personal data masked). Keyed by geo cell so that spatial clustering runs per cell; an observation
// without a position has no cell and is not published here.
import { z } from 'zod';
import { ZCategory } from './categories';
import { ZEventId, envelopeOf } from './envelope';
import { ZMetric, ZUnit } from './readings';
import { ZReportChannel } from './reports';
import {
  ZFinite,
  ZH3Cell,
  ZId,
  ZIsoDateTime,
  ZLanguageTag,
  ZLonLat,
  ZRegion,
  ZSourceId,
  boundedText,
} from './primitives';

const observationShape = {
  /** Envelope id of the raw event this observation enriches. */
  rawEventId: ZEventId,
  observedAt: ZIsoDateTime,
  position: ZLonLat,
  cell: ZH3Cell,
  region: ZRegion.optional(),
  category: ZCategory.optional(),
  /** Robust anomaly score (0 = usual); for reports, how unusual the cell's activity is. */
  anomalyScore: z.number().min(0).optional(),
};

export const ZReadingObservationV1 = z.object({
  ...observationShape,
  kind: z.literal('reading'),
  sensorId: ZId,
  metric: ZMetric,
  value: ZFinite,
  unit: ZUnit,
});

export const ZReportObservationV1 = z.object({
  ...observationShape,
  kind: z.literal('report'),
  source: ZSourceId,
  reportId: ZId,
  channel: ZReportChannel,
  /** Report text with phones, e-mails and detectable personal names replaced by placeholders. */
  maskedText: boundedText(8_000),
  lang: ZLanguageTag.optional(),
  /** Credibility of the report, 0 (none) to 1 (confirmed). */
  credibility: z.number().min(0).max(1).optional(),
  mediaIds: z.array(ZId).max(20).optional(),
});

export const ZLiveObservationV1 = z
  .discriminatedUnion('kind', [ZReadingObservationV1, ZReportObservationV1])
  .meta({ description: 'Enriched reading or report, v1' });
export type TLiveObservationV1 = z.infer<typeof ZLiveObservationV1>;

export const ZLiveObservationEventV1 = envelopeOf('observation', 1, ZLiveObservationV1);
export type TLiveObservationEventV1 = z.infer<typeof ZLiveObservationEventV1>;
