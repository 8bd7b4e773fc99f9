/**
 * Closed value lists enforced by CHECK constraints (or the role enum). They mirror the wire
 * vocabularies; extending one needs a migration.
 */
export const USER_ROLES = ['admin', 'coordinator', 'analyst', 'field'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const ASSET_KINDS = ['vehicle', 'team', 'boat', 'drone', 'aircraft', 'person', 'other'] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

/** CAP 1.2 severities, lower-cased. */
export const SEVERITIES = ['unknown', 'minor', 'moderate', 'severe', 'extreme'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const INCIDENT_STATUSES = [
  'detected',
  'acknowledged',
  'dispatched',
  'on_scene',
  'resolved',
  'closed',
] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const ALERT_STATUSES = ['active', 'acknowledged', 'cleared', 'expired', 'cancelled'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export const ALERT_KINDS = [
  'threshold',
  'rate_of_change',
  'anomaly',
  'geofence_enter',
  'geofence_exit',
  'geofence_dwell',
  'report_cluster',
  'corroboration',
  'external',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const DISPATCH_STATUSES = [
  'planned',
  'assigned',
  'en_route',
  'on_scene',
  'completed',
  'cancelled',
] as const;
export type DispatchStatus = (typeof DISPATCH_STATUSES)[number];

export const ZONE_KINDS = ['hazard', 'geofence', 'admin_area'] as const;
export type ZoneKind = (typeof ZONE_KINDS)[number];

export const AUDIT_OUTCOMES = ['ok', 'denied', 'error'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** Polled external feeds. */
export const FEED_KINDS = ['cap', 'usgs', 'gdacs', 'georss'] as const;
export type FeedKind = (typeof FEED_KINDS)[number];

export const NOTIFICATION_CHANNEL_KINDS = ['webhook', 'email'] as const;
export type NotificationChannelKind = (typeof NOTIFICATION_CHANNEL_KINDS)[number];

export const COMMAND_OUTCOMES = ['applied', 'rejected'] as const;
export type CommandOutcome = (typeof COMMAND_OUTCOMES)[number];

export const MEDIA_KINDS = ['image', 'video'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];
