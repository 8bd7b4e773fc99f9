/**
 * What an operator command does to an incident: the incident after it and the timeline change, or
 * the reason it is refused. Stock, dispatch rows and asset statuses are the caller's business; this
 * decides the incident side only.
 */
import type { TActor, TUserActor } from '@vigie/contracts/actor';
import type {
  TAcknowledgeIncidentV1,
  TAddNoteV1,
  TAssignV1,
  TCloseV1,
  TCreateIncidentV1,
  TDispatchV1,
  TResolveV1,
  TSetSeverityV1,
  TUpdateStatusV1,
} from './command-types';
import type { IncidentChange } from './apply-alert';
import { decideTransition } from './incident-lifecycle';
import type { LifecycleAction } from './incident-lifecycle';
import { evidenceSeverity } from './incident-severity';
import type { IncidentChangeRecord, IncidentState } from './incident-state';

export type CommandOutcome = ({ ok: true } & IncidentChange) | { ok: false; reason: string };

interface CommandContext {
  /** Envelope id of the command event. */
  envelopeId: string;
}

function record(
  command: { commandId?: string | undefined; actor: TActor | TUserActor; issuedAt: string },
  context: CommandContext,
  type: IncidentChangeRecord['type'],
  data: Record<string, unknown>,
  note?: string,
): IncidentChangeRecord {
  const change: IncidentChangeRecord = {
    type,
    actor: command.actor,
    at: command.issuedAt,
    envelopeId: context.envelopeId,
    data,
  };
  if (command.commandId !== undefined) change.commandId = command.commandId;
  if (note !== undefined) change.note = note;
  return change;
}

function transition(incident: IncidentState, action: LifecycleAction) {
  return decideTransition(incident, action);
}

/** A command that only moves the incident along its lifecycle: one `status_changed` event. */
function moveStatus(
  incident: IncidentState,
  action: LifecycleAction,
  command: { commandId?: string | undefined; actor: TActor | TUserActor; issuedAt: string },
  context: CommandContext,
  note: string | undefined,
  data: Record<string, unknown> = {},
): CommandOutcome {
  const decision = transition(incident, action);
  if (!decision.ok) return decision;
  return {
    ok: true,
    incident: { ...incident, status: decision.status, seq: incident.seq + 1 },
    change: record(
      command,
      context,
      'status_changed',
      { from: incident.status, to: decision.status, ...data },
      note,
    ),
  };
}

export function createIncident(command: TCreateIncidentV1, context: CommandContext): IncidentChange {
  const incident: IncidentState = {
    id: command.incidentId,
    title: command.title,
    status: 'detected',
    severity: command.severity,
    manualSeverity: {
      severity: command.severity,
      evidenceSeverity: 'info',
      byUserId: command.actor.userId,
      at: command.issuedAt,
    },
    position: command.position,
    openedAt: command.issuedAt,
    lastEvidenceAt: command.issuedAt,
    evidence: [],
    assigneeIds: [],
    dispatchedAssetIds: [],
    needs: [],
    seq: 1,
  };
  if (command.category !== undefined) incident.category = command.category;
  if (command.area !== undefined) incident.area = command.area;
  return {
    incident,
    change: record(command, context, 'opened', { severity: command.severity }, command.description),
  };
}

export function acknowledgeIncident(
  incident: IncidentState,
  command: TAcknowledgeIncidentV1,
  context: CommandContext,
): CommandOutcome {
  return moveStatus(incident, 'acknowledge', command, context, command.note);
}

export function assignIncident(
  incident: IncidentState,
  command: TAssignV1,
  context: CommandContext,
): CommandOutcome {
  const decision = transition(incident, 'assign');
  if (!decision.ok) return decision;
  if (incident.assigneeIds.includes(command.assigneeId)) {
    return { ok: false, reason: `${command.assigneeId} is already assigned to incident ${incident.id}.` };
  }
  return {
    ok: true,
    incident: {
      ...incident,
      assigneeIds: [...incident.assigneeIds, command.assigneeId],
      seq: incident.seq + 1,
    },
    change: record(
      command,
      context,
      'assigned',
      { assigneeKind: command.assigneeKind, assigneeId: command.assigneeId },
      command.note,
    ),
  };
}

