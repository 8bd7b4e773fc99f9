import { describe, expect, it } from 'vitest';
import { createLineSplitter } from './line-splitter';
import { createNmeaDecoder, decodeNmeaText, nmeaCoordinate, nmeaDate, nmeaTimeOfDay } from './decode-nmea';
import { nmeaChecksumHex, parseSentence } from './nmea-sentence';
import type { DecodeOutput, PositionFix, Rejection } from './nmea-sentence';

/** Builds a sentence with its checksum. */
function s(body: string): string {
  return `$${body}*${nmeaChecksumHex(body)}`;
}

function fixes(out: DecodeOutput[]): PositionFix[] {
  return out.flatMap((o) => (o.kind === 'fix' ? [o.fix] : []));
}
function rejections(out: DecodeOutput[]): Rejection[] {
  return out.flatMap((o) => (o.kind === 'rejected' ? [o.rejection] : []));
}

const opts = { assetId: 'gps-1' };

describe('NMEA sentence framing', () => {
  it('computes the XOR checksum (known sample values)', () => {
    expect(nmeaChecksumHex('GPRMC,,V,,,,,,,,,,N')).toBe('53');
    expect(nmeaChecksumHex('GPVTG,,,,,,,,,N')).toBe('30');
    expect(parseSentence('$GPGGA,,,,,,0,00,99.99,,,,,,*48').ok).toBe(true);
  });

  it('rejects a bad checksum with both values in the reason', () => {
    const r = parseSentence('$GPRMC,,V,,,,,,,,,,N*54');
    expect(r).toEqual({ ok: false, reason: 'bad checksum: line says 54, content gives 53' });
  });

  it('rejects lines without checksum or start character', () => {
    expect(parseSentence('$GPRMC,,V,,,,,,,,,,N').ok).toBe(false);
    expect(parseSentence('hello').ok).toBe(false);
    expect(parseSentence('$GPRMC,,V*ZZ').ok).toBe(false);
  });
});

describe('NMEA field conversions', () => {
  it('converts ddmm.mmmm / dddmm.mmmm with hemisphere', () => {
    expect(nmeaCoordinate('4404.14066', 'N', 2)).toBeCloseTo(44.069_011, 9);
    expect(nmeaCoordinate('12118.85481', 'W', 3)).toBeCloseTo(-121.314_246_83, 8);
    expect(nmeaCoordinate('2712.6404', 'S', 2)).toBeCloseTo(-27.210_673_33, 8);
    expect(nmeaCoordinate('4134.49821229', 'N', 2)).toBeCloseTo(41.574_970_204_8, 9);
  });

  it('refuses empty, malformed or out-of-range coordinates', () => {
    expect(nmeaCoordinate('', 'N', 2)).toBeUndefined();
    expect(nmeaCoordinate('4404.1', 'E', 2)).toBeUndefined();
    expect(nmeaCoordinate('4460.0', 'N', 2)).toBeUndefined();
    expect(nmeaCoordinate('9100.0', 'N', 2)).toBeUndefined();
    expect(nmeaCoordinate('404.1', 'N', 2)).toBeUndefined();
  });

  it('parses times and two-digit-year dates', () => {
    expect(nmeaTimeOfDay('132820.60')).toBe(48_500_600);
    expect(nmeaTimeOfDay('250000')).toBeUndefined();
    expect(nmeaDate('180320')).toBe(Date.UTC(2020, 2, 18));
    expect(nmeaDate('311299')).toBe(Date.UTC(1999, 11, 31));
    expect(nmeaDate('310220')).toBeUndefined();
  });
});

