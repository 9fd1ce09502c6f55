// The boundary officer's flow on a phone-sized screen (390×844): sign in, tap a marker, drag it
// (confirm + reason), change its condition, see both in its history; a second browser editing the
// same marker gets the conflict dialog, then restores a version from the history (If-Match sent).
// Screenshots go to test-results/screenshots/boundaries-*.png.
// Needs the built client (`npx vite build`) and demo data (with the demo accounts) in DATABASE_URL.
import path from 'node:path';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openAppPage, SCREENSHOT_DIR, signInThroughUi, useBrowser } from '../helpers/browser.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useBrowser();
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 };
const shot = (name: string) => path.join(SCREENSHOT_DIR, `boundaries-${name}.png`);

interface MarkerRow {
  id: number;
  number: string;
  lon: number;
  lat: number;
}

/** A demo marker with no other marker within 150 m, so a tap cannot hit a neighbour. */
async function loneMarker(): Promise<MarkerRow> {
  const { rows } = await sql<MarkerRow>`
    SELECT m.id::int AS id, m.number, ST_X(m.geom) AS lon, ST_Y(m.geom) AS lat
    FROM boundary_markers m JOIN boundary_lines l ON l.id = m.line_id
    WHERE m.deleted_at IS NULL AND m.condition = 'intact' AND l.district_code = '500111' AND m.origin = 'synthetic'
      AND NOT EXISTS (SELECT 1 FROM boundary_markers o WHERE o.id <> m.id AND o.deleted_at IS NULL
        AND ST_DWithin(o.geom::geography, m.geom::geography, 150))
      AND NOT EXISTS (SELECT 1 FROM boundary_history h WHERE h.kind = 'boundary-markers' AND h.record_id = m.id)
    ORDER BY m.id LIMIT 1`.execute(ctx.database.db);
  if (!rows[0]) throw new Error('no suitable demo marker');
  return rows[0];
}

/** Page coordinates of a lon/lat on the map canvas. */
async function onScreen(page: Page, lon: number, lat: number): Promise<{ x: number; y: number }> {
  return page.evaluate(
    ([lng, lat]) => {
      const map = window.__civicAtlas!.map;
      const rect = map.getCanvas().getBoundingClientRect();
      const p = map.project([lng as number, lat as number]);
      return { x: rect.left + p.x, y: rect.top + p.y };
    },
    [lon, lat],
  );
}

async function editorVersion(page: Page): Promise<number> {
  return Number(await page.getByTestId('record-editor').getAttribute('data-version'));
}

async function waitForVersion(page: Page, version: number): Promise<void> {
  await page.waitForFunction(
    (v) =>
      document.querySelector('[data-testid="record-editor"]')?.getAttribute('data-version') === String(v),
    version,
    { timeout: 15_000 },
  );
}

