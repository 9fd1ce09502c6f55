// A base-map file's attribution is text, never markup: an MBTiles whose metadata holds HTML (an
// <img onerror>, a <b>, and entities that decode to a tag) is served by /api/basemaps as plain
// text, and the page shows that text in MapLibre's attribution without creating any element from
// it. Needs the built client (`npx vite build`) and demo data in DATABASE_URL.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openAppPage, SCREENSHOT_DIR, useBrowser } from '../helpers/browser.ts';
import { rasterMbtiles } from '../helpers/tile-packages.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'civic-attribution-e2e-'));
const HTML =
  '<img src=x onerror="window.__injected=1"><b id="injected-bold">粗体图源</b> &copy; 测试 &lt;i id="injected-decoded"&gt;斜体&lt;/i&gt;';

function fileWithHtmlAttribution(): string {
  const file = rasterMbtiles(dir, [105.6, 29.6, 105.85, 29.85], [20, 170, 60]);
  execFileSync('sqlite3', [
    file,
    `INSERT OR REPLACE INTO metadata (name, value) VALUES ('attribution', '${HTML.replaceAll("'", "''")}')`,
  ]);
  return file;
}

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useBrowser({ app: () => ({ basemaps: { file: fileWithHtmlAttribution() } }) });

describe('base-map attribution from a file', () => {
  it('is served as text', async () => {
    const layers = (await (await fetch(`${ctx.baseUrl}/api/basemaps`)).json()).layers;
    expect(layers[0].attribution).toBe('粗体图源 © 测试 <i id="injected-decoded">斜体</i>');
  });

  it('shows as text on the map, creating no element and running nothing', async () => {
    const page = await openAppPage(
      ctx.browser,
      ctx.baseUrl,
      '#/map?mode=public&district=500111&c=105.72,29.70&z=12',
      {
        viewport: { width: 1280, height: 800 },
      },
    );
    try {
      const panel = page.locator('.layer-panel');
      if ((await panel.getAttribute('class'))?.includes('is-closed'))
        await panel.locator('.layer-panel-toggle').click();
      await page.getByTestId('base-layer-file').check();
      await page.waitForFunction(
        () => document.querySelector('.maplibregl-ctrl-attrib-inner')?.textContent?.includes('粗体图源'),
        null,
        { timeout: 15_000 },
      );
      const found = await page.evaluate(() => ({
        text: document.querySelector('.maplibregl-ctrl-attrib-inner')?.textContent ?? '',
        elements: document.querySelectorAll(
          '#injected-bold, #injected-decoded, .maplibregl-ctrl-attrib-inner img',
        ).length,
        ran: (window as { __injected?: number }).__injected ?? 0,
      }));
      expect(found.text).toContain('粗体图源 © 测试 <i id="injected-decoded">斜体</i>');
      expect(found.elements).toBe(0);
      expect(found.ran).toBe(0);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'basemap-attribution-text.png') });
    } finally {
      await page.context().close();
    }
  });
});
