// The 数据 menu's exports on desktop and phone: every layer offers GeoJSON, CSV, Excel, GeoPackage
// and Shapefile with Chinese descriptions, the links carry the district (and town) filter, a GDAL
// download through the link's URL is the file its label promises, and the menu fits the screen.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openAppPage, SCREENSHOT_DIR, useBrowser } from '../helpers/browser.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useBrowser();

const LAYERS = ['facilities', 'villages', 'place-names', 'boundary-markers', 'boundary-lines', 'towns'];
const FORMATS: [format: string, label: string, title: RegExp][] = [
  ['geojson', 'GeoJSON', /GeoJSON/],
  ['csv', 'CSV', /CSV 表格/],
  ['xlsx', 'Excel', /Excel 表格（中文表头）/],
  ['gpkg', 'GPKG', /GeoPackage 地理数据包/],
  ['shp', 'SHP', /Shapefile 压缩包/],
];

describe('数据 menu exports', () => {
  for (const [device, options] of [
    ['desktop', { viewport: { width: 1440, height: 900 } }],
    [
      'phone',
      { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
    ],
  ] as const) {
    it(`offers five formats per layer with Chinese labels (${device})`, async () => {
      const page = await openAppPage(ctx.browser, ctx.baseUrl, '#district=500111', options);
      try {
        await page.getByTestId('data-menu-button').click();
        const menu = page.getByTestId('data-menu');
        await menu.waitFor();
        for (const layer of LAYERS)
          for (const [format, label, title] of FORMATS) {
            const link = page.getByTestId(`export-${layer}-${format}`);
            expect(await link.textContent()).toBe(label);
            expect(await link.getAttribute('title')).toMatch(title);
            const href = (await link.getAttribute('href')) ?? '';
            expect(href).toMatch(new RegExp(`^/api/exports/${layer}\\.${format}\\?`));
            expect(href).toContain('district=500111');
          }
        // The menu stays inside the screen.
        const box = await menu.boundingBox();
        const width = options.viewport.width;
        expect(box!.x).toBeGreaterThanOrEqual(0);
        expect(box!.x + box!.width).toBeLessThanOrEqual(width);

        // The Excel link of one town downloads a workbook (a zip starting with PK).
        await page.getByTestId('export-town').selectOption({ index: 1 });
        const href = (await page.getByTestId('export-facilities-xlsx').getAttribute('href')) ?? '';
        expect(href).toMatch(/town=[0-9]{9}/);
        const download = await page.evaluate(async (url) => {
          const r = await fetch(url);
          const bytes = new Uint8Array(await r.arrayBuffer());
          return { status: r.status, type: r.headers.get('content-type'), head: [...bytes.slice(0, 2)] };
        }, href);
        expect(download).toEqual({
          status: 200,
          type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          head: [0x50, 0x4b],
        });
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, `export-menu-${device}.png`) });
      } finally {
        await page.context().close();
      }
    });
  }
});
