// A staff member imports a small CSV through the UI (Chinese names, GCJ-02 coordinates): the dry run
// shows the report with the one bad row highlighted and the good rows on the map; 仅导入有效行 writes
// the good rows, which the export API then returns at their WGS84 places and the map tiles show.
// Then the map view is saved as a PNG. Screenshots: test-results/screenshots/import-*.png.
// Needs the built client (`npx vite build`) and demo data (with the demo accounts) in DATABASE_URL.
// Other test files share the database, so every code here is unique to this run (E2E-IMP-<run>-n).
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { haversineMetres } from '../../server/contract/geodesy.ts';
import { fromWgs84 } from '../../server/modules/imports/coordinates.ts';
import { SCREENSHOT_DIR, signInThroughUi, useBrowser } from '../helpers/browser.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useBrowser();
const shot = (name: string) => path.join(SCREENSHOT_DIR, `import-${name}.png`);
const RUN = Date.now().toString(36).toUpperCase();
const code = (n: number) => `E2E-IMP-${RUN}-${n}`;

// Points inside 大足区 (500111), in 龙岗街道 and 棠香街道, as WGS84 truth. No other facility is near
// them: below zoom 14 the tiles keep one point per pixel (an older one wins), so a neighbour on the
// same pixel would hide ours. Other test files use other spots (tests/api/import.test.ts).
const TRUTH: [number, number][] = [
  [105.7161, 29.7032],
  [105.7214, 29.7088],
  [105.7243, 29.6601],
];

/** Rows 2–4 are good; row 5 names a facility type that does not exist. */
function csv(): Buffer {
  const lines = [['编码', '名称', '设施类型', '运营方式', '床位数', '地址', '经度', '纬度'].join(',')];
  TRUTH.forEach((truth, i) => {
    const [lon, lat] = fromWgs84(truth, 'gcj02');
    lines.push(
      [
        code(i + 1),
        `测试导入敬老院${RUN}${i + 1}号`,
        '养老机构',
        '公办',
        30 + i,
        `龙岗街道测试路${i + 1}号`,
        lon!.toFixed(7),
        lat!.toFixed(7),
      ].join(','),
    );
  });
  const [lon, lat] = fromWgs84([105.719, 29.709], 'gcj02');
  lines.push(
    [code(9), `测试导入坏行${RUN}`, '不存在的类型', '公办', 10, '', lon!.toFixed(7), lat!.toFixed(7)].join(
      ',',
    ),
  );
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
}

beforeAll(async () => {
  // Rows left by earlier runs of this file only.
  await sql`DELETE FROM facilities WHERE code LIKE 'E2E-IMP-%' AND code NOT LIKE ${`E2E-IMP-${RUN}-%`}`.execute(
    ctx.database.db,
  );
  const { rows } = await sql<{ code: string }>`SELECT f.code FROM facilities f,
      unnest(${TRUTH.map((p) => p[0])}::float8[], ${TRUTH.map((p) => p[1])}::float8[]) AS t(x, y)
    WHERE ST_DWithin(f.geom::geography, ST_SetSRID(ST_MakePoint(t.x, t.y), 4326)::geography, 40)
      AND f.code NOT LIKE 'E2E-IMP-%'`.execute(ctx.database.db);
  // A neighbour on the same pixel would hide our rows in the tiles; say so rather than time out.
  expect(
    rows.map((r) => r.code),
    'facilities next to the test points',
  ).toEqual([]);
});

/** Opens the planning view, signs in as the demo planner and opens the import dialog. */
async function openImportAsPlanner(page: Page): Promise<Locator> {
  await page.goto(`${ctx.baseUrl}/#/planning?district=500111`);
  await page.waitForFunction(() => window.__civicAtlas?.ready === true, null, { timeout: 60_000 });
  await signInThroughUi(page, 'planner', 'demo-planner');
  await page.getByTestId('data-menu-button').click();
  await page.getByTestId('open-import').click();
  return page.getByTestId('import-dialog');
}

