// live.entities: current state of one asset or sensor, published by the processor on every change.
// The topic is compacted: the latest message per entity id is its state.
import { z } from 'zod';
import { ZAssetAlarm, ZAssetKind, ZAssetStatus } from './assets';
import { envelopeOf } from './envelope';
import { ZMetric, ZUnit } from './readings';
import {
  ZAccuracy,
  ZAltitude,
  ZFinite,
  ZH3Cell,
  ZHeading,
  ZId,
  ZIsoDateTime,
  ZLonLat,
  ZPercent,
  ZRegion,
  ZSpeed,
  boundedLine,
} from './primitives';

export const ZEntityKind = z.enum([...ZAssetKind.options, 'sensor']);
export type TEntityKind = z.infer<typeof ZEntityKind>;

/** Whether the entity is still heard from: `stale` after a quiet period, `offline` after a long one. */
export const ZConnectivity = z.enum(['online', 'stale', 'offline']);
export type TConnectivity = z.infer<typeof ZConnectivity>;

export const ZLastReading = z.object({
  metric: ZMetric,
  value: ZFinite,
  unit: ZUnit,
  at: ZIsoDateTime,
  /** Robust anomaly score of this value for this sensor (0 = usual). */
  anomalyScore: z.number().min(0).optional(),
});
export type TLastReading = z.infer<typeof ZLastReading>;

export const ZLiveEntityV1 = z
  .object({
    entityId: ZId,
    entityKind: ZEntityKind,
    name: boundedLine(200).optional(),
    position: ZLonLat.optional(),
    altitude: ZAltitude.optional(),
    accuracy: ZAccuracy.optional(),
    speed: ZSpeed.optional(),
    heading: ZHeading.optional(),
    /** Operational status (assets). */
    status: ZAssetStatus.optional(),
    connectivity: ZConnectivity,
    battery: ZPercent.optional(),
    alarm: ZAssetAlarm.optional(),
    /** Latest reading per metric (sensors), at most one entry per metric. */
    lastReadings: z.array(ZLastReading).max(16).optional(),
    /** Incident the asset is assigned to. */
    incidentId: ZId.optional(),
    region: ZRegion.optional(),
    cell: ZH3Cell.optional(),
    /** When this state was last changed by the processor. */
    updatedAt: ZIsoDateTime,
    /** Time of the last fix or reading the state is based on. */
    lastSeenAt: ZIsoDateTime.optional(),
  })
  .meta({ description: 'Current state of an asset or sensor, v1' });
export type TLiveEntityV1 = z.infer<typeof ZLiveEntityV1>;

export const ZLiveEntityEventV1 = envelopeOf('entity', 1, ZLiveEntityV1);
export type TLiveEntityEventV1 = z.infer<typeof ZLiveEntityEventV1>;
