// The planner's walking-coverage flow in a real browser on the demo data: switch to walking, see the
// per-town 直线 · 步行 rates and the reached streets, slow to an older person's pace, drop a proposed
// site, be warned before switching district with it unsaved, save the scenario, and have a colleague
// open its link and see the same view; the CSV carries the parameters and percentages. Screenshots
// (desktop and phone) go to test-results/screenshots/walking-*.png.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openAppPage, SCREENSHOT_DIR, signInThroughUi, useBrowser } from '../helpers/browser.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useBrowser();
const SLOW = 240_000;
const POLL = { timeout: 90_000 };

async function mapIdle(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const map = window.__civicAtlas?.map;
        if (!map) throw new Error('no map');
        map.once('idle', () => resolve());
        map.triggerRepaint();
      }),
  );
}
const statText = async (page: Page, stat: string) =>
  (await page.locator(`[data-stat="${stat}"] .stat-value`).textContent()) ?? '';
const reachedStreets = (page: Page) =>
  page.evaluate(() => {
    const source = window.__civicAtlas?.map.getSource('coverage-network') as
      | { serialize(): { data: { features: { geometry: { coordinates: unknown[] } }[] } } }
      | undefined;
    return source?.serialize().data.features[0]?.geometry.coordinates.length ?? 0;
  });

