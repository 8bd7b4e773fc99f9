import { describe, expect, it } from 'vitest';
import { nmeaChecksumHex } from '../nmea/nmea-sentence';
import type { DecodeOutput, PositionFix, Rejection } from '../nmea/nmea-sentence';
import { aisOccurredAt, createAisDecoder, decodeAisText } from './decode-ais';
import { dearmor } from './sixbit';

const receivedAt = new Date('2026-03-01T10:20:30.400Z');

/** Writes fields MSB first and armors them (the inverse of the decoder, for hand-made messages). */
function armor(fields: [value: number, width: number][]): { payload: string; fill: number } {
  const bits: number[] = [];
  for (const [value, width] of fields) {
    const v = value < 0 ? 2 ** width + value : value;
    for (let b = width - 1; b >= 0; b--) bits.push(Math.floor(v / 2 ** b) % 2);
  }
  const fill = (6 - (bits.length % 6)) % 6;
  for (let i = 0; i < fill; i++) bits.push(0);
  let payload = '';
  for (let i = 0; i < bits.length; i += 6) {
    let v = 0;
    for (let j = 0; j < 6; j++) v = v * 2 + (bits[i + j] ?? 0);
    payload += String.fromCharCode(v < 40 ? v + 48 : v + 56);
  }
  return { payload, fill };
}

function sentence(
  count: number,
  num: number,
  seq: string,
  channel: string,
  payload: string,
  fill: number,
): string {
  const body = `AIVDM,${count},${num},${seq},${channel},${payload},${fill}`;
  return `!${body}*${nmeaChecksumHex(body)}`;
}

interface ClassA {
  type?: number;
  mmsi: number;
  sog: number;
  lon: number;
  lat: number;
  cog: number;
  heading: number;
  second: number;
}

/** Type 1/2/3 layout, 168 bits. */
function classA(m: ClassA): { payload: string; fill: number } {
  return armor([
    [m.type ?? 1, 6],
    [0, 2],
    [m.mmsi, 30],
    [0, 4],
    [-128, 8],
    [m.sog, 10],
    [0, 1],
    [m.lon, 28],
    [m.lat, 27],
    [m.cog, 12],
    [m.heading, 9],
    [m.second, 6],
    [0, 2],
    [0, 3],
    [0, 1],
    [0, 19],
  ]);
}

function fixes(out: DecodeOutput[]): PositionFix[] {
  return out.flatMap((o) => (o.kind === 'fix' ? [o.fix] : []));
}
function rejections(out: DecodeOutput[]): Rejection[] {
  return out.flatMap((o) => (o.kind === 'rejected' ? [o.rejection] : []));
}

// 48°22.898' N = 48.38163333° → 29028980 in 1/10000 min; 123°23.723' W → -74037230
const vessel: ClassA = {
  mmsi: 227006760,
  sog: 123,
  lon: -74_037_230,
  lat: 29_028_980,
  cog: 2240,
  heading: 215,
  second: 33,
};

describe('dearmor', () => {
  it('maps characters to 6-bit values (0 → 0, W → 39, ` → 40, w → 63)', () => {
    const bits = dearmor('0W`w', 0);
    expect(bits?.uint(0, 6)).toBe(0);
    expect(bits?.uint(6, 6)).toBe(39);
    expect(bits?.uint(12, 6)).toBe(40);
    expect(bits?.uint(18, 6)).toBe(63);
    expect(bits?.int(18, 6)).toBe(-1);
    expect(dearmor('X', 0)).toBeUndefined();
  });
});

describe('createAisDecoder: class A', () => {
  it('decodes a hand-made type 1 report', () => {
    const { payload, fill } = classA(vessel);
    const out = decodeAisText(sentence(1, 1, '', 'A', payload, fill), receivedAt);
    expect(rejections(out)).toEqual([]);
    const [fix] = fixes(out);
    expect(fix?.payload.assetId).toBe('mmsi:227006760');
    expect(fix?.payload.assetKind).toBe('boat');
    expect(fix?.payload.position.lat).toBeCloseTo(48.381_633_33, 8);
    expect(fix?.payload.position.lon).toBeCloseTo(-123.395_383_33, 8);
    expect(fix?.payload.speed).toBeCloseTo((12.3 * 1852) / 3600, 9);
    expect(fix?.payload.heading).toBe(224);
    expect(fix?.payload.attributes?.['trueHeading']).toBe(215);
    // UTC second 33 is after :30 → previous minute
    expect(fix?.occurredAt).toBe('2026-03-01T10:19:33.000Z');
  });

  it('leaves out SOG 1023, COG 3600 and heading 511 (not available)', () => {
    const { payload, fill } = classA({ ...vessel, sog: 1023, cog: 3600, heading: 511, second: 60 });
    const [fix] = fixes(decodeAisText(sentence(1, 1, '', 'B', payload, fill), receivedAt));
    expect(fix?.payload.speed).toBeUndefined();
    expect(fix?.payload.heading).toBeUndefined();
    expect(fix?.payload.attributes?.['trueHeading']).toBeUndefined();
    expect(fix?.occurredAt).toBe('2026-03-01T10:20:30.400Z');
  });

  it('uses the true heading when COG is not available', () => {
    const { payload, fill } = classA({ ...vessel, type: 3, cog: 3600 });
    const [fix] = fixes(decodeAisText(sentence(1, 1, '', 'B', payload, fill), receivedAt));
    expect(fix?.payload.heading).toBe(215);
  });

  it('rejects lon 181 / lat 91 with "no position"', () => {
    const { payload, fill } = classA({ ...vessel, lon: 181 * 600_000, lat: 91 * 600_000 });
    const out = decodeAisText(sentence(1, 1, '', 'A', payload, fill), receivedAt);
    expect(fixes(out)).toEqual([]);
    expect(rejections(out)[0]?.reason).toMatch(/^MMSI 227006760: no position/);
  });

  it('rejects a bad checksum', () => {
    const { payload, fill } = classA(vessel);
    const line = sentence(1, 1, '', 'A', payload, fill).replace(/\*..$/, '*00');
    const out = decodeAisText(line, receivedAt);
    expect(rejections(out)[0]?.reason).toMatch(/^bad checksum: line says 00/);
  });

  it('strips an NMEA 4 tag block', () => {
    const { payload, fill } = classA(vessel);
    const out = decodeAisText(
      `\\s:rORBCOMM,c:1700000000*5B\\${sentence(1, 1, '', 'A', payload, fill)}`,
      receivedAt,
    );
    expect(fixes(out)).toHaveLength(1);
  });
});

