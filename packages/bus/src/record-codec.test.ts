import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeRecords, encodedSize, inspectFrame } from './record-codec';
import type { EncodableRecord } from './record-codec';

const records: EncodableRecord[] = [
  {
    key: 'asset-1',
    value: 'position',
    headers: { source: 'gps', 'trace-é': 'x' },
    timestamp: 1_700_000_000_123,
  },
  { key: '', value: Buffer.from([0, 255, 1]), timestamp: 0 },
  { key: '日本', value: '', headers: {}, timestamp: 2 ** 52 },
];

describe('record codec', () => {
  it('round-trips records with their offsets', () => {
    const sizes = records.map(encodedSize);
    const buf = encodeRecords(records, sizes, 2 ** 40);
    expect(buf.length).toBe(sizes.reduce((a, b) => a + b, 0));
    let at = 0;
    records.forEach((record, i) => {
      const frame = inspectFrame(buf, at);
      if (typeof frame !== 'object') throw new Error(`frame ${i}: ${frame}`);
      expect(frame.offset).toBe(2 ** 40 + i);
      expect(frame.size).toBe(sizes[i]);
      const decoded = decodeFrame(buf, at, frame);
      expect(decoded.key).toBe(record.key);
      expect(Buffer.from(decoded.value).equals(Buffer.from(record.value))).toBe(true);
      expect(decoded.headers).toEqual(record.headers ?? {});
      expect(decoded.timestamp).toBe(record.timestamp);
      at += frame.size;
    });
    expect(inspectFrame(buf, at)).toBe('incomplete');
  });

  it('tells a torn frame from a corrupt one', () => {
    const buf = encodeRecords([records[0]!], [encodedSize(records[0]!)], 0);
    expect(inspectFrame(buf.subarray(0, buf.length - 1), 0)).toBe('incomplete');
    const flipped = Buffer.from(buf);
    flipped[20] = flipped[20]! ^ 1;
    expect(inspectFrame(flipped, 0)).toBe('corrupt');
    expect(inspectFrame(Buffer.alloc(40), 0)).toBe('corrupt');
  });
});
