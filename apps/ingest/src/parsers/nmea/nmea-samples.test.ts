import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ZPositionV1 } from '@vigie/contracts/positions';
import { describe, expect, it } from 'vitest';
import { decodeNmeaText } from './decode-nmea';
import type { DecodeOutput, PositionFix } from './nmea-sentence';

const dir = fileURLToPath(new URL('../../../../../../shared/samples/gps/nmea/', import.meta.url));
const present = existsSync(dir);
if (!present) console.warn(`NMEA sample tests skipped: ${dir} is absent`);

function fixes(out: DecodeOutput[]): PositionFix[] {
  return out.flatMap((o) => (o.kind === 'fix' ? [o.fix] : []));
}

function decode(name: string): DecodeOutput[] {
  return decodeNmeaText(readFileSync(dir + name, 'utf8'), { assetId: 'gps-1' });
}

// Skipped only when ../shared/samples is absent (a checkout without the shared folder), with the warning
// above; under CI=true the run's reporter fails on any skip, so CI always runs these.
describe.skipIf(!present)('NMEA samples', () => {
  it('decodes every file without throwing and gives valid fixes', () => {
    const files = readdirSync(dir);
    expect(files.length).toBeGreaterThan(0);
    for (const name of files) {
      const all = fixes(decode(name));
      expect(all.length, name).toBeGreaterThan(0);
      for (const f of all) {
        expect(ZPositionV1.safeParse(f.payload).success, JSON.stringify(f.payload)).toBe(true);
        expect(Math.abs(f.payload.position.lat)).toBeLessThanOrEqual(90);
        expect(Math.abs(f.payload.position.lon)).toBeLessThanOrEqual(180);
        expect(f.occurredAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      }
    }
  });

  it('antaris bt451: no-fix sentences rejected, then the first fix', () => {
    const out = decode('antaris-bt451-nofix-then-fix.nmea.log');
    const reasons = out.flatMap((o) => (o.kind === 'rejected' ? [o.rejection.reason] : []));
    expect(reasons).toContain('no fix: RMC status is not "A" (valid)');
    expect(reasons).toContain('no fix: GGA fix quality is 0');
    const [first] = fixes(out);
    // $GPRMC,152505.00,A,5547.82113,N,02334.14130,E,0.253,,091209 + GGA alt 37.0, 04 satellites
    expect(first?.occurredAt).toBe('2009-12-09T15:25:05.000Z');
    expect(first?.payload.position.lat).toBeCloseTo(55 + 47.82113 / 60, 9);
    expect(first?.payload.position.lon).toBeCloseTo(23 + 34.1413 / 60, 9);
    expect(first?.payload.altitude).toBe(37);
    expect(first?.payload.satellites).toBe(4);
  });

  it('trimble RTK: 8-decimal minutes, west longitude, knots', () => {
    const [first] = fixes(decode('trimble-rtk-high-precision.nmea.log'));
    // $GPGGA,132820.60,4134.49821229,N,09345.03351845,W,2,09,1.0,278.020,M + RMC 3.252 kn, 92.308°, 180320
    expect(first?.occurredAt).toBe('2020-03-18T13:28:20.600Z');
    expect(first?.payload.position.lat).toBeCloseTo(41.574_970_204_8, 9);
    expect(first?.payload.position.lon).toBeCloseTo(-93.750_558_640_8, 9);
    expect(first?.payload.speed).toBeCloseTo(3.252 * 0.514_444, 4);
    expect(first?.payload.heading).toBe(92.308);
    expect(first?.payload.altitude).toBe(278.02);
    expect(first?.payload.satellites).toBe(9);
  });

  it('u-blox multi-GNSS: GN talker', () => {
    const [first] = fixes(decode('ublox-neo-m8n-multignss.nmea.log'));
    // $GNRMC,171926.00,A,4404.14063,N,12118.85478,W,0.117,,180315 + $GNGGA alt 1147.2, 12 satellites
    expect(first?.occurredAt).toBe('2015-03-18T17:19:26.000Z');
    expect(first?.payload.position.lat).toBeCloseTo(44.069_010_5, 9);
    expect(first?.payload.position.lon).toBeCloseTo(-121.314_246_33, 8);
    expect(first?.payload.altitude).toBe(1147.2);
    expect(first?.payload.satellites).toBe(12);
  });

  it('haicom: southern and eastern hemispheres', () => {
    const all = fixes(decode('haicom-305n.nmea.log'));
    for (const f of all) {
      expect(f.payload.position.lat).toBeLessThan(-27);
      expect(f.payload.position.lon).toBeGreaterThan(153);
      expect(f.occurredAt.startsWith('2007-04-08T09:5')).toBe(true);
    }
  });
});
