// tRPC procedures about one entity (gateway router `entity.*`), inputs and outputs.
import { z } from 'zod';
import { ZLastReading, ZLiveEntityV1 } from './live-entities';
import { ZMetric, ZUnit } from './readings';
import { ZFinite, ZHeading, ZId, ZIsoDateTime, ZLat, ZLon, ZSpeed } from './primitives';

export const ZEntityDetailsInput = z.object({ id: ZId });
export const ZEntityDetails = z.object({
  entity: ZLiveEntityV1,
  /** Source that reports this entity (tracker, sensor network, simulator…). */
  source: z.string().max(128).optional(),
  lastReadings: z.array(ZLastReading).max(16),
});
export type TEntityDetails = z.infer<typeof ZEntityDetails>;

/** At most one day of history per request. */
export const ENTITY_HISTORY_MAX_MINUTES = 24 * 60;

export const ZEntityHistoryInput = z.object({
  id: ZId,
  minutes: z.number().int().min(1).max(ENTITY_HISTORY_MAX_MINUTES).default(60),
});

export const ZTrackPoint = z.object({
  lon: ZLon,
  lat: ZLat,
  at: ZIsoDateTime,
  speed: ZSpeed.optional(),
  heading: ZHeading.optional(),
});
export const ZReadingPoint = z.object({ metric: ZMetric, unit: ZUnit, value: ZFinite, at: ZIsoDateTime });

export const ZEntityHistory = z.object({
  id: ZId,
  from: ZIsoDateTime,
  to: ZIsoDateTime,
  track: z.array(ZTrackPoint).max(20_000),
  readings: z.array(ZReadingPoint).max(20_000),
});
export type TEntityHistory = z.infer<typeof ZEntityHistory>;
