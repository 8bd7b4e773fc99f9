/**
 * What a notification says: one text line per alert (Slack-compatible `text`), bilingual headers, and
 * a digest that summarises many alerts by severity.
 */
import { compareSeverity, maxSeverity } from '@vigie/contracts/severity';
import type { TSeverity } from '@vigie/contracts/severity';

export interface NotifiableAlert {
  alertId: string;
  title: string;
  severity: TSeverity;
  kind: string;
  region?: string | undefined;
  incidentId?: string | undefined;
  raisedAt: string;
  position?: { lon: number; lat: number } | undefined;
}

export type NotificationReason = 'alert' | 'escalation';

export interface FormattedNotification {
  subject: string;
  text: string;
  severity: TSeverity;
}

const reasonLabel: Record<NotificationReason, string> = {
  alert: 'Alert / Alerte',
  escalation: 'Not acknowledged / Non acquittée',
};

export function formatAlertNotification(
  alert: NotifiableAlert,
  reason: NotificationReason,
): FormattedNotification {
  const where = alert.region !== undefined ? ` (${alert.region})` : '';
  const subject = `[Vigie ${alert.severity.toUpperCase()}] ${reasonLabel[reason]}: ${alert.title}${where}`;
  const lines = [
    subject,
    `Kind: ${alert.kind} · Raised: ${alert.raisedAt}`,
    ...(alert.position
      ? [`Position: ${alert.position.lat.toFixed(5)}, ${alert.position.lon.toFixed(5)}`]
      : []),
    ...(alert.incidentId ? [`Incident: ${alert.incidentId}`] : []),
    `Alert: ${alert.alertId}`,
  ];
  return { subject, text: lines.join('\n'), severity: alert.severity };
}

export function formatDigest(
  alerts: readonly NotifiableAlert[],
  windowEndsAt: number,
): FormattedNotification {
  const severity = maxSeverity(...alerts.map((a) => a.severity));
  const bySeverity = new Map<TSeverity, number>();
  for (const a of alerts) bySeverity.set(a.severity, (bySeverity.get(a.severity) ?? 0) + 1);
  const counts = [...bySeverity.entries()]
    .sort(([a], [b]) => compareSeverity(b, a))
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  const subject = `[Vigie digest] ${alerts.length} more alerts / alertes de plus (${counts})`;
  const shown = [...alerts].sort((a, b) => compareSeverity(b.severity, a.severity)).slice(0, 20);
  const lines = [
    subject,
    `Until ${new Date(windowEndsAt).toISOString()}`,
    ...shown.map((a) => `• ${a.severity}: ${a.title}${a.region ? ` (${a.region})` : ''} [${a.alertId}]`),
    ...(alerts.length > shown.length ? [`… and ${alerts.length - shown.length} more`] : []),
  ];
  return { subject, text: lines.join('\n'), severity };
}
