/**
 * Pushed CAP alerts and USGS/GDACS uploads through the real ingest HTTP app (listening on a port, on the
 * embedded log + PGlite), read back from the log; and hostile input — an entity bomb, a 100 MB body,
 * out-of-range coordinates, control characters and script tags — each refused or neutralised with a
 * clear 4xx while the service keeps serving.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedLog } from '@vigie/bus/embedded-log';
import type { Log } from '@vigie/bus/log';
import { ZDeadLetterV1 } from '@vigie/contracts/deadletter';
import { createApiKey } from '@vigie/db/api-keys-repository';
import type { ApiKeyScope } from '@vigie/db/api-keys-repository';
import { createDb } from '@vigie/db/create-db';
import type { Database } from '@vigie/db/database';
import { uniqueName } from '@vigie/testing/unique-name';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIngest, collectTopics, testConfig } from './ingest-harness';
import type { Collector, IngestUnderTest } from './ingest-harness';

const FIXTURES = new URL('./fixtures/cap/', import.meta.url).pathname;
const wrapper = readFileSync(`${FIXTURES}smhi-style-wrapper-two-alerts.xml`, 'utf8');

const usgsFeed = JSON.stringify({
  type: 'FeatureCollection',
  metadata: { generated: 1629000000000, api: '1.10.3', count: 2 },
  features: [
    {
      type: 'Feature',
      id: 'us6000f65h',
      geometry: { type: 'Point', coordinates: [-73.482, 18.408, 10] },
      properties: {
        mag: 7.2,
        place: 'Nippes, Haiti',
        time: 1628943161000,
        updated: 1629000000000,
        status: 'reviewed',
        type: 'earthquake',
        alert: 'red',
        ids: ',us6000f65h,',
        title: 'M 7.2 - Nippes, Haiti',
      },
    },
    {
      type: 'Feature',
      id: 'uu60001',
      geometry: { type: 'Point', coordinates: [-112.1, 40.5, 0] },
      properties: { mag: 1.9, time: 1628943161000, updated: 1628943161000, type: 'quarry blast' },
    },
  ],
});

const gdacsFeed = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:gdacs="http://www.gdacs.org" xmlns:georss="http://www.georss.org/georss">
<channel><title>GDACS</title>
<item>
  <title>Red earthquake alert in Haiti</title>
  <pubDate>Sat, 14 Aug 2021 12:29:08 GMT</pubDate>
  <gdacs:fromdate>Sat, 14 Aug 2021 12:29:08 GMT</gdacs:fromdate>
  <gdacs:eventtype>EQ</gdacs:eventtype>
  <gdacs:eventid>1285133</gdacs:eventid>
  <gdacs:episodeid>1391478</gdacs:episodeid>
  <gdacs:alertlevel>Red</gdacs:alertlevel>
  <gdacs:country>Haiti</gdacs:country>
  <georss:point>18.4083 -73.4822</georss:point>
</item>
</channel></rss>`;

describe('external alert documents over real HTTP (embedded log + PGlite)', () => {
  const directory = mkdtempSync(join(tmpdir(), 'vigie-alert-docs-'));
  let db: Database;
  let log: Log;
  let ingest: IngestUnderTest;
  let topics: Collector;
  let base: string;

  async function key(scopes: ApiKeyScope[]) {
    const source = uniqueName('alerts').replaceAll('_', '-');
    const { token } = await createApiKey(db.db, { source, scopes });
    return { token, source };
  }

  async function post(path: string, token: string, body: string | Buffer, type: string) {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': type },
      body,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  beforeAll(async () => {
    db = await createDb({});
    await db.migrate();
    log = await openEmbeddedLog({ directory });
    ingest = await buildIngest(db, log, testConfig({ capMaxBodyBytes: 64 * 1024 }));
    topics = await collectTopics(log, ingest.config);
    await ingest.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = ingest.app.server.address() as { port: number };
    base = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await topics?.close();
    await ingest?.app.close();
    await log?.close();
    await db?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('takes a pushed CAP wrapper of two alerts (202) and appends them to raw.alerts, keyed by sender and identifier', async () => {
    const k = await key(['events:alert']);
    const answer = await post('/api/v1/cap', k.token, wrapper, 'application/cap+xml');
    expect(answer).toEqual({ status: 202, body: { accepted: 2, rejected: 0, warnings: [] } });
    const messages = await topics.waitForMessages('raw.alerts', (m) => m.value.source === k.source, 2);
    const first = messages.find((m) => (m.value.payload as { msgType: string }).msgType === 'Alert')!;
    expect(first.key).toBe('fixtures.vigie|vigie-fixture-1');
    expect(first.value).toMatchObject({
      type: 'external_alert',
      v: 1,
      occurredAt: '2021-08-14T12:00:00.000Z',
    });
    const cancel = messages.find((m) => (m.value.payload as { msgType: string }).msgType === 'Cancel')!;
    expect(cancel.value.payload).toMatchObject({ references: [{ identifier: 'vigie-fixture-1' }] });

    // The same document again gets the same envelope ids: the processor drops the repeat.
    await post('/api/v1/cap', k.token, wrapper, 'application/xml');
    const again = await topics.waitForMessages('raw.alerts', (m) => m.value.source === k.source, 4);
    expect(new Set(again.map((m) => m.value.id)).size).toBe(2);
  });

  it('refuses keys without the events:alert scope (403) and other content types (415)', async () => {
    const k = await key(['events:report']);
    expect((await post('/api/v1/cap', k.token, wrapper, 'application/xml')).status).toBe(403);
    const ok = await key(['events:alert']);
    expect((await post('/api/v1/cap', ok.token, wrapper, 'application/json')).status).toBe(415);
  });

  it('imports a USGS file: the earthquake taken, the quarry blast refused and dead-lettered with its reason', async () => {
    const k = await key(['events:alert']);
    const answer = await post('/api/v1/imports/usgs', k.token, usgsFeed, 'application/geo+json');
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ accepted: 1, rejected: 1 });
    const [quake] = await topics.waitForMessages('raw.alerts', (m) => m.value.source === k.source, 1);
    expect(quake!.value).toMatchObject({ geo: { lon: -73.482, lat: 18.408 } });
    expect(quake!.value.payload).toMatchObject({
      sender: 'usgs',
      identifier: 'us6000f65h',
      severity: 'Extreme',
    });
    const [dead] = await topics.waitForMessages('deadletter', (m) => m.value.source === k.source, 1);
    const letter = ZDeadLetterV1.parse(dead!.value.payload);
    expect(letter.originTopic).toBe('raw.alerts');
    expect(letter.message).toMatch(/quarry blast/);
  });

  it('imports a GDACS RSS file', async () => {
    const k = await key(['events:alert']);
    const answer = await post('/api/v1/imports/gdacs', k.token, gdacsFeed, 'application/rss+xml');
    expect(answer).toEqual({ status: 202, body: { accepted: 1, rejected: 0, warnings: [] } });
    const [event] = await topics.waitForMessages('raw.alerts', (m) => m.value.source === k.source, 1);
    expect(event!.value.payload).toMatchObject({
      identifier: 'EQ1285133',
      episode: '1391478',
      severity: 'Extreme',
    });
  });

  describe('hostile input', () => {
    it('refuses an entity bomb without expanding it (400)', async () => {
      const k = await key(['events:alert']);
      const lol = Array.from(
        { length: 9 },
        (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`,
      ).join('');
      const bomb = `<?xml version="1.0"?><!DOCTYPE alert [<!ENTITY lol0 "lol">${lol}]><alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&lol9;</identifier></alert>`;
      for (const path of ['/api/v1/cap', '/api/v1/imports/gdacs']) {
        const answer = await post(path, k.token, bomb, 'application/xml');
        expect(answer.status).toBe(400);
        expect(answer.body.message).toMatch(/declares XML entities/);
      }
    });

    it('refuses a 100 MB streamed body with 413 before reading it all', async () => {
      const k = await key(['events:alert']);
      const total = 100 * 1024 * 1024;
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const result = await new Promise<{ status: number; sent: number }>((resolve, reject) => {
        let sent = 0;
        let answered = false;
        const request = http.request(
          `${base}/api/v1/cap`,
          {
            method: 'POST',
            headers: {
              authorization: `Bearer ${k.token}`,
              'content-type': 'application/xml',
              'transfer-encoding': 'chunked',
            },
          },
          (response) => {
            answered = true;
            response.resume();
            response.on('end', () => resolve({ status: response.statusCode ?? 0, sent }));
          },
        );
        request.on('error', (error) => (answered ? undefined : reject(error)));
        const pump = (): void => {
          while (!answered && sent < total) {
            sent += chunk.length;
            if (!request.write(chunk)) {
              request.once('drain', pump);
              return;
            }
          }
          if (!answered) request.end();
        };
        pump();
      });
      expect(result.status).toBe(413);
      expect(result.sent).toBeLessThan(total);
    });

    it('refuses coordinates out of range and script tags; neutralises control characters', async () => {
      const k = await key(['events:alert']);
      const outOfRange = wrapper.replace('18.20,-73.75 0', '218.20,-273.75 0');
      const refused = await post('/api/v1/cap', k.token, outOfRange, 'application/xml');
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ accepted: 1, rejected: 1 });
      expect(JSON.stringify(refused.body.errors)).toMatch(/circle coordinates out of range/);

      const scripted = wrapper.replace(
        '<headline>Crue',
        '<headline>&lt;script&gt;alert(1)&lt;/script&gt; Crue',
      );
      const script = await post('/api/v1/cap', k.token, scripted, 'application/xml');
      expect(script.status).toBe(400);
      expect(JSON.stringify(script.body.errors)).toMatch(/<headline> contains an HTML <script> element/);

      const controls = wrapper
        .replace('vigie-fixture-1', 'vigie-fixture-controls')
        .replace('Crue de la Ravine', 'Crue&#27;[31m de la\u0007 Ravine');
      expect((await post('/api/v1/cap', k.token, controls, 'application/xml')).status).toBe(202);
      const [clean] = await topics.waitForMessages(
        'raw.alerts',
        (m) => (m.value.payload as { identifier: string }).identifier === 'vigie-fixture-controls',
        1,
      );
      expect((clean!.value.payload as { headline: string }).headline).toBe('Crue [31m de la  Ravine du Sud');
    });

    it('keeps serving: a normal push succeeds after the hostile ones', async () => {
      const k = await key(['events:alert']);
      const answer = await post('/api/v1/cap', k.token, wrapper, 'application/xml');
      expect(answer.status).toBe(202);
    });
  });
});
