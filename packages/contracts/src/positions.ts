// raw.positions: one GPS/AVL fix of a vehicle, team, boat, drone, aircraft or person.
// The fix time is the envelope's `occurredAt`; speeds are m/s (ingest converts knots and km/h).
import { z } from 'zod';
import { ZAssetAlarm, ZAssetKind, ZAssetStatus } from './assets';
import { envelopeOf } from './envelope';
import { ZAccuracy, ZAltitude, ZAttributes, ZHeading, ZId, ZLonLat, ZPercent, ZSpeed } from './primitives';

export const ZPositionV1 = z
  .object({
    assetId: ZId,
    assetKind: ZAssetKind,
    position: ZLonLat,
    altitude: ZAltitude.optional(),
    /** Ground speed, m/s. */
    speed: ZSpeed.optional(),
    /** Course over ground, degrees from true north. */
    heading: ZHeading.optional(),
    /** Horizontal accuracy radius, metres. */
    accuracy: ZAccuracy.optional(),
    status: ZAssetStatus.optional(),
    /** Battery charge, percent (fractions 0..1 from some apps are converted at ingest). */
    battery: ZPercent.optional(),
    alarm: ZAssetAlarm.optional(),
    /** Satellites used in the fix. */
    satellites: z.int().min(0).max(128).optional(),
    /** Other device attributes (ignition, fuel, rpm…). */
    attributes: ZAttributes.optional(),
  })
  .meta({ description: 'GPS/AVL position fix, v1' });
export type TPositionV1 = z.infer<typeof ZPositionV1>;

export const ZPositionEventV1 = envelopeOf('position', 1, ZPositionV1);
export type TPositionEventV1 = z.infer<typeof ZPositionEventV1>;
