import { describe, expect, it } from 'vitest';
import { parseOsmandQuery } from './parse-osmand-query';

const NOW = Date.parse('2021-08-16T16:00:00Z');
const parse = (query: string, speedUnit: 'kn' | 'mps' | 'kmh' = 'kn') =>
  parseOsmandQuery(new URLSearchParams(query), { speedUnit, now: NOW });

function fixOf(query: string, speedUnit?: 'kn' | 'mps' | 'kmh') {
  const result = parse(query, speedUnit);
  if (!result.ok) throw new Error(result.message);
  return result.fixes[0]!;
}

describe('parseOsmandQuery', () => {
  it('reads the fields of a Traccar Client request, speed in knots converted to m/s', () => {
    const fix = fixOf(
      'id=123456789012345&timestamp=1504763810&lat=40.7232948571&lon=-74.0061408571&bearing=7.19889788244&speed=40&ignition=true&rpm=933&fuel=24',
    );
    expect(fix).toMatchObject({
      deviceId: '123456789012345',
      lat: 40.7232948571,
      lon: -74.0061408571,
      heading: 7.19889788244,
      attributes: { ignition: true, rpm: 933, fuel: 24 },
    });
    expect(fix.time?.toISOString()).toBe('2017-09-07T05:56:50.000Z');
    expect(fix.speed).toBeCloseTo(20.5778, 3);
  });

  it('converts speed from the configured unit', () => {
    expect(fixOf('id=a&lat=1&lon=2&speed=36', 'kmh').speed).toBeCloseTo(10, 6);
    expect(fixOf('id=a&lat=1&lon=2&speed=3.5', 'mps').speed).toBe(3.5);
  });

  it('accepts deviceid, location=lat,lon and heading', () => {
    const fix = fixOf('deviceid=123456&location=60.0,30.0&heading=90&vacc=0&hacc=0');
    expect(fix).toMatchObject({
      deviceId: '123456',
      lat: 60,
      lon: 30,
      heading: 90,
      attributes: { vacc: 0, hacc: 0 },
    });
    expect(fix.time).toBeUndefined();
  });

  it('reads battery, charge, valid, hdop, alarm and status', () => {
    const fix = fixOf(
      'id=a&lat=1&lon=2&batt=87&charge=true&valid=1&hdop=6.0&alarm=sos&status=en_route&driverUniqueId=D42',
    );
    expect(fix).toMatchObject({
      battery: 87,
      alarm: 'sos',
      status: 'en_route',
      attributes: { charge: true, valid: true, hdop: 6, driverUniqueId: 'D42' },
    });
    expect(fixOf('id=a&lat=1&lon=2&alarm=geofenceEnter')).toMatchObject({
      alarm: 'other',
      attributes: { alarm: 'geofenceEnter' },
    });
    expect(fixOf('id=a&lat=1&lon=2&batt=180').attributes).toMatchObject({ batt: 180 });
  });

  it('never keeps the API key or a push token as attributes, and ignores cell/wifi', () => {
    const fix = fixOf(
      'id=a&lat=1&lon=2&key=vk_secret&notificationToken=tok&cell=257,02,16,2224&wifi=00-14-22-01-23-45,-80',
    );
    expect(fix.attributes).toEqual({});
  });

  it('refuses requests without a device id or without a position', () => {
    expect(parse('timestamp=1377177267&lat=60.0&lon=30.0')).toEqual({
      ok: false,
      message: 'Missing device identifier: send id (or deviceid)',
    });
    const cellOnly = parse('id=123456&timestamp=1377177267&cell=257,02,16,2224&wifi=00-14-22-01-23-45,-80');
    expect(cellOnly.ok).toBe(false);
    expect(!cellOnly.ok && cellOnly.message).toContain('cell/wifi-only');
  });

  it('refuses unusable values with a message naming them', () => {
    const cases: [string, RegExp][] = [
      ['id=a&lat=91&lon=0', /lat 91 is outside/],
      ['id=a&lat=0&lon=-181', /lon -181 is outside/],
      ['id=a&lat=x&lon=0', /lat and lon/],
      ['id=a&lat=1e999&lon=0', /lat and lon/],
      ['id=a&location=1', /location must be/],
      ['id=a&lat=1&lon=1&speed=fast', /speed "fast" is not a number/],
      ['id=a b&lat=1&lon=1', /Device id "a b" is not usable/],
      ['id=%3Cscript%3E&lat=1&lon=1', /is not usable/],
      ['id=a&lat=1&lon=1&timestamp=yesterday', /timestamp "yesterday"/],
      ['id=a&lat=1&lon=1&note=%07', /control characters/],
      [`id=a&lat=1&lon=1&note=${'x'.repeat(300)}`, /longer than 256/],
      ['id=a&lat=1&lon=1&%3Cb%3E=1', /Parameter name "<b>"/],
      [`id=a&lat=1&lon=1&${Array.from({ length: 40 }, (_, i) => `p${i}=1`).join('&')}`, /at most 32/],
    ];
    for (const [query, message] of cases) {
      const result = parse(query);
      expect(result.ok, query).toBe(false);
      expect(!result.ok && result.message, query).toMatch(message);
    }
  });
});
