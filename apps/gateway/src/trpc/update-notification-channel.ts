/** `notifications.updateChannel`: change a channel's target, routing, rate limit or enabled flag (admins). */
import { AppError } from '@vigie/contracts/errors';
import {
  ZCreateNotificationChannelInput,
  ZNotificationChannel,
  ZUpdateNotificationChannelInput,
} from '@vigie/contracts/notification-api';
import { recordAudit } from '@vigie/db/audit-repository';
import {
  listNotificationChannels,
  updateNotificationChannel,
} from '@vigie/db/notification-channels-repository';
import { procedureWith } from './trpc-init';

export const updateNotificationChannelProcedure = procedureWith('notification.manage')
  .input(ZUpdateNotificationChannelInput)
  .output(ZNotificationChannel)
  .mutation(async ({ ctx, input: { channelId, ...patch } }) => {
    const db = ctx.services.database.db;
    const current = (await listNotificationChannels(db)).find((c) => c.channelId === channelId);
    if (current === undefined) throw new AppError('NOT_FOUND', `No notification channel ${channelId}`);
    // The whole channel after the change must still be valid (a webhook URL, e-mail addresses).
    const merged = ZCreateNotificationChannelInput.safeParse({ ...current, ...patch });
    if (!merged.success) throw merged.error;
    const channel = await updateNotificationChannel(db, channelId, patch);
    if (channel === null) throw new AppError('NOT_FOUND', `No notification channel ${channelId}`);
    await recordAudit(db, {
      actor: ctx.user.id,
      action: 'notification.channel_update',
      target: channelId,
      outcome: 'ok',
      ip: ctx.ip,
      detail: { fields: Object.keys(patch) },
    });
    return channel;
  });
