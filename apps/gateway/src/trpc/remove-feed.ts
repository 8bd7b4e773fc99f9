/** `feeds.remove`: stop polling a feed and forget it (admins); what it published stays on the log. */
import { AppError } from '@vigie/contracts/errors';
import { ZFeedIdInput } from '@vigie/contracts/feeds';
import { recordAudit } from '@vigie/db/audit-repository';
import { removeFeed } from '@vigie/db/feeds-repository';
import { z } from 'zod';
import { procedureWith } from './trpc-init';

export const removeFeedProcedure = procedureWith('source.manage')
  .input(ZFeedIdInput)
  .output(z.object({ removed: z.literal(true) }))
  .mutation(async ({ ctx, input }) => {
    const db = ctx.services.database.db;
    if (!(await removeFeed(db, input.id))) throw new AppError('NOT_FOUND', `No feed ${input.id}`);
    await recordAudit(db, {
      actor: ctx.user.id,
      action: 'feed.remove',
      target: input.id,
      outcome: 'ok',
      ip: ctx.ip,
    });
    return { removed: true as const };
  });
