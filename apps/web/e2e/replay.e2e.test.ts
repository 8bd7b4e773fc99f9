// Replay in a real Chromium (playwright-core), against a running Vigie (the global setup starts the whole
// product with the simulator; see README). It lets the simulator record some history, opens an incident
// through the API at a known instant, then enters replay, seeks to an instant before the incident by
// clicking the timeline, plays at 60× and checks through the replay's test hook (window.__vigieReplay) that
// entities move and that the incident appears at its time — while a live map in another tab keeps going.
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
    'replay e2e skipped: set VIGIE_E2E_URL, VIGIE_E2E_EMAIL and VIGIE_E2E_PASSWORD to run it against a running Vigie',
  );
}

async function logIn(page: Page): Promise<void> {
  await page.goto(new URL('/login', baseUrl).toString());
  await page.locator('input[name="email"]').fill(email!);
  await page.locator('input[name="password"]').fill(password!);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => url.pathname === '/', { timeout: 30_000 });
}

/** A tRPC call from the page (same origin, session cookie), as the app makes it. */
async function trpc<T>(page: Page, path: string, input: unknown, method: 'GET' | 'POST'): Promise<T> {
  return page.evaluate(
    async ({ path, input, method }) => {
      const url =
        method === 'GET'
          ? `/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`
          : `/api/trpc/${path}`;
      const response = await fetch(url, {
        method,
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        ...(method === 'POST' ? { body: JSON.stringify(input) } : {}),
      });
      const body = (await response.json()) as { result?: { data: unknown }; error?: { message: string } };
      if (body.error !== undefined) throw new Error(`${path}: ${body.error.message}`);
      return body.result!.data;
    },
    { path, input, method },
  ) as Promise<T>;
}

