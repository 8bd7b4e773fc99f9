import { describe, expect, it } from 'vitest';
import { parseGpx } from './parse-gpx';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const opts = { maxBytes: 1_000_000, now: NOW };

const gpx11 = (body: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1"
  xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v2">${body}</gpx>`;

describe('parseGpx: document-level refusals', () => {
  it('refuses a billion-laughs entity bomb quickly, without expanding it', () => {
    const lol = [
      '<?xml version="1.0"?>',
      '<!DOCTYPE gpx [',
      '  <!ENTITY lol "lol">',
      ...Array.from({ length: 9 }, (_, i) => {
        const prev = i === 0 ? 'lol' : `lol${i}`;
        return `  <!ENTITY lol${i + 1} "${Array.from({ length: 10 }, () => `&${prev};`).join('')}">`;
      }),
      ']>',
      '<gpx version="1.1"><wpt lat="1" lon="2"><name>&lol9;</name></wpt></gpx>',
    ].join('\n');
    const started = performance.now();
    const result = parseGpx(lol, opts);
    expect(performance.now() - started).toBeLessThan(200);
    expect(result.waypoints).toEqual([]);
    expect(result.rejected).toHaveLength(1);
    expect(result.rejected[0]).toMatchObject({ where: 'document', outcome: 'document-rejected' });
    expect(result.rejected[0]?.reason).toMatch(/entit/i);
  });

  it('refuses a document over the size limit, for strings and bytes', () => {
    const doc = gpx11('<wpt lat="1" lon="2"/>');
    expect(parseGpx(doc, { maxBytes: 20 }).rejected[0]?.reason).toMatch(/20-byte limit/);
    expect(parseGpx(new TextEncoder().encode(doc), { maxBytes: 20 }).rejected[0]?.reason).toMatch(/limit/);
    // Multi-byte characters count as bytes, not characters.
    const accents = `<gpx><wpt lat="1" lon="2"><name>${'é'.repeat(30)}</name></wpt></gpx>`;
    expect(parseGpx(accents, { maxBytes: accents.length + 10 }).rejected[0]?.outcome).toBe(
      'document-rejected',
    );
  });

  it('refuses malformed XML, non-GPX roots, empty input and invalid UTF-8 without throwing', () => {
    const cases: (string | Uint8Array)[] = [
      '<gpx><trk><trkseg></trk></gpx>',
      '<kml><Placemark/></kml>',
      '',
      '   ',
      'not xml at all',
      new Uint8Array([0x3c, 0x67, 0xff, 0xfe]),
    ];
    for (const input of cases) {
      const result = parseGpx(input, opts);
      expect(result.tracks).toEqual([]);
      expect(result.waypoints).toEqual([]);
      expect(result.rejected[0]?.where).toBe('document');
      expect(result.rejected[0]?.reason.length).toBeGreaterThan(5);
    }
    expect(parseGpx('<kml/>', opts).rejected[0]?.reason).toMatch(/expected <gpx>/);
  });

  it('accepts a DOCTYPE without entity declarations', () => {
    const result = parseGpx('<!DOCTYPE gpx><gpx><wpt lat="1" lon="2"/></gpx>', opts);
    expect(result.waypoints).toEqual([{ lat: 1, lon: 2 }]);
  });
});

describe('parseGpx: points', () => {
  it('reads a GPX 1.0 file without namespace or version, with <speed> and <course>', () => {
    const doc = `<gpx><trk><name>Patrol</name><trkseg>
      <trkpt lat="52.330848" lon="5.541371"><ele>48.9</ele><time>2009-03-02T14:05:52Z</time>
        <speed>1.2</speed><course>270.5</course></trkpt>
      <trkpt lat="52.330951" lon="5.541344"><time>2009-03-02T14:05:58Z</time></trkpt>
    </trkseg></trk></gpx>`;
    const result = parseGpx(doc, opts);
    expect(result.version).toBeUndefined();
    expect(result.rejected).toEqual([]);
    expect(result.tracks).toEqual([
      {
        kind: 'track',
        name: 'Patrol',
        segments: [
          [
            {
              lat: 52.330848,
              lon: 5.541371,
              ele: 48.9,
              time: '2009-03-02T14:05:52.000Z',
              speed: 1.2,
              course: 270.5,
            },
            { lat: 52.330951, lon: 5.541344, time: '2009-03-02T14:05:58.000Z' },
          ],
        ],
      },
    ]);
  });

  it('rejects a point with lat 95 and keeps the others', () => {
    const doc = gpx11(`<trk><trkseg>
      <trkpt lat="95" lon="10"><time>2020-01-01T00:00:00Z</time></trkpt>
      <trkpt lat="45" lon="10"><time>2020-01-01T00:00:01Z</time></trkpt>
    </trkseg></trk>`);
    const result = parseGpx(doc, opts);
    expect(result.tracks[0]?.segments).toEqual([[{ lat: 45, lon: 10, time: '2020-01-01T00:00:01.000Z' }]]);
    expect(result.rejected).toEqual([
      {
        where: 'trk[1] / trkseg[1] / trkpt[1]',
        reason: 'lat 95 is outside -90..90; point rejected',
        outcome: 'point-rejected',
      },
    ]);
  });

  it('rejects missing, non-numeric and non-finite coordinates', () => {
    const doc = gpx11(`
      <wpt lon="10"/><wpt lat="abc" lon="10"/><wpt lat="Infinity" lon="1"/><wpt lat="1" lon="181"/>
      <wpt lat="" lon="1"/><wpt lat="1e400" lon="1"/><wpt lat="-90" lon="-180"/>`);
    const result = parseGpx(doc, opts);
    expect(result.waypoints).toEqual([{ lat: -90, lon: -180 }]);
    expect(result.rejected.map((r) => r.reason)).toEqual([
      'missing lat attribute; point rejected',
      'lat "abc" is not a number; point rejected',
      'lat "Infinity" is not a number; point rejected',
      'lon 181 is outside -180..180; point rejected',
      'lat "" is not a number; point rejected',
      'lat "1e400" is not a number; point rejected',
    ]);
    expect(result.rejected.every((r) => r.outcome === 'point-rejected')).toBe(true);
  });

  it('keeps points with bogus or missing times, without time, and reports each one', () => {
    const doc = gpx11(`<trk><name>T</name><trkseg>
      <trkpt lat="1" lon="1"><time>1901-12-13T20:45:52Z</time></trkpt>
      <trkpt lat="1" lon="2"><time>1970-01-01T00:00:00Z</time></trkpt>
      <trkpt lat="1" lon="3"><time>2099-05-05T00:00:00Z</time></trkpt>
      <trkpt lat="1" lon="4"><time>yesterday</time></trkpt>
      <trkpt lat="1" lon="5"><time>2020-02-31T00:00:00Z</time></trkpt>
      <trkpt lat="1" lon="6"></trkpt>
      <trkpt lat="1" lon="7"><time>2020-06-01T10:00:00.1234567Z</time></trkpt>
      <trkpt lat="1" lon="8"><time>2020-06-01T12:00:00.5+02:00</time></trkpt>
      <trkpt lat="1" lon="9"><time>2013-01-01T12:00:04</time></trkpt>
    </trkseg></trk>`);
    const result = parseGpx(doc, opts);
    const points = result.tracks[0]?.segments[0] ?? [];
    expect(points).toHaveLength(9);
    expect(points.slice(0, 6).every((p) => p.time === undefined)).toBe(true);
    expect(points[6]?.time).toBe('2020-06-01T10:00:00.123Z');
    expect(points[7]?.time).toBe('2020-06-01T10:00:00.500Z');
    expect(points[8]?.time).toBe('2013-01-01T12:00:04.000Z');
    expect(result.rejected.map((r) => r.where)).toEqual(
      [1, 2, 3, 4, 5, 6].map((n) => `trk[1] "T" / trkseg[1] / trkpt[${n}]`),
    );
    expect(result.rejected.every((r) => r.outcome === 'field-dropped')).toBe(true);
    expect(result.rejected[0]?.reason).toMatch(/implausibly old.*kept without time/);
    expect(result.rejected[2]?.reason).toMatch(/future/);
    expect(result.rejected[3]?.reason).toMatch(/not an ISO-8601/);
    expect(result.rejected[5]?.reason).toBe('no <time>; point kept without time');
  });

  it('reads speed and course from a prefixed Garmin TrackPointExtension (v2)', () => {
    const doc = gpx11(`<trk><trkseg><trkpt lat="1" lon="2"><time>2020-01-01T00:00:00Z</time>
      <extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>120</gpxtpx:hr>
        <gpxtpx:speed>3.5</gpxtpx:speed><gpxtpx:course>90</gpxtpx:course>
      </gpxtpx:TrackPointExtension></extensions></trkpt></trkseg></trk>`);
    const point = parseGpx(doc, opts).tracks[0]?.segments[0]?.[0];
    expect(point).toMatchObject({ speed: 3.5, course: 90 });
  });

  it('drops bad ele, speed and course but keeps the point', () => {
    const doc = `<gpx version="1.0"><trk><trkseg><trkpt lat="1" lon="2"><ele>high</ele>
      <time>2020-01-01T00:00:00Z</time><speed>-3</speed><course>400</course></trkpt></trkseg></trk></gpx>`;
    const result = parseGpx(doc, opts);
    expect(result.version).toBe('1.0');
    expect(result.tracks[0]?.segments[0]).toEqual([{ lat: 1, lon: 2, time: '2020-01-01T00:00:00.000Z' }]);
    expect(result.rejected.map((r) => r.reason)).toEqual([
      'ele "high" is not a number; elevation dropped',
      'speed "-3" is not a non-negative number; speed dropped',
      'course "400" is not between 0 and 360; course dropped',
    ]);
  });

  it('reads routes as single-segment tracks and waypoints with description, drops empty segments', () => {
    const doc =
      `\uFEFF` +
      gpx11(`<wpt lat="45.75" lon="14.29"><ele>-0.11</ele><name>R &amp; D</name>
      <desc>Back &lt;to&gt; the roots</desc></wpt>
      <rte><name>Road</name><rtept lat="10" lon="20"/><rtept lat="11" lon="21"/></rte>
      <trk><name>Empty</name><trkseg></trkseg><trkseg/></trk>`);
    const result = parseGpx(doc, opts);
    expect(result.rejected).toEqual([]);
    expect(result.waypoints).toEqual([
      { lat: 45.75, lon: 14.29, ele: -0.11, name: 'R & D', description: 'Back <to> the roots' },
    ]);
    expect(result.tracks).toEqual([
      {
        kind: 'route',
        name: 'Road',
        segments: [
          [
            { lat: 10, lon: 20 },
            { lat: 11, lon: 21 },
          ],
        ],
      },
      { kind: 'track', name: 'Empty', segments: [] },
    ]);
  });

  it('caps the number of reported problems', () => {
    const pts = Array.from({ length: 20 }, () => '<trkpt lat="99" lon="0"/>').join('');
    const result = parseGpx(`<gpx><trk><trkseg>${pts}</trkseg></trk></gpx>`, { ...opts, maxRejections: 5 });
    expect(result.rejected).toHaveLength(6);
    expect(result.rejected[5]?.reason).toBe('15 more problems not listed (limit 5)');
  });
});
