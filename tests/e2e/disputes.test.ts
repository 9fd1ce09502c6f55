// Disputes and new markers in boundary mode, on a phone (390×844) and a desktop: an editor draws a
// dispute's area on the map, sees it on the map and in the list, advances its stage with a reason
// and finds that in its history; creates a marker near a line (a far one is refused with the
// server's message); an anonymous visitor sees the dispute layer without the staff-only details.
// Other test files run in parallel on the same demo data: names and numbers here are unique and
// only this file's own rows are counted. Screenshots: test-results/screenshots/disputes-*.png.
import path from 'node:path';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openAppPage, SCREENSHOT_DIR, signInThroughUi, useBrowser } from '../helpers/browser.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useBrowser();
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 };
const DESKTOP = { viewport: { width: 1440, height: 900 } };
const shot = (name: string) => path.join(SCREENSHOT_DIR, `disputes-${name}.png`);
const RUN = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

interface LineRow {
  id: number;
  name: string;
  lon: number;
  lat: number;
}

/** A line of 500111 with a point on it; `nth` picks different lines for different tests. */
async function lineOf(nth: number): Promise<LineRow> {
  const { rows } = await sql<LineRow>`
    SELECT l.id::int AS id, l.name, ST_X(ST_LineInterpolatePoint(ST_GeometryN(l.geom, 1), 0.5)) AS lon,
      ST_Y(ST_LineInterpolatePoint(ST_GeometryN(l.geom, 1), 0.5)) AS lat
    FROM boundary_lines l WHERE l.district_code = '500111' AND l.deleted_at IS NULL
      AND ST_Length(l.geom::geography) > 3000
    ORDER BY l.id DESC OFFSET ${nth} LIMIT 1`.execute(ctx.database.db);
  if (!rows[0]) throw new Error('no suitable demo line');
  return rows[0];
}

/** Puts lon/lat on screen at (x, y) of the map canvas and returns its page coordinates. */
async function placeAt(page: Page, lon: number, lat: number, y: number): Promise<{ x: number; y: number }> {
  return page.evaluate(
    ([lng, lt, wantY]) =>
      new Promise<{ x: number; y: number }>((resolve) => {
        const map = window.__civicAtlas!.map;
        const canvas = map.getCanvas().getBoundingClientRect();
        map.jumpTo({ center: [lng as number, lt as number], zoom: 15 });
        map.panBy([0, canvas.height / 2 - (wantY as number)], { animate: false });
        map.once('idle', () => {
          const p = map.project([lng as number, lt as number]);
          resolve({ x: canvas.left + p.x, y: canvas.top + p.y });
        });
        map.triggerRepaint();
      }),
    [lon, lat, y],
  );
}

async function raiseSheet(page: Page, to: 'half' | 'full'): Promise<void> {
  const sheet = page.locator('.sheet');
  if ((await sheet.count()) === 0) return;
  for (let i = 0; i < 3 && (await sheet.getAttribute('data-sheet')) !== to; i++)
    await page.locator('.sheet-handle').click();
}

async function waitForAttr(page: Page, testId: string, name: string, value: string): Promise<void> {
  await page.waitForFunction(
    ([id, n, v]) => document.querySelector(`[data-testid="${id}"]`)?.getAttribute(n as string) === v,
    [testId, name, value],
    { timeout: 15_000 },
  );
}

