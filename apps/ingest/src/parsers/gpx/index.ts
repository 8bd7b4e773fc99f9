export { parseGpx } from './parse-gpx';
export type {
  GpxParseOptions,
  GpxParseResult,
  GpxPoint,
  GpxRejection,
  GpxTrack,
  GpxWaypoint,
} from './parse-gpx';
export { parseGpxTime } from './gpx-time';
export { gpxTrackToPositionFixes } from './gpx-to-position-fixes';
export type { GpxFixesResult, GpxFixOptions, GpxPositionFix } from './gpx-to-position-fixes';
