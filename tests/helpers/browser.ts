// Browser tests: the real app listening on a free port (serving the built client from dist/) and
// Debian's chromium driven by playwright-core. No browser download: the system binary is used.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { type App, buildApp } from '../../server/app.ts';
import { type DatabaseHandle, openDatabase } from '../../server/db/database.ts';

export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../test-results/screenshots');

export interface BrowserContext {
  app: App;
  database: DatabaseHandle;
  browser: Browser;
  baseUrl: string;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-gl=angle',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
    ],
  });
}

/**
 * Every page the browser opens reports its uncaught errors here; each test fails on any thrown
 * while it ran (afterEach), not only on those thrown while the page loaded.
 */
function watchPageErrors(browser: Browser): string[] {
  const errors: string[] = [];
  const watch = (page: Page) =>
    page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const created = await newContext(options);
    created.on('page', watch);
    return created;
  };
  const newPage = browser.newPage.bind(browser);
  browser.newPage = async (options) => {
    const page = await newPage(options);
    watch(page);
    return page;
  };
  return errors;
}

/** Call at the top of a browser test file. `database` prepares a database of the file's own and
 * returns its URL (default: the shared test database, DATABASE_URL). Fails each test that lets a
 * page throw. */
export function useBrowser(options: { database?: () => Promise<string> } = {}): BrowserContext {
  const context = {} as BrowserContext;
  let pageErrors: string[] = [];
  afterEach(() => {
    expect(pageErrors.splice(0), 'errors thrown in the page during this test').toEqual([]);
  });
  beforeAll(async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    context.database = openDatabase(options.database ? await options.database() : undefined, 10);
    context.app = await buildApp({ db: context.database.db, pool: context.database.pool });
    await context.app.listen({ host: '127.0.0.1', port: 0 });
    const address = context.app.server.address();
    if (!address || typeof address === 'string') throw new Error('server did not listen on a TCP port');
    context.baseUrl = `http://127.0.0.1:${address.port}`;
    context.browser = await launchChromium();
    pageErrors = watchPageErrors(context.browser);
  });
  afterAll(async () => {
    await context.browser?.close();
    await context.app?.close();
    await context.database?.close();
  });
  return context;
}

/** Opens the app at `hash` in a new context and waits for the map; fails on a page error while loading
 * (and useBrowser's afterEach on any later in the test). */
export async function openAppPage(
  browser: Browser,
  baseUrl: string,
  hash: string,
  options: BrowserContextOptions,
): Promise<Page> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const failures: string[] = [];
  page.on('pageerror', (error) => failures.push(error.message));
  await page.goto(`${baseUrl}/${hash}`);
  await page.waitForFunction(
    () => (window as unknown as { __civicAtlas?: { ready?: boolean } }).__civicAtlas?.ready === true,
    null,
    { timeout: 60_000 },
  );
  expect(failures).toEqual([]);
  return page;
}

/** Signs in through the top bar's login dialog, as a person would. */
export async function signInThroughUi(page: Page, username: string, password: string): Promise<void> {
  await page.getByTestId('login-button').click();
  const dialog = page.getByTestId('login-dialog');
  await dialog.locator('input[name="username"]').fill(username);
  await dialog.locator('input[name="password"]').fill(password);
  await dialog.locator('button[type="submit"]').click();
  await page.getByTestId('signed-in-user').waitFor();
}

/** Resolves after the map has finished rendering everything it has been asked to. */
export async function mapIdle(page: Page): Promise<void> {
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
