// The map in a real browser: the page loads, the map draws (labels included, with no glyph
// server), every layer toggle switches its MapLibre layers and their rendered features, clicking a
// facility opens its card, the URL restores the view, and the phone layout holds together.
// Needs the built client (`npx vite build`) and demo data in DATABASE_URL.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { mapIdle, SCREENSHOT_DIR, useBrowser } from '../helpers/browser.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useBrowser();

// Software WebGL (swiftshader) on a shared CI machine is slow; give each test room.
const SLOW = 180_000;
const POLL = { timeout: 30_000 };

async function openApp(page: Page, hash = ''): Promise<void> {
  const failures: string[] = [];
  page.on('pageerror', (error) => failures.push(error.message));
  // Offline: anything that is not our own origin would be a broken promise of the style.
  await page.route(/^(?!http:\/\/127\.0\.0\.1:)/, (route) => {
    failures.push(`external request ${route.request().url()}`);
    return route.abort();
  });
  await page.goto(`${ctx.baseUrl}/${hash}`);
  await page.waitForFunction(() => window.__civicAtlas?.ready === true, null, { timeout: 120_000 });
  await mapIdle(page);
  expect(failures).toEqual([]);
}

/** Runs a test body on a fresh page and always closes it, so a failure never leaves a map rendering. */
async function withPage(
  options: { width: number; height: number; phone?: boolean },
  body: (page: Page) => Promise<void>,
): Promise<void> {
  const context = await ctx.browser.newContext({
    viewport: { width: options.width, height: options.height },
    ...(options.phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
  try {
    await body(await context.newPage());
  } finally {
    await context.close();
  }
}

/** Rendered features in the current viewport for some MapLibre layers. */
function renderedCount(page: Page, layers: string[]): Promise<number> {
  return page.evaluate((ids) => {
    const map = window.__civicAtlas?.map;
    if (!map) throw new Error('no map');
    const existing = ids.filter((id) => map.getLayer(id));
    return map.queryRenderedFeatures({ layers: existing }).length;
  }, layers);
}

function visibilities(page: Page, layers: string[]): Promise<string[]> {
  return page.evaluate(
    (ids) =>
      ids.map((id) => String(window.__civicAtlas?.map.getLayoutProperty(id, 'visibility') ?? 'visible')),
    layers,
  );
}

describe('map page (desktop)', () => {
  it(
    'loads, draws the district with labels and shows the demo-data badge',
    async () => {
      await withPage({ width: 1440, height: 900 }, async (page) => {
        await openApp(page);
        expect(page.url()).toContain('#/map?mode=public&district=500111');
        await expect(page.getByTestId('demo-badge').isVisible()).resolves.toBe(true);
        expect(await page.getByTestId('demo-badge').textContent()).toBe('示例数据');
        expect(await renderedCount(page, ['district-outline'])).toBeGreaterThan(0);
        expect(await renderedCount(page, ['towns-fill'])).toBeGreaterThan(0);
        // Symbols are only placed once their glyphs exist, so placed town labels mean text rendered.
        expect(await renderedCount(page, ['town-labels'])).toBeGreaterThan(5);
        expect(await page.locator('.mode-tab[aria-pressed="true"]').textContent()).toBe('地名查询');
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'map-desktop.png') });
      });
    },
    SLOW,
  );

  it(
    'switches every layer and layer group on and off',
    async () => {
      await withPage({ width: 1200, height: 760 }, async (page) => {
        await openApp(page);
        const ids = await page
          .locator('input[data-layer]')
          .evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).dataset.layer ?? ''));
        expect(ids.length).toBeGreaterThanOrEqual(16);
        // The public mode's panel lists every sub-layer its map has (disputes live in boundary mode).
        const { LAYER_GROUPS, sublayersIn } = await import('../../client/map/layers.ts');
        const ALL_SUBLAYERS = LAYER_GROUPS.flatMap((g) => sublayersIn(g, 'public'));
        expect(ids.sort()).toEqual(ALL_SUBLAYERS.map((s) => s.id).sort());

        const withFeatures: string[] = [];
        for (const sublayer of ALL_SUBLAYERS) {
          const box = page.locator(`input[data-layer="${sublayer.id}"]`);
          if (!(await box.isChecked())) {
            await box.check();
            await mapIdle(page);
          }
          expect(await visibilities(page, sublayer.mapLayers)).toEqual(
            sublayer.mapLayers.map(() => 'visible'),
          );
          const before = await renderedCount(page, sublayer.mapLayers);
          if (before > 0) withFeatures.push(sublayer.id);

          await box.uncheck();
          await mapIdle(page);
          expect(await visibilities(page, sublayer.mapLayers)).toEqual(sublayer.mapLayers.map(() => 'none'));
          expect(await renderedCount(page, sublayer.mapLayers)).toBe(0);

          await box.check();
          await mapIdle(page);
          expect(await visibilities(page, sublayer.mapLayers)).toEqual(
            sublayer.mapLayers.map(() => 'visible'),
          );
          if (before > 0) expect(await renderedCount(page, sublayer.mapLayers)).toBeGreaterThan(0);
        }
        // At the district view every facility class, the boundaries and the historical names draw.
        for (const id of [
          'elderly-tier-1',
          'elderly-tier-2',
          'elderly-tier-4',
          'funeral-cemeteries',
          'community-centres',
          'district-outline',
          'towns',
          'villages',
          'boundary-lines',
          'boundary-markers',
          'historical-names',
        ]) {
          expect(withFeatures).toContain(id);
        }

        // A group checkbox switches all of its sub-layers.
        const elderly = ALL_SUBLAYERS.filter((s) => s.id.startsWith('elderly-')).flatMap((s) => s.mapLayers);
        await page.locator('input[data-layer-group="elderly"]').uncheck();
        await mapIdle(page);
        expect(new Set(await visibilities(page, elderly))).toEqual(new Set(['none']));
        expect(await renderedCount(page, elderly)).toBe(0);
        await page.locator('input[data-layer-group="elderly"]').check();
        await mapIdle(page);
        expect(new Set(await visibilities(page, elderly))).toEqual(new Set(['visible']));
        expect(await renderedCount(page, elderly)).toBeGreaterThan(0);
      });
    },
    4 * SLOW,
  );

  it(
    'opens a facility card on click, keeps it in the URL, and closes it with Esc',
    async () => {
      await withPage({ width: 1440, height: 900 }, async (page) => {
        await openApp(page);
        // A facility drawn in the open part of the map with no other facility close by.
        const target = await page.evaluate(() => {
          const map = window.__civicAtlas?.map;
          if (!map) throw new Error('no map');
          const layers = map
            .getStyle()
            .layers.filter((l) => l.id.startsWith('facilities-'))
            .map((l) => l.id);
          const features = map.queryRenderedFeatures({ layers });
          const points = features.map((f) => ({
            id: f.id,
            name: String(f.properties.name),
            at: map.project((f.geometry as GeoJSON.Point).coordinates as [number, number]),
          }));
          const rect = map.getContainer().getBoundingClientRect();
          const open = points.filter(
            (p) => p.at.x > 420 && p.at.x < rect.width - 320 && p.at.y > 60 && p.at.y < rect.height - 60,
          );
          const lonely = open.find((p) =>
            points.every((q) => q === p || Math.hypot(q.at.x - p.at.x, q.at.y - p.at.y) > 16),
          );
          if (!lonely) return null;
          return { id: lonely.id, name: lonely.name, x: rect.left + lonely.at.x, y: rect.top + lonely.at.y };
        });
        expect(target).not.toBeNull();
        if (!target) return;
        await page.mouse.click(target.x, target.y);
        const title = page.locator('.feature-card-title');
        await expect.poll(() => title.textContent(), { timeout: 30_000 }).toBe(target.name);
        expect(await page.locator('.feature-card').getAttribute('data-collection')).toBe('facilities');
        // Chinese field labels and the synthetic-data note.
        await expect(page.locator('.feature-card dt').first().textContent()).resolves.toMatch(
          /[\u4e00-\u9fff]/,
        );
        expect(await page.locator('.data-note').textContent()).toContain('示例数据');
        await expect
          .poll(() => page.evaluate(() => location.hash), POLL)
          .toContain(`sel=facilities:${target.id}`);
        await mapIdle(page);
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'map-facility-card.png') });

        // Reload: the same view and the same card come back.
        const hash = await page.evaluate(() => location.hash);
        await page.reload();
        await page.waitForFunction(() => window.__civicAtlas?.ready === true, null, { timeout: 120_000 });
        await expect.poll(() => title.textContent(), { timeout: 30_000 }).toBe(target.name);
        const restored = await page.evaluate(() => location.hash);
        expect(restored).toBe(hash);

        await page.keyboard.press('Escape');
        await expect.poll(() => page.locator('.feature-card').count(), POLL).toBe(0);
        await expect.poll(() => page.evaluate(() => location.hash), POLL).not.toContain('sel=');
      });
    },
    SLOW,
  );

  it(
    'switches mode and district, and opens #/place/{id} links',
    async () => {
      await withPage({ width: 1440, height: 900 }, async (page) => {
        await openApp(page);
        await page.locator('.mode-tab[data-mode="boundaries"]').click();
        await expect.poll(() => page.evaluate(() => location.hash), POLL).toContain('mode=boundaries');
        // The boundaries mode's panel (its own feature folder) fills the slot.
        await expect.poll(() => page.locator('.side-panel-body').textContent(), POLL).toMatch(/界/);
        expect(await page.locator('input[data-layer="boundary-lines"]').isChecked()).toBe(true);
        await mapIdle(page);
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'map-boundaries-mode.png') });

        await page.getByTestId('district-switcher').selectOption('500241');
        await expect.poll(() => page.evaluate(() => location.hash), POLL).toContain('district=500241');
        await page.waitForFunction(() => !window.__civicAtlas?.map.isMoving());
        await mapIdle(page);
        expect(await renderedCount(page, ['town-labels'])).toBeGreaterThan(3);

        // `/` focuses the search box.
        await page
          .locator('.map canvas')
          .click({ position: { x: 5, y: 5 } })
          .catch(() => undefined);
        await page.keyboard.press('/');
        expect(await page.evaluate(() => document.activeElement?.id)).toBe('global-search');

        const historical = await page.evaluate(async () => {
          const response = await fetch('/api/collections/place-names/items?district=500111&limit=10000');
          const body = (await response.json()) as {
            features: { id: number; properties: { name: string; isHistorical: boolean } }[];
          };
          return body.features.find((f) => f.properties.isHistorical);
        });
        expect(historical).toBeDefined();
        if (!historical) return;
        await page.goto(`${ctx.baseUrl}/#/place/${historical.id}`);
        await page.reload();
        await page.waitForFunction(() => window.__civicAtlas?.ready === true, null, { timeout: 120_000 });
        await expect
          .poll(() => page.locator('.feature-card-title').textContent(), { timeout: 30_000 })
          .toBe(historical.properties.name);
        expect(await page.locator('.badge-historical').first().textContent()).toBe('历史地名');
      });
    },
    SLOW,
  );
});

