import { describe, expect, it } from 'vitest';
import { addFixes, drawableTrips, emptyTrails, removeTrails, trailTime } from './trails';

const T0 = Date.parse('2026-03-01T08:00:00Z');
const MIN = 60_000;

describe('trails', () => {
  it('builds paths with timestamps in seconds after the origin', () => {
    const trails = addFixes(emptyTrails(T0), [
      { id: 'v1', atMs: T0 + MIN, lon: 1, lat: 1 },
      { id: 'v1', atMs: T0 + 2 * MIN, lon: 2, lat: 1 },
      { id: 'v2', atMs: T0 + MIN, lon: 5, lat: 5 },
    ]);
    expect(trails.byId.get('v1')).toEqual({
      id: 'v1',
      path: [
        [1, 1],
        [2, 1],
      ],
      timestamps: [60, 120],
    });
    expect(drawableTrips(trails).map((t) => t.id)).toEqual(['v1']);
    expect(trailTime(trails, T0 + 90_000)).toBe(90);
  });

  it('sorts fixes by time and ignores fixes not after the last point', () => {
    let trails = addFixes(emptyTrails(T0), [
      { id: 'v1', atMs: T0 + 2 * MIN, lon: 2, lat: 0 },
      { id: 'v1', atMs: T0 + MIN, lon: 1, lat: 0 },
    ]);
    expect(trails.byId.get('v1')!.timestamps).toEqual([60, 120]);
    const before = trails;
    trails = addFixes(trails, [{ id: 'v1', atMs: T0 + MIN, lon: 9, lat: 9 }]);
    expect(trails.byId.get('v1')).toEqual(before.byId.get('v1'));
  });

  it('keeps a halt as one segment whose end moves forward', () => {
    const trails = addFixes(emptyTrails(T0), [
      { id: 'v1', atMs: T0, lon: 0, lat: 0 },
      { id: 'v1', atMs: T0 + MIN, lon: 1, lat: 0 },
      { id: 'v1', atMs: T0 + 2 * MIN, lon: 1, lat: 0 },
      { id: 'v1', atMs: T0 + 3 * MIN, lon: 1, lat: 0 },
    ]);
    expect(trails.byId.get('v1')!.path).toEqual([
      [0, 0],
      [1, 0],
      [1, 0],
    ]);
    expect(trails.byId.get('v1')!.timestamps).toEqual([0, 60, 180]);
  });

  it('keeps only the window, plus the point that leads into it', () => {
    const fixes = Array.from({ length: 30 }, (_, i) => ({ id: 'v1', atMs: T0 + i * MIN, lon: i, lat: 0 }));
    const trails = addFixes(emptyTrails(T0, 10 * MIN), fixes);
    const trip = trails.byId.get('v1')!;
    expect(trip.timestamps[0]).toBe(19 * 60);
    expect(trip.timestamps.at(-1)).toBe(29 * 60);
    expect(trip.path).toHaveLength(11);
  });

  it('never changes the trails it was given', () => {
    const first = addFixes(emptyTrails(T0), [{ id: 'v1', atMs: T0, lon: 0, lat: 0 }]);
    const path = first.byId.get('v1')!.path;
    const second = addFixes(first, [{ id: 'v1', atMs: T0 + MIN, lon: 1, lat: 0 }]);
    expect(path).toHaveLength(1);
    expect(second.byId.get('v1')!.path).toHaveLength(2);
    expect(second.version).toBe(first.version + 1);
    expect(addFixes(second, [])).toBe(second);
  });

  it('drops the trails of entities that left, and skips unknown ids', () => {
    const trails = addFixes(emptyTrails(T0), [{ id: 'v1', atMs: T0, lon: 0, lat: 0 }]);
    expect(removeTrails(trails, ['zz'])).toBe(trails);
    expect(removeTrails(trails, ['v1']).byId.size).toBe(0);
  });
});
