/** `notifications.createChannel`: a webhook or e-mail channel with its routing and rate limit (admins). */
import { newEventId } from '@vigie/contracts/envelope';
import { ZCreateNotificationChannelInput, ZNotificationChannel } from '@vigie/contracts/notification-api';
import { recordAudit } from '@vigie/db/audit-repository';
import { createNotificationChannel } from '@vigie/db/notification-channels-repository';
import { procedureWith } from './trpc-init';

export const createNotificationChannelProcedure = procedureWith('notification.manage')
  .input(ZCreateNotificationChannelInput)
  .output(ZNotificationChannel)
  .mutation(async ({ ctx, input }) => {
    const channel = await createNotificationChannel(ctx.services.database.db, `ch-${newEventId()}`, input);
    await recordAudit(ctx.services.database.db, {
      actor: ctx.user.id,
      action: 'notification.channel_create',
      target: channel.channelId,
      outcome: 'ok',
      ip: ctx.ip,
      detail: { kind: channel.kind, name: channel.name },
    });
    return channel;
  });
