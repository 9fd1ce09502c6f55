// Another site's web map loads our public style and tiles: a second small HTTP server on another
// port (another origin) serves a page with MapLibre from node_modules, pointed at our style.json.
// The tiles only show if CORS and Cross-Origin-Resource-Policy let that origin read them.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCREENSHOT_DIR, useBrowser } from '../helpers/browser.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: a vitest helper, not a React hook
const ctx = useBrowser();
const MAPLIBRE = path.resolve(import.meta.dirname, '../../node_modules/maplibre-gl/dist');
let other: Server;
let otherUrl: string;

const page = (styleUrl: string) => `<!doctype html>
<html><head><meta charset="utf-8"><title>邻区地图 Neighbour map</title>
<link rel="stylesheet" href="/maplibre/maplibre-gl.css"></head>
<body style="margin:0"><div id="map" style="width:900px;height:600px"></div>
<script type="module">
import { Map, setWorkerUrl } from '/maplibre/maplibre-gl.mjs';
setWorkerUrl('/maplibre/maplibre-gl-worker.mjs');
const map = new Map({ container: 'map', style: ${JSON.stringify(styleUrl)}, center: [105.72, 29.7], zoom: 10 });
window.neighbour = { map, errors: [] };
map.on('error', (e) => window.neighbour.errors.push(String(e.error?.message ?? e.error ?? e)));
map.on('idle', () => { window.neighbour.idle = true; });
</script></body></html>`;

beforeAll(async () => {
  other = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(page(`${ctx.baseUrl}/tiles/style.json`));
      return;
    }
    const file = /^\/maplibre\/([\w.-]+)$/.exec(url.pathname)?.[1];
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(path.join(MAPLIBRE, file));
      const type = file.endsWith('.css') ? 'text/css' : 'text/javascript';
      response.writeHead(200, { 'content-type': type });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  const address = other.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  // localhost vs 127.0.0.1 and another port: a different origin (and site) from the app.
  otherUrl = `http://localhost:${address.port}`;
});
afterAll(async () => {
  await new Promise((resolve) => other?.close(resolve));
});

describe('a map on another origin', () => {
  it('shows our towns, facilities and boundary lines from the public style and tiles', async () => {
    const context = await ctx.browser.newContext({ viewport: { width: 900, height: 600 } });
    const browserPage = await context.newPage();
    const failed: string[] = [];
    browserPage.on('requestfailed', (r) => failed.push(`${r.url()} ${r.failure()?.errorText}`));
    browserPage.on('response', (r) => {
      if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) failed.push(`${r.url()} ${r.status()}`);
    });
    await browserPage.goto(otherUrl);
    await browserPage.waitForFunction(
      () => (window as unknown as { neighbour?: { idle?: boolean } }).neighbour?.idle,
      null,
      {
        timeout: 60_000,
      },
    );
    const seen = await browserPage.evaluate(() => {
      const { map, errors } = (
        window as unknown as {
          neighbour: { map: { querySourceFeatures(s: string, o: object): unknown[] }; errors: string[] };
        }
      ).neighbour;
      return {
        towns: map.querySourceFeatures('towns', { sourceLayer: 'towns' }).length,
        facilities: map.querySourceFeatures('facilities', { sourceLayer: 'facilities' }).length,
        errors,
      };
    });
    await browserPage.screenshot({ path: path.join(SCREENSHOT_DIR, 'cross-origin-map.png') });
    expect(seen.errors).toEqual([]);
    expect(failed).toEqual([]);
    expect(seen.towns).toBeGreaterThan(0);
    expect(seen.facilities).toBeGreaterThan(0);
    await context.close();
  });
});
