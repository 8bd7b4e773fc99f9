// The procedures the web app calls, described from the contracts, until the gateway's router type is linked.
// Only its type is ever imported (`import type`), so none of this reaches the browser bundle.
import { initTRPC } from '@trpc/server';
import { ZSessionUser } from '@vigie/contracts/auth-api';
import {
  ZEntityDetails,
  ZEntityDetailsInput,
  ZEntityHistory,
  ZEntityHistoryInput,
} from '@vigie/contracts/entity-api';
import { ZBbox } from '@vigie/contracts/primitives';
import { z } from 'zod';

const t = initTRPC.create();

const ZDensityInput = z.object({
  bbox: ZBbox,
  sinceMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60),
});
const ZDensityCell = z.object({
  cell: z.string(),
  count: z.number(),
  categories: z.record(z.string(), z.number()),
});

const _routerShape = t.router({
  me: t.procedure.output(ZSessionUser).query(() => undefined as never),
  entity: t.router({
    details: t.procedure
      .input(ZEntityDetailsInput)
      .output(ZEntityDetails)
      .query(() => undefined as never),
    history: t.procedure
      .input(ZEntityHistoryInput)
      .output(ZEntityHistory)
      .query(() => undefined as never),
  }),
  reports: t.router({
    density: t.procedure
      .input(ZDensityInput)
      .output(z.array(ZDensityCell))
      .query(() => undefined as never),
  }),
});

export type AppRouter = typeof _routerShape;
