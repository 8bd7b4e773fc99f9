/**
 * Merging duplicate incidents (`merge_incidents`): the survivor takes the evidence, assignees,
 * dispatched assets and needs of the absorbed incidents, continues from the furthest-along status
 * among them, and its severity is recomputed from the joint evidence (a coordinator's severity on the
 * survivor stays in force under the usual rule). Each absorbed incident is closed with `mergedInto`.
 * Refused when the survivor is resolved or closed, or any absorbed incident is resolved, closed or
 * already merged.
 */
import type { IncidentChange } from './apply-alert';
import type { TMergeIncidentsV1 } from './command-types';
import { decideTransition, furthestOpenStatus } from './incident-lifecycle';
import { effectiveSeverity, evidenceSeverity } from './incident-severity';
import type { IncidentNeed, IncidentState } from './incident-state';

export type MergeOutcome =
  { ok: true; survivor: IncidentChange; absorbed: IncidentChange[] } | { ok: false; reason: string };

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...a, ...b.filter((x) => !a.includes(x))];
}

function mergeNeeds(a: readonly IncidentNeed[], b: readonly IncidentNeed[]): IncidentNeed[] {
  const out = a.map((n) => ({ ...n }));
  for (const need of b) {
    const same = out.find((n) => n.itemCode === need.itemCode && n.unit === need.unit);
    if (same === undefined) out.push({ ...need });
    else same.quantity += need.quantity;
  }
  return out;
}

export function mergeIncidents(
  survivor: IncidentState,
  sources: readonly IncidentState[],
  command: TMergeIncidentsV1,
  envelopeId: string,
): MergeOutcome {
  const self = decideTransition(survivor, 'merge');
  if (!self.ok) return self;
  for (const source of sources) {
    const absorb = decideTransition(source, 'absorb');
    if (!absorb.ok) return absorb;
  }
  let evidence = [...survivor.evidence];
  for (const source of sources) {
    for (const e of source.evidence) if (!evidence.some((x) => x.alertId === e.alertId)) evidence.push(e);
  }
  evidence = evidence.slice(0, 1_000);
  const severity = effectiveSeverity(evidenceSeverity(evidence), survivor.manualSeverity);
  const next: IncidentState = {
    ...survivor,
    status: furthestOpenStatus([survivor.status, ...sources.map((s) => s.status)]),
    evidence,
    severity: severity.severity,
    assigneeIds: sources.reduce((ids, s) => union(ids, s.assigneeIds), survivor.assigneeIds),
    dispatchedAssetIds: sources.reduce(
      (ids, s) => union(ids, s.dispatchedAssetIds),
      survivor.dispatchedAssetIds,
    ),
    needs: sources.reduce((needs, s) => mergeNeeds(needs, s.needs), survivor.needs),
    lastEvidenceAt: sources.reduce(
      (t, s) => (s.lastEvidenceAt > t ? s.lastEvidenceAt : t),
      survivor.lastEvidenceAt,
    ),
    seq: survivor.seq + 1,
  };
  if (severity.manual === undefined) delete next.manualSeverity;
  const base = {
    actor: command.actor,
    at: command.issuedAt,
    envelopeId,
    commandId: command.commandId,
    ...(command.note === undefined ? {} : { note: command.note }),
  };
  return {
    ok: true,
    survivor: {
      incident: next,
      change: {
        ...base,
        type: 'merged',
        data: { absorbed: sources.map((s) => s.id), statusFrom: survivor.status, statusTo: next.status },
      },
    },
    // Events of absorbed incidents get their own idempotency keys derived from the command's.
    absorbed: sources.map((source) => ({
      incident: { ...source, status: 'closed', mergedInto: survivor.id, seq: source.seq + 1 },
      change: {
        ...base,
        envelopeId: `${envelopeId}:${source.id}`,
        type: 'merged',
        data: { mergedInto: survivor.id, statusFrom: source.status },
      },
    })),
  };
}
