// How live entities look on the map: colours by status, connectivity and readings; icon angle from heading.
// Pure lookups, shared by the deck.gl layers and the legend.
import type { TAssetStatus } from '@vigie/contracts/assets';
import type { TEntityKind, TLiveEntityV1 } from '@vigie/contracts/live-entities';
import { metrics } from '@vigie/contracts/readings';

export type Rgba = readonly [number, number, number, number];

export const STATUS_COLORS: Readonly<Record<TAssetStatus, Rgba>> = {
  available: [46, 204, 113, 255],
  assigned: [63, 167, 255, 255],
  en_route: [245, 176, 65, 255],
  on_scene: [224, 86, 253, 255],
  returning: [20, 184, 166, 255],
  out_of_service: [107, 114, 128, 255],
  unknown: [203, 213, 225, 255],
};

/** An asset raising an alarm (SOS, fall…) is drawn in this colour whatever its status. */
export const ALARM_COLOR: Rgba = [255, 59, 59, 255];
/** Assets not heard from for a long time. */
export const OFFLINE_COLOR: Rgba = [120, 130, 145, 150];
/** Alpha of assets that went quiet for a while (`stale`). */
export const STALE_ALPHA = 150;

export const SENSOR_NORMAL: Rgba = [56, 214, 196, 255];
export const SENSOR_WATCH: Rgba = [245, 176, 65, 255];
export const SENSOR_ANOMALY: Rgba = [255, 59, 59, 255];
/** Anomaly scores at or above this are anomalies; from half of it, worth watching. */
export const ANOMALY_THRESHOLD = 3;

export const TRACK_COLOR: Rgba = [63, 167, 255, 230];
export const SELECTION_COLOR: Rgba = [255, 255, 255, 255];

export function cssColor([r, g, b, a]: Rgba): string {
  return a === 255 ? `rgb(${r} ${g} ${b})` : `rgb(${r} ${g} ${b} / ${Math.round((a / 255) * 100)}%)`;
}

/** Colour of an asset icon: alarm, then connectivity, then operational status. */
export function assetColor(entity: Pick<TLiveEntityV1, 'status' | 'connectivity' | 'alarm'>): Rgba {
  if (entity.alarm !== undefined) return ALARM_COLOR;
  if (entity.connectivity === 'offline') return OFFLINE_COLOR;
  const base = STATUS_COLORS[entity.status ?? 'unknown'];
  return entity.connectivity === 'stale' ? [base[0], base[1], base[2], STALE_ALPHA] : base;
}

/**
 * deck.gl's IconLayer turns icons counter-clockwise by `getAngle` degrees; a heading is clockwise from north
 * and the icons are drawn pointing north. So the angle is the heading negated, kept in [0, 360).
 * Without a heading the icon points north.
 */
export function angleFromHeading(heading: number | undefined): number {
  if (heading === undefined || !Number.isFinite(heading)) return 0;
  const angle = (360 - (heading % 360)) % 360;
  return angle === 0 ? 0 : angle; // no -0
}

/** Position of a value inside its metric's physical range, 0..1. */
export function valueInRange(metric: keyof typeof metrics, value: number): number {
  const def = metrics[metric];
  if (def.max <= def.min) return 0;
  return Math.max(0, Math.min(1, (value - def.min) / (def.max - def.min)));
}

function mix(a: Rgba, b: Rgba, t: number): Rgba {
  const k = Math.max(0, Math.min(1, t));
  return [
    Math.round(a[0] + (b[0] - a[0]) * k),
    Math.round(a[1] + (b[1] - a[1]) * k),
    Math.round(a[2] + (b[2] - a[2]) * k),
    Math.round(a[3] + (b[3] - a[3]) * k),
  ];
}

const RANGE_LOW: Rgba = [158, 202, 255, 255];
const RANGE_HIGH: Rgba = [30, 64, 175, 255];

/**
 * Colour of a sensor: by the highest anomaly score of its latest readings (normal → watch → anomaly); a
 * sensor whose readings carry no score is shaded by its first reading's value within the metric's range.
 */
