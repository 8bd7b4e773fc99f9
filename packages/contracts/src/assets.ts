// What a tracked asset is and what it is doing.
import { z } from 'zod';

/** Kinds of tracked assets (GPS/AVL fixes arrive for these). */
export const ZAssetKind = z.enum(['vehicle', 'team', 'boat', 'drone', 'aircraft', 'person']);
export type TAssetKind = z.infer<typeof ZAssetKind>;

/** Operational status of an asset, as reported by its device or set by field staff. */
export const ZAssetStatus = z.enum([
  'available',
  'assigned',
  'en_route',
  'on_scene',
  'returning',
  'out_of_service',
  'unknown',
]);
export type TAssetStatus = z.infer<typeof ZAssetStatus>;

/** Alarm raised by a tracker (Traccar `alarm=sos`, a fall detector, a cut power line). */
export const ZAssetAlarm = z.enum(['sos', 'fall', 'power_cut', 'low_battery', 'tamper', 'other']);
export type TAssetAlarm = z.infer<typeof ZAssetAlarm>;
