/** `field.assignments`: the dispatches of my asset and the incidents I am assigned to, with the incident. */
import { z } from 'zod';
import { ZFieldAssignments } from '@vigie/contracts/field-api';
import { fieldAssignments, fieldProfile } from '@vigie/db/field-queries-repository';
import { procedureWith } from './trpc-init';

export const listMyAssignmentsProcedure = procedureWith('assignment.view_own')
  .input(z.object({}).optional())
  .output(ZFieldAssignments)
  .query(async ({ ctx }) => {
    const db = ctx.services.database.db;
    const profile = (await fieldProfile(db, ctx.user.id)) ?? {
      userId: ctx.user.id,
      assetId: null,
      regions: [],
    };
    const items = await fieldAssignments(db, profile);
    return { ...(profile.assetId !== null ? { assetId: profile.assetId } : {}), items };
  });
