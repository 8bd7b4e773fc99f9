import { describe, expect, it } from 'vitest';
import { LONG, expectInvalidAt, expectValid } from '../test/expect-schema';
import {
  ZAreaGeometry,
  ZAttributes,
  ZBbox,
  ZCountryCode,
  ZGeometry,
  ZH3Cell,
  ZHttpUrl,
  ZId,
  ZIsoDateTime,
  ZLanguageTag,
  ZLat,
  ZLineString,
  ZLon,
  ZLonLat,
  ZMimeType,
  ZMultiPolygon,
  ZObjectUri,
  ZPoint,
  ZPolygon,
  boundedId,
  boundedLine,
  boundedText,
  clipText,
  sanitizeText,
} from './primitives';

const square = [
  [0, 0],
  [1, 0],
  [1, 1],
  [0, 1],
  [0, 0],
];

describe('identifiers', () => {
  it.each([
    'truck-07',
    'us6000len8',
    'urn:oid:2.49.0.1.840.0.63b5',
    'w-nws.webmaster@noaa.gov',
    'EQ1012728',
    'a/b+c#d=e~f',
  ])('accepts %s', (id) => {
    expectValid(ZId, id);
  });

  it.each([
    ['empty', ''],
    ['space', 'truck 07'],
    ['comma', 'a,b'],
    ['pipe (key separator)', 'a|b'],
    ['angle bracket', 'a<b'],
    ['ampersand', 'a&b'],
    ['newline', 'a\nb'],
    ['non-ASCII', 'camião'],
    ['leading dash', '-x'],
    ['too long', LONG(129)],
  ])('rejects %s', (_label, id) => expectInvalidAt(ZId, id, ''));

  it('takes its maximum length as an argument', () => {
    expectValid(boundedId(4), 'abcd');
    expectInvalidAt(boundedId(4), 'abcde', '');
  });

  it('rejects non-strings', () => expectInvalidAt(ZId, 42, ''));
});

describe('bounded text', () => {
  const text = boundedText(20, 1);
  const line = boundedLine(20);

  it('accepts tabs and line feeds in text, and any script or emoji', () => {
    expectValid(text, 'a\tb\nc');
    expectValid(text, 'مرحبا 👋 Água');
  });

  it.each([
    ['NUL', 'a\u0000b'],
    ['carriage return', 'a\r\nb'],
    ['escape', '\u001b[31m'],
    ['DEL', 'a\u007f'],
    ['C1 control', 'a\u0085b'],
    ['lone high surrogate', 'a\ud83d'],
    ['lone low surrogate', '\udc4bb'],
  ])('rejects %s in text', (_label, value) => expectInvalidAt(text, value, ''));

  it('rejects line feeds and tabs in single-line text', () => {
    expectValid(line, 'Flooding in Munhava');
    expectInvalidAt(line, 'a\nb', '');
    expectInvalidAt(line, 'a\tb', '');
  });

  it('enforces length bounds', () => {
    expectInvalidAt(text, '', '');
    expectInvalidAt(text, LONG(21), '');
    expectValid(text, LONG(20));
  });

  it('sanitizeText makes any string acceptable to the bounded schemas', () => {
    const dirty = 'a\u0000b\r\nc\ud83d';
    expect(sanitizeText(dirty, true)).toBe('a b \nc\ufffd');
    expectValid(boundedText(100), sanitizeText(dirty, true));
    expectValid(boundedLine(100), sanitizeText(dirty, false));
    expect(sanitizeText('clean', false)).toBe('clean');
  });

  it('clipText never splits a surrogate pair', () => {
    expect(clipText('abcdef', 4)).toBe('abc…');
    expect(clipText('abc', 4)).toBe('abc');
    const clipped = clipText('ab👋cd', 4);
    expect(clipped).toBe('ab…');
    expectValid(boundedLine(10), clipped);
  });
});

