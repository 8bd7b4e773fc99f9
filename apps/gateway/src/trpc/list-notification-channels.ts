/** `notifications.channels`: every notification channel (admins). */
import { z } from 'zod';
import { ZNotificationChannelList } from '@vigie/contracts/notification-api';
import { listNotificationChannels } from '@vigie/db/notification-channels-repository';
import { procedureWith } from './trpc-init';

export const listNotificationChannelsProcedure = procedureWith('notification.manage')
  .input(z.object({}).optional())
  .output(ZNotificationChannelList)
  .query(async ({ ctx }) => ({ channels: await listNotificationChannels(ctx.services.database.db) }));
