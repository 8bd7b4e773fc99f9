// Detection rules as admins see and edit them, with the parameters each kind accepts (the processor
// applies the same checks when it loads the rules; durations in milliseconds, distances in kilometres).
import { z } from 'zod';
import { ZCategory } from './categories';
import { ZId, ZIsoDateTime, boundedId, boundedLine } from './primitives';
import { ZSeverity } from './severity';
import { ZZoneKind } from './zone-api';

export const ZRuleKind = z.enum([
  'threshold',
  'rate_of_change',
  'anomaly',
  'geofence',
  'report_cluster',
  'corroboration',
]);
export type TRuleKind = z.infer<typeof ZRuleKind>;

const common = { severity: ZSeverity.optional(), category: ZCategory.optional() };
const ms = z.int().positive();
const ids = z.array(boundedId(128)).max(1_000);

const ZThresholdParams = z
  .object({
    ...common,
    metric: boundedLine(64, 1),
    above: z.number().optional(),
    below: z.number().optional(),
    clearBelow: z.number().optional(),
    clearAbove: z.number().optional(),
    minConsecutive: z.int().min(1).optional(),
    sensorIds: ids.optional(),
  })
  .refine((p) => p.above !== undefined || p.below !== undefined, {
    error: 'above or below is required',
    path: ['above'],
  });

const ZRateOfChangeParams = z
  .object({
    ...common,
    metric: boundedLine(64, 1),
    risePerHour: z.number().positive().optional(),
    fallPerHour: z.number().positive().optional(),
    windowMs: ms.optional(),
    minSpanMs: z.int().min(0).optional(),
    minSamples: z.int().min(2).optional(),
    clearRatio: z.number().min(0).max(1).optional(),
    sensorIds: ids.optional(),
  })
  .refine((p) => p.risePerHour !== undefined || p.fallPerHour !== undefined, {
    error: 'risePerHour or fallPerHour is required',
    path: ['risePerHour'],
  });

const ZAnomalyParams = z.object({
  ...common,
  sensitivity: z.number().positive().max(100).optional(),
  raiseScore: z.number().positive().optional(),
  clearScore: z.number().min(0).optional(),
  minConsecutive: z.int().min(1).optional(),
  metrics: z.array(boundedLine(64, 1)).max(100).optional(),
});

const ZReportClusterParams = z.object({
  severity: ZSeverity.optional(),
  category: ZCategory,
  minReports: z.int().min(2),
  radiusKm: z.number().positive().max(50),
  windowMs: ms,
});

const ZGeofenceParams = z.object({
  dwellMs: ms.optional(),
  kinds: z.array(ZZoneKind).optional(),
});

const ZCorroborationParams = z.object({
  radiusKm: z.number().positive().optional(),
  windowMs: ms.optional(),
  minFamilies: z.int().min(2).optional(),
});

/** Parameters accepted per rule kind. */
export const ZRuleParamsByKind = {
  threshold: ZThresholdParams,
  rate_of_change: ZRateOfChangeParams,
  anomaly: ZAnomalyParams,
  report_cluster: ZReportClusterParams,
  geofence: ZGeofenceParams,
  corroboration: ZCorroborationParams,
} as const satisfies Record<TRuleKind, z.ZodType>;

export const ZRuleParams = z.record(z.string(), z.unknown());

export const ZRuleV1 = z.object({
  id: ZId,
  kind: ZRuleKind,
  name: boundedLine(200, 1),
  params: ZRuleParams,
  enabled: z.boolean(),
  updatedAt: ZIsoDateTime,
  updatedBy: boundedLine(200).nullable(),
});
export type TRuleV1 = z.infer<typeof ZRuleV1>;

/** Changes to one rule; `params` replaces all its parameters and is checked against the rule's kind. */
export const ZUpdateRuleInput = z.object({
  id: ZId,
  name: boundedLine(200, 1).optional(),
  params: ZRuleParams.optional(),
  enabled: z.boolean().optional(),
});
export type TUpdateRuleInput = z.infer<typeof ZUpdateRuleInput>;
