/**
 * Between the domain's incident state, its stored form (`IncidentRecord`) and live.incidents records.
 * The stored `state` holds what has no column of its own: evidence, manual severity, assignees,
 * dispatched assets, the time of the latest evidence and the alert ids (searched by `incidentOfAlert`).
 */
import type { TLiveIncidentEventV1, TLiveIncidentV1 } from '@vigie/contracts/live-incidents';
import type { TCategory } from '@vigie/contracts/categories';
import { ZCategory } from '@vigie/contracts/categories';
import { ZIncidentStatus } from '@vigie/contracts/live-incidents';
import { ZAreaGeometry, ZRegion } from '@vigie/contracts/primitives';
import type { IncidentRecord } from '@vigie/db/incidents-repository';
import type { IncidentChangeRecord, IncidentState } from '@vigie/domain/incidents/incident-state';
import { actorLabel } from '@vigie/domain/incidents/incident-state';
import { toLiveIncident } from '@vigie/domain/incidents/incident-timeline';
import { deriveEventId } from '../derive-event-id';
import type { Outgoing } from './run-topic-consumer';

function array<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

export function toState(record: IncidentRecord): IncidentState {
  const s = record.state;
  const state: IncidentState = {
    id: record.id,
    title: record.title,
    status: ZIncidentStatus.catch('detected').parse(record.status),
    severity: record.severity,
    position: record.position,
    openedAt: record.openedAt.toISOString(),
    lastEvidenceAt: typeof s.lastEvidenceAt === 'string' ? s.lastEvidenceAt : record.openedAt.toISOString(),
    evidence: array(s.evidence),
    assigneeIds: array(s.assigneeIds),
    dispatchedAssetIds: array(s.dispatchedAssetIds),
    needs: array(record.needs),
    seq: record.seq,
  };
  const category = ZCategory.safeParse(record.category);
  if (category.success) state.category = category.data;
  const area = ZAreaGeometry.safeParse(record.area);
  if (area.success) state.area = area.data;
  const region = ZRegion.safeParse(s.region);
  if (region.success) state.region = region.data;
  if (record.h3Cell !== null) state.cell = record.h3Cell;
  if (record.mergedInto !== null) state.mergedInto = record.mergedInto;
  if (typeof s.manualSeverity === 'object' && s.manualSeverity !== null) {
    state.manualSeverity = s.manualSeverity as IncidentState['manualSeverity'] & object;
  }
  return state;
}

export function toRecord(state: IncidentState): IncidentRecord {
  return {
    id: state.id,
    title: state.title,
    category: state.category ?? null,
    status: state.status,
    severity: state.severity,
    position: state.position,
    // The contract's positions may carry an explicit undefined altitude; stored as plain GeoJSON.
    area:
      state.area === undefined ? null : (JSON.parse(JSON.stringify(state.area)) as IncidentRecord['area']),
    region: state.region?.country ?? state.region?.name ?? null,
    h3Cell: state.cell ?? null,
    needs: state.needs,
    openedAt: new Date(state.openedAt),
    mergedInto: state.mergedInto ?? null,
    seq: state.seq,
    state: {
      evidence: state.evidence,
      alertIds: state.evidence.map((e) => e.alertId),
      assigneeIds: state.assigneeIds,
      dispatchedAssetIds: state.dispatchedAssetIds,
      lastEvidenceAt: state.lastEvidenceAt,
      ...(state.manualSeverity === undefined ? {} : { manualSeverity: state.manualSeverity }),
      ...(state.region === undefined ? {} : { region: state.region }),
    },
  };
}

export function eventOf(change: IncidentChangeRecord) {
  return {
    type: change.type,
    actor: actorLabel(change.actor),
    at: new Date(change.at),
    envelopeId: change.envelopeId,
    data: {
      ...change.data,
      ...(change.note === undefined ? {} : { note: change.note }),
      ...(change.commandId === undefined ? {} : { commandId: change.commandId }),
    },
  };
}

/**
 * The live.incidents record of a change; its id derives from the incident and seq (a replay repeats it).
 * `dispatch` tells which dispatch a tracking update or an arrival is about.
 */
export function incidentRecord(
  state: IncidentState,
  change: IncidentChangeRecord,
  context: { sourceId: string; now: Date },
  dispatch?: TLiveIncidentV1['dispatch'],
): Outgoing {
  const payload = toLiveIncident(state, change);
  if (dispatch !== undefined) payload.dispatch = dispatch;
  const event: TLiveIncidentEventV1 = {
    id: deriveEventId(Date.parse(change.at), 'incident', state.id, String(payload.seq)),
    type: 'incident',
    v: 1,
    source: context.sourceId,
    occurredAt: change.at,
    receivedAt: context.now.toISOString(),
    geo: state.position,
    payload,
  };
  return { topic: 'live.incidents', record: { key: state.id, value: JSON.stringify(event) } };
}

export function categoryOf(value: string | undefined): TCategory | undefined {
  const parsed = ZCategory.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
