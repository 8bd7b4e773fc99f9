import { describe, expect, it } from 'vitest';
import { destinationPoint } from './geo';
import { advanceTrack } from './track-fix';

const start = { lon: -72.34, lat: 18.54 };
const T = Date.UTC(2025, 0, 1, 12);

describe('advanceTrack', () => {
  it('starts a track with the device values', () => {
    const step = advanceTrack(undefined, { ...start, at: T, speed: 3 });
    expect(step).toMatchObject({ current: true, last: { ...start, at: T, speed: 3, heading: null } });
  });

  it('derives speed and heading from the previous fix', () => {
    const first = advanceTrack(undefined, { ...start, at: T }).last;
    const east = destinationPoint(start, 90, 100);
    const step = advanceTrack(first, { ...east, at: T + 10_000 });
    expect(step.current).toBe(true);
    expect(step.motion.speed).toBeCloseTo(10, 1);
    expect(step.motion.heading).toBeCloseTo(90, 0);
    expect(step.last).toMatchObject({ lon: east.lon, at: T + 10_000 });
  });

  it('never moves an asset back for a late fix', () => {
    const first = advanceTrack(undefined, { ...start, at: T }).last;
    const later = advanceTrack(first, { ...destinationPoint(start, 0, 500), at: T + 60_000 }).last;
    const late = advanceTrack(later, { ...destinationPoint(start, 0, 200), at: T + 30_000 });
    expect(late.current).toBe(false);
    expect(late.motion.stale).toBe(true);
    expect(late.last).toBe(later);
    // The same fix again is not newer either.
    expect(advanceTrack(later, { lon: later.lon, lat: later.lat, at: later.at }).current).toBe(false);
  });
});
