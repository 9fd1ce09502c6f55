// HTTP done right: CORS for anonymous public reads only (preflight answered; none with the session
// cookie or on staff routes), Cross-Origin-Resource-Policy, brotli/gzip, immutable hashed assets,
// weak If-None-Match, and tiles whose URL moves with an edit.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader as Protobuf } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../server/app.ts';
import { useTestApp } from '../helpers/app.ts';
import { signIn } from '../helpers/auth.ts';
import { tileAt } from '../helpers/tiles.ts';
import { json, lineBody, markerBody, placeInDistrict } from './boundaries-helpers.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: a vitest helper, not a React hook
const ctx = useTestApp();
const OTHER = 'https://neighbour-district.example';

describe('CORS', () => {
  it('answers a preflight from another origin for tiles and OGC items', async () => {
    for (const url of [
      '/tiles/towns/10/813/424.mvt',
      '/api/collections/towns/items?limit=1',
      '/tiles/style.json',
    ]) {
      const response = await ctx.app.inject({
        method: 'OPTIONS',
        url,
        headers: {
          origin: OTHER,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'accept',
        },
      });
      expect(response.statusCode, url).toBe(204);
      expect(response.headers['access-control-allow-origin']).toBe('*');
      expect(String(response.headers['access-control-allow-methods'])).toContain('GET');
      expect(response.headers['access-control-allow-credentials']).toBeUndefined();
    }
  });

  it('refuses preflights for writes and staff routes (no Access-Control-Allow-Origin)', async () => {
    for (const [url, method] of [
      ['/api/boundary-markers', 'POST'],
      ['/api/collections/towns/items', 'DELETE'],
      ['/api/auth/me', 'GET'],
      ['/api/quality?district=500111', 'GET'],
      ['/api/imports', 'POST'],
    ] as const) {
      const response = await ctx.app.inject({
        method: 'OPTIONS',
        url,
        headers: { origin: OTHER, 'access-control-request-method': method },
      });
      expect(response.headers['access-control-allow-origin'], `${method} ${url}`).toBeUndefined();
    }
  });

  it('anonymous public GETs are shared; with the session cookie nothing is', async () => {
    const anonymous = await ctx.app.inject({
      method: 'GET',
      url: '/api/collections/boundary-markers/items?limit=1',
      headers: { origin: OTHER },
    });
    expect(anonymous.headers['access-control-allow-origin']).toBe('*');
    expect(anonymous.headers['cross-origin-resource-policy']).toBe('cross-origin');
    const cookie = await signIn(ctx.app, 'viewer');
    for (const url of [
      '/api/collections/boundary-markers/items?limit=1',
      '/api/auth/me',
      '/tiles/towns.json',
    ]) {
      const signedIn = await ctx.app.inject({ method: 'GET', url, headers: { origin: OTHER, cookie } });
      expect(signedIn.headers['access-control-allow-origin'], url).toBeUndefined();
      expect(signedIn.headers['cross-origin-resource-policy'], url).toBe('same-origin');
    }
    const staffRoute = await ctx.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { origin: OTHER },
    });
    expect(staffRoute.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('CORS_ORIGINS limits the origins', async () => {
    const app = await buildApp({ db: ctx.database.db, pool: ctx.database.pool, corsOrigins: [OTHER] });
    try {
      const allowed = await app.inject({
        method: 'GET',
        url: '/tiles/towns.json',
        headers: { origin: OTHER },
      });
      expect(allowed.headers['access-control-allow-origin']).toBe(OTHER);
      const other = await app.inject({
        method: 'GET',
        url: '/tiles/towns.json',
        headers: { origin: 'https://elsewhere.example' },
      });
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await app.close();
    }
  });
});

describe('compression and caching', () => {
  let clientDir: string;
  let app: App;
  const script = `console.log(${JSON.stringify('民政一张图 '.repeat(400))});\n`;
  beforeAll(async () => {
    clientDir = mkdtempSync(path.join(tmpdir(), 'client-'));
    mkdirSync(path.join(clientDir, 'assets'));
    writeFileSync(
      path.join(clientDir, 'index.html'),
      '<!doctype html><script src="/assets/index-Ab12Cd34.js"></script>',
    );
    writeFileSync(path.join(clientDir, 'assets', 'index-Ab12Cd34.js'), script);
    writeFileSync(
      path.join(clientDir, 'assets', 'index-Ab12Cd34.css'),
      `body{color:red}\n${'.a{margin:0}'.repeat(300)}`,
    );
    app = await buildApp({ db: ctx.database.db, pool: ctx.database.pool, clientDir });
  });
  afterAll(async () => {
    await app?.close();
    rmSync(clientDir, { recursive: true, force: true });
  });

  it('sends JSON, GeoJSON, JS, CSS and MVT as brotli or gzip, the same bytes once decoded', async () => {
    const plain = await app.inject({ method: 'GET', url: '/api/collections/villages/items?limit=500' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    const br = await app.inject({
      method: 'GET',
      url: '/api/collections/villages/items?limit=500',
      headers: { 'accept-encoding': 'br, gzip' },
    });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
    const decoded = JSON.parse(brotliDecompressSync(br.rawPayload).toString());
    expect(decoded.features).toEqual(plain.json().features);
    for (const url of [
      '/assets/index-Ab12Cd34.js',
      '/assets/index-Ab12Cd34.css',
      '/api/collections',
      '/tiles/towns/9/406/212.mvt',
    ]) {
      const gz = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip' } });
      expect(gz.statusCode, url).toBe(200);
      expect(gz.headers['content-encoding'], url).toBe('gzip');
      const raw = await app.inject({ method: 'GET', url });
      expect(gunzipSync(gz.rawPayload).equals(raw.rawPayload), url).toBe(true);
    }
  });

  it('hashed assets are immutable for a year; the page is revalidated', async () => {
    const asset = await app.inject({ method: 'GET', url: '/assets/index-Ab12Cd34.js' });
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const page = await app.inject({ method: 'GET', url: '/' });
    expect(page.headers['cache-control']).toBe('no-cache');
  });

  it('If-None-Match compares weakly and takes lists', async () => {
    const url = '/tiles/towns/9/406/212.mvt';
    const first = await app.inject({ method: 'GET', url });
    const etag = String(first.headers.etag);
    expect(etag.startsWith('W/')).toBe(true);
    for (const header of [etag, etag.slice(2), `"nope", ${etag.slice(2)}`, '*']) {
      const again = await app.inject({ method: 'GET', url, headers: { 'if-none-match': header } });
      expect(again.statusCode, header).toBe(304);
    }
    expect(
      (await app.inject({ method: 'GET', url, headers: { 'if-none-match': '"nope"' } })).statusCode,
    ).toBe(200);
  });
});

describe('versioned tiles', () => {
  it('an edit through the API moves the version: the new TileJSON URL has the change within a second', async () => {
    const place = await placeInDistrict(ctx.app);
    const editor = await signIn(ctx.app, 'boundary_editor');
    const line = (await ctx.app.inject(json('POST', '/api/boundary-lines', editor, lineBody(place)))).json();
    const created = await ctx.app.inject(
      json('POST', '/api/boundary-markers', editor, markerBody(place, line.id)),
    );
    expect(created.statusCode, created.body).toBe(201);
    const marker = created.json();
    const { x, y } = tileAt(place.lon, place.lat, 16);
    const tileOf = async () => {
      const template: string = (
        await ctx.app.inject({ method: 'GET', url: '/tiles/boundary-markers.json' })
      ).json().tiles[0];
      const url = new URL(template.replace('{z}', '16').replace('{x}', String(x)).replace('{y}', String(y)))
        .pathname;
      const response = await ctx.app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(200);
      expect(response.headers['cache-control']).toContain('immutable');
      const layer = new VectorTile(new Protobuf(response.rawPayload)).layers['boundary-markers']!;
      const ours = Array.from({ length: layer.length }, (_, i) => layer.feature(i)).find(
        (f) => f.id === marker.id,
      );
      return { url, condition: ours?.properties.condition };
    };
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const before = await tileOf();
    expect(before.condition).toBe('intact');
    const patched = await ctx.app.inject(
      json(
        'PATCH',
        `/api/boundary-markers/${marker.id}`,
        editor,
        { condition: 'damaged', reason: '巡查发现界桩受损' },
        { 'if-match': '"1"' },
      ),
    );
    expect(patched.statusCode, patched.body).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const after = await tileOf();
    expect(after.url).not.toBe(before.url);
    expect(after.condition).toBe('damaged');
    const old = await ctx.app.inject({ method: 'GET', url: before.url });
    expect(old.statusCode).toBe(302);
    expect(new URL(String(old.headers.location)).pathname).toBe(after.url);
  });

  it('TileJSON has the data bounds, a center inside them and attribution; style.json points at it', async () => {
    const tilejson = (await ctx.app.inject({ method: 'GET', url: '/tiles/facilities.json' })).json();
    const all = (
      await ctx.app.inject({ method: 'GET', url: '/api/collections/facilities/items?limit=10000' })
    ).json();
    const lons = all.features.map((f: { geometry: { coordinates: number[] } }) => f.geometry.coordinates[0]);
    const lats = all.features.map((f: { geometry: { coordinates: number[] } }) => f.geometry.coordinates[1]);
    const [w, s, e, n] = tilejson.bounds;
    expect(w).toBeLessThanOrEqual(Math.min(...lons));
    expect(e).toBeGreaterThanOrEqual(Math.max(...lons));
    expect(s).toBeLessThanOrEqual(Math.min(...lats));
    expect(n).toBeGreaterThanOrEqual(Math.max(...lats));
    expect(e - w).toBeLessThan(Math.max(...lons) - Math.min(...lons) + 0.001);
    expect(tilejson.center[0]).toBeGreaterThan(w);
    expect(tilejson.center[0]).toBeLessThan(e);
    expect(tilejson.attribution).toContain('民政');
    const style = (await ctx.app.inject({ method: 'GET', url: '/tiles/style.json' })).json();
    expect(style.version).toBe(8);
    expect(style.sources.facilities.url).toMatch(/\/tiles\/facilities\.json$/);
    expect(style.layers.some((l: { source?: string }) => l.source === 'facilities')).toBe(true);
  });
});
