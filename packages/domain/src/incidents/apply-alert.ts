/**
 * What an alert does to an incident: open a new one from it, or add it (or its update) to one as
 * evidence, recomputing the severity. Each returns the incident after the change and the change
 * itself for the timeline; the caller decided where the alert goes with `placeAlert`.
 */
import type { TSystemActor } from '@vigie/contracts/actor';
import type { TAreaGeometry, TRegion } from '@vigie/contracts/primitives';
import type { AlertFacts } from './place-alert';
import type { IncidentChangeRecord, IncidentEvidence, IncidentState } from './incident-state';
import { effectiveSeverity, evidenceSeverity } from './incident-severity';

export interface AlertDetails extends AlertFacts {
  title: string;
  area?: TAreaGeometry | undefined;
  region?: TRegion | undefined;
  cell?: string | undefined;
}

export interface IncidentChange {
  incident: IncidentState;
  change: IncidentChangeRecord;
}

export const INCIDENT_COMPONENT: TSystemActor = { kind: 'system', component: 'incidents' };

function evidenceOf(alert: AlertFacts): IncidentEvidence {
  return { alertId: alert.alertId, kind: alert.kind, severity: alert.severity, at: alert.at };
}

export function openIncidentFromAlert(
  alert: AlertDetails,
  incidentId: string,
  envelopeId: string,
): IncidentChange {
  const evidence = [evidenceOf(alert)];
  const incident: IncidentState = {
    id: incidentId,
    title: alert.title,
    status: 'detected',
    severity: evidenceSeverity(evidence),
    position: alert.position,
    openedAt: alert.at,
    lastEvidenceAt: alert.at,
    evidence,
    assigneeIds: [],
    dispatchedAssetIds: [],
    needs: [],
    seq: 1,
  };
  if (alert.category !== undefined) incident.category = alert.category;
  if (alert.area !== undefined) incident.area = alert.area;
  if (alert.region !== undefined) incident.region = alert.region;
  if (alert.cell !== undefined) incident.cell = alert.cell;
  return {
    incident,
    change: {
      type: 'opened',
      actor: INCIDENT_COMPONENT,
      at: alert.at,
      envelopeId,
      data: { alertId: alert.alertId, alertKind: alert.kind, severity: incident.severity },
    },
  };
}

/** Adds the alert (or replaces the earlier state of the same alert) in the incident's evidence. */
export function attachAlert(incident: IncidentState, alert: AlertFacts, envelopeId: string): IncidentChange {
  const known = incident.evidence.some((e) => e.alertId === alert.alertId);
  const evidence = known
    ? incident.evidence.map((e) => (e.alertId === alert.alertId ? evidenceOf(alert) : e))
    : [...incident.evidence, evidenceOf(alert)];
  const severity = effectiveSeverity(evidenceSeverity(evidence), incident.manualSeverity);
  const next: IncidentState = {
    ...incident,
    evidence,
    severity: severity.severity,
    lastEvidenceAt: alert.at > incident.lastEvidenceAt ? alert.at : incident.lastEvidenceAt,
    seq: incident.seq + 1,
  };
  if (severity.manual === undefined) delete next.manualSeverity;
  else next.manualSeverity = severity.manual;
  if (next.category === undefined && alert.category !== undefined) next.category = alert.category;
  const data: Record<string, unknown> = { alertId: alert.alertId, alertKind: alert.kind, update: known };
  if (next.severity !== incident.severity) {
    data.severityFrom = incident.severity;
    data.severityTo = next.severity;
  }
  if (severity.overridden) data.manualSeverityOverridden = true;
  return {
    incident: next,
    change: {
      type: next.severity !== incident.severity ? 'severity_changed' : 'evidence_added',
      actor: INCIDENT_COMPONENT,
      at: alert.at,
      envelopeId,
      data,
    },
  };
}
