/** `zones.create`: draw a geofence or a hazard zone from GeoJSON, with an optional validity (admins). */
import { randomUUID } from 'node:crypto';
import { AppError } from '@vigie/contracts/errors';
import { ZAdminZoneV1, ZCreateZoneInput } from '@vigie/contracts/zone-admin-api';
import { recordAudit } from '@vigie/db/audit-repository';
import { upsertZone } from '@vigie/db/zones-repository';
import { toAdminZone, toStoredArea } from './to-admin-zone';
import { procedureWith } from './trpc-init';

export const createZoneProcedure = procedureWith('zone.manage')
  .input(ZCreateZoneInput)
  .output(ZAdminZoneV1)
  .mutation(async ({ ctx, input }) => {
    const db = ctx.services.database.db;
    const id = `${input.kind}:${randomUUID()}`;
    const zone = await upsertZone(db, {
      id,
      kind: input.kind,
      name: input.name,
      geometry: toStoredArea(input.geometry),
      validFrom: input.validFrom == null ? null : new Date(input.validFrom),
      validTo: input.validTo == null ? null : new Date(input.validTo),
      source: 'admin',
    }).catch((error: unknown) => {
      throw invalidGeometry(error);
    });
    await recordAudit(db, {
      actor: ctx.user.id,
      action: 'zone.create',
      target: zone.id,
      outcome: 'ok',
      ip: ctx.ip,
      detail: { kind: input.kind, name: input.name },
    });
    return toAdminZone(zone);
  });

/** The database refuses self-intersecting shapes: a 400 naming the geometry, anything else unchanged. */
export function invalidGeometry(error: unknown): unknown {
  const text = String((error as { cause?: unknown })?.cause ?? error);
  return text.includes('zones_geometry_valid_check')
    ? new AppError('VALIDATION_FAILED', 'geometry: the polygon is not valid (self-intersecting rings?)')
    : error;
}
