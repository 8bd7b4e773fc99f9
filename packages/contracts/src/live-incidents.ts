// live.incidents: one message per change of an incident, carrying the incident's full state after the
// change. The topic is compacted, so the latest message per incident id is its current state, and
// `seq` (1, 2, 3… per incident) lets consumers drop stale or repeated changes.
import { z } from 'zod';
import { ZActor } from './actor';
import { ZCategory } from './categories';
import { ZEventId, envelopeOf } from './envelope';
import {
  ZAreaGeometry,
  ZH3Cell,
  ZId,
  ZIsoDateTime,
  ZLonLat,
  ZRegion,
  boundedLine,
  boundedText,
} from './primitives';
import { ZSeverity } from './severity';

/** Incident lifecycle, in order: detected → acknowledged → dispatched → on_scene → resolved → closed. */
export const ZIncidentStatus = z.enum([
  'detected',
  'acknowledged',
  'dispatched',
  'on_scene',
  'resolved',
  'closed',
]);
export type TIncidentStatus = z.infer<typeof ZIncidentStatus>;

/** What this change was. */
export const ZIncidentChange = z.enum([
  'opened',
  'status_changed',
  'severity_changed',
  'evidence_added',
  'assigned',
  'dispatched',
  'note_added',
  'merged',
  'updated',
]);
export type TIncidentChange = z.infer<typeof ZIncidentChange>;

export const ZLiveIncidentV1 = z
  .object({
    incidentId: ZId,
    seq: z.int().min(1),
    change: ZIncidentChange,
    status: ZIncidentStatus,
    severity: ZSeverity,
    title: boundedLine(200, 1),
    category: ZCategory.optional(),
    position: ZLonLat,
    area: ZAreaGeometry.optional(),
    region: ZRegion.optional(),
    cell: ZH3Cell.optional(),
    /** When the change happened. */
    at: ZIsoDateTime,
    /** Who made the change: an operator through a command, or a detector. */
    actor: ZActor,
    /** Command that caused the change, for operator changes. */
    commandId: ZEventId.optional(),
    openedAt: ZIsoDateTime,
    alertIds: z.array(ZId).max(1_000),
    assigneeIds: z.array(ZId).max(200).optional(),
    dispatchedAssetIds: z.array(ZId).max(200).optional(),
    /** The dispatch this change is about (tracking updates, arrivals): its asset, status, ETA. */
    dispatch: z
      .object({
        assetId: ZId,
        status: z.enum(['assigned', 'en_route', 'on_scene']),
        eta: ZIsoDateTime.optional(),
        /** Straight-line distance left, metres. */
        distanceM: z.number().min(0).optional(),
        arrivedAt: ZIsoDateTime.optional(),
      })
      .optional(),
    /** Set on an incident absorbed by another one (its status is then `closed`). */
    mergedInto: ZId.optional(),
    note: boundedText(4_000).optional(),
  })
  .refine((i) => i.mergedInto === undefined || i.status === 'closed', {
    error: 'An incident merged into another must be closed',
    path: ['status'],
  })
  .meta({ description: 'Incident lifecycle event with the state after it, v1' });
export type TLiveIncidentV1 = z.infer<typeof ZLiveIncidentV1>;

export const ZLiveIncidentEventV1 = envelopeOf('incident', 1, ZLiveIncidentV1);
export type TLiveIncidentEventV1 = z.infer<typeof ZLiveIncidentEventV1>;
