/** `feeds.runNow`: make a feed due now; the ingest scheduler polls it on its next tick (admins). */
import { AppError } from '@vigie/contracts/errors';
import { ZFeedIdInput, ZFeedV1 } from '@vigie/contracts/feeds';
import { recordAudit } from '@vigie/db/audit-repository';
import { requestFeedRun } from '@vigie/db/feeds-repository';
import { procedureWith } from './trpc-init';

export const runFeedNowProcedure = procedureWith('source.manage')
  .input(ZFeedIdInput)
  .output(ZFeedV1)
  .mutation(async ({ ctx, input }) => {
    const db = ctx.services.database.db;
    const feed = await requestFeedRun(db, input.id);
    if (feed === null) throw new AppError('NOT_FOUND', `No feed ${input.id}`);
    await recordAudit(db, {
      actor: ctx.user.id,
      action: 'feed.run_now',
      target: input.id,
      outcome: 'ok',
      ip: ctx.ip,
    });
    return feed;
  });
