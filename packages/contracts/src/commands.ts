// commands: operator intents, checked (role, input) and attributed by the gateway, applied by the
// processor. `commandId` is generated where the intent is born (a phone's offline queue included), so
// a retried command is recognised as the same one.
import { z } from 'zod';
import { ZUserActor } from './actor';
import { ZAssetStatus } from './assets';
import { ZCategory } from './categories';
import { ZEventId, envelopeOf } from './envelope';
import { ZAreaGeometry, ZId, ZIsoDateTime, ZLonLat, boundedId, boundedLine, boundedText } from './primitives';
import { can } from './roles';
import type { TPermission, TRole } from './roles';
import { ZSeverity } from './severity';

const commandShape = {
  commandId: ZEventId,
  actor: ZUserActor,
  issuedAt: ZIsoDateTime,
};

const note = boundedText(4_000);
const uniqueIds = (max: number) =>
  z
    .array(ZId)
    .min(1)
    .max(max)
    .refine((ids) => new Set(ids).size === ids.length, { error: 'Ids must be unique' });

export const ZCreateIncidentV1 = z.object({
  ...commandShape,
  kind: z.literal('create_incident'),
  /** Assigned by the gateway (a new event id), so the command can be keyed by it. */
  incidentId: ZId,
  title: boundedLine(200, 1),
  severity: ZSeverity,
  category: ZCategory.optional(),
  position: ZLonLat,
  area: ZAreaGeometry.optional(),
  description: note.optional(),
  /** Alerts this incident is opened from. */
  alertIds: z.array(ZId).max(100).optional(),
});

export const ZAcknowledgeIncidentV1 = z.object({
  ...commandShape,
  kind: z.literal('acknowledge_incident'),
  incidentId: ZId,
  note: note.optional(),
});

export const ZAcknowledgeAlertV1 = z.object({
  ...commandShape,
  kind: z.literal('acknowledge_alert'),
  alertId: ZId,
  note: note.optional(),
});

export const ZAssignV1 = z.object({
  ...commandShape,
  kind: z.literal('assign'),
  incidentId: ZId,
  assigneeKind: z.enum(['user', 'team']),
  /** User id, or asset id of a team. */
  assigneeId: ZId,
  note: note.optional(),
});

export const ZDispatchStockLine = z.object({
  warehouseId: ZId,
  itemCode: ZId,
  quantity: z.number().gt(0).max(1e12),
  unit: boundedId(16),
});
export type TDispatchStockLine = z.infer<typeof ZDispatchStockLine>;

export const ZDispatchV1 = z.object({
  ...commandShape,
  kind: z.literal('dispatch'),
  incidentId: ZId,
  assetIds: uniqueIds(50),
  stock: z.array(ZDispatchStockLine).max(50).optional(),
  /** Where to go, when not the incident's position (a staging point). */
  destination: ZLonLat.optional(),
  note: note.optional(),
});

/** Field staff or a coordinator set an asset's status (`en_route`, `on_scene`…). */
export const ZUpdateStatusV1 = z.object({
  ...commandShape,
  kind: z.literal('update_status'),
  assetId: ZId,
  status: ZAssetStatus,
  /** The incident the asset is working on, if any. */
  incidentId: ZId.optional(),
  position: ZLonLat.optional(),
  note: note.optional(),
});

export const ZResolveV1 = z.object({
  ...commandShape,
  kind: z.literal('resolve'),
  incidentId: ZId,
  resolution: boundedText(4_000, 1),
});

export const ZCloseV1 = z.object({
  ...commandShape,
  kind: z.literal('close'),
  incidentId: ZId,
  note: note.optional(),
});

export const ZAddNoteV1 = z.object({
  ...commandShape,
  kind: z.literal('add_note'),
  incidentId: ZId,
  text: boundedText(4_000, 1),
});

export const ZSetSeverityV1 = z.object({
  ...commandShape,
  kind: z.literal('set_severity'),
  incidentId: ZId,
  severity: ZSeverity,
  reason: boundedLine(500).optional(),
});

/** Merge `sourceIncidentIds` into `incidentId` (the survivor). */
export const ZMergeIncidentsV1 = z
  .object({
    ...commandShape,
    kind: z.literal('merge_incidents'),
    incidentId: ZId,
    sourceIncidentIds: uniqueIds(20),
    note: note.optional(),
  })
  .refine((c) => !c.sourceIncidentIds.includes(c.incidentId), {
    error: 'An incident cannot be merged into itself',
    path: ['sourceIncidentIds'],
  });

export const ZCommandV1 = z
  .discriminatedUnion('kind', [
    ZCreateIncidentV1,
    ZAcknowledgeIncidentV1,
    ZAcknowledgeAlertV1,
    ZAssignV1,
    ZDispatchV1,
    ZUpdateStatusV1,
    ZResolveV1,
    ZCloseV1,
    ZAddNoteV1,
    ZSetSeverityV1,
    ZMergeIncidentsV1,
  ])
  .meta({ description: 'Operator intent, attributed, v1' });
export type TCommandV1 = z.infer<typeof ZCommandV1>;
export type TCommandKind = TCommandV1['kind'];

export const ZCommandEventV1 = envelopeOf('command', 1, ZCommandV1);
export type TCommandEventV1 = z.infer<typeof ZCommandEventV1>;

/** Permission the actor's role must hold for each command. */
export const commandPermissions: Readonly<Record<TCommandKind, TPermission>> = {
  create_incident: 'incident.create',
  acknowledge_incident: 'incident.acknowledge',
  acknowledge_alert: 'alert.acknowledge',
  assign: 'incident.assign',
  dispatch: 'incident.dispatch',
  update_status: 'asset.update_status',
  resolve: 'incident.resolve',
  close: 'incident.close',
  add_note: 'incident.note',
  set_severity: 'incident.set_severity',
  merge_incidents: 'incident.merge',
};

/** Whether `role` may issue a command of `kind`. */
export function canIssue(role: TRole, kind: TCommandKind): boolean {
  return can(role, commandPermissions[kind]);
}

/**
 * What a command acts on, used as its partition key: the incident for incident commands, the alert for
 * `acknowledge_alert`, the asset for `update_status`. Commands on one target are applied in order.
 */
export function commandTarget(command: TCommandV1): string {
  switch (command.kind) {
    case 'acknowledge_alert':
      return command.alertId;
    case 'update_status':
      return command.assetId;
    default:
      return command.incidentId;
  }
}
