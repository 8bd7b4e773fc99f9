/**
 * Which notification channels an alert goes to: enabled channels whose lowest severity the alert
 * reaches and whose regions include the alert's (a channel without regions takes every region; an
 * alert without a region reaches only those).
 */
import { severityRank } from '@vigie/contracts/severity';
import type { TSeverity } from '@vigie/contracts/severity';

export interface RoutableChannel {
  channelId: string;
  enabled: boolean;
  minSeverity: TSeverity;
  regions: readonly string[];
}

export interface RoutableAlert {
  severity: TSeverity;
  region?: string | undefined;
}

export function routeNotification<C extends RoutableChannel>(
  channels: readonly C[],
  alert: RoutableAlert,
): C[] {
  return channels.filter(
    (c) =>
      c.enabled &&
      severityRank[alert.severity] >= severityRank[c.minSeverity] &&
      (c.regions.length === 0 || (alert.region !== undefined && c.regions.includes(alert.region))),
  );
}
