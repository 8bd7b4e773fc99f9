// Zones as admins manage them: geofences (restricted areas, warehouse yards) and hazard zones drawn by hand.
import { z } from 'zod';
import { ZAreaGeometry, ZId, ZIsoDateTime, ZMultiPolygon, boundedId, boundedLine } from './primitives';
import { ZZoneKind } from './zone-api';

/** Kinds an admin can create or edit; administrative areas come from imports. */
export const ZEditableZoneKind = z.enum(['geofence', 'hazard']);
export type TEditableZoneKind = z.infer<typeof ZEditableZoneKind>;

export const ZAdminZoneV1 = z.object({
  id: ZId,
  kind: ZZoneKind,
  name: boundedLine(200),
  geometry: ZMultiPolygon,
  validFrom: ZIsoDateTime.nullable(),
  validTo: ZIsoDateTime.nullable(),
  source: boundedId(128).nullable(),
  updatedAt: ZIsoDateTime,
});
export type TAdminZoneV1 = z.infer<typeof ZAdminZoneV1>;

export const ZListZonesInput = z
  .object({ kinds: z.array(ZZoneKind).max(3).optional(), limit: z.int().min(1).max(1_000).default(500) })
  .optional();

const validity = <T extends { validFrom?: string | null; validTo?: string | null }>(v: T) =>
  v.validFrom == null || v.validTo == null || Date.parse(v.validFrom) < Date.parse(v.validTo);
const validityError = { error: 'validTo must be after validFrom', path: ['validTo'] };

export const ZCreateZoneInput = z
  .object({
    kind: ZEditableZoneKind,
    name: boundedLine(200, 1),
    /** A GeoJSON Polygon or MultiPolygon, [lon, lat] positions, closed rings. */
    geometry: ZAreaGeometry,
    validFrom: ZIsoDateTime.nullable().optional(),
    validTo: ZIsoDateTime.nullable().optional(),
  })
  .refine(validity, validityError);
export type TCreateZoneInput = z.infer<typeof ZCreateZoneInput>;

export const ZUpdateZoneInput = z
  .object({
    id: ZId,
    kind: ZEditableZoneKind.optional(),
    name: boundedLine(200, 1).optional(),
    geometry: ZAreaGeometry.optional(),
    validFrom: ZIsoDateTime.nullable().optional(),
    validTo: ZIsoDateTime.nullable().optional(),
  })
  .refine(validity, validityError);
export type TUpdateZoneInput = z.infer<typeof ZUpdateZoneInput>;

export const ZZoneIdInput = z.object({ id: ZId });
