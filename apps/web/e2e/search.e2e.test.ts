// Search in a real Chromium (playwright-core), against a running Vigie (the global setup starts the whole
// product; see README): a field report with a unique word is sent through the API, then found from the search
// page within the visible map and the last 24 hours, listed, drawn on the map (window.__vigieSearch) and
// selected; the export links for the same range and area download GeoJSON, CSV, GPX and KML.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const baseUrl = process.env.VIGIE_E2E_URL;
const email = process.env.VIGIE_E2E_EMAIL;
const password = process.env.VIGIE_E2E_PASSWORD;
const configured = Boolean(baseUrl && email && password);
const resultsDir = fileURLToPath(new URL('../test-results/', import.meta.url));

if (!configured) {
  console.warn(
    'search e2e skipped: set VIGIE_E2E_URL, VIGIE_E2E_EMAIL and VIGIE_E2E_PASSWORD to run it against a running Vigie',
  );
}

async function logIn(page: Page): Promise<void> {
  await page.goto(new URL('/login', baseUrl).toString());
  await page.locator('input[name="email"]').fill(email!);
  await page.locator('input[name="password"]').fill(password!);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => url.pathname === '/', { timeout: 30_000 });
}

// Skipped only when no running Vigie is given: the project's global setup (tools/test-env/e2e-global-setup.ts)
// starts one and sets the variables, so `npm test` always runs it; under CI=true any skip fails the run.
describe.skipIf(!configured)('search in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(resultsDir, { recursive: true });
    browser = await chromium.launch({
      executablePath: process.env.VIGIE_TEST_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('finds a report by a word, lists it, draws it, and exports the range and area', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error('page error:', error.message));
    await logIn(page);

    const word = `vigiesearch${Date.now().toString(36)}`;
    const created = await page.evaluate(async (word) => {
      const response = await fetch('/api/trpc/reports.create', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          text: `Pont effondré près de Jacmel, route coupée (${word})`,
          position: { lon: -72.53, lat: 18.23 },
        }),
      });
      const body = (await response.json()) as { result?: { data: { reportId: string } }; error?: unknown };
      if (body.result === undefined) throw new Error(JSON.stringify(body.error));
      return body.result.data;
    }, word);

    // The processor stores and indexes the report: wait until the search procedure finds it.
    await page.waitForFunction(
      async (word) => {
        const input = encodeURIComponent(JSON.stringify({ q: word }));
        const response = await fetch(`/api/trpc/search.query?input=${input}`, { credentials: 'same-origin' });
        if (!response.ok) return false;
        const body = (await response.json()) as { result?: { data: { hits: unknown[] } } };
        return (body.result?.data.hits.length ?? 0) > 0;
      },
      word,
      { timeout: 60_000, polling: 500 },
    );

    await page.getByTestId('nav-search').click();
    await page.waitForURL((url) => url.pathname === '/search', { timeout: 30_000 });
    await page.waitForFunction(
      () => window.__vigieSearch?.mapLoaded === true && window.__vigieSearch.viewport() !== null,
      null,
      {
        timeout: 60_000,
      },
    );
    await page.getByTestId('search-query').fill(word);
    await page.getByTestId('search-submit').click();

    const results = page.getByTestId('search-results').locator('li');
    await results.first().waitFor({ state: 'visible', timeout: 30_000 });
    expect(await results.count()).toBe(1);
    expect(await results.first().textContent()).toContain(word);
    expect(await results.first().locator('mark').first().textContent()).toBe(word);
    await page.waitForFunction((id) => window.__vigieSearch!.drawnHitIds().includes(id), created.reportId, {
      timeout: 15_000,
    });
    await results.first().locator('button').click();
    await page.waitForFunction((id) => window.__vigieSearch!.selectedId() === id, created.reportId, {
      timeout: 15_000,
    });
    await page.screenshot({ path: `${resultsDir}search-results.png` });

    // Exports of the same range and area.
    const hrefs = await page.evaluate(() =>
      Object.fromEntries(
        ['geojson', 'csv', 'gpx', 'kml'].map((f) => [
          f,
          document.querySelector(`[data-testid="export-${f}"]`)?.getAttribute('href') ?? null,
        ]),
      ),
    );
    for (const href of Object.values(hrefs)) {
      expect(href).not.toBeNull();
      expect(href).toContain('bbox=');
    }
    const downloads = await page.evaluate(async (hrefs) => {
      const out: Record<string, { status: number; text: string }> = {};
      for (const [format, href] of Object.entries(hrefs)) {
        const response = await fetch(href!, { credentials: 'same-origin' });
        out[format] = { status: response.status, text: await response.text() };
      }
      return out;
    }, hrefs);
    expect(downloads.geojson!.status).toBe(200);
    const collection = JSON.parse(downloads.geojson!.text) as { type: string; features: unknown[] };
    expect(collection.type).toBe('FeatureCollection');
    expect(JSON.stringify(collection.features)).toContain(word);
    expect(downloads.csv!.status).toBe(200);
    expect(downloads.csv!.text).toContain(word);
    expect(downloads.gpx!.status).toBe(200);
    expect(downloads.gpx!.text).toContain('<gpx');
    expect(downloads.kml!.status).toBe(200);
    expect(downloads.kml!.text).toContain('<kml');

    // Draw a box around the report: it is still found, and the exports follow the box.
    const drawBox = async (lon: number, lat: number) => {
      await page.getByTestId('search-draw-box').click();
      const centre = await page.evaluate(
        ([lon, lat]) => window.__vigieSearch!.screenPoint(lon!, lat!),
        [lon, lat],
      );
      expect(centre).not.toBeNull();
      await page.mouse.move(centre!.x - 30, centre!.y - 30);
      await page.mouse.down();
      await page.mouse.move(centre!.x + 30, centre!.y + 30, { steps: 5 });
      await page.mouse.up();
      const handle = await page.waitForFunction(
        () => {
          const { area, box } = window.__vigieSearch!.area();
          return area === 'box' && box !== null ? box : false;
        },
        null,
        { timeout: 15_000 },
      );
      return (await handle.jsonValue()) as [number, number, number, number];
    };
    const searchAgain = async (box: [number, number, number, number]) => {
      await page.getByTestId('search-submit').click();
      await page.waitForFunction(
        (box) => JSON.stringify(window.__vigieSearch!.lastSearchBbox()) === JSON.stringify(box),
        box,
        { timeout: 30_000 },
      );
    };
    const around = await drawBox(-72.53, 18.23);
    expect(around[0]).toBeLessThan(-72.53);
    expect(around[2]).toBeGreaterThan(-72.53);
    expect(around[1]).toBeLessThan(18.23);
    expect(around[3]).toBeGreaterThan(18.23);
    await searchAgain(around);
    expect(await page.evaluate(() => window.__vigieSearch!.drawnHitIds())).toContain(created.reportId);
    const boxed = await page.getByTestId('export-geojson').getAttribute('href');
    expect(new URL(boxed!, baseUrl).searchParams.get('bbox')).toBe(around.join(','));

    // A box somewhere else finds nothing.
    const elsewhere = await drawBox(-150, 0);
    await searchAgain(elsewhere);
    expect(await page.evaluate(() => window.__vigieSearch!.drawnHitIds())).toEqual([]);
    expect(await results.count()).toBe(0);
    await context.close();
  });
});