// Skipped only when no running Vigie is given: the project's global setup (tools/test-env/e2e-global-setup.ts)
// starts one and sets the variables, so `npm test` always runs it; under CI=true any skip fails the run.
describe.skipIf(!configured)('replay in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(resultsDir, { recursive: true });
    browser = await chromium.launch({
      executablePath: process.env.VIGIE_TEST_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('seeks to a past instant, plays at 60×, shows entities moving and the incident at its time', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const live = await context.newPage();
    live.on('pageerror', (error) => console.error('live page error:', error.message));
    await logIn(live);
    await live.waitForFunction(
      () => window.__vigie?.mapLoaded === true && window.__vigie.deckRendered === true,
      null,
      {
        timeout: 60_000,
      },
    );

    // History: the simulator's assets are live and have moved (so their positions are recorded).
    const first = await live.waitForFunction(
      () => {
        const v = window.__vigie!;
        const ids = v.assetIds(50);
        return ids.length > 0 && v.lastSeq !== null
          ? { seq: v.lastSeq, positions: ids.map((id) => [id, v.entityPosition(id)] as const) }
          : false;
      },
      null,
      { timeout: 60_000 },
    );
    interface Sample {
      seq: number;
      positions: (readonly [string, { lon: number; lat: number } | null])[];
    }
    const before = (await first.jsonValue()) as Sample;
    await live.waitForFunction(
      (before) => {
        const v = window.__vigie!;
        return before.positions.some(([id, p]) => {
          const now = v.entityPosition(id);
          return p !== null && now !== null && (now.lon !== p.lon || now.lat !== p.lat);
        });
      },
      before,
      { timeout: 60_000, polling: 250 },
    );
    const pastMs = Date.now();
    const [lon, lat] = await live.evaluate((id) => {
      const p = window.__vigie!.entityPosition(id);
      return p === null ? [-72.34, 18.54] : [p.lon, p.lat];
    }, before.positions[0]![0]);

    // An incident opened by an operator, a little after that instant.
    const created = await trpc<{ target: string }>(
      live,
      'incidents.create',
      { title: 'E2E replay: flooded bridge', severity: 'severe', position: { lon, lat } },
      'POST',
    );
    const incidentId = created.target;
    const detail = await live.waitForFunction(
      async (incidentId) => {
        const response = await fetch(
          `/api/trpc/incidents.detail?input=${encodeURIComponent(JSON.stringify({ incidentId }))}`,
          { credentials: 'same-origin' },
        );
        if (!response.ok) return false;
        const body = (await response.json()) as { result?: { data: { incident: { openedAt: string } } } };
        return body.result?.data.incident.openedAt ?? false;
      },
      incidentId,
      { timeout: 60_000, polling: 500 },
    );
    const openedAtMs = Date.parse((await detail.jsonValue()) as string);
    expect(openedAtMs).toBeGreaterThan(pastMs);
    // More history after the incident: the live picture moves on.
    const seqAfter = await live.evaluate(() => window.__vigie!.lastSeq ?? 0);
    await live.waitForFunction((seq) => (window.__vigie!.lastSeq ?? 0) > seq + 5, seqAfter, {
      timeout: 60_000,
    });

    // Enter replay in another tab, over a period that covers both instants.
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error('replay page error:', error.message));
    const from = new Date(pastMs - 120_000).toISOString();
    const to = new Date(Date.now()).toISOString();
    await page.goto(new URL(`/replay?from=${from}&to=${to}`, baseUrl).toString());
    await page.getByTestId('replay-banner').waitFor({ state: 'visible', timeout: 30_000 });
    await page.waitForFunction(() => window.__vigieReplay?.mapLoaded === true, null, { timeout: 60_000 });
    await page.waitForFunction(
      () => window.__vigieReplay!.status() === 'open' && window.__vigieReplay!.frameSeq() !== null,
      null,
      { timeout: 60_000 },
    );
    const markers = await page.evaluate(() => window.__vigieReplay!.markers());
    const marker = markers.find((m) => m.incidentId === incidentId);
    expect(marker).toBeDefined();
    expect(Math.abs(marker!.atMs - openedAtMs)).toBeLessThan(1_000);

    // Seek: click the timeline a little before that instant (well before the incident, whatever a pixel is worth).
    const aimMs = pastMs - 3_000;
    const range = (await page.evaluate(() => window.__vigieReplay!.range()))!;
    const track = (await page.getByTestId('replay-timeline').boundingBox())!;
    const fraction = (aimMs - range.startMs) / (range.endMs - range.startMs);
    await page.mouse.click(track.x + track.width * fraction, track.y + track.height / 2);
    const seekedHandle = await page.waitForFunction(
      () => {
        const r = window.__vigieReplay!;
        return !r.awaitingSnapshot() && r.entityCount() > 0 ? r.atMs() : false;
      },
      null,
      { timeout: 30_000 },
    );
    const seekedMs = (await seekedHandle.jsonValue()) as number;
    // The click lands within a pixel's worth of time of the instant aimed at.
    expect(Math.abs(seekedMs - aimMs)).toBeLessThan(
      ((range.endMs - range.startMs) / track.width) * 2 + 1_000,
    );
    expect(seekedMs).toBeLessThan(openedAtMs);
    expect(
      await page.evaluate(
        (id) => window.__vigieReplay!.incidents().some((i) => i.incidentId === id),
        incidentId,
      ),
    ).toBe(false);
    await expect
      .poll(async () => (await page.getByTestId('replay-time').textContent()) ?? '')
      .not.toContain('—');
    const snapshot = await page.evaluate(() => {
      const r = window.__vigieReplay!;
      return r.assetIds(200).map((id) => [id, r.entityPosition(id)] as const);
    });
    expect(snapshot.length).toBeGreaterThan(0);
    await page.screenshot({ path: `${resultsDir}replay-seeked.png` });

    // Play at 60×.
    await page.getByTestId('replay-speed').selectOption('60');
    await page.getByTestId('replay-play').click();
    // The gateway confirms the speed; the clock runs (or, the period being short at 60×, already reached its end).
    await page.waitForFunction(
      () =>
        window.__vigieReplay!.speed() === 60 &&
        (window.__vigieReplay!.playing() || window.__vigieReplay!.ended()),
      null,
      { timeout: 15_000 },
    );

    // Entities move…
    await page.waitForFunction(
      (snapshot) => {
        const r = window.__vigieReplay!;
        return snapshot.some(([id, p]) => {
          const now = r.entityPosition(id);
          return p !== null && now !== null && (now.lon !== p.lon || now.lat !== p.lat);
        });
      },
      snapshot,
      { timeout: 60_000, polling: 100 },
    );
    // …and the incident appears at its time: not before it was opened, and within a frame after.
    const seenHandle = await page.waitForFunction(
      (id) => window.__vigieReplay!.incidentFirstSeenAtMs(id) ?? false,
      incidentId,
      { timeout: 60_000, polling: 100 },
    );
    const seenAtMs = (await seenHandle.jsonValue()) as number;
    expect(seenAtMs).toBeGreaterThanOrEqual(openedAtMs);
    expect(seenAtMs - openedAtMs).toBeLessThan(60_000);
    await page.waitForFunction(() => window.__vigieReplay!.layerDataLength('replay-incidents') > 0, null, {
      timeout: 15_000,
    });
    await page.screenshot({ path: `${resultsDir}replay-incident.png` });

    // The live view in the other tab was never disturbed: still live, still moving.
    const liveSeq = await live.evaluate(() => window.__vigie!.lastSeq ?? 0);
    await live.waitForFunction((seq) => (window.__vigie!.lastSeq ?? 0) > seq, liveSeq, { timeout: 30_000 });
    expect(await live.evaluate(() => window.__vigie!.connection().status)).toBe('live');

    // Leaving replay goes back to the live map.
    await page
      .getByRole('link', { name: /direct|live/i })
      .first()
      .click();
    await page.waitForURL((url) => url.pathname === '/', { timeout: 30_000 });
    await page.waitForFunction(() => window.__vigieReplay === undefined, null, { timeout: 15_000 });
    await context.close();
  });
});
