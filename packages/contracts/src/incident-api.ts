// tRPC procedures about incidents (gateway router `incidents.*`, `dispatch.*`), inputs and outputs. Command
// procedures take the operator's intent without actor or time (the gateway adds them) and answer with the
// command id; a client may supply its own `commandId` so that a retry (a phone's offline queue) is the same
// command.
import { z } from 'zod';
import { ZAlertKind, ZAlertStatus, ZEvidence } from './live-alerts';
import { ZAssetKind, ZAssetStatus } from './assets';
import { ZCategory } from './categories';
import { ZDispatchStockLine } from './commands';
import { ZEventId } from './envelope';
import { ZIncidentStatus } from './live-incidents';
import {
  ZAreaGeometry,
  ZBbox,
  ZCountryCode,
  ZFinite,
  ZGeometry,
  ZId,
  ZIsoDateTime,
  ZLonLat,
  boundedId,
  boundedLine,
  boundedText,
} from './primitives';
import { ZRole } from './roles';
import { ZSeverity } from './severity';

export const INCIDENT_LIST_MAX = 500;

/** Opaque pagination cursor returned by a list and passed back for the next page. */
export const ZCursor = z.string().min(1).max(256);

export const ZIncidentListInput = z.object({
  status: z.array(ZIncidentStatus).max(ZIncidentStatus.options.length).optional(),
  severity: z.array(ZSeverity).max(ZSeverity.options.length).optional(),
  category: ZCategory.optional(),
  /** ISO 3166-1 alpha-3 country code. */
  region: ZCountryCode.optional(),
  bbox: ZBbox.optional(),
  /** Words searched in title and summary. */
  text: boundedLine(200).optional(),
  limit: z.int().min(1).max(INCIDENT_LIST_MAX).default(100),
  cursor: ZCursor.optional(),
});
export type TIncidentListInput = z.input<typeof ZIncidentListInput>;

/** A need of an incident: an item (or people) and how many. */
export const ZIncidentNeed = z.object({
  itemCode: ZId,
  itemName: boundedLine(200).optional(),
  quantity: z.number().min(0).max(1e12),
  unit: boundedId(16).optional(),
});
export type TIncidentNeed = z.infer<typeof ZIncidentNeed>;

export const ZIncidentSummary = z.object({
  incidentId: ZId,
  title: boundedLine(200, 1),
  category: ZCategory.optional(),
  status: ZIncidentStatus,
  severity: ZSeverity,
  position: ZLonLat.optional(),
  region: ZCountryCode.optional(),
  summary: boundedText(4_000).optional(),
  openedAt: ZIsoDateTime,
  updatedAt: ZIsoDateTime,
  acknowledgedAt: ZIsoDateTime.optional(),
  alertCount: z.int().min(0),
  dispatchCount: z.int().min(0),
  mergedInto: ZId.optional(),
});
export type TIncidentSummary = z.infer<typeof ZIncidentSummary>;

export const ZIncidentList = z.object({
  items: z.array(ZIncidentSummary).max(INCIDENT_LIST_MAX),
  /** Pass back as `cursor` for the next page; absent on the last page. */
  nextCursor: ZCursor.optional(),
});
export type TIncidentList = z.infer<typeof ZIncidentList>;

export const ZIncidentIdInput = z.object({ incidentId: ZId });

/** An alert linked to an incident, as shown in its panel. */
export const ZLinkedAlert = z.object({
  alertId: ZId,
  kind: ZAlertKind,
  severity: ZSeverity,
  status: ZAlertStatus,
  title: boundedLine(200, 1),
  place: ZGeometry.optional(),
  raisedAt: ZIsoDateTime,
});
export type TLinkedAlert = z.infer<typeof ZLinkedAlert>;

/** One evidence item with where it was, for the map. */
export const ZPlacedEvidence = ZEvidence.extend({
  alertId: ZId,
  position: ZLonLat.optional(),
});
export type TPlacedEvidence = z.infer<typeof ZPlacedEvidence>;

export const ZDispatchStatus = z.enum([
  'planned',
  'assigned',
  'en_route',
  'on_scene',
  'completed',
  'cancelled',
]);
export type TDispatchStatus = z.infer<typeof ZDispatchStatus>;

export const ZIncidentDispatch = z.object({
  dispatchId: ZId,
  status: ZDispatchStatus,
  asset: z
    .object({
      assetId: ZId,
      name: boundedLine(200).optional(),
      kind: ZAssetKind.optional(),
      status: ZAssetStatus.optional(),
      position: ZLonLat.optional(),
    })
    .optional(),
  warehouseId: ZId.optional(),
  itemCode: ZId.optional(),
  quantity: z.number().min(0).optional(),
  eta: ZIsoDateTime.optional(),
  arrivedAt: ZIsoDateTime.optional(),
  commandId: ZEventId.optional(),
  createdAt: ZIsoDateTime,
  updatedAt: ZIsoDateTime,
});
export type TIncidentDispatch = z.infer<typeof ZIncidentDispatch>;

export const ZIncidentAssignee = z.object({
  assigneeKind: z.enum(['user', 'team']),
  assigneeId: ZId,
  name: boundedLine(200).optional(),
  role: ZRole.optional(),
  assignedAt: ZIsoDateTime,
});
export type TIncidentAssignee = z.infer<typeof ZIncidentAssignee>;

