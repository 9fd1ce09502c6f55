// The empty install, as a bureau's IT person meets it: a server on a migrated database with no data
// (DEMO_DATA=off), the first admin made by the real `npm run user:add`, the first-run guide instead
// of the map's panels (desktop and phone, Chinese and English), sign-in through the UI and the
// import dialog opened from the guide with the district outline preselected where offered.
// Screenshots: test-results/screenshots/first-run-*.png. Needs the built client.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { openAppPage, SCREENSHOT_DIR, useBrowser } from '../helpers/browser.ts';
import { createDatabase, npmRun, runCommand, tsxArgs } from '../helpers/cluster.ts';

const PASSWORD = 'first-admin-secret';
let empty: Awaited<ReturnType<typeof createDatabase>> | undefined;

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useBrowser({
  database: async () => {
    empty = await createDatabase('civic_ops_e2e_empty');
    const setup = runCommand(process.execPath, tsxArgs('server/db/cli.ts', 'setup'), {
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

describe('an empty install', () => {
  it('shows the first-run guide; the new admin signs in and opens the import from it', async () => {
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
    expect(failures).toEqual([]);
    await page.context().close();
  });

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
});
