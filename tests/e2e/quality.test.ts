// The data-quality panel in the browser. A small district of its own (999931, far from the demo
// districts, deleted again afterwards) is written through the database with two real defects: its
// two towns overlap in a strip and a village of the first town stands in the second. Staff open
// 数据 → 数据质量, see both problems listed as errors, click each, and the map's 'quality-highlight'
// source holds that problem's geometry and the view frames it. On a desktop and on a phone.
// Screenshots: test-results/screenshots/quality-*.png. Needs the built client and the demo accounts.
import path from 'node:path';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppPage, SCREENSHOT_DIR, signInThroughUi, useBrowser } from '../helpers/browser.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useBrowser();
const shot = (name: string) => path.join(SCREENSHOT_DIR, `quality-${name}.png`);
const DISTRICT = '999931';
const TOWN_A = '999931001';
const TOWN_B = '999931002';
const VILLAGE = '999931001001';
const STRAY: [number, number] = [121.08, 40.02]; // in town B
const POLL = { timeout: 30_000 };

const box = (w: number, s: number, e: number, n: number) =>
  `MULTIPOLYGON(((${w} ${s},${e} ${s},${e} ${n},${w} ${n},${w} ${s})))`;

async function removeDistrict() {
  await sql`DELETE FROM districts WHERE code = ${DISTRICT}`.execute(ctx.database.db);
}

beforeAll(async () => {
  const db = ctx.database.db;
  await removeDistrict();
  await sql`INSERT INTO districts (code, name, outline, outline_origin, outline_source)
    VALUES (${DISTRICT}, '质检测试区', ST_GeomFromText(${box(121, 40, 121.1, 40.05)}, 4326), 'manual', 'quality e2e test')`.execute(
    db,
  );
  // Town A reaches 0.002° (≈ 170 m) into town B.
  await sql`INSERT INTO towns (code, name, kind, district_code, geom, seat, geom_origin) VALUES
    (${TOWN_A}, '甲质检镇', 'town', ${DISTRICT}, ST_GeomFromText(${box(121, 40, 121.052, 40.05)}, 4326),
      ST_SetSRID(ST_MakePoint(121.025, 40.025), 4326), 'manual'),
    (${TOWN_B}, '乙质检镇', 'town', ${DISTRICT}, ST_GeomFromText(${box(121.05, 40, 121.1, 40.05)}, 4326),
      ST_SetSRID(ST_MakePoint(121.075, 40.025), 4326), 'manual')`.execute(db);
  await sql`INSERT INTO villages (code, name, kind, town_code, district_code, geom, population, elderly_population,
      households, geom_origin, population_origin)
    VALUES (${VILLAGE}, '错位村', 'village', ${TOWN_A}, ${DISTRICT}, ST_SetSRID(ST_MakePoint(${STRAY[0]}, ${STRAY[1]}), 4326),
      500, 80, 200, 'manual', 'manual')`.execute(db);
});

afterAll(removeDistrict);

/** The highlight overlay's features as the map holds them. */
const highlighted = (page: Page) =>
  page.evaluate(() => {
    const map = window.__civicAtlas!.map;
    const source = map.getStyle().sources['quality-highlight'] as
      | { data?: GeoJSON.FeatureCollection }
      | undefined;
    return {
      features: source?.data?.features ?? [],
      layers: ['fill', 'halo', 'line', 'point'].filter((k) => map.getLayer(`quality-highlight-${k}`)),
    };
  });

async function openPanel(page: Page, menuShot: string) {
  await signInThroughUi(page, 'admin', 'demo-admin');
  await page.getByTestId('data-menu-button').click();
  await page.getByTestId('data-menu').waitFor();
  await page.screenshot({ path: shot(menuShot) });
  await page.getByTestId('open-quality').click();
  const panel = page.getByTestId('quality-panel');
  await panel.getByTestId('quality-report').waitFor(POLL);
  return panel;
}

