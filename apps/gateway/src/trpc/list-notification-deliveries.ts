/** `notifications.deliveries`: what was sent, held back or failed, newest first (admins). */
import { ZNotificationDeliveryList, ZNotificationDeliveryListInput } from '@vigie/contracts/notification-api';
import { listDeliveries } from '@vigie/db/notification-channels-repository';
import { procedureWith } from './trpc-init';

export const listNotificationDeliveriesProcedure = procedureWith('notification.manage')
  .input(ZNotificationDeliveryListInput)
  .output(ZNotificationDeliveryList)
  .query(async ({ ctx, input }) => ({ deliveries: await listDeliveries(ctx.services.database.db, input) }));
