/** `zones.remove`: delete a geofence or hazard zone (admins); the processor drops it at its next reload. */
import { AppError } from '@vigie/contracts/errors';
import { ZZoneIdInput } from '@vigie/contracts/zone-admin-api';
import { recordAudit } from '@vigie/db/audit-repository';
import { deleteZone, getZone } from '@vigie/db/zones-repository';
import { z } from 'zod';
import { procedureWith } from './trpc-init';

export const removeZoneProcedure = procedureWith('zone.manage')
  .input(ZZoneIdInput)
  .output(z.object({ removed: z.literal(true) }))
  .mutation(async ({ ctx, input }) => {
    const db = ctx.services.database.db;
    const zone = await getZone(db, input.id);
    if (zone === null) throw new AppError('NOT_FOUND', `No zone ${input.id}`);
    if (zone.kind === 'admin_area')
      throw new AppError('CONFLICT', 'Administrative areas are not removed here');
    await deleteZone(db, input.id);
    await recordAudit(db, {
      actor: ctx.user.id,
      action: 'zone.remove',
      target: input.id,
      outcome: 'ok',
      ip: ctx.ip,
      detail: { kind: zone.kind, name: zone.name },
    });
    return { removed: true as const };
  });
