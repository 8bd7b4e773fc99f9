/**
 * The gateway's tRPC router, served at `/api/trpc`. The web app imports only its type (`AppRouter`).
 */
import { getEntityDetails } from './trpc/get-entity-details';
import { getEntityHistory } from './trpc/get-entity-history';
import { getMe } from './trpc/get-me';
import { getReportDensity } from './trpc/get-report-density';
import { router } from './trpc/trpc-init';

export const appRouter = router({
  me: getMe,
  entity: router({
    details: getEntityDetails,
    history: getEntityHistory,
  }),
  reports: router({
    density: getReportDensity,
  }),
});

export type AppRouter = typeof appRouter;
