// The field kit in the browser, phone size: the app opens with no connection after one visit
// (service worker), an area taken offline draws and lists its records without signal.
// Needs the built client (`npx vite build`) and demo data in DATABASE_URL.
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openAppPage, SCREENSHOT_DIR, useBrowser } from '../helpers/browser.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useBrowser();
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const shot = (name: string) => path.join(SCREENSHOT_DIR, `field-kit-${name}.png`);

async function serviceWorkerReady(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, { timeout: 30_000 });
}

async function waitReady(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__civicAtlas?.ready === true, null, { timeout: 60_000 });
}

describe('field kit (phone)', () => {
  it('opens with no connection after one visit', async () => {
    const page = await openAppPage(ctx.browser, ctx.baseUrl, '#/map?mode=boundaries&district=500111', PHONE);
    const context: BrowserContext = page.context();
    try {
      await serviceWorkerReady(page);
      await context.setOffline(true);
      const logs: string[] = [];
      page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
      page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
      await page.reload();
      await waitReady(page).catch(async (error) => {
        await page.screenshot({ path: shot('offline-reload-failed') });
        throw new Error(`${error}\n${logs.join('\n')}`);
      });
      expect(await page.evaluate(() => navigator.onLine)).toBe(false);
      await page.screenshot({ path: shot('offline-reload') });
    } finally {
      await context.close();
    }
  });
});