describe('createNmeaDecoder', () => {
  it('merges RMC + GGA + VTG of one epoch into one fix', () => {
    const out = decodeNmeaText(
      [
        s('GNRMC,171926.00,A,4404.14063,N,12118.85478,W,10.0,90.5,180315,,,A'),
        s('GNVTG,90.5,T,,M,10.0,N,18.52,K,A'),
        s('GNGGA,171926.00,4404.14063,N,12118.85478,W,1,12,0.91,1147.2,M,-21.3,M,,'),
      ].join('\r\n'),
      opts,
    );
    expect(rejections(out)).toEqual([]);
    const [fix] = fixes(out);
    expect(fixes(out)).toHaveLength(1);
    expect(fix?.occurredAt).toBe('2015-03-18T17:19:26.000Z');
    expect(fix?.payload.assetId).toBe('gps-1');
    expect(fix?.payload.position.lat).toBeCloseTo(44.069_010_5, 9);
    expect(fix?.payload.position.lon).toBeCloseTo(-121.314_246_33, 8);
    expect(fix?.payload.speed).toBeCloseTo(5.144_444, 5);
    expect(fix?.payload.heading).toBe(90.5);
    expect(fix?.payload.altitude).toBe(1147.2);
    expect(fix?.payload.satellites).toBe(12);
  });

  it('dates a GGA with the last RMC date and rolls over midnight', () => {
    const out = decodeNmeaText(
      [
        s('GPRMC,235959.00,A,4807.038,N,01131.000,E,0.0,,311224,,,A'),
        s('GPGGA,000001.00,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,'),
      ].join('\n'),
      opts,
    );
    expect(fixes(out).map((f) => f.occurredAt)).toEqual([
      '2024-12-31T23:59:59.000Z',
      '2025-01-01T00:00:01.000Z',
    ]);
    expect(fixes(out)[1]?.payload.position.lat).toBeCloseTo(48.1173, 9);
    expect(fixes(out)[1]?.payload.position.lon).toBeCloseTo(11.516_666_67, 8);
  });

  it('rejects a GGA before any RMC: no date', () => {
    const out = decodeNmeaText(s('GPGGA,120000.00,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,'), opts);
    expect(fixes(out)).toEqual([]);
    expect(rejections(out)[0]?.reason).toMatch(/no date/);
  });

  it('skips no-fix sentences with a reason and never throws on garbage', () => {
    const lines = [
      '$GPRMC,,V,,,,,,,,,,N*53',
      '$GPGGA,,,,,,0,00,99.99,,,,,,*48',
      '$GPRMC,,V,,,,,,,,,,N*99',
      '\u0000\u00b5b\u0001\u0007garbage',
      '# comment',
      '',
      s('GPRMC,120000,A,99xx.0,N,01131.000,E,,,010124,,,A'),
    ];
    const decoder = createNmeaDecoder(opts);
    const out = [...lines.flatMap((l) => decoder.push(l)), ...decoder.flush()];
    const reasons = rejections(out).map((r) => r.reason);
    expect(fixes(out)).toEqual([]);
    expect(reasons).toEqual([
      'no fix: RMC status is not "A" (valid)',
      'no fix: GGA fix quality is 0',
      'bad checksum: line says 99, content gives 53',
      'not an NMEA sentence (no "$" or "!")',
      'invalid latitude "99xx.0,N"',
    ]);
  });

  it('ignores non-GNSS talkers and other sentence types', () => {
    const out = decodeNmeaText([s('SDDBT,10.0,f,3.0,M,1.6,F'), s('GPGSV,1,1,00')].join('\n'), opts);
    expect(out).toEqual([]);
  });
});

describe('createLineSplitter', () => {
  it('reassembles lines cut anywhere, with CRLF, LF, CR and blank lines', () => {
    const splitter = createLineSplitter();
    const lines = [
      ...splitter.push('$GPA*00\r'),
      ...splitter.push('\n\r\n$GP'),
      ...splitter.push('B*01\n\n'),
      ...splitter.push('$GPC*02\r$GPD'),
      ...splitter.flush(),
    ];
    expect(lines).toEqual(['$GPA*00', '$GPB*01', '$GPC*02', '$GPD']);
  });

  it('cuts runaway lines', () => {
    const splitter = createLineSplitter(10);
    expect(splitter.push('x'.repeat(25))).toEqual(['x'.repeat(25)]);
    expect(splitter.flush()).toEqual([]);
  });
});
