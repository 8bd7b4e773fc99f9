/**
 * Notifications and escalation, wired from the domain's pure policies:
 * - a new alert (first seen active on `live.alerts`) is routed to the channels whose severity and
 *   regions match (`routeNotification`) by the one gateway of the shared notifier group that reads it
 *   (`onAlert`); every gateway turns a new severe or extreme alert into an in-app toast for its own
 *   sockets (`onLocalAlert`);
 * - every `checkMs`, unacknowledged alerts past the escalation delay (`shouldEscalate`) are marked
 *   escalated (once, in the database, so one gateway among several wins) and notified again, on the
 *   channels and as a toast to the staff of every gateway;
 * - each channel, and the in-app toasts, go through the per-window rate limit
 *   (`admitNotification`): what is held back goes out as one digest when the window ends;
 * - every outcome (sent, failed, suppressed, digest) is written to `notification_deliveries`.
 */
import { newEventId } from '@vigie/contracts/envelope';
import type { TLiveAlertV1 } from '@vigie/contracts/live-alerts';
import type { TInAppNotificationV1 } from '@vigie/contracts/notification-api';
import type { TNotificationChannel } from '@vigie/contracts/notification-api';
import { severityRank } from '@vigie/contracts/severity';
import { alertsDueForEscalation, markAlertEscalated } from '@vigie/db/alert-queries-repository';
import { listNotificationChannels, recordDeliveries } from '@vigie/db/notification-channels-repository';
import type { DeliveryInput } from '@vigie/db/notification-channels-repository';
import { escalationCutoff, shouldEscalate } from '@vigie/domain/notifications/escalation-policy';
import type { EscalationPolicy } from '@vigie/domain/notifications/escalation-policy';
import { formatAlertNotification, formatDigest } from '@vigie/domain/notifications/format-notification';
import type { NotifiableAlert, NotificationReason } from '@vigie/domain/notifications/format-notification';
import {
  admitNotification,
  closeWindowIfEnded,
  emptyWindow,
} from '@vigie/domain/notifications/notification-rate-limit';
import type {
  ChannelWindow,
  Digest,
  RateLimitPolicy,
} from '@vigie/domain/notifications/notification-rate-limit';
import { routeNotification } from '@vigie/domain/notifications/route-notification';
import type { Logger } from 'pino';
import type { GatewayServices } from '../gateway-services';
import { geometryBounds } from '../live/overlay-push';
import type { OverlayPush } from '../live/overlay-push';
import { createEmailSender } from './deliver-email';
import type { EmailSender } from './deliver-email';
import { deliverWebhook } from './deliver-webhook';

interface Held {
  alert: NotifiableAlert;
  reason: NotificationReason;
}

/** In-app limiters: new alerts (this gateway's sockets) and escalations (every gateway's staff). */
const IN_APP_ALERTS = 'in-app:alerts';
const IN_APP_ESCALATIONS = 'in-app:escalations';
const isInApp = (key: string) => key === IN_APP_ALERTS || key === IN_APP_ESCALATIONS;
const SEEN_MAX = 20_000;

export interface NotificationServiceOptions {
  escalation: EscalationPolicy & { checkMs: number };
  /** Rate limit of in-app toasts (per gateway). */
  inApp: RateLimitPolicy;
  /** How often ended windows are closed into digests. */
  digestCheckMs: number;
}

export function notifiableOf(alert: {
  alertId: string;
  title: string;
  severity: TLiveAlertV1['severity'];
  kind: string;
  /** A country code (database) or a region object (live.alerts). */
  region?: string | { country?: string | undefined } | undefined;
  incidentId?: string | undefined;
  raisedAt: string;
  place?: { coordinates: unknown } | undefined;
}): NotifiableAlert {
  const b = alert.place === undefined ? null : geometryBounds(alert.place);
  return {
    alertId: alert.alertId,
    title: alert.title,
    severity: alert.severity,
    kind: alert.kind,
    region: typeof alert.region === 'string' ? alert.region : alert.region?.country,
    incidentId: alert.incidentId,
    raisedAt: alert.raisedAt,
    position: b === null ? undefined : { lon: (b[0] + b[2]) / 2, lat: (b[1] + b[3]) / 2 },
  };
}

