import { describe, expect, it } from 'vitest';
import { ZBbox } from '@vigie/contracts/primitives';
import { bboxFromBounds, subscriptionZoom, wrapLongitude } from './bbox';

describe('wrapLongitude', () => {
  it('keeps longitudes in range and wraps the others', () => {
    expect(wrapLongitude(10)).toBe(10);
    expect(wrapLongitude(180)).toBe(180);
    expect(wrapLongitude(-180)).toBe(-180);
    expect(wrapLongitude(190)).toBe(-170);
    expect(wrapLongitude(-190)).toBe(170);
    expect(wrapLongitude(540)).toBe(180);
    expect(wrapLongitude(370)).toBe(10);
  });
});

describe('bboxFromBounds', () => {
  it('passes an ordinary view through', () => {
    expect(bboxFromBounds({ west: 30, south: -25, east: 40, north: -15 })).toEqual([30, -25, 40, -15]);
  });

  it('crosses the antimeridian east of 180: west > east', () => {
    const bbox = bboxFromBounds({ west: 170, south: -20, east: 190, north: -10 });
    expect(bbox).toEqual([170, -20, -170, -10]);
    expect(ZBbox.safeParse(bbox).success).toBe(true);
  });

  it('crosses the antimeridian west of -180: west > east', () => {
    expect(bboxFromBounds({ west: -185, south: 0, east: -175, north: 5 })).toEqual([175, 0, -175, 5]);
  });

  it('returns the whole world when a full turn of longitude is visible', () => {
    expect(bboxFromBounds({ west: -300, south: -80, east: 250, north: 80 })).toEqual([-180, -80, 180, 80]);
  });

  it('clamps latitudes and keeps a view ending on the antimeridian ordered', () => {
    expect(bboxFromBounds({ west: 100, south: -95, east: 180, north: 95 })).toEqual([100, -90, 180, 90]);
    expect(bboxFromBounds({ west: 180, south: 0, east: 200, north: 1 })).toEqual([-180, 0, -160, 1]);
  });

  it('always satisfies the contract', () => {
    for (const b of [
      { west: -720, south: -10, east: -700, north: 10 },
      { west: 359, south: 0, east: 361, north: 1 },
      { west: -180, south: -85, east: 180, north: 85 },
    ]) {
      expect(ZBbox.safeParse(bboxFromBounds(b)).success).toBe(true);
    }
  });
});

describe('subscriptionZoom', () => {
  it('clamps to 0..24', () => {
    expect(subscriptionZoom(-1)).toBe(0);
    expect(subscriptionZoom(30)).toBe(24);
    expect(subscriptionZoom(5.123)).toBe(5.12);
  });
});
