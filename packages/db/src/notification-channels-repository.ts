/** Notification channels (webhooks, e-mail) and the log of what was delivered through them. */
import { and, asc, desc, eq, gte, sql } from 'drizzle-orm';
import type { TNotificationChannel, TNotificationDelivery } from '@vigie/contracts/notification-api';
import type { TSeverity } from '@vigie/contracts/severity';
import type { Db } from './database';
import { iso, severityToDb, severityToWire } from './query-mapping';
import { notificationChannels, notificationDeliveries } from './schema/sources';

export interface NotificationChannelInput {
  kind: 'webhook' | 'email';
  name: string;
  target: string;
  minSeverity: TSeverity;
  regions: readonly string[];
  maxPerWindow: number;
  windowS: number;
  enabled: boolean;
}

function toChannel(row: typeof notificationChannels.$inferSelect): TNotificationChannel {
  return {
    channelId: row.id,
    kind: row.kind as 'webhook' | 'email',
    name: row.name,
    target: row.target,
    minSeverity: severityToWire(row.minSeverity),
    regions: row.regions,
    maxPerWindow: row.maxPerWindow,
    windowS: row.windowS,
    enabled: row.enabled,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

export async function createNotificationChannel(
  db: Db,
  id: string,
  input: NotificationChannelInput,
): Promise<TNotificationChannel> {
  const [row] = await db
    .insert(notificationChannels)
    .values({ id, ...input, regions: [...input.regions], minSeverity: severityToDb(input.minSeverity) })
    .returning();
  return toChannel(row!);
}

export async function updateNotificationChannel(
  db: Db,
  id: string,
  patch: Partial<NotificationChannelInput>,
): Promise<TNotificationChannel | null> {
  const { minSeverity, regions, ...rest } = patch;
  const [row] = await db
    .update(notificationChannels)
    .set({
      ...rest,
      ...(minSeverity !== undefined ? { minSeverity: severityToDb(minSeverity) } : {}),
      ...(regions !== undefined ? { regions: [...regions] } : {}),
      updatedAt: new Date(),
    })
    .where(eq(notificationChannels.id, id))
    .returning();
  return row === undefined ? null : toChannel(row);
}

export async function removeNotificationChannel(db: Db, id: string): Promise<boolean> {
  const rows = await db
    .delete(notificationChannels)
    .where(eq(notificationChannels.id, id))
    .returning({ id: notificationChannels.id });
  return rows.length === 1;
}

export async function listNotificationChannels(
  db: Db,
  options: { enabledOnly?: boolean } = {},
): Promise<TNotificationChannel[]> {
  const rows = await db
    .select()
    .from(notificationChannels)
    .where(options.enabledOnly === true ? eq(notificationChannels.enabled, true) : undefined)
    .orderBy(asc(notificationChannels.name), asc(notificationChannels.id));
  return rows.map(toChannel);
}

export interface DeliveryInput {
  channelId: string;
  alertId?: string | null;
  at: Date;
  outcome: 'sent' | 'failed' | 'suppressed' | 'digest';
  detail?: Record<string, unknown>;
}

export async function recordDeliveries(db: Db, deliveries: readonly DeliveryInput[]): Promise<void> {
  if (deliveries.length === 0) return;
  await db.insert(notificationDeliveries).values(
    deliveries.map((d) => ({
      channelId: d.channelId,
      alertId: d.alertId ?? null,
      at: d.at,
      outcome: d.outcome,
      detail: d.detail ?? {},
    })),
  );
}

export async function listDeliveries(
  db: Db,
  options: { channelId?: string; since?: Date; limit: number },
): Promise<TNotificationDelivery[]> {
  const rows = await db
    .select()
    .from(notificationDeliveries)
    .where(
      and(
        options.channelId === undefined ? undefined : eq(notificationDeliveries.channelId, options.channelId),
        options.since === undefined ? undefined : gte(notificationDeliveries.at, options.since),
      ),
    )
    .orderBy(desc(notificationDeliveries.at), desc(notificationDeliveries.id))
    .limit(options.limit);
  return rows.map((r) => ({
    channelId: r.channelId,
    ...(r.alertId !== null ? { alertId: r.alertId } : {}),
    at: iso(r.at),
    outcome: r.outcome as TNotificationDelivery['outcome'],
    detail: r.detail,
  }));
}

/** Deliveries per outcome of one channel (tests, metrics). */
export async function countDeliveries(db: Db, channelId: string): Promise<Record<string, number>> {
  const rows = await db
    .select({ outcome: notificationDeliveries.outcome, n: sql<number>`count(*)::int`.mapWith(Number) })
    .from(notificationDeliveries)
    .where(eq(notificationDeliveries.channelId, channelId))
    .groupBy(notificationDeliveries.outcome);
  return Object.fromEntries(rows.map((r) => [r.outcome, r.n]));
}
