/**
 * The feed scheduler against a real local HTTP server started here (serving project fixtures and the
 * shared samples), on the embedded log + PGlite: conditional GETs, de-duplication across polls, USGS
 * updates, GDACS episodes, CAP index feeds, counters, and failures with backoff (HTTP errors, timeouts,
 * documents over the size limit).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedLog } from '@vigie/bus/embedded-log';
import type { Log } from '@vigie/bus/log';
import { createDb } from '@vigie/db/create-db';
import type { Database } from '@vigie/db/database';
import { createFeed, getFeed, listFeeds, requestFeedRun } from '@vigie/db/feeds-repository';
import { uniqueName } from '@vigie/testing/unique-name';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureIngestTopics } from '../src/ensure-ingest-topics';
import { startFeedScheduler } from '../src/feeds/start-feed-scheduler';
import type { FeedScheduler } from '../src/feeds/start-feed-scheduler';
import { collectTopics, testConfig, testLogger } from './ingest-harness';
import type { Collector } from './ingest-harness';

const CAP_FIXTURES = new URL('./fixtures/cap/', import.meta.url).pathname;
const SAMPLES =
  process.env.VIGIE_SAMPLES_DIR ?? new URL('../../../../shared/samples', import.meta.url).pathname;

interface Served {
  body: string | Buffer;
  etag?: string;
  status?: number;
  hang?: boolean;
}

function usgsFeed(updated: number): string {
  return JSON.stringify({
    type: 'FeatureCollection',
    metadata: { generated: updated, api: '1.10.3', count: 2 },
    features: [
      {
        type: 'Feature',
        id: 'us6000f65h',
        geometry: { type: 'Point', coordinates: [-73.482, 18.408, 10] },
        properties: { mag: 7.2, time: 1628943161000, updated, status: 'reviewed', type: 'earthquake' },
      },
      {
        type: 'Feature',
        id: 'uu60001',
        geometry: { type: 'Point', coordinates: [-112.1, 40.5, 0] },
        properties: { mag: 1.9, time: 1628943161000, updated: 1628943161000, type: 'quarry blast' },
      },
    ],
  });
}

describe('feed scheduler polling a real HTTP server (embedded log + PGlite)', () => {
  const directory = mkdtempSync(join(tmpdir(), 'vigie-feeds-'));
  const routes = new Map<string, Served>();
  const requests: { path: string; ifNoneMatch?: string }[] = [];
  let server: http.Server;
  let base: string;
  let db: Database;
  let log: Log;
  let topics: Collector;
  let scheduler: FeedScheduler;
  const config = testConfig();

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      const path = request.url ?? '/';
      const ifNoneMatch = request.headers['if-none-match'];
      requests.push({ path, ...(ifNoneMatch ? { ifNoneMatch } : {}) });
      const served = routes.get(path);
      if (!served) return void response.writeHead(404).end('not found');
      if (served.hang) return; // never answers: the poller must time out
      if (served.etag && ifNoneMatch === served.etag) return void response.writeHead(304).end();
      response.writeHead(served.status ?? 200, served.etag ? { etag: served.etag } : {});
      response.end(served.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    db = await createDb({});
    await db.migrate();
    log = await openEmbeddedLog({ directory });
    await ensureIngestTopics(log, config);
    topics = await collectTopics(log, config);
    scheduler = startFeedScheduler({
      db,
      log,
      logger: testLogger,
      ingest: config,
      // Ticks are driven by the tests.
      config: { tickMs: 3_600_000, fetchTimeoutMs: 500, maxDocumentBytes: 256 * 1024 },
    });
  });

  afterAll(async () => {
    await scheduler?.stop();
    await topics?.close();
    await log?.close();
    await db?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    rmSync(directory, { recursive: true, force: true });
  });

  async function feed(kind: 'cap' | 'usgs' | 'gdacs', path: string, served?: Served) {
    if (served) routes.set(path, served);
    const source = uniqueName('feed').replaceAll('_', '-');
    const created = await createFeed(db.db, {
      kind,
      name: source,
      url: `${base}${path}`,
      source,
      intervalS: 60,
      enabled: true,
    });
    return { id: created.id, source };
  }

  async function runNow(id: string): Promise<void> {
    await requestFeedRun(db.db, id);
    await scheduler.tick();
  }

  const bySource = (source: string) => (m: { value: Record<string, unknown> }) => m.value.source === source;

  it('polls a USGS feed: the earthquake published, the blast dead-lettered, counters kept; 304 on an unchanged feed', async () => {
    const f = await feed('usgs', '/usgs/significant.geojson', {
      body: usgsFeed(1629000000000),
      etag: '"v1"',
    });
    await scheduler.tick();
    const [quake] = await topics.waitForMessages('raw.alerts', bySource(f.source), 1);
    expect(quake!.value.payload).toMatchObject({ identifier: 'us6000f65h', msgType: 'Alert' });
    await topics.waitForMessages('deadletter', bySource(f.source), 1);
    let stored = (await getFeed(db.db, f.id))!;
    expect(stored).toMatchObject({ itemsSeen: 2, itemsAccepted: 1, itemsRejected: 1, errorCount: 0 });
    expect(stored.lastSuccessAt).not.toBeNull();
    expect(Date.parse(stored.nextRunAt!) - Date.parse(stored.lastSuccessAt!)).toBe(60_000);

    await runNow(f.id);
    expect(requests.filter((r) => r.path === '/usgs/significant.geojson').at(-1)).toEqual({
      path: '/usgs/significant.geojson',
      ifNoneMatch: '"v1"',
    });
    stored = (await getFeed(db.db, f.id))!;
    expect(stored).toMatchObject({ itemsSeen: 2, itemsAccepted: 1, itemsRejected: 1 });

    // The event is revised (new `updated`): an Update of the same alert; the blast is not dead-lettered again.
    routes.set('/usgs/significant.geojson', { body: usgsFeed(1629100000000), etag: '"v2"' });
    await runNow(f.id);
    const messages = await topics.waitForMessages('raw.alerts', bySource(f.source), 2);
    expect(messages[1]!.value.payload).toMatchObject({
      identifier: 'us6000f65h',
      msgType: 'Update',
      references: [{ sender: 'usgs', identifier: 'us6000f65h', sent: '2021-08-15T04:00:00.000Z' }],
    });
    stored = (await getFeed(db.db, f.id))!;
    expect(stored).toMatchObject({ itemsSeen: 4, itemsAccepted: 2, itemsRejected: 1 });
    expect(topics.messages.get('deadletter')!.filter(bySource(f.source))).toHaveLength(1);
  });

  it('does not publish a GDACS event again when a server without validators serves it again', async () => {
    const path = '/gdacs/rss.xml';
    const sample = `${SAMPLES}/gdacs/gdacs-rss-fixture-1.xml`;
    // The shared sample when present (four real items), else the project's own one-item fixture.
    const body = readFileSync(existsSync(sample) ? sample : `${CAP_FIXTURES}../feeds/gdacs-haiti.rss.xml`);
    const f = await feed('gdacs', path, { body });
    await scheduler.tick();
    const stored = (await getFeed(db.db, f.id))!;
    expect(stored.itemsAccepted).toBeGreaterThan(0);
    await runNow(f.id);
    const again = (await getFeed(db.db, f.id))!;
    expect(again.itemsAccepted).toBe(stored.itemsAccepted);
    expect(again.itemsSeen).toBe(stored.itemsSeen * 2);
    expect(topics.messages.get('raw.alerts')!.filter(bySource(f.source))).toHaveLength(stored.itemsAccepted);
  });

  it('follows the links of a CAP Atom index feed and publishes the alerts they point to', async () => {
    const alert = readFileSync(`${CAP_FIXTURES}latin1-declared.cap11.xml`);
    routes.set('/cap/one.xml', { body: alert });
    routes.set('/cap/two.xml', {
      body: readFileSync(`${CAP_FIXTURES}krisinformation-style-swapped-circle.xml`),
    });
    const index = readFileSync(`${CAP_FIXTURES}atom-index.xml`, 'utf8')
      .replaceAll('http://127.0.0.1/cap/', `${base}/cap/`)
      .replace('two.xml?x=1&amp;y=2', 'two.xml');
    const f = await feed('cap', '/cap/index.atom', { body: index });
    await scheduler.tick();
    const published = await topics.waitForMessages('raw.alerts', bySource(f.source), 2);
    expect(published.map((m) => (m.value.payload as { identifier: string }).identifier).sort()).toEqual([
      'vigie-fixture-latin1',
      'vigie-fixture-swapped',
    ]);
    // Links already followed are not fetched again.
    const fetchedBefore = requests.filter((r) => r.path === '/cap/one.xml').length;
    await runNow(f.id);
    expect(requests.filter((r) => r.path === '/cap/one.xml')).toHaveLength(fetchedBefore);
  });

  it('records failures with backoff: an HTTP error, a server that never answers, a document over the limit', async () => {
    const cases = [
      { path: '/broken', served: { body: 'oops', status: 500 }, error: /answered HTTP 500/ },
      { path: '/hangs', served: { body: '', hang: true }, error: /did not answer within 500 ms/ },
      { path: '/huge', served: { body: Buffer.alloc(300 * 1024, 0x20) }, error: /larger than the limit/ },
    ];
    for (const c of cases) {
      const f = await feed('cap', c.path, c.served);
      const before = Date.now();
      await scheduler.tick();
      const stored = (await getFeed(db.db, f.id))!;
      expect(stored.lastError).toMatch(c.error);
      expect(stored).toMatchObject({ errorCount: 1, consecutiveFailures: 1, lastSuccessAt: null });
      // First failure: between half and the whole of twice the interval.
      const wait = Date.parse(stored.nextRunAt!) - before;
      expect(wait).toBeGreaterThanOrEqual(59_000);
      expect(wait).toBeLessThanOrEqual(121_000);
    }
    // A feed that recovers: the failure streak is reset.
    routes.set('/broken', { body: readFileSync(`${CAP_FIXTURES}bom-utf8.cap12.xml`) });
    const broken = (await getFeedByPath('/broken'))!;
    await runNow(broken);
    const recovered = (await getFeed(db.db, broken))!;
    expect(recovered).toMatchObject({ consecutiveFailures: 0, errorCount: 1, itemsAccepted: 1 });
  });

  async function getFeedByPath(path: string): Promise<string | undefined> {
    return (await listFeeds(db.db)).find((f) => f.url === `${base}${path}`)?.id;
  }
});
