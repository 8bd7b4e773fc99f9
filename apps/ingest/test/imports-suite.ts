/**
 * The file import endpoints (GPX, NMEA, AIS, stock CSV/HXL), run unchanged on the embedded log +
 * PGlite and on Kafka + PostgreSQL. Everything accepted is read back from the log.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createApiKey } from '@vigie/db/api-keys-repository';
import type { ApiKeyScope } from '@vigie/db/api-keys-repository';
import { uniqueName } from '@vigie/testing/unique-name';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nmeaChecksumHex } from '../src/parsers/nmea/nmea-sentence';
import { buildIngest, collectTopics, testConfig } from './ingest-harness';
import type { Collector, IngestUnderTest } from './ingest-harness';
import type { Backend } from './ingest-suite';

const SAMPLES =
  process.env.VIGIE_SAMPLES_DIR ?? new URL('../../../../shared/samples', import.meta.url).pathname;
const samplesPresent = existsSync(`${SAMPLES}/gps`);
if (!samplesPresent) console.warn(`[skip] GPS samples not found under ${SAMPLES}: set VIGIE_SAMPLES_DIR`);

function nmea(body: string): string {
  return `$${body}*${nmeaChecksumHex(body)}`;
}

const GPX = `<?xml version="1.0"?>
<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">
  <wpt lat="18.19" lon="-73.75"><name>Pont</name></wpt>
  <trk><name>Route Les Cayes</name><trkseg>
    <trkpt lat="18.1934" lon="-73.7461"><time>2021-08-16T14:00:00Z</time></trkpt>
    <trkpt lat="18.1950" lon="-73.7480"><time>1970-01-01T00:00:00Z</time></trkpt>
    <trkpt lat="18.1970" lon="-73.7500"><time>2021-08-16T14:01:00Z</time></trkpt>
  </trkseg></trk>
</gpx>`;

export function runImportsSuite(
  name: string,
  open: () => Promise<Backend>,
  dispose?: () => Promise<void>,
): void {
  describe(name, () => {
    let backend: Backend;
    let ingest: IngestUnderTest;
    let topics: Collector;

    async function key(scopes: ApiKeyScope[]) {
      const source = uniqueName('imp').replaceAll('_', '-');
      const { token } = await createApiKey(backend.db.db, { source, scopes });
      return { token, source };
    }

    function post(
      path: string,
      token: string | undefined,
      body: string | Buffer,
      contentType = 'text/plain',
    ) {
      return ingest.app.inject({
        method: 'POST',
        url: path,
        headers: {
          'content-type': contentType,
          ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        },
        payload: body,
      });
    }

    beforeAll(async () => {
      backend = await open();
      await backend.db.migrate();
      ingest = await buildIngest(backend.db, backend.log, testConfig());
      topics = await collectTopics(backend.log, ingest.config);
    });

    afterAll(async () => {
      await topics?.close();
      await ingest?.app.close();
      await backend?.log.close();
      await backend?.db.close();
      await dispose?.();
    });

    it('imports an NMEA log: fixes on raw.positions, no-fix and bad-checksum lines listed', async () => {
      const { token, source } = await key(['events:position']);
      const body = [
        nmea('GPRMC,140000.00,V,,,,,,,160821,,,N'),
        nmea('GPRMC,140001.00,A,1811.604,N,07344.766,W,10.0,270.0,160821,,,A'),
        nmea('GPGGA,140001.00,1811.604,N,07344.766,W,1,08,1.0,12.0,M,,M,,'),
        '$GPRMC,140002.00,A,1811.604,N,07344.766,W,10.0,270.0,160821,,,A*00',
        nmea('GPRMC,140003.00,A,1811.704,N,07344.866,W,11.0,275.0,160821,,,A'),
      ].join('\r\n');
      const response = await post('/api/v1/imports/nmea?asset=gps-7&kind=boat', token, body);
      expect(response.statusCode, response.body).toBe(202);
      const answer = response.json();
      expect(answer).toMatchObject({ accepted: 2, rejected: 2 });
      expect(answer.errors.map((e: { where: string }) => e.where)).toEqual(['line 1', 'line 4']);
      expect(answer.errors[1].reason).toContain('bad checksum');
      const fixes = await topics.waitForMessages('raw.positions', (m) => m.key === `${source}:gps-7`, 2);
      const first = fixes.find((m) => m.value.occurredAt === '2021-08-16T14:00:01.000Z')!;
      const payload = first.value.payload as {
        position: { lon: number; lat: number };
        assetKind: string;
        satellites: number;
      };
      expect(payload.position.lat).toBeCloseTo(18 + 11.604 / 60, 9);
      expect(payload.position.lon).toBeCloseTo(-(73 + 44.766 / 60), 9);
      expect(payload.assetKind).toBe('boat');
      expect(payload.satellites).toBe(8);
      expect(first.value.source).toBe(source);
    });

    it('imports a GPX track: fixes per point with a valid time, the bogus time listed, the waypoint ignored', async () => {
      const { token, source } = await key(['events:position']);
      const response = await post('/api/v1/imports/gpx', token, GPX, 'application/gpx+xml');
      expect(response.statusCode, response.body).toBe(202);
      const answer = response.json();
      expect(answer).toMatchObject({ accepted: 2, rejected: 1 });
      expect(answer.warnings.join('\n')).toContain('1 waypoint(s) ignored');
      const fixes = await topics.waitForMessages(
        'raw.positions',
        (m) => m.key === `${source}:Route-Les-Cayes`,
        2,
      );
      expect(fixes.map((m) => m.value.occurredAt).sort()).toEqual([
        '2021-08-16T14:00:00.000Z',
        '2021-08-16T14:01:00.000Z',
      ]);
    });

    it('sending the same GPX file twice gives the same event ids (deduplicated downstream)', async () => {
      const { token, source } = await key(['events:position']);
      await post('/api/v1/imports/gpx?asset=walker', token, GPX);
      await post('/api/v1/imports/gpx?asset=walker', token, GPX);
      const fixes = await topics.waitForMessages('raw.positions', (m) => m.key === `${source}:walker`, 4);
      expect(new Set(fixes.map((m) => m.value.id)).size).toBe(2);
    });

    it('imports AIS sentences among others, and lists an orphan fragment', async () => {
      const { token } = await key(['events:position']);
      const body = [
        '# a comment',
        nmea('GPZDA,140000.00,16,08,2021,00,00'),
        '!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A',
        '!AIVDM,2,2,1,B,00000000000,2*26',
      ].join('\n');
      const response = await post('/api/v1/imports/ais', token, body);
      expect(response.statusCode, response.body).toBe(202);
      const answer = response.json();
      expect(answer).toMatchObject({ accepted: 1, rejected: 1 });
      expect(answer.errors[0]).toMatchObject({ where: 'line 4' });
      expect(answer.errors[0].reason).toContain('without its earlier fragments');
      const [fix] = await topics.waitForMessages('raw.positions', (m) => m.key === 'mmsi:371798000', 1);
      const payload = fix!.value.payload as { position: { lon: number; lat: number } };
      expect(payload.position.lon).toBeCloseTo(-123.395_383_333, 6);
      expect(payload.position.lat).toBeCloseTo(48.381_633_333, 6);
    });

    // Skipped only when ../shared/samples is absent; under CI=true any skip fails the run.
    it.skipIf(!samplesPresent)('imports the sample NMEA log that starts without a fix', async () => {
      const { token, source } = await key(['events:position']);
      const body = readFileSync(`${SAMPLES}/gps/nmea/antaris-bt451-nofix-then-fix.nmea.log`);
      const response = await post('/api/v1/imports/nmea?asset=bt451', token, body);
      expect(response.statusCode, response.body).toBe(202);
      const answer = response.json();
      expect(answer.accepted).toBeGreaterThan(0);
      expect(answer.errors.some((e: { reason: string }) => e.reason.startsWith('no fix'))).toBe(true);
      const fixes = await topics.waitForMessages(
        'raw.positions',
        (m) => m.key === `${source}:bt451`,
        answer.accepted,
      );
      const first = fixes.find((m) => m.value.occurredAt === '2009-12-09T15:25:05.000Z')!;
      const payload = first.value.payload as { position: { lon: number; lat: number } };
      expect(payload.position.lat).toBeCloseTo(55 + 47.82113 / 60, 9);
      expect(payload.position.lon).toBeCloseTo(23 + 34.1413 / 60, 9);
    });

    // Skipped only when ../shared/samples is absent; under CI=true any skip fails the run.
    it.skipIf(!samplesPresent)(
      'imports every GPS sample file or refuses it with reasons; every accepted fix reaches the log',
      async () => {
        const endpoints = [
          ['gpx', '/api/v1/imports/gpx?asset=sample'],
          ['nmea', '/api/v1/imports/nmea?asset=sample'],
          ['ais', '/api/v1/imports/ais'],
        ] as const;
        for (const [folder, path] of endpoints) {
          for (const file of readdirSync(`${SAMPLES}/gps/${folder}`)) {
            const { token, source } = await key(['events:position']);
            const response = await post(path, token, readFileSync(`${SAMPLES}/gps/${folder}/${file}`));
            expect([202, 400], `${file}: ${response.body.slice(0, 200)}`).toContain(response.statusCode);
            const answer = response.json();
            if (response.statusCode === 400) {
              expect(answer.message.length, file).toBeGreaterThan(10);
              continue;
            }
            // A file holding only waypoints gives no fix, and says so.
            if (answer.accepted === 0)
              expect(answer.warnings.join('\n'), file).toContain('waypoint(s) ignored');
            for (const error of answer.errors) expect(error.reason.length, file).toBeGreaterThan(5);
            await topics.waitForMessages('raw.positions', (m) => m.value.source === source, answer.accepted);
          }
        }
      },
    );

    it('refuses a GPX with an entity declaration, an import without asset, a key without the scope, and no key', async () => {
      const { token } = await key(['events:position']);
      const bomb = '<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY a "aaaa">]><gpx><trk/></gpx>';
      const refused = await post('/api/v1/imports/gpx', token, bomb);
      expect(refused.statusCode).toBe(400);
      expect(refused.json().message).toContain('GPX refused');
      expect((await post('/api/v1/imports/nmea', token, nmea('GPRMC,1'))).statusCode).toBe(400);
      const stockOnly = await key(['events:inventory']);
      expect((await post('/api/v1/imports/nmea?asset=x', stockOnly.token, nmea('GPRMC,1'))).statusCode).toBe(
        403,
      );
      expect((await post('/api/v1/imports/ais', undefined, 'x')).statusCode).toBe(401);
    });

    it('imports an HXL stock file in Latin-1: set per warehouse and item, with the warehouse details; bad rows listed', async () => {
      const { token, source } = await key(['events:inventory']);
      const warehouse = uniqueName('WH').toUpperCase();
      const text = [
        'Entrepôt,Code,Lat,Lon,Département,Article,Libellé,Quantité,Unité',
        '#loc+name,#loc+code,#geo+lat,#geo+lon,#adm1+name,#item+code,#item+name,#meta+quantity,#meta+unit',
        `Jérémie,${warehouse},18.65,-74.11,Grand'Anse,TARP-4X6,Bâche,1 250,pcs`,
        `Jérémie,${warehouse},18.65,-74.11,Grand'Anse,SOAP,Savon,"12,5",kg`,
        `Jérémie,${warehouse},18.65,-74.11,Grand'Anse,WATER,Eau,beaucoup,l`,
      ].join('\r\n');
      const response = await post(
        '/api/v1/imports/stock?ref=BL-2021-08',
        token,
        Buffer.from(text, 'latin1'),
        'text/csv',
      );
      expect(response.statusCode, response.body).toBe(202);
      const answer = response.json();
      expect(answer).toMatchObject({ accepted: 2, rejected: 1 });
      expect(answer.errors[0]).toMatchObject({ where: 'row 5, column #meta+quantity' });
      expect(answer.warnings[0]).toBe('read as HXL (windows-1252)');
      const sets = await topics.waitForMessages('raw.inventory', (m) => m.key.startsWith(`${warehouse}|`), 2);
      const tarp = sets.find((m) => m.key === `${warehouse}|TARP-4X6`)!;
      expect(tarp.value.source).toBe(source);
      expect(tarp.value.payload).toEqual({
        op: 'set',
        warehouseId: warehouse,
        itemCode: 'TARP-4X6',
        itemName: 'Bâche',
        unit: 'pcs',
        quantity: 1250,
        ref: 'BL-2021-08',
        reason: 'stock count import',
        warehouse: { name: 'Jérémie', position: { lon: -74.11, lat: 18.65 }, region: "Grand'Anse" },
      });
      const soap = sets.find((m) => m.key === `${warehouse}|SOAP`)!;
      expect((soap.value.payload as { quantity: number }).quantity).toBe(12.5);
    });

    it('refuses a file above the import limit with 413, and control characters never reach an answer raw', async () => {
      const { token } = await key(['events:position', 'events:inventory']);
      const huge = 'x'.repeat(ingest.config.importMaxBodyBytes + 1);
      expect((await post('/api/v1/imports/nmea?asset=a', token, huge)).statusCode).toBe(413);
      const hostile = await post(
        '/api/v1/imports/stock',
        token,
        'warehouse,item,quantity,unit\nWH\u0007<script>,ITEM,1,pcs\n',
      );
      expect(hostile.statusCode).toBe(400);
      expect(hostile.json().errors[0].reason).toContain('may only hold letters');
      expect(hostile.json().errors[0].reason).not.toContain('\u0007');
    });

    it('imports a plain stock CSV and refuses a file that is neither format, saying why', async () => {
      const { token } = await key(['events:inventory']);
      const warehouse = uniqueName('wh');
      const ok = await post(
        '/api/v1/imports/stock',
        token,
        `warehouse,item,quantity,unit\n${warehouse},RICE,40,bag\n`,
      );
      expect(ok.statusCode, ok.body).toBe(202);
      await topics.waitForMessages('raw.inventory', (m) => m.key === `${warehouse}|RICE`, 1);
      const bad = await post('/api/v1/imports/stock', token, 'name,count\nx,1\n');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().message).toContain('expected headers warehouse,item,quantity,unit');
    });
  });
}