export function sensorColor(entity: Pick<TLiveEntityV1, 'lastReadings' | 'connectivity'>): Rgba {
  if (entity.connectivity === 'offline') return OFFLINE_COLOR;
  const readings = entity.lastReadings;
  let color: Rgba = SENSOR_NORMAL;
  if (readings !== undefined && readings.length > 0) {
    let score = -1;
    for (const r of readings)
      if (r.anomalyScore !== undefined && r.anomalyScore > score) score = r.anomalyScore;
    if (score >= ANOMALY_THRESHOLD) color = SENSOR_ANOMALY;
    else if (score >= ANOMALY_THRESHOLD / 2) color = SENSOR_WATCH;
    else if (score < 0)
      color = mix(RANGE_LOW, RANGE_HIGH, valueInRange(readings[0]!.metric, readings[0]!.value));
  }
  return entity.connectivity === 'stale' ? [color[0], color[1], color[2], STALE_ALPHA] : color;
}

// ---------------------------------------------------------------------------------------------------------
// Packed colours: one 32-bit word per RGBA colour, written through a Uint32Array view of the colour column
// (one store per entity instead of four). Byte order follows the platform so the bytes read r, g, b, a.
// ---------------------------------------------------------------------------------------------------------

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

export function packRgba([r, g, b, a]: Rgba): number {
  return LITTLE_ENDIAN
    ? ((a << 24) | (b << 16) | (g << 8) | r) >>> 0
    : ((r << 24) | (g << 16) | (b << 8) | a) >>> 0;
}

export function unpackRgba(packed: number): Rgba {
  const bytes = new Uint8Array(new Uint32Array([packed]).buffer);
  return [bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!];
}

type StatusTable = Readonly<Record<string, number>>;
const packStatuses = (alpha?: number): StatusTable =>
  Object.fromEntries(
    Object.entries(STATUS_COLORS).map(([status, [r, g, b, a]]) => [status, packRgba([r, g, b, alpha ?? a])]),
  );
const STATUS_PACKED = packStatuses();
const STATUS_PACKED_STALE = packStatuses(STALE_ALPHA);
const ALARM_PACKED = packRgba(ALARM_COLOR);
const OFFLINE_PACKED = packRgba(OFFLINE_COLOR);

/** `assetColor`, packed, without allocating: the hot path of every live update. */
export function assetColorPacked(entity: Pick<TLiveEntityV1, 'status' | 'connectivity' | 'alarm'>): number {
  if (entity.alarm !== undefined) return ALARM_PACKED;
  const connectivity = entity.connectivity;
  if (connectivity === 'offline') return OFFLINE_PACKED;
  const table = connectivity === 'stale' ? STATUS_PACKED_STALE : STATUS_PACKED;
  return table[entity.status ?? 'unknown'] ?? table.unknown!;
}

const SENSOR_PACKED = new Map<string, number>();
/** `sensorColor`, packed; the few distinct colours are cached. */
export function sensorColorPacked(entity: Pick<TLiveEntityV1, 'lastReadings' | 'connectivity'>): number {
  const color = sensorColor(entity);
  const key = `${color[0]},${color[1]},${color[2]},${color[3]}`;
  let packed = SENSOR_PACKED.get(key);
  if (packed === undefined) {
    packed = packRgba(color);
    if (SENSOR_PACKED.size < 4096) SENSOR_PACKED.set(key, packed);
  }
  return packed;
}

/** Fill colour of a report-density hexagon: light yellow for one report to deep red from ~50. */
export function densityColor(count: number): Rgba {
  const t = Math.log1p(Math.max(0, count)) / Math.log1p(50);
  return mix([255, 230, 120, 110], [220, 38, 38, 200], t);
}

/** Asset kinds in the order of the icon atlas. */
export const ASSET_KINDS = [
  'vehicle',
  'team',
  'boat',
  'drone',
  'aircraft',
  'person',
] as const satisfies readonly Exclude<TEntityKind, 'sensor'>[];
export type AssetKind = (typeof ASSET_KINDS)[number];

export function isAssetKind(kind: TEntityKind): kind is AssetKind {
  return kind !== 'sensor';
}