/**
 * The incident side of a dispatch: the assets join the dispatched ones and their crews the
 * assignees. `crewIds` are the users whose crew asset is dispatched.
 */
export function dispatchToIncident(
  incident: IncidentState,
  command: TDispatchV1,
  crewIds: readonly string[],
  context: CommandContext,
): CommandOutcome {
  const decision = transition(incident, 'dispatch');
  if (!decision.ok) return decision;
  const already = command.assetIds.filter((id) => incident.dispatchedAssetIds.includes(id));
  if (already.length > 0) {
    return {
      ok: false,
      reason: `Already dispatched to incident ${incident.id}: ${already.join(', ')}. Dispatch other assets.`,
    };
  }
  const assignees = [...incident.assigneeIds, ...crewIds.filter((id) => !incident.assigneeIds.includes(id))];
  return {
    ok: true,
    incident: {
      ...incident,
      status: decision.status,
      dispatchedAssetIds: [...incident.dispatchedAssetIds, ...command.assetIds],
      assigneeIds: assignees,
      seq: incident.seq + 1,
    },
    change: record(
      command,
      context,
      'dispatched',
      { from: incident.status, to: decision.status, assetIds: command.assetIds, stock: command.stock ?? [] },
      command.note,
    ),
  };
}

/**
 * A dispatched asset's new status seen from its incident: `on_scene` moves the incident on scene;
 * other statuses are recorded on the timeline without moving it. The status comes from field staff
 * (a command) or from tracking (the vehicle reached the destination: a system actor, no command).
 */
export function applyAssetStatus(
  incident: IncidentState,
  command: Pick<TUpdateStatusV1, 'assetId' | 'status' | 'issuedAt' | 'note'> & {
    actor: TActor;
    commandId?: string | undefined;
  },
  context: CommandContext,
): CommandOutcome {
  if (command.status === 'on_scene') {
    const decision = transition(incident, 'arrive');
    if (!decision.ok) return decision;
    return {
      ok: true,
      incident: { ...incident, status: decision.status, seq: incident.seq + 1 },
      change: record(
        command,
        context,
        decision.changed ? 'status_changed' : 'updated',
        { from: incident.status, to: decision.status, assetId: command.assetId, assetStatus: command.status },
        command.note,
      ),
    };
  }
  const decision = transition(incident, 'note');
  if (!decision.ok) return decision;
  return {
    ok: true,
    incident: { ...incident, seq: incident.seq + 1 },
    change: record(
      command,
      context,
      'updated',
      { assetId: command.assetId, assetStatus: command.status },
      command.note,
    ),
  };
}

export function resolveIncident(
  incident: IncidentState,
  command: TResolveV1,
  context: CommandContext,
): CommandOutcome {
  return moveStatus(incident, 'resolve', command, context, command.resolution);
}

export function closeIncident(
  incident: IncidentState,
  command: TCloseV1,
  context: CommandContext,
): CommandOutcome {
  return moveStatus(incident, 'close', command, context, command.note, {
    dismissed: incident.status !== 'resolved',
  });
}

export function addNote(
  incident: IncidentState,
  command: TAddNoteV1,
  context: CommandContext,
): CommandOutcome {
  const decision = transition(incident, 'note');
  if (!decision.ok) return decision;
  return {
    ok: true,
    incident: { ...incident, seq: incident.seq + 1 },
    change: record(command, context, 'note_added', {}, command.text),
  };
}

export function setSeverity(
  incident: IncidentState,
  command: TSetSeverityV1,
  context: CommandContext,
): CommandOutcome {
  const decision = transition(incident, 'set_severity');
  if (!decision.ok) return decision;
  if (command.severity === incident.severity) {
    return { ok: false, reason: `Incident ${incident.id} is already ${command.severity}.` };
  }
  const fromEvidence = evidenceSeverity(incident.evidence);
  return {
    ok: true,
    incident: {
      ...incident,
      severity: command.severity,
      manualSeverity: {
        severity: command.severity,
        evidenceSeverity: fromEvidence,
        byUserId: command.actor.userId,
        at: command.issuedAt,
      },
      seq: incident.seq + 1,
    },
    change: record(
      command,
      context,
      'severity_changed',
      { from: incident.severity, to: command.severity, evidenceSeverity: fromEvidence },
      command.reason,
    ),
  };
}
