// Keeping records current in the browser: a place-name editor proposes a name on the map and sends
// it to review, an approver (on a phone) approves it with its 批准文号 and publishes it, and the
// public then finds it in the search box; a planner adds a facility by clicking the map and sees
// the coverage figures change. Screenshots: test-results/screenshots/records-*.png.
// Needs the built client (`npx vite build`) and demo data (with the demo accounts) in DATABASE_URL.
import path from 'node:path';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { openAppPage, SCREENSHOT_DIR, signInThroughUi, useBrowser } from '../helpers/browser.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useBrowser();

// The records made here leave the shared demo data as it was (other files count its rows).
afterAll(async () => {
  await sql`UPDATE facility_records SET deleted_at = now() WHERE deleted_at IS NULL AND origin = 'manual' AND name LIKE '测试互助养老点%'`.execute(
    ctx.database.db,
  );
  await sql`UPDATE place_name_records SET deleted_at = now() WHERE deleted_at IS NULL AND origin = 'manual' AND name LIKE '鹭栖%'`.execute(
    ctx.database.db,
  );
});
const DESKTOP = { viewport: { width: 1280, height: 800 } };
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 };
const POLL = { timeout: 20_000 };
const shot = (name: string) => path.join(SCREENSHOT_DIR, `records-${name}.png`);

async function mapIdle(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const map = window.__civicAtlas!.map;
        if (map.loaded()) resolve();
        else map.once('idle', () => resolve());
      }),
  );
}

/** Clicks the map at a lon/lat. */
async function clickMapAt(page: Page, lon: number, lat: number): Promise<void> {
  const p = await page.evaluate(
    ([lng, la]) => {
      const map = window.__civicAtlas!.map;
      const rect = map.getCanvas().getBoundingClientRect();
      const q = map.project([lng as number, la as number]);
      return { x: rect.left + q.x, y: rect.top + q.y };
    },
    [lon, lat],
  );
  await page.mouse.click(p.x, p.y);
}

/** A name no record has: 鹭 plus digits written as Hanzi. */
const freshName = () =>
  `鹭栖${String(Date.now() % 100000)
    .split('')
    .map((d) => '零一二三四五六七八九'[Number(d)])
    .join('')}坪`;

describe('the place-naming workflow in the browser', () => {
  it('an editor proposes a name, an approver publishes it, the public finds it', async () => {
    const { rows } = await sql<{ lon: number; lat: number }>`
      SELECT ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat
      FROM towns WHERE district_code = '500111' ORDER BY code LIMIT 1`.execute(ctx.database.db);
    const at = rows[0]!;
    // The point sits right of the panel: the map's centre is moved left of it.
    const hash = `#/map?mode=names&district=500111&c=${at.lon - 0.01},${at.lat}&z=14`;
    const name = freshName();

    const editor = await openAppPage(ctx.browser, ctx.baseUrl, hash, DESKTOP);
    await signInThroughUi(editor, 'namer', 'demo-namer');
    await editor.getByTestId('tab-propose').click();
    await editor.getByTestId('place-name-point').click();
    await clickMapAt(editor, at.lon, at.lat);
    await editor.locator('#name-name').fill(name);
    await editor.locator('#name-origin').fill('因白鹭栖息而得名（测试）');
    await editor.getByTestId('submit-proposal').click();
    const record = editor.getByTestId('name-record');
    await record.waitFor(POLL);
    expect(await record.getAttribute('data-status')).toBe('proposed');
    await editor.locator('[data-step="reviewing"]').click();
    await editor.locator('#step-reason').fill('材料齐全，提交审核');
    await editor.getByTestId('confirm-step').click();
    await editor.waitForSelector('[data-testid="name-record"][data-status="reviewing"]', POLL);
    // The editor cannot approve: no such step is offered.
    expect(await editor.locator('[data-step="approved"]').count()).toBe(0);
    await editor.getByTestId('name-status').scrollIntoViewIfNeeded();
    await mapIdle(editor);
    await editor.screenshot({ path: shot('1-desktop-editor-proposal') });

    const approver = await openAppPage(ctx.browser, ctx.baseUrl, '#/map?mode=names&district=500111', PHONE);
    await signInThroughUi(approver, 'approver', 'demo-approver');
    await approver.locator('[data-testid="naming-queue"] button', { hasText: name }).click();
    await approver.waitForSelector('[data-testid="name-record"][data-status="reviewing"]', POLL);
    await approver.locator('#approval-by').fill('大足区人民政府');
    await approver.locator('#approval-date').fill('2026-11-30');
    await approver.locator('#approval-document').fill('大足府地名〔2026〕12号');
    await approver.locator('[data-step="approved"]').click();
    await approver.locator('#step-reason').fill('符合地名命名规则');
    await approver.getByTestId('confirm-step').click();
    await approver.waitForSelector('[data-testid="name-record"][data-status="approved"]', POLL);
    await approver.locator('[data-step="published"]').click();
    await approver.locator('#step-reason').fill('区政府公告');
    await approver.getByTestId('confirm-step').click();
    await approver.waitForSelector('[data-testid="name-record"][data-status="published"]', POLL);
    await approver.getByTestId('label-links').waitFor(POLL);
    // Pull the bottom sheet up to show the record.
    const handle = approver.locator('.sheet-handle');
    while ((await approver.locator('aside.side-panel').getAttribute('data-sheet')) !== 'full')
      await handle.click();
    await approver.getByTestId('name-status').scrollIntoViewIfNeeded();
    await approver.screenshot({ path: shot('2-phone-approver-published') });

    const visitor = await openAppPage(ctx.browser, ctx.baseUrl, '#/map?mode=public&district=500112', DESKTOP);
    await visitor.locator('#global-search').fill(name);
    const result = visitor.locator('.place-search-results li', { hasText: name });
    await result.waitFor(POLL);
    // Searched from 渝北区, the name is found in 大足区 and says so.
    expect(await result.textContent()).toContain('大足区');
    await visitor.screenshot({ path: shot('3-desktop-public-search') });
    await result.click();
    await visitor.waitForFunction(
      (expected) =>
        document.body.textContent.includes(expected) && window.location.hash.startsWith('#/place/'),
      name,
      POLL,
    );
    const { rows: saved } = await sql<{ status: string; approval_document: string }>`
      SELECT status, approval_document FROM place_name_records WHERE name = ${name}`.execute(ctx.database.db);
    expect(saved).toEqual([{ status: 'published', approval_document: '大足府地名〔2026〕12号' }]);
  });
});

