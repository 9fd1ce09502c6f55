// The empty install, as a bureau's IT person meets it: a server on a migrated database with no data
// (DEMO_DATA=off), the first admin made by the real `npm run user:add`, the first-run guide instead
// of the map's panels (desktop and phone, Chinese and English), sign-in through the UI and the
// import dialog opened from the guide with the district outline preselected where offered.
// Screenshots: test-results/screenshots/first-run-*.png. Needs the built client.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { zipFiles } from '../fixtures/imports/writers.ts';
import { openAppPage, SCREENSHOT_DIR, useBrowser } from '../helpers/browser.ts';
import { createDatabase, npmRun, runCommand, tsxArgs } from '../helpers/cluster.ts';

const PASSWORD = 'first-admin-secret';
let empty: Awaited<ReturnType<typeof createDatabase>> | undefined;

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useBrowser({
  database: async () => {
    empty = await createDatabase('civic_ops_e2e_empty');
    const setup = runCommand(process.execPath, tsxArgs('scripts/db.ts', 'setup'), {
      DATABASE_URL: empty.url,
      DEMO_DATA: 'off',
    });
    if (setup.status !== 0) throw new Error(`DEMO_DATA=off setup failed:\n${setup.output}`);
    const user = npmRun('user:add', ['--username', 'chief', '--role', 'admin', '--name', '王科长'], {
      DATABASE_URL: empty.url,
      USER_PASSWORD: PASSWORD,
    });
    if (user.status !== 0) throw new Error(`npm run user:add failed:\n${user.output}`);
    return empty.url;
  },
});

afterAll(async () => {
  // After useBrowser's own afterAll has closed the app's connections (hooks run in reverse).
  await empty?.drop();
});

const shot = (name: string) => path.join(SCREENSHOT_DIR, `first-run-${name}.png`);

async function expectGuide(page: Page): Promise<void> {
  const guide = page.getByTestId('first-run');
  await guide.waitFor();
  await expect.poll(() => guide.textContent()).toContain('npm run user:add -- --username admin --role admin');
  // Nothing that needs a district is on screen.
  expect(await page.getByTestId('district-switcher').count()).toBe(0);
  expect(await page.getByTestId('demo-badge').count()).toBe(0);
  expect(new URL(page.url()).hash).not.toContain('district=');
}

/** The shared test database (demo data, read only) as GDAL's PG: source. */
function pgSource(): string {
  const url = new URL(process.env.DATABASE_URL!);
  return `PG:host=${url.hostname} port=${url.port} dbname=${url.pathname.slice(1)} user=${url.username}`;
}

/**
 * A bureau's files for 大足区, written by ogr2ogr from the demo data the way a GIS would write them:
 * outline as GeoPackage, towns as a GBK Shapefile in CGCS2000 Gauss-Krüger, villages as GeoPackage,
 * statistics and facilities as Excel.
 */