describe('walking coverage and scenarios (规划分析 · 步行) in the browser', () => {
  it(
    'compares straight and walking coverage, saves a scenario and opens it from its link',
    async () => {
      const page = await openAppPage(ctx.browser, ctx.baseUrl, '#/map?mode=planning&district=500111', {
        viewport: { width: 1400, height: 900 },
        acceptDownloads: true,
      });
      await signInThroughUi(page, 'planner', 'demo-planner');
      await page.waitForSelector('[data-town-table] tbody tr', POLL);

      // Walking: the town table shows both rates and the map the reached streets.
      await page.locator('[data-measure="network"]').check({ force: true });
      await page.waitForSelector('[data-stat="walkingCovered"]', POLL);
      await page.waitForFunction(
        () =>
          /^直线 \d+\.\d % · 步行 \d+\.\d %$/.test(
            document.querySelector('[data-town-table] [data-rates]')?.textContent ?? '',
          ),
        null,
        POLL,
      );
      expect(await page.locator('[data-town-table] tbody tr').count()).toBe(27);
      await page.waitForFunction(
        () => {
          const source = window.__civicAtlas?.map.getSource('coverage-network') as
            | { serialize(): { data: { features: unknown[] } } }
            | undefined;
          return (source?.serialize().data.features.length ?? 0) > 0;
        },
        null,
        POLL,
      );
      expect(await reachedStreets(page)).toBeGreaterThan(100);
      // The table fits its panel: no horizontal scrolling.
      const overflow = await page.evaluate(() => {
        const wrap = document.querySelector('[data-town-table]')?.closest('.cv-table-wrap');
        return wrap ? wrap.scrollWidth - wrap.clientWidth : -1;
      });
      expect(overflow).toBeLessThanOrEqual(1);
      const atGbPace = await statText(page, 'walkingCovered');

      // Uncovered villages by name; a click frames the village.
      await page.waitForSelector('[data-uncovered-list] tbody tr', POLL);
      const first = page.locator('[data-uncovered-list] tbody tr').first();
      const before = await page.evaluate(() => window.__civicAtlas!.map.getCenter().toArray());
      await first.locator('button').click();
      await page.waitForFunction(
        (was) => {
          const c = window.__civicAtlas!.map.getCenter().toArray();
          return Math.abs(c[0]! - was[0]!) > 1e-4 || Math.abs(c[1]! - was[1]!) > 1e-4;
        },
        before,
        POLL,
      );
      // Sorting by distance puts the farthest first, then the nearest.
      await page.locator('[data-uncovered-list] [data-sort="distanceM"]').click();
      await page.waitForFunction(
        () => {
          const cells = [...document.querySelectorAll('[data-uncovered-list] tbody tr td:last-child')].map(
            (td) => td.textContent ?? '',
          );
          return cells.length > 1;
        },
        null,
        POLL,
      );

      // An older person's pace reaches fewer people in the same 15 minutes.
      await page.locator('[data-field="speed"]').selectOption('elderly');
      await page.waitForFunction(
        (previous) =>
          document.querySelector('[data-stat="walkingCovered"] .stat-value')?.textContent !== previous,
        atGbPace,
        POLL,
      );
      const elderlyPace = await statText(page, 'walkingCovered');
      const number = (text: string) => Number(text.replace(/[^\d]/g, ''));
      expect(number(elderlyPace)).toBeLessThan(number(atGbPace));
      await mapIdle(page);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'walking-desktop.png') });

      // A proposed site, unsaved: switching district asks first (and staying keeps the site).
      await page.locator('[data-action="place-sites"]').click();
      // On the uncovered village with the most elderly people in view: it is covered on foot then.
      const target = await page.evaluate(() => {
        const map = window.__civicAtlas!.map;
        const canvas = map.getCanvas();
        return (
          map
            .queryRenderedFeatures({ layers: ['coverage-uncovered'] })
            .map((f) => ({
              p: map.project((f.geometry as GeoJSON.Point).coordinates as [number, number]),
              e: Number(f.properties.elderlyPopulation),
            }))
            .filter(
              ({ p }) =>
                p.x > 420 && p.x < canvas.clientWidth - 330 && p.y > 60 && p.y < canvas.clientHeight - 60,
            )
            .sort((a, b) => b.e - a.e)[0]?.p ?? null
        );
      });
      expect(target).not.toBeNull();
      const box = (await page.locator('.maplibregl-canvas').boundingBox())!;
      await page.mouse.click(box.x + target!.x, box.y + target!.y);
      await page.waitForSelector('[data-proposed-sites] li', POLL);
      await page.locator('[data-action="place-sites"]').click();
      let warned = '';
      page.once('dialog', (dialog) => {
        warned = dialog.message();
        void dialog.dismiss();
      });
      const picker = page.getByTestId('district-switcher');
      await picker.selectOption('500112');
      await page.waitForTimeout(300);
      expect(warned).toContain('拟建站点尚未保存');
      expect(await page.locator('[data-proposed-sites] li').count()).toBe(1);

      // Save it: the address names the scenario.
      await page.locator('[data-field="scenario-name"]').fill('大足 老年人步行 15 分钟');
      await page.locator('[data-action="save-scenario"]').click();
      await page.waitForFunction(() => /[?&]scenario=\d+/.test(window.location.hash), null, POLL);
      const link = await page.evaluate(() => window.location.href);
      await page.waitForSelector('[data-stat="walkingCovered"] [data-delta]', POLL);
      const saved = await statText(page, 'walkingCovered');

      // The CSV says what it measured, and writes rates as percentages.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('[data-action="export-csv"]').click(),
      ]);
      const csv = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '');
      expect(csv).toContain('大足 老年人步行 15 分钟');
      expect(csv).toContain('老年人步速');
      expect(csv).toMatch(/直线 覆盖率 \(%\),步行 覆盖率 \(%\)/);
      const firstTown = csv.split('\r\n').find((line) => /^[^,]+,"=""\d{9}"""/.test(line)) ?? '';
      const cells = firstTown.split(',');
      expect(Number(cells[6])).toBeGreaterThan(1); // a percentage, not a 0..1 share

      // A colleague opens the link and sees the same view.
      const other = await openAppPage(ctx.browser, ctx.baseUrl, link.slice(link.indexOf('#')), {
        viewport: { width: 1400, height: 900 },
      });
      await signInThroughUi(other, 'viewer', 'demo-viewer');
      await other.waitForSelector('[data-stat="walkingCovered"] [data-delta]', POLL);
      expect(await statText(other, 'walkingCovered')).toBe(saved);
      expect(await other.locator('[data-proposed-sites] li').count()).toBe(1);
      expect(await other.locator('[data-field="speed"]').inputValue()).toBe('elderly');
      await other.context().close();

      // Phone: the same panel in the bottom sheet.
      const phone = await openAppPage(ctx.browser, ctx.baseUrl, link.slice(link.indexOf('#')), {
        viewport: { width: 390, height: 844 },
        isMobile: true,
        hasTouch: true,
        deviceScaleFactor: 2,
      });
      await signInThroughUi(phone, 'planner', 'demo-planner');
      await phone.waitForSelector('[data-stat="walkingCovered"]', POLL);
      await mapIdle(phone);
      await phone.screenshot({ path: path.join(SCREENSHOT_DIR, 'walking-phone.png') });
      await phone.context().close();
      await page.context().close();
    },
    SLOW,
  );
});