describe('facilities on the care map', () => {
  it('a planner adds a facility on the map and sees coverage change', async () => {
    // A village with no operating elderly-care facility within 1.5 km: a new one covers people.
    const { rows } = await sql<{ lon: number; lat: number }>`
      SELECT ST_X(v.geom) AS lon, ST_Y(v.geom) AS lat FROM villages v
      WHERE v.district_code = '500111' AND v.elderly_population > 200 AND NOT EXISTS (
        SELECT 1 FROM facilities f WHERE f.category = 'elderly_care' AND f.status = 'operating'
          AND ST_DWithin(f.geom::geography, v.geom::geography, 1500))
      ORDER BY v.elderly_population DESC LIMIT 1`.execute(ctx.database.db);
    const at = rows[0]!;
    const hash = `#/map?mode=planning&district=500111&c=${at.lon - 0.012},${at.lat}&z=14`;
    const page = await openAppPage(ctx.browser, ctx.baseUrl, hash, DESKTOP);
    await signInThroughUi(page, 'planner', 'demo-planner');
    const covered = () => page.locator('[data-stat="coveredPopulation"]').first().textContent();
    await page.waitForSelector('[data-stat="coveredPopulation"]', POLL);
    await page.waitForFunction(
      () => !document.querySelector('.coverage-panel [aria-busy="true"]'),
      null,
      POLL,
    );
    const before = await covered();

    await page.locator('[data-mode-panel="planning"] [data-tab="facilities"]').click();
    await page.getByTestId('add-facility').click();
    await clickMapAt(page, at.lon, at.lat);
    await page.locator('#facility-name').fill(`测试互助养老点${Date.now() % 10000}`);
    await page.locator('#facility-subtype').selectOption('village_point');
    await page.getByTestId('facility-save').click();
    await page.getByTestId('facility-place').waitFor(POLL);
    expect(await page.getByTestId('facility-place').textContent()).toMatch(/镇|街道|乡/);
    await mapIdle(page);
    await page.screenshot({ path: shot('4-desktop-facility-added') });

    await page.locator('[data-mode-panel="planning"] [data-tab="coverage"]').click();
    await page.waitForFunction(
      (old) => document.querySelector('[data-stat="coveredPopulation"]')?.textContent !== old,
      before,
      POLL,
    );
    expect(await covered()).not.toBe(before);
    await mapIdle(page);
    await page.screenshot({ path: shot('5-desktop-coverage-after') });
  });
});
