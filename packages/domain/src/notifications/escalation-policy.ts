/**
 * When an alert escalates: it is still active, nobody acknowledged it, its severity is one of the
 * escalating ones (severe and extreme by default), it has waited at least `delayMs`, and it has not
 * escalated before (escalation happens once).
 */
import type { TSeverity } from '@vigie/contracts/severity';

export interface EscalationPolicy {
  delayMs: number;
  severities: readonly TSeverity[];
}

export const DEFAULT_ESCALATION: EscalationPolicy = {
  delayMs: 5 * 60_000,
  severities: ['severe', 'extreme'],
};

export interface EscalationCandidate {
  severity: TSeverity;
  status: string;
  raisedAt: string;
  acknowledgedAt?: string | undefined;
  escalatedAt?: string | undefined;
}

export function shouldEscalate(alert: EscalationCandidate, now: number, policy: EscalationPolicy): boolean {
  return (
    alert.status === 'active' &&
    alert.acknowledgedAt === undefined &&
    alert.escalatedAt === undefined &&
    policy.severities.includes(alert.severity) &&
    Date.parse(alert.raisedAt) + policy.delayMs <= now
  );
}

/** Alerts raised before this instant may be due (the database pre-filter). */
export function escalationCutoff(now: number, policy: EscalationPolicy): Date {
  return new Date(now - policy.delayMs);
}
