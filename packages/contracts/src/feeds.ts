// Polled feeds of external alerts (CAP index or alert URLs, USGS GeoJSON, GDACS RSS), as admins see and
// manage them: schedule, last success, errors and item counters.
import { z } from 'zod';
import { ZHttpUrl, ZId, ZIsoDateTime, ZSourceId, boundedLine, boundedText } from './primitives';

export const ZFeedKind = z.enum(['cap', 'usgs', 'gdacs', 'georss']);
export type TFeedKind = z.infer<typeof ZFeedKind>;

/** Kinds a feed can be created with (GeoRSS has no poller yet). */
export const ZPollableFeedKind = z.enum(['cap', 'usgs', 'gdacs']);

/** Shortest and longest polling interval, seconds. */
export const FEED_INTERVAL_LIMITS = { min: 30, max: 86_400 } as const;
export const ZFeedInterval = z.int().min(FEED_INTERVAL_LIMITS.min).max(FEED_INTERVAL_LIMITS.max);

export const ZFeedV1 = z.object({
  id: ZId,
  kind: ZFeedKind,
  name: boundedLine(200, 1),
  url: ZHttpUrl,
  /** Source the feed's alerts are attributed to. */
  source: ZSourceId,
  intervalS: z.int().min(1),
  enabled: z.boolean(),
  nextRunAt: ZIsoDateTime.nullable(),
  lastRunAt: ZIsoDateTime.nullable(),
  lastSuccessAt: ZIsoDateTime.nullable(),
  lastErrorAt: ZIsoDateTime.nullable(),
  lastError: boundedText(2_000).nullable(),
  errorCount: z.int().min(0),
  consecutiveFailures: z.int().min(0),
  itemsSeen: z.int().min(0),
  itemsAccepted: z.int().min(0),
  itemsRejected: z.int().min(0),
  createdAt: ZIsoDateTime,
});
export type TFeedV1 = z.infer<typeof ZFeedV1>;

export const ZCreateFeedInput = z.object({
  kind: ZPollableFeedKind,
  name: boundedLine(200, 1),
  url: ZHttpUrl,
  source: ZSourceId,
  intervalS: ZFeedInterval.default(300),
  enabled: z.boolean().default(true),
});
export type TCreateFeedInput = z.infer<typeof ZCreateFeedInput>;

export const ZUpdateFeedInput = z.object({
  id: ZId,
  name: boundedLine(200, 1).optional(),
  url: ZHttpUrl.optional(),
  source: ZSourceId.optional(),
  intervalS: ZFeedInterval.optional(),
  enabled: z.boolean().optional(),
});
export type TUpdateFeedInput = z.infer<typeof ZUpdateFeedInput>;

export const ZFeedIdInput = z.object({ id: ZId });
