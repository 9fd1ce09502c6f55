// Base maps in the browser, phone size: a raster MBTiles and a vector PMTiles made by the test
// (GDAL, then our PMTiles writer) are offered in the layer panel, drawn under our own layers (the
// pixels under the district show the package's colour through our fills), with attribution.
// Needs the built client (`npx vite build`) and demo data in DATABASE_URL.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../server/app.ts';
import { openAppPage, SCREENSHOT_DIR, useBrowser } from '../helpers/browser.ts';
import { mbtilesToPmtiles, rasterMbtiles, vectorMbtiles, waterOver } from '../helpers/tile-packages.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'civic-basemap-e2e-'));
const BBOX: [number, number, number, number] = [105.6, 29.6, 105.85, 29.85];
const RASTER_RGB: [number, number, number] = [20, 170, 60];
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true };
const VIEW = '#/map?mode=public&district=500111&c=105.72,29.70&z=12';

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useBrowser({ app: () => ({ basemaps: { file: rasterMbtiles(dir, BBOX, RASTER_RGB) } }) });

let vectorApp: App;
let vectorUrl = '';
beforeAll(async () => {
  const mb = vectorMbtiles(dir, waterOver([105.6, 29.6, 105.85, 29.85]));
  const file = await mbtilesToPmtiles(mb, path.join(dir, 'vector.pmtiles'));
  vectorApp = await buildApp({ db: ctx.database.db, pool: ctx.database.pool, basemaps: { file } });
  await vectorApp.listen({ host: '127.0.0.1', port: 0 });
  const address = vectorApp.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  vectorUrl = `http://127.0.0.1:${address.port}`;
});
afterAll(async () => {
  await vectorApp?.close();
});

async function idle(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const map = window.__civicAtlas!.map;
        if (map.loaded() && map.areTilesLoaded()) map.once('idle', () => resolve());
        else map.once('idle', () => resolve());
        map.triggerRepaint();
      }),
  );
}

/** The colour of the screen pixel at the map's projection of lon/lat. */
async function pixelAt(page: Page, lon: number, lat: number): Promise<[number, number, number]> {
  const at = await page.evaluate(
    ([lng, lt]) => {
      const map = window.__civicAtlas!.map;
      const rect = map.getCanvas().getBoundingClientRect();
      const p = map.project([lng as number, lt as number]);
      return { x: Math.round(rect.left + p.x), y: Math.round(rect.top + p.y) };
    },
    [lon, lat],
  );
  const png = await page.screenshot({ clip: { x: at.x, y: at.y, width: 1, height: 1 } });
  const { data } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return [data[0]!, data[1]!, data[2]!];
}

const distance = (a: number[], b: number[]) => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!);

async function chooseBaseLayer(page: Page, id: string): Promise<void> {
  const panel = page.locator('.layer-panel');
  if ((await panel.getAttribute('class'))?.includes('is-closed'))
    await panel.locator('.layer-panel-toggle').click();
  await page.getByTestId(`base-layer-${id}`).check();
  await page.waitForFunction(
    () => window.__civicAtlas!.map.getStyle().layers.some((l) => l.id.startsWith('base-')),
    null,
    { timeout: 15_000 },
  );
  await panel.locator('.layer-panel-toggle').click();
  await idle(page);
}

describe('base maps (phone)', () => {
  it('draws a raster MBTiles under our layers, with its attribution', async () => {
    const page = await openAppPage(ctx.browser, ctx.baseUrl, VIEW, PHONE);
    try {
      const spot: [number, number] = [105.7, 29.75];
      const before = await pixelAt(page, ...spot);
      await chooseBaseLayer(page, 'file');
      const after = await pixelAt(page, ...spot);
      // The package's green shows through our translucent fills: much nearer to it than before.
      expect(distance(after, RASTER_RGB)).toBeLessThan(distance(before, RASTER_RGB) / 2);
      const order = await page.evaluate(() => window.__civicAtlas!.map.getStyle().layers.map((l) => l.id));
      expect(order.indexOf('base-file')).toBeLessThan(order.indexOf('district-fill'));
      expect(order.indexOf('base-file')).toBeGreaterThan(order.indexOf('background'));
      const credits = await page.evaluate(
        () => document.querySelector('.maplibregl-ctrl-attrib-inner')?.textContent ?? '',
      );
      expect(credits).toContain('测试影像');
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'field-kit-basemap-raster.png') });
    } finally {
      await page.context().close();
    }
  });

  it('draws a vector PMTiles (range requests through the pmtiles protocol) under our layers', async () => {
    const page = await openAppPage(ctx.browser, vectorUrl, VIEW, PHONE);
    try {
      const ranges: string[] = [];
      page.on('request', (r) => {
        if (r.url().endsWith('/basemap/file.pmtiles') && r.headers().range) ranges.push(r.headers().range!);
      });
      const spot: [number, number] = [105.7, 29.75];
      const before = await pixelAt(page, ...spot);
      await chooseBaseLayer(page, 'file');
      const after = await pixelAt(page, ...spot);
      const water = [0xcf, 0xe0, 0xea];
      expect(distance(after, water)).toBeLessThan(distance(before, water));
      expect(ranges.length).toBeGreaterThan(0);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'field-kit-basemap-vector.png') });
    } finally {
      await page.context().close();
    }
  });
});
