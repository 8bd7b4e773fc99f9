/** `zones.list`: zones of every validity (past, current, future), newest change first (admins). */
import { ZAdminZoneV1, ZListZonesInput } from '@vigie/contracts/zone-admin-api';
import { listZonesForAdmin } from '@vigie/db/zone-admin-repository';
import { z } from 'zod';
import { toAdminZone } from './to-admin-zone';
import { procedureWith } from './trpc-init';

export const listZonesProcedure = procedureWith('zone.manage')
  .input(ZListZonesInput)
  .output(z.array(ZAdminZoneV1))
  .query(async ({ ctx, input }) =>
    (
      await listZonesForAdmin(ctx.services.database.db, {
        ...(input?.kinds === undefined ? {} : { kinds: input.kinds }),
        limit: input?.limit ?? 500,
      })
    ).map(toAdminZone),
  );
