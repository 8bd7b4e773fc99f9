/**
 * Severity of an incident, from its evidence and from coordinators.
 *
 * From the evidence: the highest severity among its alerts, raised one step when the alerts are
 * corroborated (at least two different kinds of alert, e.g. a report cluster and an external CAP
 * alert, or a `corroboration` alert among them), and one more step when many alerts point at it
 * (`manyAlerts`, 10 by default). Never above `extreme`; `info` evidence alone stays `info`.
 *
 * A coordinator's severity (`set_severity`) wins over the evidence, in both directions, with one
 * exception: when later evidence gives a severity above both the coordinator's value and what the
 * evidence said when the coordinator set it, the evidence takes over again and the manual value is
 * dropped. So a coordinator can calm an over-rated incident without new reports being ignored, and
 * a coordinator's raised severity is never lowered by the evidence.
 */
import type { TSeverity } from '@vigie/contracts/severity';
import { compareSeverity, maxSeverity, severityRank } from '@vigie/contracts/severity';
import type { IncidentEvidence, ManualSeverity } from './incident-state';

const BY_RANK: readonly TSeverity[] = ['info', 'minor', 'moderate', 'severe', 'extreme'];

export interface SeverityOptions {
  /** Alerts from which the count alone raises the severity one step. */
  manyAlerts?: number;
}

function raise(severity: TSeverity, steps: number): TSeverity {
  if (severity === 'info' || steps <= 0) return severity;
  return BY_RANK[Math.min(4, severityRank[severity] + steps)] ?? 'extreme';
}

/** Severity the evidence alone gives. */
export function evidenceSeverity(
  evidence: readonly Pick<IncidentEvidence, 'kind' | 'severity'>[],
  options: SeverityOptions = {},
): TSeverity {
  if (evidence.length === 0) return 'info';
  const base = maxSeverity(...evidence.map((e) => e.severity));
  const kinds = new Set(evidence.map((e) => e.kind));
  const corroborated = kinds.size >= 2 || kinds.has('corroboration');
  const many = evidence.length >= (options.manyAlerts ?? 10);
  return raise(base, (corroborated ? 1 : 0) + (many ? 1 : 0));
}

export interface SeverityOutcome {
  severity: TSeverity;
  /** The manual severity still in force, or undefined when none (or when the evidence took over). */
  manual: ManualSeverity | undefined;
  /** True when evidence above the coordinator's value just replaced it. */
  overridden: boolean;
}

/** The effective severity from the evidence's severity and a coordinator's, if any. */
export function effectiveSeverity(
  fromEvidence: TSeverity,
  manual: ManualSeverity | undefined,
): SeverityOutcome {
  if (manual === undefined) return { severity: fromEvidence, manual: undefined, overridden: false };
  const stronger =
    compareSeverity(fromEvidence, manual.evidenceSeverity) > 0 &&
    compareSeverity(fromEvidence, manual.severity) > 0;
  if (stronger) return { severity: fromEvidence, manual: undefined, overridden: true };
  return { severity: manual.severity, manual, overridden: false };
}