async function showProblem(page: Page, check: string) {
  const row = page.locator(`[data-testid="quality-problem"][data-check="${check}"]`);
  expect(await row.count()).toBe(1);
  expect(await row.getAttribute('data-severity')).toBe('error');
  await row.click();
  await page.waitForFunction(() => !window.__civicAtlas!.map.isMoving(), null, POLL);
  return row;
}

describe('数据质量 panel', () => {
  it('staff see the problems of a district and each one highlighted on the map (desktop)', async () => {
    const page = await openAppPage(ctx.browser, ctx.baseUrl, `#/map?district=${DISTRICT}`, {
      viewport: { width: 1440, height: 900 },
    });
    try {
      const panel = await openPanel(page, 'desktop-menu');
      expect(await panel.getByTestId('quality-count-error').textContent()).toMatch(/2$/);
      await page.screenshot({ path: shot('desktop-list') });

      const village = await showProblem(page, 'outside_own_town');
      expect(await village.textContent()).toContain('错位村');
      expect(await village.textContent()).toContain(VILLAGE);
      expect(await village.getAttribute('aria-pressed')).toBe('true');
      let overlay = await highlighted(page);
      expect(overlay.layers).toEqual(['fill', 'halo', 'line', 'point']);
      expect(overlay.features).toHaveLength(1);
      expect(overlay.features[0]!.geometry).toEqual({ type: 'Point', coordinates: STRAY });
      expect(await page.evaluate((p) => window.__civicAtlas!.map.getBounds().contains(p), STRAY)).toBe(true);
      await page.screenshot({ path: shot('desktop-village') });

      await showProblem(page, 'town_overlap');
      overlay = await highlighted(page);
      expect(overlay.features).toHaveLength(1);
      const strip = overlay.features[0]!.geometry as GeoJSON.MultiPolygon;
      expect(strip.type).toBe('MultiPolygon');
      const lons = strip.coordinates.flat(2).map((p) => p[0]!);
      expect(Math.min(...lons)).toBeCloseTo(121.05, 6);
      expect(Math.max(...lons)).toBeCloseTo(121.052, 6);
      // The strip is framed: the view is zoomed in on it.
      const bounds = await page.evaluate(() => window.__civicAtlas!.map.getBounds().toArray());
      expect(bounds[0][0]).toBeLessThan(121.05);
      expect(bounds[1][0]).toBeGreaterThan(121.052);
      await page.screenshot({ path: shot('desktop-overlap') });

      // Closing the panel takes the highlight away.
      await page.getByTestId('quality-close').click();
      await expect.poll(async () => (await highlighted(page)).features.length, POLL).toBe(0);
    } finally {
      await page.context().close();
    }
  });

  it('works as a bottom sheet on a phone, in English too', async () => {
    const page = await openAppPage(ctx.browser, ctx.baseUrl, `#/map?district=${DISTRICT}`, {
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      hasTouch: true,
    });
    try {
      const panel = await openPanel(page, 'phone-menu');
      const sheet = page.locator('.qa-dock .side-panel');
      expect(await sheet.getAttribute('data-sheet')).toBe('half');
      await page.screenshot({ path: shot('phone-list') });
      await page.locator('[data-testid="quality-problem"][data-check="outside_own_town"]').tap();
      // The sheet folds so the highlighted village can be seen.
      await expect.poll(() => sheet.getAttribute('data-sheet'), POLL).toBe('peek');
      await page.waitForFunction(() => !window.__civicAtlas!.map.isMoving(), null, POLL);
      const overlay = await highlighted(page);
      expect(overlay.features[0]!.geometry).toEqual({ type: 'Point', coordinates: STRAY });
      await page.screenshot({ path: shot('phone-village') });

      await page.locator('.qa-dock .sheet-handle').click();
      await page.locator('.lang-toggle').click();
      await expect.poll(() => panel.getByTestId('quality-report').textContent(), POLL).toContain('Errors');
      await page.screenshot({ path: shot('phone-english') });
    } finally {
      await page.context().close();
    }
  });
});
