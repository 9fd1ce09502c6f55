// Administration in the browser: an administrator adds a user (the password generated and shown
// once, and it signs in), changes the role and disables the account, then finds those three
// actions in the audit log page; on a phone the page opens from the 数据 menu. Other roles see no
// 管理 entry and the page's code is not downloaded for them. Screenshots:
// test-results/screenshots/admin-*.png. Needs the built client and the demo accounts.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openAppPage, SCREENSHOT_DIR, signInThroughUi, useBrowser } from '../helpers/browser.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useBrowser();
const DESKTOP = { viewport: { width: 1280, height: 800 } };
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const shot = (name: string) => path.join(SCREENSHOT_DIR, `admin-${name}.png`);
const username = `e2e-${Date.now().toString(36)}`;

/** The admin page's chunk was (or was not) fetched by the page. */
const adminChunkRequested = (requests: string[]) =>
  requests.some((url) => /\/assets\/AdminPage-[^/]+\.js$/.test(url));

/** The rows of the audit table as [action label, target, summary]. */
async function auditRows(page: Page): Promise<string[][]> {
  return page.getByTestId('audit-row').evaluateAll((rows) =>
    rows.map((row) => {
      const cells = [...row.querySelectorAll('td')].map((td) => td.textContent ?? '');
      return [cells[2] ?? '', cells[4] ?? '', cells[5] ?? ''];
    }),
  );
}

