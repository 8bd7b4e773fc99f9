// Zones (hazard zones, geofences, administrative areas) as pushed on the `zones` map layer.
import { z } from 'zod';
import { ZId, ZIsoDateTime, ZMultiPolygon, boundedId, boundedLine } from './primitives';
import { ZSeverity } from './severity';

export const ZZoneKind = z.enum(['hazard', 'geofence', 'admin_area']);
export type TZoneKind = z.infer<typeof ZZoneKind>;

export const ZLiveZoneV1 = z.object({
  zoneId: ZId,
  kind: ZZoneKind,
  name: boundedLine(200),
  geometry: ZMultiPolygon,
  validFrom: ZIsoDateTime.optional(),
  validTo: ZIsoDateTime.optional(),
  source: boundedId(128).optional(),
  severity: ZSeverity.optional(),
  updatedAt: ZIsoDateTime,
});
export type TLiveZoneV1 = z.infer<typeof ZLiveZoneV1>;