describe('coordinates', () => {
  it('accepts the full ranges', () => {
    for (const lon of [-180, 0, 180, 34.8389]) expectValid(ZLon, lon);
    for (const lat of [-90, 0, 90, -19.8436]) expectValid(ZLat, lat);
  });

  it.each([180.0001, -181, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, '34.8'])(
    'rejects longitude %s',
    (lon) => expectInvalidAt(ZLon, lon, ''),
  );

  it.each([90.5, -91, Number.NaN, Number.POSITIVE_INFINITY])('rejects latitude %s', (lat) =>
    expectInvalidAt(ZLat, lat, ''),
  );

  it('checks both members of a {lon, lat} point', () => {
    expectValid(ZLonLat, { lon: 34.8, lat: -19.8 });
    expectInvalidAt(ZLonLat, { lon: 200, lat: 0 }, 'lon');
    expectInvalidAt(ZLonLat, { lon: 0, lat: -95 }, 'lat');
    expectInvalidAt(ZLonLat, { lon: 0 }, 'lat');
    expectInvalidAt(ZLonLat, [34.8, -19.8], '');
  });
});

describe('ZIsoDateTime', () => {
  it.each([
    '2024-09-14T08:00:00Z',
    '2024-09-14T08:00:00.123Z',
    '2024-09-14T10:00:00+02:00',
    '2002-05-24T16:49:00-07:00',
    '2024-09-14T07:45:00-00:00',
    '2024-02-29T00:00:00Z',
  ])('accepts %s', (value) => {
    expectValid(ZIsoDateTime, value);
  });

  it.each([
    ['no offset (local time)', '2024-09-14T08:00:00'],
    ['no seconds', '2024-09-14T08:00Z'],
    ['date only', '2024-09-14'],
    ['compact offset', '2024-09-14T08:00:00+0200'],
    ['space separator', '2024-09-14 08:00:00Z'],
    ['RFC 822', 'Mon, 30 Dec 2019 00:17:00 GMT'],
    ['impossible date', '2023-02-29T00:00:00Z'],
    ['hour 24', '2024-09-14T24:00:00Z'],
    ['epoch milliseconds', 1726300800000],
  ])('rejects %s', (_label, value) => expectInvalidAt(ZIsoDateTime, value, ''));
});

describe('ZBbox', () => {
  it('accepts a box and one crossing the antimeridian', () => {
    expectValid(ZBbox, [34.7, -19.9, 35.0, -19.7]);
    expectValid(ZBbox, [170, -20, -170, -10]);
  });

  it('rejects south above north', () => expectInvalidAt(ZBbox, [34.7, -19.7, 35.0, -19.9], '[3]'));
  it('rejects out-of-range members', () => {
    expectInvalidAt(ZBbox, [-181, 0, 10, 10], '[0]');
    expectInvalidAt(ZBbox, [0, -91, 10, 10], '[1]');
    expectInvalidAt(ZBbox, [0, 0, 10, Number.NaN], '[3]');
  });
  it('rejects the wrong arity', () => {
    expectInvalidAt(ZBbox, [0, 0, 10], '');
    expectInvalidAt(ZBbox, [0, 0, 10, 10, 5], '');
  });
});

