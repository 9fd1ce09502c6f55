// Names are text, never markup: a place name and a facility whose names carry HTML/script payloads
// are shown literally in the search suggestions, the place card, the historical-names list, the
// nearby-services list and the facility card opened from the map, with no <img src=x> in the DOM and
// no dialog. The same page load proves the Content-Security-Policy lets MapLibre work: no CSP
// violation, and the worker decoded vector tiles into rendered features.
// Needs the built client (`npx vite build`) and the demo data in DATABASE_URL. The rows are made
// here with unique codes (other test files run in parallel) and deleted afterwards.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCREENSHOT_DIR, useBrowser } from '../helpers/browser.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useBrowser();
const shot = (name: string) => path.join(SCREENSHOT_DIR, `xss-${name}.png`);

const IMG = '<img src=x onerror=alert(1)>';
const SCRIPT = '<script>alert(2)</script>';
const tag = randomBytes(4).toString('hex');
// A unique Hanzi prefix to search for, then the payloads.
const PLACE_NAME = `测试注入${IMG}${SCRIPT}`;
const FORMER_NAME = `旧注入${IMG}`;
const FACILITY_NAME = `${IMG}测试养老${SCRIPT}`;
const FACILITY_ADDRESS = `<svg onload=alert(3)>路${tag}号`;
const PLACE_CODE = `xss-pn-${tag}`;
const FACILITY_CODE = `xss-f-${tag}`;

let placeId = '';
let facilityId = '';
let facilityAt: [number, number] = [0, 0];

beforeAll(async () => {
  const db = ctx.database.db;
  // A village in Dazu (500111) as far from other facilities as any, so the click lands on ours.
  const { rows } = await sql<{ village: string; town: string; lon: number; lat: number }>`
    SELECT v.code AS village, v.town_code AS town, ST_X(v.p) AS lon, ST_Y(v.p) AS lat
    FROM (SELECT code, town_code, ST_PointOnSurface(geom) AS p FROM villages WHERE district_code = '500111') v
    ORDER BY (SELECT min(ST_Distance(f.geom::geography, v.p::geography)) FROM facilities f
              WHERE f.district_code = '500111' AND f.code NOT LIKE 'xss-%') DESC, v.code
    LIMIT 1`.execute(db);
  const spot = rows[0]!;
  facilityAt = [spot.lon, spot.lat];
  const facility = await sql<{ id: string }>`
    INSERT INTO facilities (code, category, subtype, name, address, operator, status, beds, district_code,
                            town_code, village_code, geom, origin)
    VALUES (${FACILITY_CODE}, 'elderly_care', 'care_home', ${FACILITY_NAME}, ${FACILITY_ADDRESS}, 'public',
            'operating', 20, '500111', ${spot.town}, ${spot.village},
            ST_SetSRID(ST_MakePoint(${spot.lon}, ${spot.lat}), 4326), 'manual')
    RETURNING id`.execute(db);
  facilityId = facility.rows[0]!.id;
  // The place 40 m north: its nearest elderly-care service is the facility above.
  const place = await sql<{ id: string }>`
    INSERT INTO place_names (code, name, pinyin, category, district_code, town_code, village_code, geom,
                             label_point, name_origin, name_history, is_historical, source, origin)
    VALUES (${PLACE_CODE}, ${PLACE_NAME}, 'Cèshì Zhùrù', 'settlement', '500111', ${spot.town}, ${spot.village},
            ST_SetSRID(ST_MakePoint(${spot.lon}, ${spot.lat + 0.00036}), 4326),
            ST_SetSRID(ST_MakePoint(${spot.lon}, ${spot.lat + 0.00036}), 4326),
            ${`来历 ${IMG}`}, ${`沿革 ${SCRIPT}`}, true, ${`test ${SCRIPT}`}, 'manual')
    RETURNING id`.execute(db);
  placeId = place.rows[0]!.id;
  await sql`INSERT INTO place_name_aliases (place_name_id, name, kind) VALUES (${placeId}, ${FORMER_NAME}, 'former')`.execute(
    db,
  );
}, 60_000);

afterAll(async () => {
  const db = ctx.database?.db;
  if (!db) return;
  await sql`DELETE FROM place_names WHERE code = ${PLACE_CODE}`.execute(db);
  await sql`DELETE FROM facilities WHERE code = ${FACILITY_CODE}`.execute(db);
});

const squeeze = (text: string | null) => (text ?? '').replace(/\s+/g, '');

interface Watch {
  dialogs: string[];
  cspErrors: string[];
  pageErrors: string[];
}

async function openWatchedPage(): Promise<{ page: Page; watch: Watch; close: () => Promise<void> }> {
  const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const watch: Watch = { dialogs: [], cspErrors: [], pageErrors: [] };
  page.on('dialog', (dialog) => {
    watch.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text()))
      watch.cspErrors.push(message.text());
  });
  page.on('pageerror', (error) => watch.pageErrors.push(error.message));
  // Violations the console might not show (e.g. from workers) still fire this event in the page.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push(`${event.violatedDirective} ${event.blockedURI}`),
    );
  });
  return { page, watch, close: () => context.close() };
}

