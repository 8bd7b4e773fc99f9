/** `zones.update`: rename, reshape, re-kind or change the validity of a geofence or hazard zone (admins). */
import { AppError } from '@vigie/contracts/errors';
import { ZAdminZoneV1, ZUpdateZoneInput } from '@vigie/contracts/zone-admin-api';
import { recordAudit } from '@vigie/db/audit-repository';
import { getZone, upsertZone } from '@vigie/db/zones-repository';
import { invalidGeometry } from './create-zone';
import { toAdminZone, toStoredArea } from './to-admin-zone';
import { procedureWith } from './trpc-init';

function date(value: string | null | undefined, current: Date | null): Date | null {
  if (value === undefined) return current;
  return value === null ? null : new Date(value);
}

export const updateZoneProcedure = procedureWith('zone.manage')
  .input(ZUpdateZoneInput)
  .output(ZAdminZoneV1)
  .mutation(async ({ ctx, input }) => {
    const db = ctx.services.database.db;
    const zone = await getZone(db, input.id);
    if (zone === null) throw new AppError('NOT_FOUND', `No zone ${input.id}`);
    if (zone.kind === 'admin_area')
      throw new AppError('CONFLICT', 'Administrative areas are not edited here');
    const validFrom = date(input.validFrom, zone.validFrom);
    const validTo = date(input.validTo, zone.validTo);
    if (validFrom !== null && validTo !== null && validFrom >= validTo)
      throw new AppError('VALIDATION_FAILED', 'validTo: must be after validFrom');
    const updated = await upsertZone(db, {
      id: zone.id,
      kind: input.kind ?? zone.kind,
      name: input.name ?? zone.name,
      geometry: input.geometry === undefined ? zone.geometry : toStoredArea(input.geometry),
      validFrom,
      validTo,
      source: zone.source,
      code: zone.code,
      attrs: zone.attrs,
    }).catch((error: unknown) => {
      throw invalidGeometry(error);
    });
    const { id: _id, geometry, ...changes } = input;
    await recordAudit(db, {
      actor: ctx.user.id,
      action: 'zone.update',
      target: zone.id,
      outcome: 'ok',
      ip: ctx.ip,
      detail: { ...changes, ...(geometry === undefined ? {} : { geometry: geometry.type }) },
    });
    return toAdminZone(updated);
  });