function bureauFiles(): { dir: string; files: Record<string, { name: string; buffer: Buffer }> } {
  const dir = mkdtempSync(path.join(tmpdir(), 'civic-e2e-bureau-'));
  const ogr = (file: string, format: string, query: string, extra: string[] = []) =>
    execFileSync('ogr2ogr', ['-f', format, path.join(dir, file), pgSource(), '-sql', query, ...extra], {
      stdio: 'pipe',
    });
  ogr('district.gpkg', 'GPKG', "SELECT code, name, outline FROM districts WHERE code = '500111'", [
    '-nln',
    'district',
  ]);
  ogr(
    'towns.shp',
    'ESRI Shapefile',
    "SELECT code AS 乡镇代码, name AS 乡镇名称, geom FROM towns WHERE district_code = '500111'",
    ['-t_srs', 'EPSG:4544', '-lco', 'ENCODING=CP936', '-nln', 'towns'],
  );
  const shapefile = zipFiles(
    Object.fromEntries(
      ['shp', 'shx', 'dbf', 'prj', 'cpg'].map((e) => [
        `towns.${e}`,
        readFileSync(path.join(dir, `towns.${e}`)),
      ]),
    ),
  );
  ogr(
    'villages.gpkg',
    'GPKG',
    "SELECT code, name, CASE kind WHEN 'village' THEN '村' ELSE '社区' END AS 类型, geom FROM villages WHERE district_code = '500111'",
    ['-nln', 'villages'],
  );
  ogr(
    'stats.xlsx',
    'XLSX',
    'SELECT code AS 统计用区划代码, population AS 常住人口, elderly_population AS "60岁及以上人口", households AS 户数 FROM villages WHERE district_code = \'500111\'',
  );
  ogr(
    'facilities.xlsx',
    'XLSX',
    "SELECT code AS 编码, name AS 名称, subtype AS 类型, '公办' AS 运营方式, beds AS 床位, ST_X(geom) AS 经度, ST_Y(geom) AS 纬度 FROM facilities WHERE district_code = '500111' AND category = 'elderly_care'",
  );
  const read = (name: string) => ({ name, buffer: readFileSync(path.join(dir, name)) });
  return {
    dir,
    files: {
      districts: read('district.gpkg'),
      towns: { name: '大足区乡镇.zip', buffer: shapefile },
      villages: read('villages.gpkg'),
      'village-statistics': { name: '统计年鉴.xlsx', buffer: readFileSync(path.join(dir, 'stats.xlsx')) },
      facilities: { name: '养老设施.xlsx', buffer: readFileSync(path.join(dir, 'facilities.xlsx')) },
    },
  };
}

/** One import through the dialog as a person does it: file, dry run, then import all. */
async function importThroughDialog(page: Page, collection: string, file: { name: string; buffer: Buffer }) {
  const dialog = page.getByTestId('import-dialog');
  await dialog.waitFor();
  await dialog.locator('select[name="collection"]').selectOption(collection);
  await dialog.locator('input[name="file"]').setInputFiles({ ...file, mimeType: 'application/octet-stream' });
  await page.getByTestId('import-check').click();
  await page.getByTestId('import-report').waitFor({ timeout: 60_000 });
  expect(await page.getByTestId('rows-invalid').textContent()).toBe('0');
  await page.screenshot({ path: shot(`dry-run-${collection}`) });
  if (collection === 'towns') {
    // The dry run of the towns shows the district's data-quality check as it would be.
    const quality = page.getByTestId('import-quality');
    await quality.scrollIntoViewIfNeeded();
    expect(await quality.textContent()).toContain('数据质量');
    await page.screenshot({ path: shot('dry-run-towns-quality') });
  }
  await page.getByTestId('import-commit').click();
  await page.getByTestId('import-result').waitFor({ timeout: 60_000 });
  const inserted = Number((await page.getByTestId('import-inserted').textContent())?.replace(/,/g, ''));
  await dialog.locator('button[aria-label="关闭"]').click();
  await dialog.waitFor({ state: 'detached' });
  return inserted;
}