describe('import and export through the UI', () => {
  it('a planner dry-runs a GCJ-02 CSV, imports the valid rows and saves the map as PNG', async () => {
    const context = await ctx.browser.newContext({
      viewport: { width: 1440, height: 900 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    try {
      const dialog = await openImportAsPlanner(page);
      await dialog.locator('input[name="file"]').setInputFiles({
        name: '养老机构-高德坐标.csv',
        mimeType: 'text/csv',
        buffer: csv(),
      });
      await dialog.locator('select[name="collection"]').selectOption('facilities');
      await dialog.locator('input[name="crs"][value="gcj02"]').check();
      await page.getByTestId('import-check').click();

      const report = page.getByTestId('import-report');
      await report.waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('rows-read').textContent()).toBe('4');
      expect(await page.getByTestId('rows-valid').textContent()).toBe('3');
      expect(await page.getByTestId('rows-invalid').textContent()).toBe('1');
      const bad = report.locator('tr[data-bad="true"]');
      expect(await bad.count()).toBe(1);
      expect(await bad.getAttribute('data-row')).toBe('5');
      expect(await bad.textContent()).toContain('subtype');
      expect(await report.locator('tr[data-bad="false"]').count()).toBe(3);
      expect(await page.getByTestId('import-commit').isDisabled()).toBe(true);

      // The good rows are previewed on the map, in WGS84, and the map is framed on them.
      const points = await page.evaluate(() => {
        const map = window.__civicAtlas!.map;
        const source = map.getStyle().sources['import-preview'] as { data: GeoJSON.FeatureCollection };
        return source.data.features.map((f) => (f.geometry as GeoJSON.Point).coordinates as [number, number]);
      });
      expect(points).toHaveLength(3);
      for (const [i, p] of points.entries()) expect(haversineMetres(p, TRUTH[i]!)).toBeLessThan(1);
      await page.waitForFunction(
        (pts) => {
          const map = window.__civicAtlas!.map;
          return !map.isMoving() && pts.every((p) => map.getBounds().contains(p));
        },
        points,
        { timeout: 10_000 },
      );
      await page.screenshot({ path: shot('dry-run') });

      await page.getByTestId('import-commit-valid').click();
      const result = page.getByTestId('import-result');
      await result.waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('import-inserted').textContent()).toBe('3');
      await page.screenshot({ path: shot('committed') });

      // The export API returns the three good rows at their WGS84 places; the bad one is not there.
      const exported = await page.evaluate(async () => {
        const response = await fetch('/api/exports/facilities.geojson?district=500111');
        return (await response.json()) as GeoJSON.FeatureCollection;
      });
      const ours = exported.features.filter((f) => String(f.properties?.code).startsWith(`E2E-IMP-${RUN}-`));
      expect(ours.map((f) => f.properties?.code).sort()).toEqual([code(1), code(2), code(3)]);
      for (const feature of ours) {
        const i = Number(String(feature.properties?.code).split('-').pop()) - 1;
        expect(feature.properties?.name).toBe(`测试导入敬老院${RUN}${i + 1}号`);
        const point = (feature.geometry as GeoJSON.Point).coordinates as [number, number];
        expect(haversineMetres(point, TRUTH[i]!)).toBeLessThan(1);
      }

      // The refreshed tiles show them on the map.
      await page
        .getByRole('button', { name: /关闭|Close/ })
        .last()
        .click();
      await page.waitForFunction(
        (name) =>
          window.__civicAtlas!.map.querySourceFeatures('facilities', {
            sourceLayer: 'facilities',
            filter: ['==', ['get', 'name'], name],
          }).length > 0,
        `测试导入敬老院${RUN}1号`,
        { timeout: 30_000 },
      );

      // The map view as PNG; first, the export links for one town give Excel-ready CSV with our rows.
      await page.getByTestId('data-menu-button').click();
      await page.getByTestId('data-menu').waitFor();
      const townCode = await page.evaluate(async () => {
        const r = await fetch('/api/collections/towns/items?district=500111&limit=100');
        const fc = (await r.json()) as GeoJSON.FeatureCollection;
        return String(fc.features.find((f) => f.properties?.name === '龙岗街道')?.properties?.code);
      });
      await page.getByTestId('export-town').selectOption(townCode);
      const href = await page.getByTestId('export-facilities-csv').getAttribute('href');
      expect(href).toContain(`town=${townCode}`);
      const exportedCsv = await page.evaluate(async (url) => {
        const r = await fetch(url);
        const bytes = new Uint8Array(await r.arrayBuffer());
        return { status: r.status, bom: [...bytes.slice(0, 3)], text: new TextDecoder().decode(bytes) };
      }, href!);
      expect(exportedCsv.status).toBe(200);
      expect(exportedCsv.bom).toEqual([0xef, 0xbb, 0xbf]);
      expect(exportedCsv.text).toContain(code(1));
      expect(exportedCsv.text).toContain(`测试导入敬老院${RUN}1号`);
      expect(exportedCsv.text).not.toContain(code(3)); // 棠香街道
      await page.screenshot({ path: shot('menu') });
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 30_000 }),
        page.getByTestId('export-png').click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/\.png$/);
      const file = shot('map-export');
      await download.saveAs(file);
      const bytes = readFileSync(file);
      expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      expect(bytes.length).toBeGreaterThan(20_000);
      expect(failures).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);
});

