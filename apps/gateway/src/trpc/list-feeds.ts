/** `feeds.list`: every polled feed with its schedule, last success, errors and item counters (admins). */
import { ZFeedV1 } from '@vigie/contracts/feeds';
import { listFeeds } from '@vigie/db/feeds-repository';
import { z } from 'zod';
import { procedureWith } from './trpc-init';

export const listFeedsProcedure = procedureWith('source.manage')
  .input(z.object({}).optional())
  .output(z.array(ZFeedV1))
  .query(({ ctx }) => listFeeds(ctx.services.database.db));
