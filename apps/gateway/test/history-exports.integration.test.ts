/**
 * Search and exports on a real gateway (PostgreSQL): `search.query` ranks reports by stemmed words in
 * French and English within a time range and a box; the GeoJSON export validates against RFC 7946, the
 * CSV has one row per fact, GPX and KML parse with a real XML parser and hold one track per asset in
 * time order; bad ranges and missing rights are refused with clear messages.
 */
import { recordPositions } from '@vigie/db/positions-repository';
import type { PositionFix } from '@vigie/db/positions-repository';
import { recordReports } from '@vigie/db/reports-repository';
import { describeWithService, isServiceUp, services } from '@vigie/testing/services';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkGeoJson } from './check-rfc7946';
import type { Harness } from './gateway-harness';
import { startHarness } from './gateway-harness';

const t0 = Date.parse('2026-02-10T06:00:00.000Z');
const at = (minutes: number) => new Date(t0 + minutes * 60_000);
const iso = (minutes: number) => at(minutes).toISOString();
const BOX = '-74,18,-73.5,18.4';

describeWithService(
  await isServiceUp('postgres'),
  'PostgreSQL',
  `start PostgreSQL with PostGIS or set VIGIE_TEST_DATABASE_URL (now ${services.databaseUrl})`,
)('search and exports', () => {
  let harness: Harness;
  let analyst: string;
  let field: string;

  beforeAll(async () => {
    harness = await startHarness('distributed');
    const fixes: PositionFix[] = [];
    for (let minute = 0; minute < 30; minute++) {
      fixes.push({
        envelopeId: `x-a-${minute}`,
        assetId: 'boat-1',
        time: at(minute),
        lon: -73.8 + minute / 1000,
        lat: 18.2,
        kind: 'boat',
        name: 'Boat <One> & co',
      });
      fixes.push({
        envelopeId: `x-b-${minute}`,
        assetId: 'truck-9',
        time: at(minute + 0.5),
        lon: -73.7,
        lat: 18.1 + minute / 1000,
        altitude: 12,
        kind: 'vehicle',
      });
      fixes.push({
        envelopeId: `x-c-${minute}`,
        assetId: 'truck-far',
        time: at(minute),
        lon: 2.3,
        lat: 48.8,
        kind: 'vehicle',
      });
    }
    await recordPositions(harness.database.db, fixes);
    await recordReports(harness.database.db, [
      {
        envelopeId: 'r-1',
        source: 'sms',
        text: 'Les rues sont inondées, "eau" partout',
        lang: 'fr',
        position: { lon: -73.75, lat: 18.2 },
        occurredAt: at(5),
      },
      {
        envelopeId: 'r-2',
        source: 'sms',
        text: 'Inondation grave, inondation au marché, inondations partout',
        lang: 'fr',
        position: { lon: -73.76, lat: 18.21 },
        occurredAt: at(6),
      },
      {
        envelopeId: 'r-3',
        source: 'social',
        text: 'Flooding reported downtown',
        lang: 'en',
        position: { lon: -73.7, lat: 18.15 },
        occurredAt: at(20),
      },
      {
        envelopeId: 'r-4',
        source: 'social',
        text: 'Floods in Paris',
        lang: 'en',
        position: { lon: 2.3, lat: 48.8 },
        occurredAt: at(21),
      },
    ]);
    analyst = (await harness.session('analyst')).cookie;
    field = (await harness.session('field')).cookie;
  }, 120_000);

  afterAll(async () => harness?.close(), 60_000);

  async function search(input: Record<string, unknown>, cookie = analyst) {
    const url = `${harness.baseUrl}/api/trpc/search.query?input=${encodeURIComponent(JSON.stringify(input))}`;
    const response = await fetch(url, { headers: { cookie } });
    return {
      status: response.status,
      body: (await response.json()) as {
        result?: {
          data: {
            hits: { id: string; snippet: string; highlights: [number, number][]; rank: number }[];
            nextOffset?: number;
          };
        };
      },
    };
  }

  it('ranks reports found by French and English stems, within a time range and a box', async () => {
    const fr = await search({ q: 'inondation' });
    expect(fr.status).toBe(200);
    const hits = fr.body.result?.data.hits ?? [];
    expect(hits.map((h) => h.id)).toEqual(['r-2', 'r-1']);
    expect(hits[0]!.rank).toBeGreaterThan(hits[1]!.rank);
    const [start, end] = hits[1]!.highlights[0]!;
    expect(hits[1]!.snippet.slice(start, end)).toBe('inondées');

    const en = await search({ q: 'flooded', bbox: [-74, 18, -73.5, 18.4] });
    expect(en.body.result?.data.hits.map((h) => h.id)).toEqual(['r-3']);
    const later = await search({ q: 'floods', from: iso(20.5), to: iso(30) });
    expect(later.body.result?.data.hits.map((h) => h.id)).toEqual(['r-4']);
    const paged = await search({ q: 'inondation', limit: 1 });
    expect(paged.body.result?.data.nextOffset).toBe(1);
  });

  it('refuses search to a role without report.search', async () => {
    expect((await search({ q: 'inondation' }, field)).status).toBe(403);
  });

  async function download(path: string, query: string, cookie: string | null = analyst) {
    const response = await fetch(`${harness.baseUrl}/api/v1/exports/${path}?${query}`, {
      headers: cookie === null ? {} : { cookie },
    });
    return { response, text: await response.text() };
  }

  it('exports GeoJSON that validates against RFC 7946, only inside the box and range', async () => {
    const { response, text } = await download(
      'features.geojson',
      `from=${iso(0)}&to=${iso(29)}&bbox=${BOX}&kinds=positions,reports`,
    );
    expect(response.status, text).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/geo+json');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="vigie-features-20260210T060000Z-20260210T062900Z\.geojson"$/,
    );
    const json = JSON.parse(text) as {
      features: { id: string; properties: { kind: string; entityId?: string; time: string } }[];
    };
    expect(checkGeoJson(json)).toEqual([]);
    const kinds = json.features.map((f) => f.properties.kind);
    expect(kinds.filter((k) => k === 'positions')).toHaveLength(30 + 29);
    expect(kinds.filter((k) => k === 'reports')).toHaveLength(3);
    expect(json.features.some((f) => f.properties.entityId === 'truck-far')).toBe(false);
    const times = json.features.map((f) => Date.parse(f.properties.time));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('exports CSV with a header and one quoted-where-needed row per fact', async () => {
    const { response, text } = await download(
      'features.csv',
      `from=${iso(0)}&to=${iso(29)}&bbox=${BOX}&kinds=reports`,
    );
    expect(response.status).toBe(200);
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'kind,id,entity_id,time,lon,lat,geometry,name,value,unit,category,severity,status,text',
    );
    expect(lines).toHaveLength(4);
    expect(lines[1]).toBe(
      `reports,r-1,,${iso(5)},-73.75,18.2,,sms,,,,,,"Les rues sont inondées, ""eau"" partout"`,
    );
  });

  it('exports GPX and KML tracks that parse, one per asset, points in time order', async () => {
    const parser = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@',
      isArray: (name) => ['trk', 'trkpt', 'Placemark', 'when', 'gx:coord'].includes(name),
    });
    const gpxDownload = await download('tracks.gpx', `from=${iso(0)}&to=${iso(29)}&bbox=${BOX}`);
    expect(gpxDownload.response.status).toBe(200);
    expect(gpxDownload.response.headers.get('content-disposition')).toContain('.gpx"');
    const gpx = parser.parse(gpxDownload.text) as {
      gpx: {
        '@version': string;
        '@xmlns': string;
        trk: {
          name: string;
          src: string;
          trkseg: { trkpt: { '@lat': string; '@lon': string; ele?: number; time: string }[] };
        }[];
      };
    };
    expect(gpx.gpx['@version']).toBe('1.1');
    expect(gpx.gpx['@xmlns']).toBe('http://www.topografix.com/GPX/1/1');
    expect(gpx.gpx.trk.map((t) => [t.src, t.name, t.trkseg.trkpt.length])).toEqual([
      ['boat-1', 'Boat <One> & co', 30],
      ['truck-9', 'truck-9', 29],
    ]);
    const truck = gpx.gpx.trk[1]!.trkseg.trkpt;
    expect(truck[0]).toMatchObject({ '@lat': '18.1', '@lon': '-73.7', ele: 12, time: iso(0.5) });
    const times = truck.map((p) => Date.parse(p.time));
    expect(times).toEqual([...times].sort((a, b) => a - b));

    const kmlDownload = await download(
      'tracks.kml',
      `from=${iso(0)}&to=${iso(29)}&bbox=${BOX}&assets=truck-9`,
    );
    expect(kmlDownload.response.status).toBe(200);
    const kml = parser.parse(kmlDownload.text) as {
      kml: {
        '@xmlns': string;
        Document: { Placemark: { '@id': string; 'gx:Track': { when: string[]; 'gx:coord': string[] } }[] };
      };
    };
    expect(kml.kml['@xmlns']).toBe('http://www.opengis.net/kml/2.2');
    const placemarks = kml.kml.Document.Placemark;
    expect(placemarks.map((p) => p['@id'])).toEqual(['truck-9']);
    const track = placemarks[0]!['gx:Track'];
    expect(track.when).toHaveLength(29);
    expect(track['gx:coord']).toHaveLength(29);
    expect(track['gx:coord'][0]).toBe('-73.7 18.1 12');
  });

  it('refuses bad or too long ranges with clear messages, and callers without the right', async () => {
    const long = await download(
      'features.geojson',
      `from=${iso(0)}&to=${new Date(t0 + 8 * 86_400_000).toISOString()}`,
    );
    expect(long.response.status).toBe(400);
    expect(JSON.parse(long.text)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('at most 168 hours'),
    });
    const reversed = await download('tracks.gpx', `from=${iso(10)}&to=${iso(0)}`);
    expect(reversed.response.status).toBe(400);
    expect(reversed.text).toContain('from must be before to');
    const badBox = await download('features.csv', `from=${iso(0)}&to=${iso(10)}&bbox=1,2,3`);
    expect(badBox.response.status).toBe(400);
    expect(badBox.text).toContain('west,south,east,north');
    expect((await download('features.csv', `from=${iso(0)}&to=${iso(10)}`, null)).response.status).toBe(401);
    expect((await download('tracks.kml', `from=${iso(0)}&to=${iso(10)}`, field)).response.status).toBe(403);
  });
});
