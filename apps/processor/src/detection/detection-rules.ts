/**
 * The detection rules of the database, checked and sorted by detector. A rule whose parameters do not
 * fit its kind is left out (and reported), never half-applied.
 */
import { ZRuleParamsByKind } from '@vigie/contracts/rule-api';
import type { RuleDto } from '@vigie/db/rules-repository';
import type { AnomalyParams } from '@vigie/domain/detection/anomaly-detector';
import type { CorroborationParams } from '@vigie/domain/detection/corroboration-detector';
import type { GeofenceParams } from '@vigie/domain/detection/geofence-detector';
import type { RateOfChangeParams } from '@vigie/domain/detection/rate-of-change-detector';
import type { ClusterParams } from '@vigie/domain/detection/report-cluster-detector';
import type { ThresholdParams } from '@vigie/domain/detection/threshold-detector';
import type { z } from 'zod';

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
    // The same parameter checks as the admins' `rules.update` (one schema per kind in the contracts).
    const parse = <T>(schema: z.ZodType, into: T[]) => {
      const r = schema.safeParse(rule.params);
      if (r.success) into.push({ ...(r.data as object), ruleId } as T);
      else fail(r.error);
    };
    switch (rule.kind) {
      case 'threshold':
        parse(ZRuleParamsByKind.threshold, out.threshold);
        break;
      case 'rate_of_change':
        parse(ZRuleParamsByKind.rate_of_change, out.rateOfChange);
        break;
      case 'anomaly':
        parse(ZRuleParamsByKind.anomaly, out.anomaly);
        break;
      case 'report_cluster':
        parse(ZRuleParamsByKind.report_cluster, out.clusters);
        break;
      case 'geofence':
        parse(ZRuleParamsByKind.geofence, out.geofence);
        break;
      case 'corroboration':
        parse(ZRuleParamsByKind.corroboration, out.corroboration);
        break;
    }
  }
  return { rules: out, problems };
}
