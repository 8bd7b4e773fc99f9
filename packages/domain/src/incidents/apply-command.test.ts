import type { TUserActor } from '@vigie/contracts/actor';
import { describe, expect, it } from 'vitest';
import { attachAlert } from './apply-alert';
import {
  acknowledgeIncident,
  applyAssetStatus,
  createIncident,
  dispatchToIncident,
  setSeverity,
} from './apply-command';
import type { IncidentState } from './incident-state';
import { mergeIncidents } from './merge-incidents';

const coordinator: TUserActor = { kind: 'user', userId: 'u-coord', role: 'coordinator' };
const at = '2025-03-01T12:00:00.000Z';
const base = { actor: coordinator, issuedAt: at };
const ctx = (n: number) => ({ envelopeId: `ENV-${n}` });

function opened(id = 'INC-1'): IncidentState {
  return createIncident(
    {
      ...base,
      commandId: `CMD-${id}`,
      kind: 'create_incident',
      incidentId: id,
      title: 'Flooded school',
      severity: 'moderate',
      category: 'flood',
      position: { lon: -73.75, lat: 18.2 },
    },
    ctx(0),
  ).incident;
}

describe('commands on an incident', () => {
  it('records who acknowledged, with the command id, on the timeline', () => {
    const outcome = acknowledgeIncident(
      opened(),
      { ...base, commandId: 'CMD-2', kind: 'acknowledge_incident', incidentId: 'INC-1', note: 'on it' },
      ctx(2),
    );
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.incident.status).toBe('acknowledged');
    expect(outcome.incident.seq).toBe(2);
    expect(outcome.change).toMatchObject({
      type: 'status_changed',
      actor: coordinator,
      commandId: 'CMD-2',
      note: 'on it',
      data: { from: 'detected', to: 'acknowledged' },
    });
  });

  it('dispatches assets, assigns their crews and refuses the same asset twice', () => {
    const dispatch = { ...base, kind: 'dispatch' as const, incidentId: 'INC-1', assetIds: ['truck-1'] };
    const first = dispatchToIncident(opened(), { ...dispatch, commandId: 'CMD-3' }, ['u-driver'], ctx(3));
    if (!first.ok) throw new Error(first.reason);
    expect(first.incident).toMatchObject({
      status: 'dispatched',
      dispatchedAssetIds: ['truck-1'],
      assigneeIds: ['u-driver'],
    });
    const again = dispatchToIncident(first.incident, { ...dispatch, commandId: 'CMD-4' }, [], ctx(4));
    expect(again).toEqual({
      ok: false,
      reason: 'Already dispatched to incident INC-1: truck-1. Dispatch other assets.',
    });
  });

  it('moves the incident on scene when a dispatched crew reports on scene, and not before dispatch', () => {
    const status = { ...base, commandId: 'CMD-5', kind: 'update_status' as const, assetId: 'truck-1' };
    const early = applyAssetStatus(opened(), { ...status, status: 'on_scene' }, ctx(5));
    expect(early.ok).toBe(false);
    const sent = dispatchToIncident(
      opened(),
      { ...base, commandId: 'CMD-6', kind: 'dispatch', incidentId: 'INC-1', assetIds: ['truck-1'] },
      [],
      ctx(6),
    );
    if (!sent.ok) throw new Error(sent.reason);
    const arrived = applyAssetStatus(sent.incident, { ...status, status: 'on_scene' }, ctx(7));
    expect(arrived.ok && arrived.incident.status).toBe('on_scene');
  });

  it('keeps a coordinator severity against weaker evidence and yields to stronger', () => {
    const withReports: IncidentState = {
      ...opened(),
      severity: 'moderate',
      evidence: [{ alertId: 'A-0', kind: 'report_cluster', severity: 'moderate', at }],
    };
    delete withReports.manualSeverity;
    const set = setSeverity(
      withReports,
      { ...base, commandId: 'CMD-8', kind: 'set_severity', incidentId: 'INC-1', severity: 'minor' },
      ctx(8),
    );
    if (!set.ok) throw new Error(set.reason);
    const alert = {
      alertId: 'A-1',
      kind: 'report_cluster' as const,
      status: 'active' as const,
      position: { lon: -73.75, lat: 18.2 },
      at,
    };
    const weak = attachAlert(set.incident, { ...alert, severity: 'moderate' }, 'ENV-9').incident;
    expect(weak.severity).toBe('minor');
    const strong = attachAlert(weak, { ...alert, alertId: 'A-2', severity: 'extreme' }, 'ENV-10');
    expect(strong.incident.severity).toBe('extreme');
    expect(strong.incident.manualSeverity).toBeUndefined();
    expect(strong.change.data).toMatchObject({ severityFrom: 'minor', severityTo: 'extreme' });
  });
});

describe('merging duplicate incidents', () => {
  const merge = {
    ...base,
    commandId: 'CMD-M',
    kind: 'merge_incidents' as const,
    incidentId: 'INC-1',
    sourceIncidentIds: ['INC-2'],
  };

  it('moves the evidence and assets to the survivor and closes the duplicate', () => {
    const survivor = {
      ...opened('INC-1'),
      evidence: [{ alertId: 'A-1', kind: 'report_cluster' as const, severity: 'moderate' as const, at }],
    };
    const duplicate: IncidentState = {
      ...opened('INC-2'),
      status: 'dispatched',
      dispatchedAssetIds: ['boat-2'],
      evidence: [{ alertId: 'A-2', kind: 'external', severity: 'moderate', at }],
    };
    const outcome = mergeIncidents(survivor, [duplicate], merge, 'ENV-M');
    if (!outcome.ok) throw new Error(outcome.reason);
    expect(outcome.survivor.incident).toMatchObject({ status: 'dispatched', dispatchedAssetIds: ['boat-2'] });
    expect(outcome.survivor.incident.evidence.map((e) => e.alertId)).toEqual(['A-1', 'A-2']);
    expect(outcome.absorbed[0]!.incident).toMatchObject({
      id: 'INC-2',
      status: 'closed',
      mergedInto: 'INC-1',
    });
    expect(outcome.absorbed[0]!.change.envelopeId).toBe('ENV-M:INC-2');
  });

  it('refuses to absorb a resolved incident', () => {
    const outcome = mergeIncidents(
      opened('INC-1'),
      [{ ...opened('INC-2'), status: 'resolved' }],
      merge,
      'ENV-M',
    );
    expect(outcome).toEqual({
      ok: false,
      reason: 'Incident INC-2 is already resolved: it cannot be merged into another.',
    });
  });
});
