// tRPC procedures for field staff (gateway routers `field.*`, `assets.*`, `reports.*`).
import { z } from 'zod';
import { ZAssetStatus } from './assets';
import { ZCategory } from './categories';
import { ZEventId } from './envelope';
import { ZIncidentDispatch, ZIncidentSummary } from './incident-api';
import { ZAccuracy, ZId, ZIsoDateTime, ZLonLat, boundedText } from './primitives';

/** Statuses field staff set from their phone. */
export const ZFieldStatus = z.enum(['en_route', 'on_scene', 'available']);

export const ZUpdateAssetStatusInput = z.object({
  commandId: ZEventId.optional(),
  /** Defaults to the caller's own asset (users.asset_id). */
  assetId: ZId.optional(),
  status: ZAssetStatus,
  incidentId: ZId.optional(),
  position: ZLonLat.optional(),
  note: boundedText(4_000).optional(),
});

export const ZFieldAssignment = z.object({
  /** `dispatch`: my asset was dispatched; `assignment`: I was assigned to the incident. */
  via: z.enum(['dispatch', 'assignment']),
  incident: ZIncidentSummary,
  dispatch: ZIncidentDispatch.optional(),
  assignedAt: ZIsoDateTime,
});
export type TFieldAssignment = z.infer<typeof ZFieldAssignment>;

export const ZFieldAssignments = z.object({
  assetId: ZId.optional(),
  items: z.array(ZFieldAssignment).max(500),
});
export type TFieldAssignments = z.infer<typeof ZFieldAssignments>;

export const ZCreateFieldReportInput = z.object({
  /** Client-generated id, so a retried report is the same report. */
  reportId: ZEventId.optional(),
  text: boundedText(8_000, 1),
  position: ZLonLat.optional(),
  positionAccuracy: ZAccuracy.optional(),
  category: ZCategory.optional(),
  incidentId: ZId.optional(),
  mediaId: ZId.optional(),
});

export const ZCreateFieldReportResult = z.object({ reportId: ZId, eventId: ZEventId });
export type TCreateFieldReportResult = z.infer<typeof ZCreateFieldReportResult>;
