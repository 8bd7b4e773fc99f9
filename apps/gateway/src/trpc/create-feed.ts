/** `feeds.create`: a new polled feed (CAP, USGS or GDACS), due at once (admins). */
import { ZCreateFeedInput, ZFeedV1 } from '@vigie/contracts/feeds';
import { recordAudit } from '@vigie/db/audit-repository';
import { createFeed } from '@vigie/db/feeds-repository';
import { procedureWith } from './trpc-init';

export const createFeedProcedure = procedureWith('source.manage')
  .input(ZCreateFeedInput)
  .output(ZFeedV1)
  .mutation(async ({ ctx, input }) => {
    const db = ctx.services.database.db;
    const feed = await createFeed(db, { ...input, createdBy: ctx.user.id });
    await recordAudit(db, {
      actor: ctx.user.id,
      action: 'feed.create',
      target: feed.id,
      outcome: 'ok',
      ip: ctx.ip,
      detail: { kind: feed.kind, url: feed.url },
    });
    return feed;
  });
