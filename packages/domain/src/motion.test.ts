import { describe, expect, it } from 'vitest';
import { deriveMotion } from './motion';

const t0 = Date.parse('2026-11-24T10:00:00Z');

describe('deriveMotion', () => {
  it('derives speed and heading from two fixes 1 km apart northward in 100 s', () => {
    const m = deriveMotion(
      { lon: -72.3, lat: 18.5, at: t0 },
      { lon: -72.3, lat: 18.5 + 1000 / 111_195, at: t0 + 100_000 },
    );
    expect(m.speed).toBeCloseTo(10, 1);
    expect(m.heading).toBeCloseTo(0, 0);
    expect(m.stale).toBe(false);
  });

  it('keeps the device-reported speed and heading when present', () => {
    const m = deriveMotion(
      { lon: 0, lat: 0, at: t0 },
      { lon: 0.01, lat: 0, at: t0 + 60_000, speed: 3, heading: 12 },
    );
    expect(m).toMatchObject({ speed: 3, heading: 12 });
  });

  it('treats GPS jitter as standing still and keeps the previous heading', () => {
    const m = deriveMotion(
      { lon: 0, lat: 0, at: t0, heading: 270 },
      { lon: 0.00001, lat: 0, at: t0 + 10_000 },
    );
    expect(m.speed).toBe(0);
    expect(m.heading).toBe(270);
  });

  it('flags an older fix as stale and an impossible jump as a jump', () => {
    expect(deriveMotion({ lon: 0, lat: 0, at: t0 }, { lon: 0, lat: 0.1, at: t0 - 1 }).stale).toBe(true);
    const jump = deriveMotion({ lon: 0, lat: 0, at: t0 }, { lon: 5, lat: 0, at: t0 + 1000 });
    expect(jump.jump).toBe(true);
    expect(jump.speed).toBeNull();
  });
});
