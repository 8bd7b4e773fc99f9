// live.alerts: alerts raised by Vigie (rules, anomaly detectors, geofences, report clusters,
// corroboration) or taken over from an external feed. Each message is the alert's current state.
import { z } from 'zod';
import { ZCategory } from './categories';
import { ZEventId, envelopeOf } from './envelope';
import {
  ZFinite,
  ZGeometry,
  ZH3Cell,
  ZId,
  ZIsoDateTime,
  ZRegion,
  boundedId,
  boundedLine,
  boundedText,
} from './primitives';
import { ZSeverity } from './severity';

export const ZAlertKind = z.enum([
  'threshold',
  'rate_of_change',
  'anomaly',
  'geofence_enter',
  'geofence_exit',
  'geofence_dwell',
  'report_cluster',
  'corroboration',
  'external',
]);
export type TAlertKind = z.infer<typeof ZAlertKind>;

export const ZAlertStatus = z.enum(['active', 'acknowledged', 'cleared', 'expired', 'cancelled']);
export type TAlertStatus = z.infer<typeof ZAlertStatus>;

/** What an evidence item points at. */
export const ZEvidenceKind = z.enum(['position', 'reading', 'report', 'external_alert', 'media', 'alert']);

/** One fact behind an alert, by the envelope id of its event. */
export const ZEvidence = z.object({
  kind: ZEvidenceKind,
  eventId: ZEventId,
  /** Asset, sensor, report, alert… the event is about. */
  entityId: ZId.optional(),
  at: ZIsoDateTime,
  value: ZFinite.optional(),
  summary: boundedLine(500).optional(),
});
export type TEvidence = z.infer<typeof ZEvidence>;

export const ZLiveAlertV1 = z
  .object({
    alertId: ZId,
    kind: ZAlertKind,
    /** Rule or geofence that fired, when there is one. */
    ruleId: ZId.optional(),
    severity: ZSeverity,
    status: ZAlertStatus,
    title: boundedLine(200, 1),
    description: boundedText(4_000).optional(),
    category: ZCategory.optional(),
    /** Where: a Point for a sensor or an asset, a polygon for a zone or a cluster hull. */
    place: ZGeometry,
    region: ZRegion.optional(),
    cell: ZH3Cell.optional(),
    evidence: z.array(ZEvidence).max(500),
    /** For `external`: the CAP sender and identifier the alert comes from. */
    external: z.object({ sender: boundedId(256), identifier: boundedId(256) }).optional(),
    /** Incident this alert opened or was attached to. */
    incidentId: ZId.optional(),
    raisedAt: ZIsoDateTime,
    updatedAt: ZIsoDateTime.optional(),
    expiresAt: ZIsoDateTime.optional(),
  })
  .refine((a) => (a.kind === 'external') === (a.external !== undefined), {
    error: '`external` is required for kind external and only for it',
    path: ['external'],
  })
  .meta({ description: 'Alert raised or relayed by Vigie, v1' });
export type TLiveAlertV1 = z.infer<typeof ZLiveAlertV1>;

export const ZLiveAlertEventV1 = envelopeOf('alert', 1, ZLiveAlertV1);
export type TLiveAlertEventV1 = z.infer<typeof ZLiveAlertEventV1>;
