/** `notifications.removeChannel`: delete a channel (admins); its delivery log stays. */
import { AppError } from '@vigie/contracts/errors';
import { ZNotificationChannelIdInput } from '@vigie/contracts/notification-api';
import { recordAudit } from '@vigie/db/audit-repository';
import { removeNotificationChannel } from '@vigie/db/notification-channels-repository';
import { z } from 'zod';
import { procedureWith } from './trpc-init';

export const removeNotificationChannelProcedure = procedureWith('notification.manage')
  .input(ZNotificationChannelIdInput)
  .output(z.object({ removed: z.literal(true) }))
  .mutation(async ({ ctx, input }) => {
    const db = ctx.services.database.db;
    if (!(await removeNotificationChannel(db, input.channelId)))
      throw new AppError('NOT_FOUND', `No notification channel ${input.channelId}`);
    await recordAudit(db, {
      actor: ctx.user.id,
      action: 'notification.channel_remove',
      target: input.channelId,
      outcome: 'ok',
      ip: ctx.ip,
    });
    return { removed: true as const };
  });
