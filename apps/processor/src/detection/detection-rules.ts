/**
 * The detection rules of the database, checked and sorted by detector. A rule whose parameters do not
 * fit its kind is left out (and reported), never half-applied.
 */
import { ZCategory } from '@vigie/contracts/categories';
import { ZSeverity } from '@vigie/contracts/severity';
import type { RuleDto } from '@vigie/db/rules-repository';
import type { AnomalyParams } from '@vigie/domain/detection/anomaly-detector';
import type { CorroborationParams } from '@vigie/domain/detection/corroboration-detector';
import type { GeofenceParams } from '@vigie/domain/detection/geofence-detector';
import type { RateOfChangeParams } from '@vigie/domain/detection/rate-of-change-detector';
import type { ClusterParams } from '@vigie/domain/detection/report-cluster-detector';
import type { ThresholdParams } from '@vigie/domain/detection/threshold-detector';
import { z } from 'zod';

const common = {
  severity: ZSeverity.optional(),
  category: ZCategory.optional(),
};
const ms = z.number().int().positive();

const ZThreshold = z
  .object({
    ...common,
    metric: z.string().min(1),
    above: z.number().optional(),
    below: z.number().optional(),
    clearBelow: z.number().optional(),
    clearAbove: z.number().optional(),
    minConsecutive: z.int().min(1).optional(),
    sensorIds: z.array(z.string()).optional(),
  })
  .refine((p) => p.above !== undefined || p.below !== undefined, { error: 'above or below is required' });

const ZRateOfChange = z
  .object({
    ...common,
    metric: z.string().min(1),
    risePerHour: z.number().positive().optional(),
    fallPerHour: z.number().positive().optional(),
    windowMs: ms.optional(),
    minSpanMs: z.number().int().min(0).optional(),
    minSamples: z.int().min(2).optional(),
    clearRatio: z.number().min(0).max(1).optional(),
    sensorIds: z.array(z.string()).optional(),
  })
  .refine((p) => p.risePerHour !== undefined || p.fallPerHour !== undefined, {
    error: 'risePerHour or fallPerHour is required',
  });

const ZAnomaly = z.object({
  ...common,
  sensitivity: z.number().positive().max(100).optional(),
  raiseScore: z.number().positive().optional(),
  clearScore: z.number().min(0).optional(),
  minConsecutive: z.int().min(1).optional(),
  metrics: z.array(z.string()).optional(),
});

const ZCluster = z.object({
  severity: ZSeverity.optional(),
  category: ZCategory,
  minReports: z.int().min(2),
  radiusKm: z.number().positive().max(50),
  windowMs: ms,
});

const ZGeofence = z.object({
  dwellMs: ms.optional(),
  kinds: z.array(z.enum(['hazard', 'geofence', 'admin_area'])).optional(),
});

const ZCorroboration = z.object({
  radiusKm: z.number().positive().optional(),
  windowMs: ms.optional(),
  minFamilies: z.int().min(2).optional(),
});

export interface DetectionRules {
  threshold: ThresholdParams[];
  rateOfChange: RateOfChangeParams[];
  anomaly: AnomalyParams[];
  clusters: ClusterParams[];
  geofence: GeofenceParams[];
  corroboration: CorroborationParams[];
}

export const NO_RULES: DetectionRules = {
  threshold: [],
  rateOfChange: [],
  anomaly: [],
  clusters: [],
  geofence: [],
  corroboration: [],
};

export interface RuleProblem {
  ruleId: string;
  reason: string;
}

/** Sorts the enabled rules by detector; rules that do not parse are returned as problems. */
export function parseRules(rules: readonly RuleDto[]): { rules: DetectionRules; problems: RuleProblem[] } {
  const out: DetectionRules = {
    threshold: [],
    rateOfChange: [],
    anomaly: [],
    clusters: [],
    geofence: [],
    corroboration: [],
  };
  const problems: RuleProblem[] = [];
  for (const rule of rules) {
    if (!rule.enabled) continue;
    const fail = (error: z.ZodError) =>
      problems.push({
        ruleId: rule.id,
        reason: error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      });
    const ruleId = rule.id;
    switch (rule.kind) {
      case 'threshold': {
        const r = ZThreshold.safeParse(rule.params);
        if (r.success) out.threshold.push({ ...r.data, ruleId } as ThresholdParams);
        else fail(r.error);
        break;
      }
      case 'rate_of_change': {
        const r = ZRateOfChange.safeParse(rule.params);
        if (r.success) out.rateOfChange.push({ ...r.data, ruleId } as RateOfChangeParams);
        else fail(r.error);
        break;
      }
      case 'anomaly': {
        const r = ZAnomaly.safeParse(rule.params);
        if (r.success) out.anomaly.push({ ...r.data, ruleId } as AnomalyParams);
        else fail(r.error);
        break;
      }
      case 'report_cluster': {
        const r = ZCluster.safeParse(rule.params);
        if (r.success) out.clusters.push({ ...r.data, ruleId } as ClusterParams);
        else fail(r.error);
        break;
      }
      case 'geofence': {
        const r = ZGeofence.safeParse(rule.params);
        if (r.success) out.geofence.push({ ...r.data, ruleId } as GeofenceParams);
        else fail(r.error);
        break;
      }
      case 'corroboration': {
        const r = ZCorroboration.safeParse(rule.params);
        if (r.success) out.corroboration.push({ ...r.data, ruleId } as CorroborationParams);
        else fail(r.error);
        break;
      }
    }
  }
  return { rules: out, problems };
}