/** No element made from a payload: no img[src=x], no inline <script>, no svg with onload. */
async function expectNoInjectedElements(page: Page, where: string) {
  const injected = await page.evaluate(() => ({
    img: document.querySelectorAll('img[src="x"]').length,
    inlineScripts: [...document.querySelectorAll('script')].filter((s) => !s.src).length,
    handlers: document.querySelectorAll('[onerror], [onload]').length,
  }));
  expect(injected, where).toEqual({ img: 0, inlineScripts: 0, handlers: 0 });
}

describe('names render as text (XSS)', () => {
  it('shows payload names literally in suggestions, cards and lists; no dialog; CSP lets MapLibre work', async () => {
    const { page, watch, close } = await openWatchedPage();
    try {
      await page.goto(`${ctx.baseUrl}/#/map?mode=public&district=500111`);
      await page.waitForFunction(() => window.__civicAtlas?.ready === true, null, { timeout: 60_000 });

      // The CSP lets MapLibre's worker decode tiles: features are rendered, nothing was refused.
      await expect
        .poll(() => page.evaluate(() => window.__civicAtlas?.map.queryRenderedFeatures().length ?? 0), {
          timeout: 30_000,
        })
        .toBeGreaterThan(0);
      expect(
        await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations),
      ).toEqual([]);

      // Historical-names list of the public panel.
      const historical = page.locator('[data-mode-panel="public"] .historical-name', { hasText: '测试注入' });
      await historical.first().waitFor({ timeout: 30_000 });
      expect(await historical.first().textContent()).toBe(PLACE_NAME);
      await expectNoInjectedElements(page, 'historical list');

      // Search suggestions, by name …
      await page.keyboard.press('/');
      const input = page.locator('#global-search');
      await input.fill('测试注入');
      const option = page.locator(`[role="listbox"] [role="option"][data-place-id="${placeId}"]`);
      await option.waitFor({ timeout: 15_000 });
      // Highlighted suggestions show the normalised search key when it differs from the name (here:
      // without the spaces; see highlightFor in place-names.service.ts), still as text.
      expect(squeeze(await option.locator('.result-name').textContent())).toContain(squeeze(PLACE_NAME));
      await expectNoInjectedElements(page, 'suggestions by name');
      await page.screenshot({ path: shot('suggestions') });

      // … and by former name (shown as 曾用名 …).
      await input.fill('旧注入');
      await option.waitFor({ timeout: 15_000 });
      await expect.poll(async () => squeeze(await option.textContent())).toContain(squeeze(FORMER_NAME));
      await expectNoInjectedElements(page, 'suggestions by former name');

      // The place card, with its long fields and nearby services.
      await option.click();
      const placeCard = page.locator('article.feature-card[data-collection="place-names"]');
      await expect
        .poll(() => placeCard.locator('.feature-card-title').textContent(), { timeout: 15_000 })
        .toBe(PLACE_NAME);
      await expect.poll(() => placeCard.textContent()).toContain(`来历 ${IMG}`);
      const nearby = placeCard.locator('.nearby-elderly_care .nearby-name');
      await nearby.first().waitFor({ timeout: 15_000 });
      expect(await nearby.first().textContent()).toBe(FACILITY_NAME);
      await expectNoInjectedElements(page, 'place card');
      await page.screenshot({ path: shot('place-card') });

      // The facility on the map: close the card, centre on it, click it.
      await page.keyboard.press('Escape');
      await page.evaluate(
        ([lon, lat]) => window.__civicAtlas?.map.jumpTo({ center: [lon!, lat!], zoom: 16 }),
        facilityAt,
      );
      await page.waitForFunction(
        () => window.__civicAtlas?.map.loaded() && !window.__civicAtlas.map.isMoving(),
        null,
        {
          timeout: 30_000,
        },
      );
      await expect
        .poll(
          () =>
            page.evaluate(
              (id) =>
                window.__civicAtlas?.map
                  .queryRenderedFeatures()
                  .some((f) => f.source === 'facilities' && String(f.id) === id) ?? false,
              facilityId,
            ),
          { timeout: 30_000 },
        )
        .toBe(true);
      const point = await page.evaluate(([lon, lat]) => {
        const map = window.__civicAtlas!.map;
        const p = map.project([lon!, lat!]);
        const rect = map.getCanvas().getBoundingClientRect();
        return { x: rect.left + p.x, y: rect.top + p.y };
      }, facilityAt);
      await page.mouse.click(point.x, point.y);
      const facilityCard = page.locator(
        `article.feature-card[data-collection="facilities"][data-feature-id="${facilityId}"]`,
      );
      await expect
        .poll(() => facilityCard.locator('.feature-card-title').textContent(), { timeout: 15_000 })
        .toBe(FACILITY_NAME);
      await expectNoInjectedElements(page, 'facility card');
      await page.screenshot({ path: shot('facility-card') });

      expect(watch.dialogs).toEqual([]);
      expect(watch.cspErrors).toEqual([]);
      expect(
        await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations),
      ).toEqual([]);
      expect(watch.pageErrors).toEqual([]);
    } finally {
      await close();
    }
  }, 180_000);
});
