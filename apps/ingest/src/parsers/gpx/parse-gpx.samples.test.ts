import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { gpxTrackToPositionFixes } from './gpx-to-position-fixes';
import { parseGpx, type GpxParseResult } from './parse-gpx';

// apps/ingest/src/parsers/gpx → repository root is five levels up; the shared samples sit beside it.
const dir = fileURLToPath(new URL('../../../../../../shared/samples/gps/gpx/', import.meta.url));
const present = existsSync(dir);
if (!present) console.warn(`GPX sample tests skipped: folder ${dir} not found`);

const NOW = Date.parse('2026-01-01T00:00:00Z');
const parseSample = (name: string): GpxParseResult =>
  parseGpx(readFileSync(`${dir}${name}`), { maxBytes: 5_000_000, now: NOW });
const firstTrackPoint = (r: GpxParseResult) => r.tracks.flatMap((t) => t.segments.flat())[0];

// Skipped only when ../shared/samples is absent (a checkout without the shared folder), with the warning
// above; under CI=true the run's reporter fails on any skip, so CI always runs these.
describe.skipIf(!present)('parseGpx on shared samples', () => {
  const files = present ? readdirSync(dir).filter((f) => !f.startsWith('.')) : [];

  it('finds sample files', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('parses %s without throwing or refusing it', (name) => {
    const result = parseSample(name);
    expect(result.rejected.filter((r) => r.outcome === 'document-rejected')).toEqual([]);
    expect(result.tracks.length + result.waypoints.length).toBeGreaterThan(0);
    for (const track of result.tracks) {
      expect(() => gpxTrackToPositionFixes(track, { assetId: 'sample', assetKind: 'team' })).not.toThrow();
    }
  });

  it('gpsbabel-hike-waypoints-gpx10.gpx: 7 waypoints, tracks with empty segments, first fix', () => {
    const result = parseSample('gpsbabel-hike-waypoints-gpx10.gpx');
    expect(result.version).toBe('1.0');
    expect(result.rejected).toEqual([]);
    expect(result.waypoints).toHaveLength(7);
    expect(result.waypoints[0]).toMatchObject({
      lat: 45.772163216,
      lon: 14.357652292,
      time: '2010-08-05T14:23:59.000Z',
      name: '001',
    });
    expect(result.waypoints[1]).toMatchObject({ ele: -0.11438, name: 'BACK T TH' });
    expect(result.tracks[0]).toEqual({ kind: 'track', name: 'ACTIVE LOG', segments: [] });
    expect(firstTrackPoint(result)).toEqual({
      lat: 45.772175035,
      lon: 14.357659249,
      ele: 542.320923,
      time: '2010-08-05T14:23:59.000Z',
    });
    expect(result.tracks.flatMap((t) => t.segments.flat())).toHaveLength(296);
  });

  it('gpx10-speed-no-namespace.gpx: no namespace, no version, <speed>', () => {
    const result = parseSample('gpx10-speed-no-namespace.gpx');
    expect(result.version).toBeUndefined();
    expect(result.rejected).toEqual([]);
    expect(firstTrackPoint(result)).toEqual({
      lat: 52.330848,
      lon: 5.541371,
      ele: 48.962041,
      time: '2009-03-02T14:05:52.000Z',
      speed: 1.2,
    });
  });

  it('gpx11-all-fields.gpx: waypoints, routes, a track with an offset-less time read as UTC', () => {
    const result = parseSample('gpx11-all-fields.gpx');
    expect(result.version).toBe('1.1');
    expect(result.rejected).toEqual([]);
    expect(result.waypoints[0]).toEqual({
      lat: 12.3,
      lon: 45.6,
      ele: 75.1,
      time: '2013-01-02T02:03:00.000Z',
      name: 'example name',
      description: 'example desc',
    });
    expect(result.waypoints[1]).toEqual({ lat: 13.4, lon: 46.7 });
    const routes = result.tracks.filter((t) => t.kind === 'route');
    expect(routes.map((r) => r.segments[0]?.length)).toEqual([3, 2]);
    expect(routes[0]?.segments[0]?.[0]).toEqual({
      lat: 10,
      lon: 20,
      ele: 75.1,
      time: '2013-01-02T02:03:03.000Z',
    });
    const tracks = result.tracks.filter((t) => t.kind === 'track');
    expect(tracks).toHaveLength(2);
    expect(tracks[0]?.segments).toEqual([
      [{ lat: 10.1, lon: -20.2, ele: 11.1, time: '2013-01-01T12:00:04.000Z' }],
    ]);
    expect(tracks[1]?.segments).toEqual([]);
  });

  it('runkeeper-gpxtpx-hr-extension.gpx: one waypoint with a prefixed extension', () => {
    const result = parseSample('runkeeper-gpxtpx-hr-extension.gpx');
    expect(result.rejected).toEqual([]);
    expect(result.tracks).toEqual([]);
    expect(result.waypoints).toEqual([
      { lat: 37.778259, lon: -122.391386, ele: 3.4, time: '2016-06-17T23:41:03.000Z' },
    ]);
  });
});