describe('map page (phone 390×844)', () => {
  it(
    'keeps the search box and every top-bar control on screen at tablet width',
    async () => {
      for (const width of [760, 900]) {
        await withPage({ width, height: 700 }, async (page) => {
          await openApp(page);
          const bar = await page
            .locator('.top-bar')
            .evaluate((b) => ({ scroll: b.scrollWidth, client: b.clientWidth }));
          expect(bar.scroll, `top bar at ${width}px`).toBeLessThanOrEqual(bar.client);
          for (const selector of ['.search-box', '.login-button', '.lang-toggle']) {
            expect(await page.locator(selector).isVisible(), `${selector} at ${width}px`).toBe(true);
          }
        });
      }
    },
    SLOW,
  );

  it(
    'lays out a bottom sheet with touch-sized controls and no overflow',
    async () => {
      await withPage({ width: 390, height: 844, phone: true }, async (page) => {
        await openApp(page);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        const sheet = page.locator('.side-panel');
        expect(await sheet.getAttribute('data-sheet')).toBe('peek');
        await expect(page.getByTestId('demo-badge').isVisible()).resolves.toBe(true);

        // Touch targets at least 44 px tall.
        for (const selector of [
          '.sheet-handle',
          '[data-testid="district-switcher"]',
          '.lang-toggle',
          '.login-button',
          '.layer-panel-toggle',
          '.search-box',
        ]) {
          const box = await page.locator(selector).boundingBox();
          expect(box, selector).not.toBeNull();
          expect(box?.height ?? 0, selector).toBeGreaterThanOrEqual(44);
        }
        // Top-bar controls do not overlap one another.
        const boxes = await page
          .locator('.top-bar > *')
          .evaluateAll((nodes) => nodes.map((n) => n.getBoundingClientRect().toJSON() as DOMRect));
        const visible = boxes.filter((b) => b.width > 0 && b.height > 0);
        for (const [i, a] of visible.entries()) {
          for (const b of visible.slice(i + 1)) {
            const overlap =
              a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
            expect(overlap).toBe(false);
          }
        }
        await mapIdle(page);
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'map-phone.png') });

        await page.locator('.sheet-handle').tap();
        await expect.poll(() => sheet.getAttribute('data-sheet'), POLL).toBe('half');
        await page.locator('.sheet-handle').tap();
        await expect.poll(() => sheet.getAttribute('data-sheet'), POLL).toBe('full');
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'map-phone-sheet-full.png') });
      });
    },
    SLOW,
  );
});
