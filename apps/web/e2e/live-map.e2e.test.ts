// The live map in a real Chromium (playwright-core), against a running Vigie:
//   VIGIE_E2E_URL=http://127.0.0.1:3000 VIGIE_E2E_EMAIL=… VIGIE_E2E_PASSWORD=… npm run test:e2e -w @vigie/web
// It logs in, waits for the map's `load` and deck.gl's first render through the test hook (window.__vigie),
// checks live data arrives and moves, selects an entity and reads its panel, then does the same on a phone-sized
// viewport. Screenshots go to apps/web/test-results/.
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
    'live-map e2e skipped: set VIGIE_E2E_URL, VIGIE_E2E_EMAIL and VIGIE_E2E_PASSWORD to run it against a running Vigie',
  );
}

interface HookPoint {
  id: string;
  x: number;
  y: number;
}

async function logIn(page: Page): Promise<void> {
  await page.goto(new URL('/login', baseUrl).toString());
  await page.locator('input[name="email"]').fill(email!);
  await page.locator('input[name="password"]').fill(password!);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => url.pathname === '/', { timeout: 30_000 });
}

/** Waits for MapLibre's `load` and deck.gl's first render, as reported by the test hook. */
async function waitForMap(page: Page): Promise<void> {
  await page.waitForFunction(
    () => window.__vigie?.mapLoaded === true && window.__vigie.deckRendered === true,
    null,
    {
      timeout: 60_000,
    },
  );
}

async function waitForAssets(page: Page): Promise<number> {
  const handle = await page.waitForFunction(
    () => {
      const n = window.__vigie?.layerDataLength('assets') ?? 0;
      return n > 0 ? n : false;
    },
    null,
    { timeout: 60_000 },
  );
  return (await handle.jsonValue()) as number;
}

// Skipped only when no running Vigie is given: the project's global setup (tools/test-env/e2e-global-setup.ts)
// starts one and sets the variables, so `npm test` always runs it; under CI=true any skip fails the run.
describe.skipIf(!configured)('live map in Chromium', () => {
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

  it('shows live assets that move, and the panel of a clicked one (desktop)', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error('page error:', error.message));
    await logIn(page);
    await waitForMap(page);

    const count = await waitForAssets(page);
    expect(count).toBeGreaterThan(0);
    expect(await page.evaluate(() => window.__vigie!.entityCount())).toBeGreaterThanOrEqual(count);
    expect(await page.evaluate(() => window.__vigie!.lastSeq)).not.toBeNull();
    await page.screenshot({ path: `${resultsDir}live-map-desktop.png` });

    // Some entity's position changes over time (data, not pixels).
    const first = await page.evaluate(() => {
      const v = window.__vigie!;
      return {
        seq: v.lastSeq ?? 0,
        positions: v.assetIds(100).map((id) => [id, v.entityPosition(id)] as const),
      };
    });
    expect(first.positions.length).toBeGreaterThan(0);
    const movedId = await page.waitForFunction(
      (first) => {
        const v = window.__vigie!;
        if ((v.lastSeq ?? 0) <= first.seq) return false;
        for (const [id, before] of first.positions) {
          const now = v.entityPosition(id);
          if (before !== null && now !== null && (now.lon !== before.lon || now.lat !== before.lat))
            return id;
        }
        return false;
      },
      first,
      { timeout: 60_000, polling: 250 },
    );
    expect(typeof (await movedId.jsonValue())).toBe('string');

    // Click an asset through deck.gl picking; the side panel names it.
    const target = (await page.evaluate(() => window.__vigie!.visibleAsset())) as HookPoint | null;
    expect(target).not.toBeNull();
    const picked = await page.evaluate(({ x, y }) => window.__vigie!.pickAt(x, y), target!);
    expect(picked).not.toBeNull();
    await page.mouse.click(target!.x, target!.y);
    // Icons overlap and move: the click selects whatever deck.gl picks there, which is what the panel shows.
    const selected = await page.evaluate(() => window.__vigie!.selectedId());
    expect(selected).not.toBeNull();
    // The selected entity is watched by the live core; its name arrives with the next frame.
    const nameHandle = await page.waitForFunction(
      (id) => window.__vigie!.entityName(id) ?? false,
      selected!,
      {
        timeout: 15_000,
      },
    );
    const name = (await nameHandle.jsonValue()) as string;
    const panel = page.getByTestId('entity-panel');
    await panel.waitFor({ state: 'visible', timeout: 15_000 });
    await expect.poll(async () => (await panel.textContent()) ?? '', { timeout: 15_000 }).toContain(name);
    await page.screenshot({ path: `${resultsDir}live-map-desktop-selected.png` });
    await context.close();
  });

  it('works on a phone-sized viewport: map, folded controls, panel as a bottom sheet', async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    await logIn(page);
    await waitForMap(page);
    expect(await waitForAssets(page)).toBeGreaterThan(0);

    const expanded = await page.locator('.vg-layers__title').getAttribute('aria-expanded');
    expect(expanded).toBe('false');

    const target = (await page.evaluate(() => window.__vigie!.visibleAsset())) as HookPoint | null;
    expect(target).not.toBeNull();
    await page.evaluate((id) => window.__vigie!.select(id), target!.id);
    const panel = page.getByTestId('entity-panel');
    await panel.waitFor({ state: 'visible', timeout: 15_000 });
    const box = await panel.boundingBox();
    expect(box).not.toBeNull();
    // A bottom sheet: full width, anchored at the bottom of the screen.
    expect(box!.width).toBeGreaterThan(380);
    expect(Math.round(box!.y + box!.height)).toBeGreaterThanOrEqual(840);
    await page.screenshot({ path: `${resultsDir}live-map-phone.png` });
    await context.close();
  });
});