async function disputeFlow(device: 'phone' | 'desktop', nth: number): Promise<number> {
  const line = await lineOf(nth);
  const phone = device === 'phone';
  const page = await openAppPage(
    ctx.browser,
    ctx.baseUrl,
    `#/map?mode=boundaries&district=500111`,
    phone ? PHONE : DESKTOP,
  );
  await signInThroughUi(page, 'editor', 'demo-editor');
  const at = await placeAt(page, line.lon, line.lat, phone ? 190 : 400);
  await raiseSheet(page, 'half');

  // New dispute: saving it empty shows the server's problems next to the inputs.
  await page.getByTestId('new-dispute').click();
  const form = page.getByTestId('dispute-form');
  await form.waitFor();
  await page.getByTestId('dispute-save').click();
  await form.locator('[data-error-for="title"]').waitFor();
  expect(await form.locator('[data-error-for="parties"]').textContent()).toContain('parties[0].name');
  await page.screenshot({ path: shot(`${device}-1-new-form-errors`) });

  const title = `测试争议 ${device} ${RUN}`;
  await form.locator('#bd-title').fill(title);
  await form.locator('#bd-lineId').selectOption(String(line.id));
  expect(await form.locator('input[name="party-0"]').inputValue()).not.toBe('');
  await form.locator('#bd-causeType').selectOption('forest');
  await form.locator('#bd-riskLevel').selectOption('high');
  await form.locator('#bd-cause').fill('林地权属界线两侧各执一词');

  // Draw the area: four taps around the line's midpoint, then 完成.
  await page.getByTestId('draw-area').click();
  await page.getByTestId('draw-bar').waitFor();
  const d = phone ? 45 : 70;
  for (const [dx, dy] of [
    [-d, -d],
    [d, -d],
    [d, d],
    [-d, d],
  ] as const)
    await page.mouse.click(at.x + dx, at.y + dy);
  await page.screenshot({ path: shot(`${device}-2-drawing`) });
  await page.getByTestId('draw-done').click();
  expect(await form.getByTestId('area-state').textContent()).toBe('已绘制');
  await page.getByTestId('dispute-save').click();
  await waitForAttr(page, 'dispute-form', 'data-version', '1');
  const id = Number(await form.getAttribute('data-id'));
  expect(id).toBeGreaterThan(0);

  const { rows } = await sql<{ title: string; vertices: number; stage: string }>`
    SELECT title, ST_NPoints(area)::int AS vertices, stage FROM boundary_disputes WHERE id = ${id}`.execute(
    ctx.database.db,
  );
  expect(rows[0]).toEqual({ title, vertices: 5, stage: 'found' });

  // On the map (the hatched area under the middle of the drawing) and in the list.
  await page.getByRole('button', { name: '关闭' }).first().click();
  const item = page.locator(`[data-testid="dispute-item"][data-id="${id}"]`);
  await item.waitFor();
  expect(await item.textContent()).toContain(title);
  expect(await item.textContent()).toContain('发现');
  const onMap = await page.evaluate(
    ([x, y]) => {
      const map = window.__civicAtlas!.map;
      const rect = map.getCanvas().getBoundingClientRect();
      return map
        .queryRenderedFeatures([(x as number) - rect.left, (y as number) - rect.top], {
          layers: ['disputes-area-fill'],
        })
        .map((f) => f.properties.id);
    },
    [at.x, at.y],
  );
  expect(onMap).toContain(id);
  await page.screenshot({ path: shot(`${device}-3-on-map-and-list`) });

  // Advance the stage: without a reason it is refused next to the reason box.
  await item.click();
  await waitForAttr(page, 'dispute-form', 'data-version', '1');
  await form.locator('#bd-stage').selectOption('negotiating');
  await page.getByTestId('dispute-save').click();
  await form.locator('[data-error-for="reason"]').waitFor();
  await form.locator('#bd-reason').fill('双方同意由镇政府组织协商');
  await page.getByTestId('dispute-save').click();
  await waitForAttr(page, 'dispute-form', 'data-version', '2');
  expect(await form.getAttribute('data-stage')).toBe('negotiating');

  await page.getByTestId('dispute-tab-history').click();
  const history = page.getByTestId('history-panel');
  await history.locator('[data-version="2"]').waitFor();
  const text = await history.textContent();
  expect(text).toContain('阶段：发现 → 协商');
  expect(text).toContain('双方同意由镇政府组织协商');
  if (phone) await raiseSheet(page, 'full');
  await page.screenshot({ path: shot(`${device}-4-history`) });
  await page.context().close();
  return id;
}