describe('an empty install', () => {
  it('reads well on a phone, in English too', async () => {
    const page = await openAppPage(ctx.browser, ctx.baseUrl, '#/map?mode=public&district=500111', {
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    await expectGuide(page);
    const sheet = page.locator('.side-panel');
    expect(await sheet.getAttribute('data-sheet')).toBe('full');
    // Nothing wider than the screen: the commands wrap.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const box = await page.getByTestId('first-run-import-districts').boundingBox();
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
    await page.screenshot({ path: shot('phone-zh') });

    await page.locator('.lang-toggle').click();
    await expect.poll(() => page.getByTestId('first-run').textContent()).toContain('Create an administrator');
    await page.screenshot({ path: shot('phone-en') });
    await page.getByTestId('first-run').evaluate((el) => el.closest('.side-panel-body')?.scrollTo(0, 10_000));
    await page.screenshot({ path: shot('phone-en-end') });
    await page.context().close();
  });

  // Last: it loads the district, so the install is no longer empty afterwards.
  it('shows the first-run guide; the new admin signs in, opens the import from it and loads the district', async () => {
    const page = await openAppPage(ctx.browser, ctx.baseUrl, '', { viewport: { width: 1280, height: 800 } });
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    await expectGuide(page);
    const guide = page.getByTestId('first-run');
    for (const step of [
      '创建管理员账号',
      '登录',
      '按顺序导入数据',
      '区县轮廓',
      '镇（乡、街道）',
      '界桩',
      'npm run db:backup',
    ])
      expect(await guide.textContent()).toContain(step);
    // The map's credit line does not call a bureau's own (here: no) data 示例数据.
    await expect
      .poll(() => page.locator('.maplibregl-ctrl-attrib').textContent())
      .toContain('民政一张图 Civic Atlas');
    expect(await page.locator('.maplibregl-ctrl-attrib').textContent()).not.toContain('示例数据');
    await page.screenshot({ path: shot('desktop-zh') });

    // Other modes do not crash without a district either: the guide stays.
    await page.locator('.mode-tab[data-mode="planning"]').click();
    await page.locator('.mode-tab[data-mode="boundaries"]').click();
    await expectGuide(page);
    await page.locator('.mode-tab[data-mode="public"]').click();

    await page.getByTestId('first-run-sign-in').click();
    const dialog = page.getByTestId('login-dialog');
    await dialog.locator('input[name="username"]').fill('chief');
    await dialog.locator('input[name="password"]').fill(PASSWORD);
    await dialog.locator('button[type="submit"]').click();
    await page.getByTestId('signed-in-user').waitFor();
    await expect.poll(() => page.getByTestId('first-run-signed-in').textContent()).toContain('王科长');

    await page.getByTestId('first-run-import-districts').click();
    const importDialog = page.getByTestId('import-dialog');
    await importDialog.waitFor();
    // Signed in as admin: the form itself, not the "sign in first" note.
    await importDialog.locator('input[type="file"]').waitFor();
    const offered = await importDialog
      .locator('select[name="collection"] option')
      .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    const chosen = await importDialog.locator('select[name="collection"]').inputValue();
    expect(chosen).toBe(offered.includes('districts') ? 'districts' : 'facilities');
    await page.screenshot({ path: shot('desktop-import') });

    // Another step's button opens the dialog on its own collection.
    await importDialog.locator('button[aria-label="关闭"]').click();
    await importDialog.waitFor({ state: 'detached' });
    await page.getByTestId('first-run-import-villages').click();
    await expect.poll(() => importDialog.locator('select[name="collection"]').inputValue()).toBe('villages');
    await importDialog.locator('button[aria-label="关闭"]').click();
    await importDialog.waitFor({ state: 'detached' });

    // The bureau's own files, in the guide's order: outline, towns, villages, statistics, facilities.
    const bureau = bureauFiles();
    try {
      const counts: Record<string, number> = {};
      for (const collection of ['districts', 'towns', 'villages', 'village-statistics', 'facilities']) {
        if (collection === 'districts') await page.getByTestId('first-run-import-districts').click();
        else {
          // Once the district is there the guide gives way to the map; imports go on from the 数据 menu.
          await page.getByTestId('data-menu-button').click();
          await page.getByTestId('open-import').click();
        }
        counts[collection] = await importThroughDialog(page, collection, bureau.files[collection]!);
      }
      expect(counts).toMatchObject({ districts: 1, towns: 27 });
      expect(counts.villages).toBeGreaterThan(100);
      expect(counts.facilities).toBeGreaterThan(10);
    } finally {
      rmSync(bureau.dir, { recursive: true, force: true });
    }
    // Their district on the map, without the demo badge; planners' coverage works on it.
    await page.goto(`${ctx.baseUrl}/#/map?mode=planning&district=500111`);
    await page.reload();
    await page.getByTestId('district-switcher').waitFor();
    expect(await page.getByTestId('first-run').count()).toBe(0);
    expect(await page.getByTestId('demo-badge').count()).toBe(0);
    await expect
      .poll(
        async () => (await page.locator('[data-stat="coveredPopulation"] .stat-value').textContent()) ?? '',
        {
          timeout: 30_000,
        },
      )
      .toMatch(/[0-9]/);
    await page.screenshot({ path: shot('imported-planning') });
    expect(failures).toEqual([]);
    await page.context().close();
  });
});
