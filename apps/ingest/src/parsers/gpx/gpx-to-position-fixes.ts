/** Turns a parsed GPX track into position fixes for one asset (payloads of `raw.positions`). */
import type { TAssetKind } from '@vigie/contracts/assets';
import type { GpxPoint, GpxRejection, GpxTrack } from './parse-gpx';

export interface GpxPositionFix {
  /** ISO-8601 UTC time of the fix (envelope `occurredAt`). */
  occurredAt: string;
  payload: {
    assetId: string;
    assetKind: TAssetKind;
    position: { lon: number; lat: number };
    /** Metres. */
    altitude?: number;
    /** m/s. */
    speed?: number;
    /** Degrees clockwise from true north. */
    heading?: number;
  };
}

export interface GpxFixesResult {
  fixes: GpxPositionFix[];
  /** Points that could not become fixes (no time) or fields outside the position contract. */
  skipped: GpxRejection[];
}

export interface GpxFixOptions {
  assetId: string;
  assetKind: TAssetKind;
  /**
   * Derive speed from the previous point of the same segment when the file has none
   * (great-circle distance / elapsed time). Default true.
   */
  deriveSpeed?: boolean;
}

// Bounds of the position contract (ZAltitude, ZSpeed).
const MIN_ALTITUDE = -1_000;
const MAX_ALTITUDE = 50_000;
const MAX_SPEED = 400;
const EARTH_RADIUS_M = 6_371_008.8;

export function gpxTrackToPositionFixes(track: GpxTrack, options: GpxFixOptions): GpxFixesResult {
  const fixes: GpxPositionFix[] = [];
  const skipped: GpxRejection[] = [];
  const deriveSpeed = options.deriveSpeed ?? true;
  const name = track.name === undefined ? '' : ` "${track.name}"`;

  track.segments.forEach((segment, s) => {
    let previous: GpxPoint | undefined;
    segment.forEach((point, p) => {
      const where = `${track.kind === 'route' ? 'rte' : 'trk'}${name} / segment[${s + 1}] / point[${p + 1}]`;
      if (point.time === undefined) {
        skipped.push({
          where,
          reason: 'point has no valid time; no fix produced',
          outcome: 'point-rejected',
        });
        return;
      }
      const payload: GpxPositionFix['payload'] = {
        assetId: options.assetId,
        assetKind: options.assetKind,
        position: { lon: point.lon, lat: point.lat },
      };
      if (point.ele !== undefined) {
        if (point.ele >= MIN_ALTITUDE && point.ele <= MAX_ALTITUDE) payload.altitude = point.ele;
        else
          skipped.push({
            where,
            reason: `elevation ${point.ele} m is out of range; dropped`,
            outcome: 'field-dropped',
          });
      }
      let speed = point.speed;
      if (speed === undefined && deriveSpeed && previous?.time !== undefined) {
        speed = derivedSpeed(previous, point);
      }
      if (speed !== undefined) {
        if (speed <= MAX_SPEED) payload.speed = speed;
        else
          skipped.push({
            where,
            reason: `speed ${speed} m/s is implausible; dropped`,
            outcome: 'field-dropped',
          });
      }
      if (point.course !== undefined) payload.heading = point.course;
      fixes.push({ occurredAt: point.time, payload });
      previous = point;
    });
  });
  return { fixes, skipped };
}

function derivedSpeed(a: GpxPoint, b: GpxPoint): number | undefined {
  if (a.time === undefined || b.time === undefined) return undefined;
  const seconds = (Date.parse(b.time) - Date.parse(a.time)) / 1000;
  if (!(seconds > 0)) return undefined;
  return distanceMetres(a, b) / seconds;
}

function distanceMetres(a: GpxPoint, b: GpxPoint): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}
