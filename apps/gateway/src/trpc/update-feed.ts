/** `feeds.update`: rename, re-point, re-schedule, enable or disable a feed (admins). */
import { AppError } from '@vigie/contracts/errors';
import { ZFeedV1, ZUpdateFeedInput } from '@vigie/contracts/feeds';
import { recordAudit } from '@vigie/db/audit-repository';
import { updateFeed } from '@vigie/db/feeds-repository';
import { procedureWith } from './trpc-init';

export const updateFeedProcedure = procedureWith('source.manage')
  .input(ZUpdateFeedInput)
  .output(ZFeedV1)
  .mutation(async ({ ctx, input }) => {
    const db = ctx.services.database.db;
    const feed = await updateFeed(db, input);
    if (feed === null) throw new AppError('NOT_FOUND', `No feed ${input.id}`);
    const { id: _id, ...changes } = input;
    await recordAudit(db, {
      actor: ctx.user.id,
      action: 'feed.update',
      target: feed.id,
      outcome: 'ok',
      ip: ctx.ip,
      detail: changes,
    });
    return feed;
  });
