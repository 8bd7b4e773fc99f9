import { describe, expect, it } from 'vitest';
import { decodeEwkb } from './ewkb';

// Fixtures produced by PostGIS 3.3 (`geometry::text`, `ST_AsEWKB(g, 'XDR')`, `ST_AsBinary(g)`).
describe('decodeEwkb', () => {
  it('reads a little-endian EWKB point with SRID and Z/M flags', () => {
    expect(
      decodeEwkb('01010000E0E6100000000000000000F03F000000000000004000000000000008400000000000001040'),
    ).toEqual({ type: 'Point', coordinates: [1, 2, 3] });
  });

  it('reads big-endian (XDR) EWKB', () => {
    expect(decodeEwkb('0020000001000010e63ff8000000000000c002000000000000')).toEqual({
      type: 'Point',
      coordinates: [1.5, -2.25],
    });
  });

  it('reads ISO WKB type codes (1001 = Point Z)', () => {
    expect(decodeEwkb('01e9030000000000000000f03f00000000000000400000000000000840')).toEqual({
      type: 'Point',
      coordinates: [1, 2, 3],
    });
  });

  it('reads a multipolygon with a hole', () => {
    const hex =
      '0106000020E61000000200000001030000000200000005000000000000000000000000000000000000000000000000001040000000000000000000000000000010400000000000001040000000000000000000000000000010400000000000000000000000000000000004000000000000000000F03F000000000000F03F000000000000F03F000000000000004000000000000000400000000000000040000000000000F03F000000000000F03F0103000000010000000400000000000000000024400000000000002440000000000000264000000000000024400000000000002640000000000000264000000000000024400000000000002440';
    expect(decodeEwkb(hex)).toEqual({
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [0, 0],
            [4, 0],
            [4, 4],
            [0, 4],
            [0, 0],
          ],
          [
            [1, 1],
            [1, 2],
            [2, 2],
            [1, 1],
          ],
        ],
        [
          [
            [10, 10],
            [11, 10],
            [11, 11],
            [10, 10],
          ],
        ],
      ],
    });
  });

  it('reads multipoints, multilinestrings and geometry collections', () => {
    expect(
      decodeEwkb(
        '0104000000020000000101000000000000000000F03F0000000000000040010100000000000000000008400000000000001040',
      ),
    ).toEqual({
      type: 'MultiPoint',
      coordinates: [
        [1, 2],
        [3, 4],
      ],
    });
    expect(
      decodeEwkb(
        '010500000002000000010200000002000000000000000000F03F000000000000004000000000000008400000000000001040010200000002000000000000000000144000000000000018400000000000001C400000000000002040',
      ),
    ).toEqual({
      type: 'MultiLineString',
      coordinates: [
        [
          [1, 2],
          [3, 4],
        ],
        [
          [5, 6],
          [7, 8],
        ],
      ],
    });
    expect(
      decodeEwkb(
        '0107000000020000000101000000000000000000F03F000000000000004001020000000200000000000000000000000000000000000000000000000000F03F000000000000F03F',
      ),
    ).toEqual({
      type: 'GeometryCollection',
      geometries: [
        { type: 'Point', coordinates: [1, 2] },
        {
          type: 'LineString',
          coordinates: [
            [0, 0],
            [1, 1],
          ],
        },
      ],
    });
  });

  it('reads POINT EMPTY as an empty coordinate array', () => {
    expect(decodeEwkb('0101000000000000000000F87F000000000000F87F')).toEqual({
      type: 'Point',
      coordinates: [],
    });
  });

  it('accepts raw bytes as well as hex', () => {
    const bytes = Buffer.from('0101000000000000000000F03F0000000000000040', 'hex');
    expect(decodeEwkb(new Uint8Array(bytes))).toEqual({ type: 'Point', coordinates: [1, 2] });
  });

  it('rejects malformed input', () => {
    expect(() => decodeEwkb('zz')).toThrow(/hex/);
    expect(() => decodeEwkb('0101000000000000000000F03F')).toThrow();
    expect(() => decodeEwkb('0101000000000000000000F03F000000000000004000')).toThrow(/trailing/);
    expect(() => decodeEwkb('0108000000')).toThrow(/unsupported/);
  });
});
