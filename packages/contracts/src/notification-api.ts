// Notifications: admin procedures on channels (gateway router `notifications.*`) and the in-app
// notification pushed on the socket.
import { z } from 'zod';
import { ZCategory } from './categories';
import { ZCountryCode, ZHttpUrl, ZId, ZIsoDateTime, ZLonLat, boundedLine, boundedText } from './primitives';
import { ZSeverity } from './severity';

export const ZNotificationChannelKind = z.enum(['webhook', 'email']);
export type TNotificationChannelKind = z.infer<typeof ZNotificationChannelKind>;

const emailList = z
  .string()
  .max(2_000)
  .refine((s) => s.split(',').every((a) => z.email().safeParse(a.trim()).success), {
    error: 'Expected e-mail addresses separated by commas',
  });

const channelShape = {
  name: boundedLine(200, 1),
  /** Lowest severity routed to this channel. */
  minSeverity: ZSeverity.default('severe'),
  /** Country codes; empty: every region. */
  regions: z.array(ZCountryCode).max(200).default([]),
  /** At most this many messages per window; the rest go into one digest at the end of the window. */
  maxPerWindow: z.int().min(1).max(10_000).default(10),
  windowS: z.int().min(10).max(86_400).default(300),
  enabled: z.boolean().default(true),
};

export const ZCreateNotificationChannelInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('webhook'), target: ZHttpUrl, ...channelShape }),
  z.object({ kind: z.literal('email'), target: emailList, ...channelShape }),
]);
export type TCreateNotificationChannelInput = z.input<typeof ZCreateNotificationChannelInput>;

export const ZUpdateNotificationChannelInput = z.object({
  channelId: ZId,
  name: boundedLine(200, 1).optional(),
  target: z.string().min(1).max(2_048).optional(),
  minSeverity: ZSeverity.optional(),
  regions: z.array(ZCountryCode).max(200).optional(),
  maxPerWindow: z.int().min(1).max(10_000).optional(),
  windowS: z.int().min(10).max(86_400).optional(),
  enabled: z.boolean().optional(),
});

export const ZNotificationChannelIdInput = z.object({ channelId: ZId });

export const ZNotificationChannel = z.object({
  channelId: ZId,
  kind: ZNotificationChannelKind,
  name: boundedLine(200, 1),
  target: z.string().max(2_048),
  minSeverity: ZSeverity,
  regions: z.array(ZCountryCode).max(200),
  maxPerWindow: z.int().min(1),
  windowS: z.int().min(1),
  enabled: z.boolean(),
  createdAt: ZIsoDateTime,
  updatedAt: ZIsoDateTime,
});
export type TNotificationChannel = z.infer<typeof ZNotificationChannel>;

export const ZNotificationChannelList = z.object({ channels: z.array(ZNotificationChannel).max(1_000) });

export const ZNotificationDelivery = z.object({
  channelId: ZId,
  alertId: ZId.optional(),
  at: ZIsoDateTime,
  outcome: z.enum(['sent', 'failed', 'suppressed', 'digest']),
  detail: z.record(z.string(), z.unknown()),
});
export type TNotificationDelivery = z.infer<typeof ZNotificationDelivery>;

export const ZNotificationDeliveryListInput = z.object({
  channelId: ZId.optional(),
  limit: z.int().min(1).max(1_000).default(100),
});
export const ZNotificationDeliveryList = z.object({ deliveries: z.array(ZNotificationDelivery).max(1_000) });

/** Why a notification is sent. */
export const ZNotificationReason = z.enum(['alert', 'escalation', 'digest']);
export type TNotificationReason = z.infer<typeof ZNotificationReason>;

/** In-app notification (a toast), as pushed on the socket's `notification` event. */
export const ZInAppNotificationV1 = z.object({
  notificationId: ZId,
  reason: ZNotificationReason,
  severity: ZSeverity,
  title: boundedLine(200, 1),
  body: boundedText(2_000).optional(),
  alertId: ZId.optional(),
  incidentId: ZId.optional(),
  category: ZCategory.optional(),
  position: ZLonLat.optional(),
  at: ZIsoDateTime,
  /** For a digest: how many alerts it summarises. */
  count: z.int().min(1).optional(),
});
export type TInAppNotificationV1 = z.infer<typeof ZInAppNotificationV1>;