describe('GeoJSON geometry', () => {
  it('accepts Point with and without altitude', () => {
    expectValid(ZPoint, { type: 'Point', coordinates: [34.9, -19.8] });
    expectValid(ZPoint, { type: 'Point', coordinates: [34.9, -19.8, 12] });
  });

  it('rejects a Point in lat,lon order when it falls out of range, and bad arity', () => {
    expectInvalidAt(ZPoint, { type: 'Point', coordinates: [61.44, 116.57] }, 'coordinates[1]');
    expectInvalidAt(ZPoint, { type: 'Point', coordinates: [34.9] }, 'coordinates');
    expectInvalidAt(ZPoint, { type: 'Point', coordinates: [1, 2, 3, 4] }, 'coordinates');
    expectInvalidAt(ZPoint, { type: 'Point', coordinates: [Number.POSITIVE_INFINITY, 0] }, 'coordinates[0]');
  });

  it('requires two positions in a LineString', () => {
    expectValid(ZLineString, {
      type: 'LineString',
      coordinates: [
        [0, 0],
        [1, 1],
      ],
    });
    expectInvalidAt(ZLineString, { type: 'LineString', coordinates: [[0, 0]] }, 'coordinates');
  });

  it('accepts a closed Polygon with a hole', () => {
    const hole = [
      [0.2, 0.2],
      [0.2, 0.4],
      [0.4, 0.4],
      [0.2, 0.2],
    ];
    expectValid(ZPolygon, { type: 'Polygon', coordinates: [square, hole] });
  });

  it('rejects an unclosed ring', () =>
    expectInvalidAt(ZPolygon, { type: 'Polygon', coordinates: [square.slice(0, 4)] }, 'coordinates[0]'));

  it('rejects a ring with fewer than 4 positions', () =>
    expectInvalidAt(
      ZPolygon,
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [0, 0],
          ],
        ],
      },
      'coordinates[0]',
    ));

  it('rejects a Polygon without rings and out-of-range vertices', () => {
    expectInvalidAt(ZPolygon, { type: 'Polygon', coordinates: [] }, 'coordinates');
    const bad = square.map((p, i) => (i === 2 ? [1, 91] : p));
    expectInvalidAt(ZPolygon, { type: 'Polygon', coordinates: [bad] }, 'coordinates[0][2][1]');
  });

  it('validates every polygon of a MultiPolygon', () => {
    expectValid(ZMultiPolygon, { type: 'MultiPolygon', coordinates: [[square], [square]] });
    expectInvalidAt(ZMultiPolygon, { type: 'MultiPolygon', coordinates: [] }, 'coordinates');
    expectInvalidAt(
      ZMultiPolygon,
      { type: 'MultiPolygon', coordinates: [[square], [square.slice(0, 4)]] },
      'coordinates[1][0]',
    );
  });

  it('dispatches on type', () => {
    expectValid(ZGeometry, { type: 'Point', coordinates: [0, 0] });
    expectValid(ZGeometry, { type: 'MultiPolygon', coordinates: [[square]] });
    expectInvalidAt(ZGeometry, { type: 'GeometryCollection', geometries: [] }, 'type');
    expectInvalidAt(ZAreaGeometry, { type: 'Point', coordinates: [0, 0] }, 'type');
  });
});

describe('other primitives', () => {
  it('language tags', () => {
    for (const tag of ['fr', 'en-US', 'pt-MZ', 'zh-Hant-TW', 'und']) expectValid(ZLanguageTag, tag);
    for (const tag of ['', 'english', 'en_US', 'e', 'en-', LONG(40)]) expectInvalidAt(ZLanguageTag, tag, '');
  });

  it('country codes are ISO alpha-3', () => {
    expectValid(ZCountryCode, 'MOZ');
    for (const code of ['MZ', 'moz', 'MOZA', '508']) expectInvalidAt(ZCountryCode, code, '');
  });

  it('H3 cells', () => {
    expectValid(ZH3Cell, '88a4e3a4a5fffff');
    for (const cell of ['88A4E3A4A5FFFFF', '88a4e3a4a5ffff', '08a4e3a4a5fffff', 'zz'])
      expectInvalidAt(ZH3Cell, cell, '');
  });

  it('URLs and object URIs', () => {
    expectValid(ZHttpUrl, 'https://earthquake.usgs.gov/earthquakes/eventpage/us6000len8');
    for (const url of ['javascript:alert(1)', 'ftp://x.org/a', 'not a url', `https://x.org/${LONG(2100)}`])
      expectInvalidAt(ZHttpUrl, url, '');
    expectValid(ZObjectUri, 's3://vigie-media/2024/a.jpg');
    expectValid(ZObjectUri, 'file:///var/lib/vigie/media/a.jpg');
    for (const uri of ['data:image/png;base64,AAAA', 'javascript:x', 's3://bucket/a b.jpg', '/relative.jpg'])
      expectInvalidAt(ZObjectUri, uri, '');
  });

  it('MIME types are lower-cased', () => {
    expect(expectValid(ZMimeType, 'Image/JPEG')).toBe('image/jpeg');
    for (const mime of ['jpeg', 'image/', 'image/jp eg']) expectInvalidAt(ZMimeType, mime, '');
  });

  it('attributes are bounded in number, key and value', () => {
    expectValid(ZAttributes, { ignition: true, fuel: 24, driver: 'D-1' });
    expectInvalidAt(ZAttributes, Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, i])), '');
    expectInvalidAt(ZAttributes, { 'bad key': 1 }, 'bad key');
    expectInvalidAt(ZAttributes, { fuel: Number.NaN }, 'fuel');
    expectInvalidAt(ZAttributes, { note: LONG(300) }, 'note');
    expectInvalidAt(ZAttributes, { nested: { a: 1 } }, 'nested');
  });
});
