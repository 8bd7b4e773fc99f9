/**
 * An incident's state after a change, as published on live.incidents (the contract's `TLiveIncidentV1`).
 */
import type { TLiveIncidentV1 } from '@vigie/contracts/live-incidents';
import type { IncidentChangeRecord, IncidentState } from './incident-state';

export function toLiveIncident(incident: IncidentState, change: IncidentChangeRecord): TLiveIncidentV1 {
  const live: TLiveIncidentV1 = {
    incidentId: incident.id,
    seq: Math.max(1, incident.seq),
    change: change.type,
    status: incident.status,
    severity: incident.severity,
    title: incident.title,
    position: incident.position,
    at: change.at,
    actor: change.actor,
    openedAt: incident.openedAt,
    alertIds: incident.evidence.map((e) => e.alertId).slice(0, 1_000),
    assigneeIds: incident.assigneeIds.slice(0, 200),
    dispatchedAssetIds: incident.dispatchedAssetIds.slice(0, 200),
  };
  if (incident.category !== undefined) live.category = incident.category;
  if (incident.area !== undefined) live.area = incident.area;
  if (incident.region !== undefined) live.region = incident.region;
  if (incident.cell !== undefined) live.cell = incident.cell;
  if (incident.mergedInto !== undefined) live.mergedInto = incident.mergedInto;
  if (change.commandId !== undefined) live.commandId = change.commandId;
  if (change.note !== undefined) live.note = change.note.slice(0, 4_000);
  return live;
}