/** True the first time an active alert is seen (the set is bounded: the oldest ids are forgotten). */
function firstSeen(seen: Set<string>, alert: TLiveAlertV1): boolean {
  if (alert.status !== 'active' || seen.has(alert.alertId)) return false;
  seen.add(alert.alertId);
  if (seen.size > SEEN_MAX) seen.delete(seen.values().next().value!);
  return true;
}

export class NotificationService {
  private readonly windows = new Map<string, ChannelWindow<Held>>();
  private readonly seen = new Set<string>();
  private readonly seenLocally = new Set<string>();
  private readonly logger: Logger;
  private email: EmailSender | undefined;
  private timers: NodeJS.Timeout[] = [];
  private pending = new Set<Promise<unknown>>();

  constructor(
    private readonly services: GatewayServices,
    private readonly overlay: OverlayPush,
    private readonly options: NotificationServiceOptions,
  ) {
    this.logger = services.logger.child({ component: 'notifier' });
    const { smtpUrl, from } = services.config.notifications;
    if (smtpUrl !== undefined) this.email = createEmailSender(smtpUrl, from);
  }

  start(): void {
    const every = (ms: number, task: () => Promise<unknown>) => {
      const timer = setInterval(() => this.track(task()), ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(this.options.escalation.checkMs, () => this.escalateDue(Date.now()));
    every(this.options.digestCheckMs, () => this.flushDigests(Date.now()));
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    await Promise.allSettled([...this.pending]);
    this.email?.close();
  }

  private track(task: Promise<unknown>): void {
    const p = task.catch((error: unknown) => this.logger.warn({ err: error }, 'notification task failed'));
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  /** An alert from the shared notifier group: the first time an active alert is seen, channels are notified. */
  onAlert(alert: TLiveAlertV1): void {
    if (!firstSeen(this.seen, alert)) return;
    this.track(this.notify(notifiableOf(alert), 'alert', Date.now(), { toast: false }));
  }

  /** An alert from this gateway's own feed: a new severe or extreme one is a toast for this gateway's sockets. */
  onLocalAlert(alert: TLiveAlertV1): void {
    if (!firstSeen(this.seenLocally, alert)) return;
    const notifiable = notifiableOf(alert);
    if (severityRank[notifiable.severity] < severityRank.severe) return;
    if (this.admit(IN_APP_ALERTS, { alert: notifiable, reason: 'alert' }, Date.now(), this.options.inApp))
      this.toast(notifiable, 'alert', Date.now());
  }

  /** Escalates every alert due at `now`; returns how many were escalated by this call. */
  async escalateDue(now: number): Promise<number> {
    const policy = this.options.escalation;
    const due = await alertsDueForEscalation(
      this.services.database.db,
      policy.severities,
      escalationCutoff(now, policy),
    );
    let escalated = 0;
    for (const alert of due) {
      if (!shouldEscalate(alert, now, policy)) continue;
      if (!(await markAlertEscalated(this.services.database.db, alert.alertId, new Date(now)))) continue;
      escalated++;
      this.logger.info({ alertId: alert.alertId, severity: alert.severity }, 'alert escalated');
      await this.notify(notifiableOf(alert), 'escalation', now, { toast: true });
    }
    return escalated;
  }

  private async channels(): Promise<TNotificationChannel[]> {
    return listNotificationChannels(this.services.database.db, { enabledOnly: true });
  }

  /** Routes one alert to the matching channels (and a toast when asked), through each one's rate limit. */
  async notify(
    alert: NotifiableAlert,
    reason: NotificationReason,
    now: number,
    options: { toast: boolean },
  ): Promise<void> {
    const deliveries: DeliveryInput[] = [];
    if (options.toast && this.admit(IN_APP_ESCALATIONS, { alert, reason }, now, this.options.inApp))
      this.toast(alert, reason, now);
    const channels = routeNotification(await this.channels(), alert);
    await Promise.all(
      channels.map(async (channel) => {
        const policy = { maxPerWindow: channel.maxPerWindow, windowMs: channel.windowS * 1000 };
        if (!this.admit(channel.channelId, { alert, reason }, now, policy, channel)) {
          deliveries.push({
            channelId: channel.channelId,
            alertId: alert.alertId,
            at: new Date(now),
            outcome: 'suppressed',
            detail: { reason },
          });
          return;
        }
        const message = formatAlertNotification(alert, reason);
        deliveries.push(
          await this.deliver(
            channel,
            message.subject,
            message.text,
            { reason, severity: alert.severity, alert },
            alert.alertId,
            now,
            'sent',
          ),
        );
      }),
    );
    await recordDeliveries(this.services.database.db, deliveries);
  }

  /** Admits or holds; a digest that a new window brings out is sent at once. */
  private admit(
    key: string,
    held: Held,
    now: number,
    policy: RateLimitPolicy,
    channel?: TNotificationChannel,
  ): boolean {
    const admission = admitNotification(this.windows.get(key) ?? emptyWindow<Held>(), held, now, policy);
    this.windows.set(key, admission.state);
    if (admission.digest !== null) this.track(this.sendDigest(key, admission.digest, now, channel));
    return admission.decision === 'send';
  }

  /** Closes every ended window and sends its digest. */
  async flushDigests(now: number): Promise<void> {
    const channels = new Map((await this.channels()).map((c) => [c.channelId, c]));
    for (const [key, state] of this.windows) {
      const channel = channels.get(key);
      const policy = isInApp(key)
        ? this.options.inApp
        : channel === undefined
          ? { maxPerWindow: 1, windowMs: 0 }
          : { maxPerWindow: channel.maxPerWindow, windowMs: channel.windowS * 1000 };
      const closed = closeWindowIfEnded(state, now, policy);
      if (closed.state === state) continue;
      this.windows.set(key, closed.state);
      if (closed.digest !== null) await this.sendDigest(key, closed.digest, now, channel);
    }
  }

  private async sendDigest(
    key: string,
    digest: Digest<Held>,
    now: number,
    channel?: TNotificationChannel,
  ): Promise<void> {
    const alerts = digest.items.map((h) => h.alert);
    const message = formatDigest(alerts, digest.windowEndsAt);
    if (isInApp(key)) {
      const notification: TInAppNotificationV1 = {
        notificationId: `n-${newEventId()}`,
        reason: 'digest',
        severity: message.severity,
        title: message.subject.slice(0, 200),
        body: message.text.slice(0, 2_000),
        at: new Date(now).toISOString(),
        count: alerts.length,
      };
      this.overlay.notify(notification, { everywhere: key === IN_APP_ESCALATIONS });
      return;
    }
    if (channel === undefined) return;
    const delivery = await this.deliver(
      channel,
      message.subject,
      message.text,
      { reason: 'digest', severity: message.severity, count: alerts.length, alerts: alerts.slice(0, 100) },
      null,
      now,
      'digest',
    );
    await recordDeliveries(this.services.database.db, [
      { ...delivery, detail: { ...delivery.detail, count: alerts.length } },
    ]);
  }

  private toast(alert: NotifiableAlert, reason: NotificationReason, now: number): void {
    this.overlay.notify(
      {
        notificationId: `n-${newEventId()}`,
        reason,
        severity: alert.severity,
        title: alert.title.slice(0, 200),
        alertId: alert.alertId,
        ...(alert.incidentId !== undefined ? { incidentId: alert.incidentId } : {}),
        ...(alert.position !== undefined ? { position: alert.position } : {}),
        at: new Date(now).toISOString(),
      },
      { everywhere: reason === 'escalation' },
    );
  }

  private async deliver(
    channel: TNotificationChannel,
    subject: string,
    text: string,
    fields: Record<string, unknown>,
    alertId: string | null,
    now: number,
    outcome: 'sent' | 'digest',
  ): Promise<DeliveryInput> {
    try {
      if (channel.kind === 'webhook') {
        const { status } = await deliverWebhook(
          channel.target,
          { text, subject, ...fields },
          this.services.config.notifications.webhookTimeoutMs,
        );
        return { channelId: channel.channelId, alertId, at: new Date(now), outcome, detail: { status } };
      }
      if (this.email === undefined) throw new Error('SMTP_URL is not set');
      const { messageId } = await this.email.send(channel.target, subject, text);
      return { channelId: channel.channelId, alertId, at: new Date(now), outcome, detail: { messageId } };
    } catch (error) {
      this.logger.warn({ err: error, channelId: channel.channelId }, 'notification delivery failed');
      return {
        channelId: channel.channelId,
        alertId,
        at: new Date(now),
        outcome: 'failed',
        detail: { error: error instanceof Error ? error.message.slice(0, 500) : 'unknown', wanted: outcome },
      };
    }
  }
}