describe('import on a phone', () => {
  it('fits the screen, keeps touch targets at 44 px and refuses a file over 50 MB next to the file field', async () => {
    const context = await ctx.browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
    });
    const page = await context.newPage();
    const big = path.join(tmpdir(), `e2e-import-${RUN}-51mb.csv`);
    writeFileSync(big, Buffer.alloc(51 * 1024 * 1024, 0x61));
    try {
      await page.goto(`${ctx.baseUrl}/`);
      await page.waitForFunction(() => window.__civicAtlas?.ready === true, null, { timeout: 60_000 });
      await signInThroughUi(page, 'editor', 'demo-editor');
      const menuButton = page.getByTestId('data-menu-button');
      const box = await menuButton.boundingBox();
      expect(box!.height).toBeGreaterThanOrEqual(44);
      expect(box!.x + box!.width).toBeLessThanOrEqual(390);
      await menuButton.click();
      await page.getByTestId('open-import').click();
      const dialog = page.getByTestId('import-dialog');
      const frame = await dialog.boundingBox();
      expect(frame!.x).toBeGreaterThanOrEqual(0);
      expect(frame!.x + frame!.width).toBeLessThanOrEqual(390.5);
      expect(frame!.y + frame!.height).toBeLessThanOrEqual(844.5);
      await dialog.locator('input[name="file"]').setInputFiles(big);
      const error = page.getByTestId('import-error-file');
      await error.waitFor();
      expect(await error.textContent()).toBe('文件不能超过 50 MB');
      await page.screenshot({ path: shot('phone-too-large') });
    } finally {
      rmSync(big, { force: true });
      await context.close();
    }
  }, 120_000);

  it('a planner undoes an import from its result, and the rows are gone', async () => {
    const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    page.on('dialog', (d) => void d.accept()); // the "undo this import?" confirmation
    const own = `E2E-UNDO-${RUN}`;
    try {
      const dialog = await openImportAsPlanner(page);
      await dialog.locator('select[name="collection"]').selectOption('facilities');
      await dialog.locator('input[name="file"]').setInputFiles({
        name: 'undo.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(
          `code,name,subtype,operator,lon,lat\n${own},撤销测试食堂,canteen,公办,105.7161,29.7032\n`,
        ),
      });
      await page.getByTestId('import-check').click();
      await page.getByTestId('import-report').waitFor({ timeout: 30_000 });
      await page.getByTestId('import-commit').click();
      await page.getByTestId('import-result').waitFor({ timeout: 30_000 });
      const count = async () =>
        (
          await sql<{ n: number }>`SELECT count(*)::int AS n FROM facilities WHERE code = ${own}`.execute(
            ctx.database.db,
          )
        ).rows[0]!.n;
      expect(await count()).toBe(1);
      await page.getByTestId('import-undo').click();
      await page.getByTestId('import-undone').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('import-undone').textContent()).toContain('删除 1 条');
      expect(await count()).toBe(0);
      await page.screenshot({ path: shot('undone') });
    } finally {
      await context.close();
    }
  }, 120_000);
});
