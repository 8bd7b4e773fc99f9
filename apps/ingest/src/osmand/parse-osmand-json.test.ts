import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseOsmandJson } from './parse-osmand-json';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../test/fixtures/osmand/${name}`, import.meta.url), 'utf8'));
const NOW = Date.parse('2021-08-17T00:00:00Z');

describe('parseOsmandJson (Traccar Client / background-geolocation form)', () => {
  it('reads one location: m/s speed as is, battery fraction as percent, motion and activity', () => {
    const result = parseOsmandJson(fixture('traccar-client-location.json'), { now: NOW });
    expect(result.ok).toBe(true);
    const [fix] = result.ok ? result.fixes : [];
    expect(fix).toMatchObject({
      deviceId: 'cayes-medic-07',
      lat: 18.2012,
      lon: -73.7534,
      speed: 4.2,
      heading: 131.5,
      accuracy: 8.4,
      altitude: 12.3,
      battery: 57,
      attributes: { motion: true, event: 'motionchange', odometer: 1834.5, activity: 'on_foot' },
    });
    expect(fix?.time?.toISOString()).toBe('2021-08-16T15:42:07.311Z');
  });

  it('reads a batch; -1 speed and heading mean unknown; alarm from extras', () => {
    const result = parseOsmandJson(fixture('traccar-client-batch.json'), { now: NOW });
    expect(result.ok && result.fixes.length).toBe(2);
    const [still, moving] = result.ok ? result.fixes : [];
    expect(still).not.toHaveProperty('speed');
    expect(still).not.toHaveProperty('heading');
    expect(still?.attributes).toMatchObject({ charge: true, motion: false });
    expect(moving).toMatchObject({ alarm: 'sos', speed: 1.3 });
  });

  it('refuses a location without coordinates, without device_id, or with bad values', () => {
    expect(parseOsmandJson(fixture('traccar-client-no-coords.json'))).toMatchObject({
      ok: false,
      message: expect.stringContaining('coords is missing'),
    });
    expect(parseOsmandJson({ location: {} })).toMatchObject({
      ok: false,
      message: expect.stringContaining('device_id'),
    });
    expect(parseOsmandJson([])).toMatchObject({ ok: false });
    expect(
      parseOsmandJson({ device_id: 'x', location: { coords: { latitude: '18', longitude: -73 } } }),
    ).toMatchObject({ ok: false, message: expect.stringContaining('must be numbers') });
    expect(
      parseOsmandJson({ device_id: 'x', location: { coords: { latitude: 18, longitude: -273 } } }),
    ).toMatchObject({ ok: false, message: expect.stringContaining('outside') });
    expect(parseOsmandJson({ device_id: 'x y', location: {} })).toMatchObject({ ok: false });
    expect(
      parseOsmandJson({ device_id: 'x', location: Array.from({ length: 101 }, () => ({})) }),
    ).toMatchObject({
      ok: false,
      message: expect.stringContaining('1-100'),
    });
  });

  it('accepts a numeric device_id', () => {
    const result = parseOsmandJson({ device_id: 4711, location: { coords: { latitude: 1, longitude: 2 } } });
    expect(result.ok && result.fixes[0]?.deviceId).toBe('4711');
  });
});