describe('an administrator manages a user and reads the audit log', () => {
  it('adds a user, changes the role, disables it, and finds all three in the audit log (desktop)', async () => {
    const page = await openAppPage(ctx.browser, ctx.baseUrl, '#/map?mode=public&district=500111', DESKTOP);
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await signInThroughUi(page, 'admin', 'demo-admin');
    expect(adminChunkRequested(requests)).toBe(false); // loaded on first use only
    await page.getByTestId('admin-button').click();
    await page.getByTestId('admin-page').waitFor();
    expect(adminChunkRequested(requests)).toBe(true);
    await page.getByTestId('user-row-admin').waitFor();

    // Add: a refused username first, then the real one with a generated password.
    await page.getByTestId('add-user').click();
    const add = page.getByTestId('add-user-dialog');
    await add.locator('input[name="username"]').fill('-bad');
    expect(await add.locator('button[type="submit"]').isDisabled()).toBe(true);
    await add.locator('input[name="username"]').fill(username);
    await add.locator('input[name="displayName"]').fill('测试新用户');
    await add.locator('select[name="role"]').selectOption('viewer');
    await add.locator('button[type="submit"]').click();
    const password = (await page.getByTestId('generated-password').textContent()) ?? '';
    expect(password).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    await page.screenshot({ path: shot('desktop-added') });
    await page.getByTestId('add-user-done').click();
    const row = page.getByTestId(`user-row-${username}`);
    await row.waitFor();
    expect(await row.textContent()).toContain('只读人员');
    // The password works: the new user can sign in (checked through the API, not this session).
    const signIn = await page.evaluate(
      async ([name, secret]) =>
        (
          await fetch('/api/auth/login', {
            method: 'POST',
            credentials: 'omit',
            headers: { 'content-type': 'application/json', 'x-requested-with': 'civic-atlas' },
            body: JSON.stringify({ username: name, password: secret }),
          })
        ).status,
      [username, password],
    );
    expect(signIn).toBe(200);

    // Change the role.
    await row.getByTestId('manage-user').click();
    const dialog = page.getByTestId('user-dialog');
    await dialog.locator('select[name="role"]').selectOption('planner');
    await dialog.getByTestId('save-user').click();
    await dialog.getByText('已保存').waitFor();
    await page.waitForFunction(
      (name) => document.querySelector(`[data-testid="user-row-${name}"]`)?.textContent?.includes('规划人员'),
      username,
    );

    // Disable it.
    await dialog.getByTestId('disable-user').click();
    await dialog.getByTestId('enable-user').waitFor();
    expect(await dialog.getByTestId('user-outcome').textContent()).toContain('已停用');
    await page.screenshot({ path: shot('desktop-user-dialog') });
    await dialog.getByTestId('user-dialog-close').click();
    expect(await row.getByTestId('user-status').textContent()).toContain('已停用');
    await page.screenshot({ path: shot('desktop-users') });

    // The audit log: the admin's own actions, newest first.
    await page.getByTestId('admin-tab-audit').click();
    await page.getByTestId('audit-table').waitFor();
    await page.getByTestId('audit-filters').locator('input[name="user"]').fill('admin');
    await page.getByTestId('audit-filters').locator('input[name="user"]').press('Enter');
    await page.waitForFunction(() => {
      const rows = document.querySelectorAll('[data-testid="audit-row"]');
      return rows.length > 0 && rows[0]?.getAttribute('data-action') === 'user.disable';
    });
    const rows = (await auditRows(page)).filter(([, target]) => target === username);
    expect(rows.map(([action]) => action).slice(0, 3)).toEqual(['停用用户', '修改用户', '新增用户']);
    expect(rows[1]?.[2]).toBe('角色：只读人员 → 规划人员');
    expect(rows[2]?.[2]).toContain('角色：只读人员');
    expect(rows[2]?.[2]).toContain('密码由系统生成');
    expect(rows.join()).not.toContain(password);
    // Narrowed to one action with the filter.
    await page.getByTestId('audit-filters').locator('select[name="action"]').selectOption('user.update');
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="audit-row"]')].every(
        (r) => r.getAttribute('data-action') === 'user.update',
      ),
    );
    expect((await auditRows(page))[0]?.[1]).toBe(username);
    const csv = await page.getByTestId('audit-csv').getAttribute('href');
    expect(csv).toBe('/api/admin/audit.csv?user=admin&action=user.update');
    await page.screenshot({ path: shot('desktop-audit') });

    await page.keyboard.press('Escape');
    await page.getByTestId('admin-page').waitFor({ state: 'detached' });
    await page.context().close();
  }, 120_000);

  it('opens from the 数据 menu on a phone, as cards that fit the screen', async () => {
    const page = await openAppPage(ctx.browser, ctx.baseUrl, '#/map?mode=public&district=500111', PHONE);
    await signInThroughUi(page, 'admin', 'demo-admin');
    expect(await page.getByTestId('admin-button').isVisible()).toBe(false); // no room in the top row
    await page.getByTestId('data-menu-button').click();
    await page.getByTestId('open-admin').click();
    await page.getByTestId('admin-page').waitFor();
    const row = page.getByTestId(`user-row-${username}`);
    await row.waitFor();
    const box = await row.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    await row.scrollIntoViewIfNeeded();
    await page.screenshot({ path: shot('phone-users') });
    await row.getByTestId('manage-user').click();
    await page.getByTestId('user-dialog').waitFor();
    await page.screenshot({ path: shot('phone-user-dialog') });
    await page.getByTestId('user-dialog-close').click();
    await page.getByTestId('admin-tab-audit').click();
    await page.getByTestId('audit-row').first().waitFor();
    await page.screenshot({ path: shot('phone-audit') });
    await page.context().close();
  }, 120_000);

  it('shows no 管理 entry to other staff and loads none of its code for them', async () => {
    const page = await openAppPage(ctx.browser, ctx.baseUrl, '#/map?mode=public&district=500111', DESKTOP);
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await signInThroughUi(page, 'planner', 'demo-planner');
    await page.getByTestId('data-menu-button').click();
    await page.getByTestId('data-menu').waitFor();
    expect(await page.getByTestId('admin-button').count()).toBe(0);
    expect(await page.getByTestId('open-admin').count()).toBe(0);
    expect(adminChunkRequested(requests)).toBe(false);
    const status = await page.evaluate(async () => (await fetch('/api/admin/audit')).status);
    expect(status).toBe(403);
    await page.context().close();
  }, 60_000);
});
