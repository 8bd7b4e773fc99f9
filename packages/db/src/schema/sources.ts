/**
 * External sources Vigie polls or listens to, and the outbound notification channels it writes to.
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { checkOneOf, jsonObject, tstz } from './columns';
import { FEED_KINDS, NOTIFICATION_CHANNEL_KINDS, SEVERITIES } from './values';

export const feeds = pgTable(
  'feeds',
  {
    id: text('id').primaryKey(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    url: text('url').notNull(),
    /** Source name events from this feed are attributed to. */
    source: text('source').notNull(),
    intervalS: integer('interval_s').notNull().default(300),
    enabled: boolean('enabled').notNull().default(true),
    createdBy: text('created_by'),
    createdAt: tstz('created_at').notNull().defaultNow(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
    nextRunAt: tstz('next_run_at'),
    lastRunAt: tstz('last_run_at'),
    lastSuccessAt: tstz('last_success_at'),
    lastErrorAt: tstz('last_error_at'),
    lastError: text('last_error'),
    errorCount: integer('error_count').notNull().default(0),
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    itemsSeen: bigint('items_seen', { mode: 'number' }).notNull().default(0),
    itemsAccepted: bigint('items_accepted', { mode: 'number' }).notNull().default(0),
    itemsRejected: bigint('items_rejected', { mode: 'number' }).notNull().default(0),
    /** Poller memory: ETag, Last-Modified, ids and versions already seen. */
    state: jsonObject('state'),
  },
  (t) => [
    checkOneOf('feeds_kind_check', t.kind, FEED_KINDS),
    check('feeds_interval_check', sql`${t.intervalS} >= 10`),
    index('feeds_next_run_idx').on(t.enabled, t.nextRunAt),
  ],
);

export const notificationChannels = pgTable(
  'notification_channels',
  {
    id: text('id').primaryKey(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    /** Webhook URL or e-mail address(es), comma-separated. */
    target: text('target').notNull(),
    /** Lowest alert severity routed to this channel. */
    minSeverity: text('min_severity').notNull().default('severe'),
    /** ISO 3166 alpha-3 codes; empty means every region. */
    regions: text('regions')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** At most this many messages per window; the rest are summarised in one digest. */
    maxPerWindow: integer('max_per_window').notNull().default(10),
    windowS: integer('window_s').notNull().default(300),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: tstz('created_at').notNull().defaultNow(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
    attrs: jsonObject('attrs'),
  },
  (t) => [
    checkOneOf('notification_channels_kind_check', t.kind, NOTIFICATION_CHANNEL_KINDS),
    checkOneOf('notification_channels_severity_check', t.minSeverity, SEVERITIES),
  ],
);

export const notificationDeliveries = pgTable(
  'notification_deliveries',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    channelId: text('channel_id').notNull(),
    alertId: text('alert_id'),
    at: tstz('at').notNull().defaultNow(),
    /** sent, failed, suppressed (rate limit), digest */
    outcome: text('outcome').notNull(),
    detail: jsonObject('detail'),
  },
  (t) => [
    index('notification_deliveries_channel_at_idx').on(t.channelId, t.at),
    index('notification_deliveries_alert_idx').on(t.alertId),
  ],
);