describe('createAisDecoder: class B and long range', () => {
  it('decodes a hand-made type 18', () => {
    const { payload, fill } = armor([
      [18, 6],
      [0, 2],
      [338087471, 30],
      [0, 8],
      [1, 10],
      [0, 1],
      [-44_443_279, 28],
      [24_410_724, 27],
      [796, 12],
      [511, 9],
      [49, 6],
      [0, 33],
    ]);
    const [fix] = fixes(decodeAisText(sentence(1, 1, '', 'A', payload, fill), receivedAt));
    expect(fix?.payload.assetId).toBe('mmsi:338087471');
    expect(fix?.payload.position.lon).toBeCloseTo(-74.072_131_67, 8);
    expect(fix?.payload.position.lat).toBeCloseTo(40.684_54, 8);
    expect(fix?.payload.speed).toBeCloseTo(0.1852 / 3.6, 9);
    expect(fix?.payload.heading).toBeCloseTo(79.6, 9);
    expect(fix?.occurredAt).toBe('2026-03-01T10:19:49.000Z');
  });

  it('decodes a hand-made type 27 (1/10 minute, whole knots and degrees)', () => {
    const { payload, fill } = armor([
      [27, 6],
      [0, 2],
      [230108610, 30],
      [1, 1],
      [0, 1],
      [5, 4],
      [14_978, 18], // 24°57.8' E
      [-36_098, 17], // 60°09.8' S
      [1, 6],
      [30, 9],
      [0, 1],
      [0, 1],
    ]);
    const [fix] = fixes(decodeAisText(sentence(1, 1, '', 'A', payload, fill), receivedAt));
    expect(fix?.payload.position.lon).toBeCloseTo(24.963_333_33, 8);
    expect(fix?.payload.position.lat).toBeCloseTo(-60.163_333_33, 8);
    expect(fix?.payload.speed).toBeCloseTo(1852 / 3600, 9);
    expect(fix?.payload.heading).toBe(30);
    expect(fix?.payload.attributes?.['navStatus']).toBe(5);
    expect(fix?.occurredAt).toBe(receivedAt.toISOString());
  });
});

describe('createAisDecoder: multi-part messages', () => {
  const { payload, fill } = classA(vessel);
  const first = sentence(2, 1, '3', 'A', payload.slice(0, 15), 0);
  const second = sentence(2, 2, '3', 'A', payload.slice(15), fill);

  it('reassembles fragments interleaved with other sentences and groups', () => {
    const other = classA({ ...vessel, mmsi: 111 });
    const lines = [
      first,
      sentence(2, 1, '3', 'B', other.payload.slice(0, 10), 0),
      '$GPGSV,1,1,00*79',
      sentence(1, 1, '', 'A', other.payload, other.fill),
      second,
      sentence(2, 2, '3', 'B', other.payload.slice(10), other.fill),
    ];
    const out = decodeAisText(lines.join('\r\n'), receivedAt);
    expect(rejections(out)).toEqual([]);
    expect(fixes(out).map((f) => f.payload.assetId)).toEqual(['mmsi:111', 'mmsi:227006760', 'mmsi:111']);
    expect(fixes(out)[1]?.payload.position.lat).toBeCloseTo(48.381_633_33, 8);
  });

  it('rejects incomplete groups with a reason', () => {
    const decoder = createAisDecoder();
    const out = [
      ...decoder.push(second, receivedAt),
      ...decoder.push(first, receivedAt),
      ...decoder.push(first, receivedAt),
      ...decoder.flush(),
    ];
    expect(fixes(out)).toEqual([]);
    expect(rejections(out).map((r) => r.reason)).toEqual([
      'fragment 2 of 2 without its earlier fragments (seq "3")',
      'incomplete multi-part message: 1 of 2 fragments (a new message started with the same sequence id)',
      'incomplete multi-part message: 1 of 2 fragments (end of input)',
    ]);
  });

  it('never throws on garbage', () => {
    const decoder = createAisDecoder();
    const lines = [
      '',
      '!AIVDM',
      '!AIVDM,x*00',
      `!${'AIVDM,1,1,,A,XXXX,0'}*${nmeaChecksumHex('AIVDM,1,1,,A,XXXX,0')}`,
      '\u0000\u00ff',
    ];
    const out = lines.flatMap((l) => decoder.push(l, receivedAt));
    expect(fixes(out)).toEqual([]);
    expect(rejections(out).length).toBe(4);
  });
});

describe('aisOccurredAt', () => {
  it('moves the receive time to the UTC second, never into the future', () => {
    expect(aisOccurredAt(receivedAt, 10)).toBe('2026-03-01T10:20:10.000Z');
    expect(aisOccurredAt(receivedAt, 59)).toBe('2026-03-01T10:19:59.000Z');
    expect(aisOccurredAt(receivedAt, undefined)).toBe('2026-03-01T10:20:30.400Z');
  });
});