describe('boundary editing in the browser (phone size)', () => {
  it('sign in, move a marker, change its condition, see both in history; a second editor gets the conflict dialog', async () => {
    const marker = await loneMarker();
    // Put the marker in the upper part of the screen, above the bottom sheet.
    const hash = `#/map?mode=boundaries&district=500111&c=${marker.lon},${marker.lat - 0.0015}&z=16`;
    const page = await openAppPage(ctx.browser, ctx.baseUrl, hash, PHONE);
    await page.screenshot({ path: shot('1-phone-dashboard') });
    expect(await page.getByTestId('boundary-stats').isVisible()).toBe(true);

    await signInThroughUi(page, 'editor', 'demo-editor');

    // Tap the marker on the map → its edit form.
    await page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          const map = window.__civicAtlas!.map;
          map.once('idle', () => resolve());
          map.triggerRepaint();
        }),
    );
    const at = await onScreen(page, marker.lon, marker.lat);
    await page.mouse.click(at.x, at.y);
    const editor = page.getByTestId('record-editor');
    await editor.waitFor();
    expect(await editor.getAttribute('data-id')).toBe(String(marker.id));
    const startVersion = await editorVersion(page);
    await page.screenshot({ path: shot('2-phone-edit-form') });

    // Drag the marker ~10 px (≈ 20 m at z16), confirm with a reason.
    const handle = await onScreen(page, marker.lon, marker.lat);
    await page.mouse.move(handle.x, handle.y);
    await page.mouse.down();
    await page.mouse.move(handle.x + 5, handle.y - 3, { steps: 3 });
    await page.mouse.move(handle.x + 10, handle.y - 6, { steps: 3 });
    await page.mouse.up();
    const reason = page.getByTestId('reason-dialog');
    await reason.waitFor();
    await page.screenshot({ path: shot('3-phone-move-confirm') });
    await reason.locator('textarea[name="reason"]').fill('实地复测后校正界桩位置');
    await reason.locator('button[type="submit"]').click();
    await waitForVersion(page, startVersion + 1);

    // Change its condition, with a reason.
    await page.locator('#ba-condition').selectOption('damaged');
    await page.locator('#ba-reason').fill('巡查发现桩体破损');
    await page.getByTestId('save').click();
    await waitForVersion(page, startVersion + 2);

    // Both changes are in its history.
    await page.getByTestId('tab-history').click();
    const history = page.getByTestId('history-panel');
    await history.locator(`[data-version="${startVersion + 2}"]`).waitFor();
    const text = await history.textContent();
    expect(text).toContain('位置：移动了');
    expect(text).toContain('状况：完好 → 损坏');
    expect(text).toContain('实地复测后校正界桩位置');
    expect(text).toContain('巡查发现桩体破损');
    await page.screenshot({ path: shot('4-phone-history') });

    const { rows } = await sql<{ condition: string; version: number; moved: number }>`
      SELECT condition, version, ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint(${marker.lon}, ${marker.lat}), 4326)::geography) AS moved
      FROM boundary_markers WHERE id = ${marker.id}`.execute(ctx.database.db);
    expect(rows[0]).toMatchObject({ condition: 'damaged', version: startVersion + 2 });
    expect(rows[0]!.moved).toBeGreaterThan(5);

    // A second browser (another editor) opens the same marker …
    const selected = `#/map?mode=boundaries&district=500111&c=${marker.lon},${marker.lat - 0.0015}&z=16&sel=boundary-markers:${marker.id}`;
    const other = await openAppPage(ctx.browser, ctx.baseUrl, selected, PHONE);
    await signInThroughUi(other, 'admin', 'demo-admin');
    await other.getByTestId('record-editor').waitFor();
    await waitForVersion(other, startVersion + 2);

    // … meanwhile the first editor saves again …
    await page.getByRole('tab').first().click();
    await page.locator('#ba-note').fill('第一位编辑的备注');
    await page.getByTestId('save').click();
    await waitForVersion(page, startVersion + 3);

    // … so the second editor's save meets a 412 and the conflict dialog.
    await other.locator('#ba-note').fill('第二位编辑的备注');
    await other.getByTestId('save').click();
    const conflict = other.getByTestId('conflict-dialog');
    await conflict.waitFor();
    expect(await conflict.locator('td[data-side="theirs"]').first().textContent()).toBe('第一位编辑的备注');
    expect(await conflict.locator('td[data-side="mine"]').first().textContent()).toBe('第二位编辑的备注');
    await other.screenshot({ path: shot('5-phone-conflict') });

    // Choosing "keep mine" saves on top of theirs: nothing was silently overwritten.
    await other.getByTestId('conflict-keep-mine').click();
    await waitForVersion(other, startVersion + 4);
    const { rows: after } = await sql<{
      note: string;
    }>`SELECT note FROM boundary_markers WHERE id = ${marker.id}`.execute(ctx.database.db);
    expect(after[0]!.note).toBe('第二位编辑的备注');

    // Restoring from the history sends the version seen as If-Match, like every write.
    await other.getByTestId('tab-history').click();
    const versions = other.getByTestId('history-panel');
    const restoreTarget = versions.locator(`[data-version="${startVersion + 3}"]`);
    await restoreTarget.getByRole('button').click();
    await other.getByTestId('reason-dialog').locator('button[type="submit"]').click();
    await waitForVersion(other, startVersion + 5);
    const { rows: restored } = await sql<{
      note: string;
    }>`SELECT note FROM boundary_markers WHERE id = ${marker.id}`.execute(ctx.database.db);
    expect(restored[0]!.note).toBe('第一位编辑的备注');
    await other.context().close();
    await page.context().close();
  });

  it('the inspection form offers the phone camera; the dashboard fits a desktop too', async () => {
    const { rows } = await sql<{ id: number; lon: number; lat: number }>`
      SELECT l.id::int AS id, ST_X(ST_PointOnSurface(l.geom)) AS lon, ST_Y(ST_PointOnSurface(l.geom)) AS lat
      FROM boundary_lines l WHERE l.district_code = '500111' AND l.deleted_at IS NULL AND l.status = 'delimited'
      ORDER BY l.id LIMIT 1`.execute(ctx.database.db);
    const line = rows[0]!;
    const page = await openAppPage(
      ctx.browser,
      ctx.baseUrl,
      `#/map?mode=boundaries&district=500111&c=${line.lon},${line.lat - 0.003}&z=15&sel=boundary-lines:${line.id}`,
      PHONE,
    );
    await signInThroughUi(page, 'editor', 'demo-editor');
    await page.getByTestId('tab-inspections').click();
    await page.getByTestId('new-inspection').click();
    const form = page.getByTestId('inspection-form');
    await form.waitFor();
    // Add a finding for a marker: its photo input opens the rear camera on a phone.
    await form.locator('select[aria-label="添加界桩检查"]').selectOption({ index: 1 });
    const camera = form.getByTestId('photo-input').first();
    expect(await camera.getAttribute('capture')).toBe('environment');
    expect(await camera.getAttribute('accept')).toBe('image/*');
    await page.evaluate(() => {
      document.querySelector('.sheet')?.setAttribute('data-sheet', 'full');
      document
        .querySelector('[data-testid="photo-input"]')
        ?.closest('label')
        ?.scrollIntoView({ block: 'center' });
    });
    await page.screenshot({ path: shot('6-phone-inspection-form') });
    await page.context().close();

    const desktop = await ctx.browser.newPage({ viewport: { width: 1440, height: 900 } });
    await desktop.goto(`${ctx.baseUrl}/#/map?mode=boundaries&district=500111`);
    await desktop.waitForFunction(() => window.__civicAtlas?.ready === true, null, { timeout: 60_000 });
    await desktop.getByTestId('boundary-stats').waitFor();
    await desktop.screenshot({ path: shot('7-desktop-dashboard') });
    await desktop.close();
  });
});
