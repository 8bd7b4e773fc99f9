// tRPC procedures about alerts (gateway router `alerts.*`), inputs and outputs.
import { z } from 'zod';
import { ZCategory } from './categories';
import { ZEventId } from './envelope';
import { ZCursor } from './incident-api';
import { ZAlertKind, ZAlertStatus, ZEvidence } from './live-alerts';
import { ZBbox, ZCountryCode, ZGeometry, ZId, ZIsoDateTime, boundedLine, boundedText } from './primitives';
import { ZSeverity } from './severity';

export const ALERT_LIST_MAX = 500;

export const ZAlertListInput = z.object({
  status: z.array(ZAlertStatus).max(ZAlertStatus.options.length).optional(),
  severity: z.array(ZSeverity).max(ZSeverity.options.length).optional(),
  kind: z.array(ZAlertKind).max(ZAlertKind.options.length).optional(),
  category: ZCategory.optional(),
  region: ZCountryCode.optional(),
  bbox: ZBbox.optional(),
  incidentId: ZId.optional(),
  /** Only alerts nobody acknowledged yet. */
  unacknowledged: z.boolean().optional(),
  limit: z.int().min(1).max(ALERT_LIST_MAX).default(100),
  cursor: ZCursor.optional(),
});
export type TAlertListInput = z.input<typeof ZAlertListInput>;

export const ZAlertSummary = z.object({
  alertId: ZId,
  kind: ZAlertKind,
  ruleId: ZId.optional(),
  severity: ZSeverity,
  status: ZAlertStatus,
  title: boundedLine(200, 1),
  description: boundedText(4_000).optional(),
  category: ZCategory.optional(),
  place: ZGeometry.optional(),
  region: ZCountryCode.optional(),
  incidentId: ZId.optional(),
  evidence: z.array(ZEvidence).max(500),
  raisedAt: ZIsoDateTime,
  updatedAt: ZIsoDateTime,
  expiresAt: ZIsoDateTime.optional(),
  acknowledgedBy: ZId.optional(),
  acknowledgedAt: ZIsoDateTime.optional(),
  escalatedAt: ZIsoDateTime.optional(),
});
export type TAlertSummary = z.infer<typeof ZAlertSummary>;

export const ZAlertList = z.object({
  items: z.array(ZAlertSummary).max(ALERT_LIST_MAX),
  nextCursor: ZCursor.optional(),
});
export type TAlertList = z.infer<typeof ZAlertList>;

export const ZAcknowledgeAlertInput = z.object({
  commandId: ZEventId.optional(),
  alertId: ZId,
  note: boundedText(4_000).optional(),
});