export const ZIncidentDetail = z.object({
  incident: ZIncidentSummary.extend({
    area: ZAreaGeometry.optional(),
    resolvedAt: ZIsoDateTime.optional(),
    closedAt: ZIsoDateTime.optional(),
    lastSeq: z.int().min(0),
  }),
  alerts: z.array(ZLinkedAlert).max(1_000),
  evidence: z.array(ZPlacedEvidence).max(5_000),
  needs: z.array(ZIncidentNeed).max(200),
  dispatches: z.array(ZIncidentDispatch).max(500),
  assignees: z.array(ZIncidentAssignee).max(200),
});
export type TIncidentDetail = z.infer<typeof ZIncidentDetail>;

export const ZIncidentTimelineInput = z.object({
  incidentId: ZId,
  /** Events after this sequence number (for incremental refresh). */
  afterSeq: z.int().min(0).default(0),
  limit: z.int().min(1).max(1_000).default(500),
});

export const ZIncidentTimelineEvent = z.object({
  seq: z.int().min(1),
  type: boundedId(64),
  /** User id, or `system:<component>`. */
  actor: boundedId(128),
  actorName: boundedLine(200).optional(),
  at: ZIsoDateTime,
  data: z.record(z.string(), z.unknown()),
});
export type TIncidentTimelineEvent = z.infer<typeof ZIncidentTimelineEvent>;

export const ZIncidentTimeline = z.object({
  incidentId: ZId,
  events: z.array(ZIncidentTimelineEvent).max(1_000),
});
export type TIncidentTimeline = z.infer<typeof ZIncidentTimeline>;

// ---------------------------------------------------------------------------------------------------------
// Dispatch planning
// ---------------------------------------------------------------------------------------------------------

export const ZDispatchPlanInput = z.object({
  incidentId: ZId,
  /** How many vehicle suggestions at most. */
  limit: z.int().min(1).max(50).default(10),
});

export const ZVehicleSuggestion = z.object({
  assetId: ZId,
  name: boundedLine(200).optional(),
  kind: ZAssetKind,
  status: ZAssetStatus,
  position: ZLonLat,
  distanceM: z.number().min(0),
  /** Estimated time to reach the incident, in seconds. */
  etaS: z.number().min(0),
  eta: ZIsoDateTime,
  /** Payload capacity (kg) when known. */
  capacityKg: ZFinite.optional(),
  /** Crew seats when known. */
  seats: z.int().min(0).optional(),
});
export type TVehicleSuggestion = z.infer<typeof ZVehicleSuggestion>;

export const ZWarehouseSupply = z.object({
  warehouseId: ZId,
  name: boundedLine(200),
  position: ZLonLat,
  distanceM: z.number().min(0),
  /** What this warehouse can give towards the incident's needs (available = quantity − reserved). */
  lines: z
    .array(
      z.object({
        itemCode: ZId,
        itemName: boundedLine(200).optional(),
        unit: boundedId(16).optional(),
        available: z.number().min(0),
        needed: z.number().min(0),
      }),
    )
    .max(200),
});
export type TWarehouseSupply = z.infer<typeof ZWarehouseSupply>;

export const ZDispatchPlan = z.object({
  incidentId: ZId,
  needs: z.array(ZIncidentNeed).max(200),
  vehicles: z.array(ZVehicleSuggestion).max(50),
  warehouses: z.array(ZWarehouseSupply).max(100),
  computedAt: ZIsoDateTime,
});
export type TDispatchPlan = z.infer<typeof ZDispatchPlan>;

// ---------------------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------------------

/** Every command input may carry the client's own command id (offline retries stay one command). */
const commandInput = { commandId: ZEventId.optional() };
const note = boundedText(4_000);

export const ZCommandResult = z.object({
  commandId: ZEventId,
  /** Incident, alert or asset the command acts on (its partition key). */
  target: ZId,
});
export type TCommandResult = z.infer<typeof ZCommandResult>;

export const ZCreateIncidentInput = z.object({
  ...commandInput,
  title: boundedLine(200, 1),
  severity: ZSeverity,
  category: ZCategory.optional(),
  position: ZLonLat,
  area: ZAreaGeometry.optional(),
  description: note.optional(),
  alertIds: z.array(ZId).max(100).optional(),
});
export const ZAcknowledgeIncidentInput = z.object({
  ...commandInput,
  incidentId: ZId,
  note: note.optional(),
});
export const ZAssignIncidentInput = z.object({
  ...commandInput,
  incidentId: ZId,
  assigneeKind: z.enum(['user', 'team']),
  assigneeId: ZId,
  note: note.optional(),
});
export const ZDispatchIncidentInput = z.object({
  ...commandInput,
  incidentId: ZId,
  assetIds: z.array(ZId).min(1).max(50),
  stock: z.array(ZDispatchStockLine).max(50).optional(),
  destination: ZLonLat.optional(),
  note: note.optional(),
});
export const ZSetIncidentSeverityInput = z.object({
  ...commandInput,
  incidentId: ZId,
  severity: ZSeverity,
  reason: boundedLine(500).optional(),
});
export const ZAddIncidentNoteInput = z.object({
  ...commandInput,
  incidentId: ZId,
  text: boundedText(4_000, 1),
});
export const ZResolveIncidentInput = z.object({
  ...commandInput,
  incidentId: ZId,
  resolution: boundedText(4_000, 1),
});
export const ZCloseIncidentInput = z.object({ ...commandInput, incidentId: ZId, note: note.optional() });
export const ZMergeIncidentsInput = z.object({
  ...commandInput,
  incidentId: ZId,
  sourceIncidentIds: z.array(ZId).min(1).max(20),
  note: note.optional(),
});
