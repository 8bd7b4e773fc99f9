/** One position fix decoded from an OsmAnd/Traccar request, before it becomes a `position` event. */
import type { TAssetAlarm, TAssetStatus } from '@vigie/contracts/assets';

export type AttributeValue = string | number | boolean;

export interface OsmandFix {
  /** The tracker's own identifier (`id`/`deviceid`, or `device_id` in the JSON form). */
  deviceId: string;
  /** Fix time; absent in the request means "now" (as Traccar does). */
  time: Date | undefined;
  lat: number;
  lon: number;
  /** m/s, converted from the request's unit. */
  speed?: number;
  /** Degrees clockwise from north. */
  heading?: number;
  /** Metres. */
  altitude?: number;
  /** Metres. */
  accuracy?: number;
  /** Percent. */
  battery?: number;
  alarm?: TAssetAlarm;
  status?: TAssetStatus;
  attributes: Record<string, AttributeValue>;
}

export type OsmandParseResult = { ok: true; fixes: OsmandFix[] } | { ok: false; message: string };

/** Traccar alarm names (and a few spellings apps use) → Vigie's alarm vocabulary. */
export function alarmOf(value: string): TAssetAlarm {
  switch (value.toLowerCase()) {
    case 'sos':
    case 'panic':
      return 'sos';
    case 'fall':
    case 'falldown':
      return 'fall';
    case 'powercut':
    case 'power_cut':
    case 'poweroff':
      return 'power_cut';
    case 'lowbattery':
    case 'low_battery':
      return 'low_battery';
    case 'tampering':
    case 'tamper':
      return 'tamper';
    default:
      return 'other';
  }
}

/**
 * Identifier charset of the contracts (no spaces, quotes, `<`, `|`…), 1-63 characters for a device, so
 * that `<source>:<deviceId>` fits an asset id (128).
 */
export const DEVICE_ID_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9._:@/+#=~-]{0,62}$/;

/** Attribute names: the same charset, at most 64 characters. */
export const ATTRIBUTE_NAME_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9._:@/+#=~-]{0,63}$/;

/** A finite number from a parameter, or undefined when the text is not one. */
export function numberOf(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '' || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}
