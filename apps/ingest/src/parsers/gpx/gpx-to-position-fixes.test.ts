import { ZPositionV1 } from '@vigie/contracts/positions';
import { describe, expect, it } from 'vitest';
import { gpxTrackToPositionFixes } from './gpx-to-position-fixes';
import type { GpxTrack } from './parse-gpx';

describe('gpxTrackToPositionFixes', () => {
  const track: GpxTrack = {
    kind: 'track',
    name: 'Patrol',
    segments: [
      [
        {
          lat: 52.330848,
          lon: 5.541371,
          ele: 48.9,
          time: '2009-03-02T14:05:52.000Z',
          speed: 1.2,
          course: 90,
        },
        { lat: 52.330951, lon: 5.541344, time: '2009-03-02T14:05:58.000Z' },
        { lat: 52.331, lon: 5.5413 },
        { lat: 52.331, lon: 5.5413, ele: 99_999, time: '2009-03-02T14:06:05.000Z' },
      ],
    ],
  };

  it('maps timed points to fixes that satisfy the position contract', () => {
    const { fixes, skipped } = gpxTrackToPositionFixes(track, { assetId: 'amb-12', assetKind: 'vehicle' });
    expect(fixes).toHaveLength(3);
    expect(fixes[0]).toEqual({
      occurredAt: '2009-03-02T14:05:52.000Z',
      payload: {
        assetId: 'amb-12',
        assetKind: 'vehicle',
        position: { lon: 5.541371, lat: 52.330848 },
        altitude: 48.9,
        speed: 1.2,
        heading: 90,
      },
    });
    // ~11.5 m in 6 s, derived from the previous point.
    expect(fixes[1]?.payload.speed).toBeGreaterThan(1.8);
    expect(fixes[1]?.payload.speed).toBeLessThan(2.1);
    expect(fixes[2]?.payload.altitude).toBeUndefined();
    for (const fix of fixes) expect(ZPositionV1.safeParse(fix.payload).success).toBe(true);
    expect(skipped.map((s) => s.outcome)).toEqual(['point-rejected', 'field-dropped']);
    expect(skipped[0]?.where).toBe('trk "Patrol" / segment[1] / point[3]');
  });

  it('does not derive speed when asked not to', () => {
    const { fixes } = gpxTrackToPositionFixes(track, { assetId: 'a', assetKind: 'team', deriveSpeed: false });
    expect(fixes[1]?.payload.speed).toBeUndefined();
  });
});