describe('disputes and new markers in boundary mode', () => {
  let phoneDispute = 0;

  it('phone: an editor draws a dispute, sees it on the map and in the list, advances its stage', async () => {
    phoneDispute = await disputeFlow('phone', 0);
  });

  it('desktop: the same flow', async () => {
    await disputeFlow('desktop', 1);
  });

  it('phone: new marker on a line — far away is refused with the server message, near the line is saved', async () => {
    const line = await lineOf(2);
    const page = await openAppPage(
      ctx.browser,
      ctx.baseUrl,
      `#/map?mode=boundaries&district=500111&sel=boundary-lines:${line.id}`,
      PHONE,
    );
    await signInThroughUi(page, 'editor', 'demo-editor');
    await page.getByTestId('record-editor').waitFor();
    const at = await placeAt(page, line.lon, line.lat, 190);
    await page.getByTestId('new-marker').click();
    const form = page.getByTestId('marker-create');
    await form.waitFor();
    const { rows: used } = await sql<{ max: number | null }>`
      SELECT max(substr(number, 1, 3)::int) AS max FROM boundary_markers
      WHERE line_id = ${line.id} AND deleted_at IS NULL`.execute(ctx.database.db);
    const expected = `${String((used[0]?.max ?? 0) + 1).padStart(3, '0')}Q`;
    await page.waitForFunction(
      (v) => (document.querySelector('#bm-number') as HTMLInputElement | null)?.value === v,
      expected,
    );

    // ~100 px off the line at z15 is several hundred metres: the server refuses it.
    await page.mouse.click(at.x + 110, at.y - 110);
    await form.locator('#bm-material').selectOption('concrete');
    await page.getByTestId('marker-create-save').click();
    const problem = form.locator('[data-error-for="geometry"]');
    await problem.waitFor();
    // The server's problem (code + params) in the page's language: zh.
    expect(await problem.textContent()).toContain('50 米');
    await raiseSheet(page, 'full');
    await page.screenshot({ path: shot('phone-5-marker-too-far') });
    await raiseSheet(page, 'half');

    // Place it again, on the line.
    await form.getByRole('button', { name: '重新放置' }).click();
    await page.mouse.click(at.x, at.y);
    await page.getByTestId('marker-create-save').click();
    const editor = page.getByTestId('record-editor');
    await editor.waitFor();
    expect(await editor.getAttribute('data-kind')).toBe('boundary-markers');
    const markerId = Number(await editor.getAttribute('data-id'));
    const { rows } = await sql<{ number: string; material: string; line_id: string; d: number }>`
      SELECT m.number, m.material, m.line_id, ST_Distance(m.geom::geography, l.geom::geography) AS d
      FROM boundary_markers m JOIN boundary_lines l ON l.id = m.line_id WHERE m.id = ${markerId}`.execute(
      ctx.database.db,
    );
    expect(rows[0]).toMatchObject({ number: expected, material: 'concrete', line_id: String(line.id) });
    expect(rows[0]!.d).toBeLessThan(50);
    await page.screenshot({ path: shot('phone-6-marker-created') });
    await page.context().close();
  });

  it('anonymous visitors see the dispute layer without the staff-only details', async () => {
    expect(phoneDispute).toBeGreaterThan(0);
    const line = await lineOf(0);
    const page = await openAppPage(
      ctx.browser,
      ctx.baseUrl,
      `#/map?mode=boundaries&district=500111`,
      DESKTOP,
    );
    const at = await placeAt(page, line.lon, line.lat, 450);
    const item = page.locator(`[data-testid="dispute-item"][data-id="${phoneDispute}"]`);
    await item.waitFor();
    expect(await item.textContent()).not.toContain(RUN);
    expect(await item.textContent()).toContain('林地');
    // The area is staff-only, so the public layer is a hatched band along the disputed line.
    const parts = await page.evaluate(
      (id) =>
        window
          .__civicAtlas!.map.querySourceFeatures('disputes-overlay')
          .filter((f) => f.properties.id === id)
          .map((f) => f.properties.part),
      phoneDispute,
    );
    expect(parts).toContain('zone');
    expect(parts).not.toContain('area');
    const body = await page.evaluate(
      (id) => fetch(`/api/disputes/${id}`).then((r) => r.json()),
      phoneDispute,
    );
    expect(body).not.toHaveProperty('title');
    expect(body).not.toHaveProperty('area');
    expect(body).not.toHaveProperty('parties');
    await item.click();
    const card = page.getByTestId('dispute-public-card');
    await card.waitFor();
    expect(await card.textContent()).toContain('协商');
    // With the card open the band is still drawn (rendered, not only in the source).
    await page.waitForFunction(
      ([x, y, id]) => {
        const map = window.__civicAtlas!.map;
        const rect = map.getCanvas().getBoundingClientRect();
        return map
          .queryRenderedFeatures(
            [
              [(x as number) - rect.left - 10, (y as number) - rect.top - 10],
              [(x as number) - rect.left + 10, (y as number) - rect.top + 10],
            ],
            { layers: ['disputes-zone'] },
          )
          .some((f) => f.properties.id === id);
      },
      [at.x, at.y, phoneDispute],
      { timeout: 10_000 },
    );
    await page.screenshot({ path: shot('desktop-7-anonymous') });
    await page.context().close();
  });
});
