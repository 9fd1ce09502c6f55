// The planner's coverage flow in a real browser on the demo data: a 15-minute coverage fills the
// per-town table, a proposed site dropped on an uncovered village changes the numbers (and again
// when dragged), a suggestion is added in one click, and the indicators view shows met and unmet
// targets. Screenshots go to
// test-results/screenshots/coverage-*.png. Needs the built client and demo data in DATABASE_URL.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { CoverageLayer } from '../../client/features/coverage/coverageLayer.ts';
import { mapIdle, SCREENSHOT_DIR, useBrowser } from '../helpers/browser.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useBrowser();
const SLOW = 180_000;
const POLL = { timeout: 60_000 };

const statText = async (page: Page, stat: string) =>
  (await page.locator(`[data-stat="${stat}"] .stat-value`).textContent()) ?? '';

describe('coverage (规划分析) in the browser', () => {
  it(
    'runs a 15-minute coverage, reacts to a dropped and dragged proposed site, shows indicators',
    async () => {
      const context = await ctx.browser.newContext({ viewport: { width: 1400, height: 900 } });
      const page = await context.newPage();
      const failures: string[] = [];
      page.on('pageerror', (error) => failures.push(error.message));
      try {
        await page.goto(`${ctx.baseUrl}/#/map?mode=planning&district=500111`);
        await page.waitForFunction(() => window.__civicAtlas?.ready === true, null, { timeout: 120_000 });

        // 15-minute life circle is the default; the table fills with every town of 大足区.
        expect(await page.locator('[data-field="radius"]').inputValue()).toBe('15min');
        await page.waitForFunction(
          () => document.querySelectorAll('[data-town-table] tbody tr').length >= 20,
          null,
          POLL,
        );
        const rows = await page.locator('[data-town-table] tbody tr').count();
        expect(rows).toBe(27);
        const before = await statText(page, 'coveredPopulation');
        expect(before).toMatch(/^\d{1,3}(,\d{3})+ 人$/);
        expect(
          (await page.locator('[data-stat="coveredPopulation"] .stat-note').first().textContent()) ?? '',
        ).toMatch(/^\d+\.\d %$/);

        // Sorting by a column reorders the rows.
        await page.locator('[data-town-table] thead button', { hasText: '人口' }).click();
        await page.waitForFunction(
          () => {
            const cells = [...document.querySelectorAll('[data-town-table] tbody tr td:nth-of-type(1)')].map(
              (td) => Number((td.textContent ?? '').replaceAll(',', '')),
            );
            return cells.length > 1 && cells.every((v, i) => i === 0 || cells[i - 1]! >= v);
          },
          null,
          POLL,
        );

        await page.waitForFunction(
          () => Boolean(window.__civicAtlas?.map.getSource('coverage-uncovered')),
          null,
          POLL,
        );
        await mapIdle(page);
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'coverage-15min.png') });

        // Drop a proposed site on the uncovered village with the most elderly people that is in view.
        await page.locator('[data-action="place-sites"]').click();
        const target = await page.evaluate(() => {
          const map = window.__civicAtlas!.map;
          const features = map.queryRenderedFeatures({ layers: ['coverage-uncovered'] });
          const width = map.getCanvas().clientWidth;
          const visible = features
            .map((f) => ({
              p: map.project((f.geometry as GeoJSON.Point).coordinates as [number, number]),
              e: Number(f.properties.elderlyPopulation),
            }))
            .filter(
              ({ p }) =>
                p.x > 420 && p.x < width - 330 && p.y > 60 && p.y < map.getCanvas().clientHeight - 60,
            )
            .sort((a, b) => b.e - a.e);
          return visible[0]?.p ?? null;
        });
        expect(target).not.toBeNull();
        const box = (await page.locator('.maplibregl-canvas').boundingBox())!;
        await page.mouse.click(box.x + target!.x, box.y + target!.y);
        await page.waitForSelector('[data-proposed-sites] li', POLL);
        await page.waitForSelector('[data-stat="coveredPopulation"] [data-delta]', POLL);
        const after = await statText(page, 'coveredPopulation');
        expect(after).not.toBe(before);
        expect(
          (await page.locator('[data-stat="coveredPopulation"] [data-delta]').textContent()) ?? '',
        ).toMatch(/^\+[\d,]+ 人（\+\d+\.\d %）$/);
        await mapIdle(page);
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'coverage-proposed.png') });

        // Drag the site 3 km away: the numbers change again.
        const start = await page.evaluate(
          () => window.__civicAtlas?.controller.overlay<CoverageLayer>('coverage')?.screenPoint(1) ?? null,
        );
        expect(start).not.toBeNull();
        await page.mouse.move(box.x + start!.x, box.y + start!.y);
        await page.mouse.down();
        await page.mouse.move(box.x + start!.x + 60, box.y + start!.y + 40, { steps: 8 });
        await page.mouse.up();
        await page.waitForFunction(
          (previous) =>
            document.querySelector('[data-stat="coveredPopulation"] .stat-value')?.textContent !== previous,
          after,
          POLL,
        );
        expect(await page.locator('[data-proposed-sites] li').count()).toBe(1);

        // Siting suggestions: one click adds a suggestion as a proposed site.
        await page.locator('[data-action="suggest"]').click();
        await page.waitForSelector('[data-suggestions] li', POLL);
        await page.locator('[data-suggestions] li button').first().click();
        await page.waitForFunction(
          () => document.querySelectorAll('[data-proposed-sites] li').length === 2,
          null,
          POLL,
        );

        // Indicators: cards with met and unmet targets, and the towns that fall short.
        await page.locator('[data-tab="indicators"]').click();
        await page.waitForSelector('[data-indicator]', POLL);
        expect(await page.locator('[data-indicator][data-met="met"]').count()).toBeGreaterThan(0);
        expect(await page.locator('[data-indicator][data-met="unmet"]').count()).toBeGreaterThan(0);
        expect((await page.locator('[data-indicator="elderly_beds"]').textContent()) ?? '').toMatch(
          /10,000 张/,
        );
        expect(await page.locator('.cv-failing').count()).toBeGreaterThan(0);
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'coverage-indicators.png') });
        expect(failures).toEqual([]);
      } finally {
        await context.close();
      }
    },
    SLOW,
  );
});
