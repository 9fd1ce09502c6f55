// Security checks against the real app and PostGIS: security headers on every kind of response,
// the login rate limit (also under a burst of parallel guesses), session fixation, logout
// invalidation, cookie flags over plain HTTP and real TLS, CSRF by content type (by origin:
// tests/api/csrf.test.ts), path traversal on
// tile, photo, upload and static routes, and error bodies that never show stacks or SQL.
// That the Content-Security-Policy still lets MapLibre's workers run is proven in the browser
// (tests/e2e/xss.test.ts).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { SESSION_COOKIE } from '../../server/modules/auth/auth.plugin.ts';
import { useTestApp } from '../helpers/app.ts';
import { ensureTestUser, FROM_APP, signIn, signOut, TEST_PASSWORD } from '../helpers/auth.ts';
import { tileAt } from '../helpers/tiles.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useTestApp();

/** A fresh client address per test, so failed-login counts of parallel tests never meet. */
const randomAddress = () => `10.${[0, 0, 0].map(() => Math.floor(Math.random() * 250)).join('.')}`;

const DAZU = { lon: 105.72, lat: 29.7 };
const dazuTile = (z: number) => {
  const { x, y } = tileAt(DAZU.lon, DAZU.lat, z);
  return `/tiles/facilities/${z}/${x}/${y}.mvt`;
};

/** Parses a Content-Security-Policy header into directive → sources. */
function parseCsp(header: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of header.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

/** Things an error body must never contain: stacks, SQL, file paths, driver internals. */
const LEAKS =
  /\bat \S+ \(|\.ts:\d+|\.js:\d+|node_modules|\/work\/|\bSELECT\b|\bINSERT\b|\bFROM\s+\w+|ST_As|syntax error|relation "|column "|ECONN|root:x:0:0|"name":\s*"civic-atlas"/i;

function expectCleanError(response: { statusCode: number; body: string }, label: string) {
  expect(response.statusCode, `${label}: status`).toBeGreaterThanOrEqual(400);
  expect(response.statusCode, `${label}: status`).toBeLessThan(500);
  expect(response.body, `${label}: body leaks internals`).not.toMatch(LEAKS);
}

describe('security headers', () => {
  it('sends the CSP and friends on HTML, API, tile and error responses', async () => {
    const urls = [
      '/', // the built client's index.html (when dist/ exists)
      '/api/districts',
      '/api/auth/me',
      dazuTile(12),
      '/tiles/facilities.json',
      '/api/no-such-route', // 404
      '/api/collections/facilities/items?limit=-1', // 400
    ];
    for (const url of urls) {
      const response = await ctx.app.inject({ method: 'GET', url });
      const h = response.headers;
      const csp = parseCsp(String(h['content-security-policy'] ?? ''));
      expect(csp.size, `${url}: Content-Security-Policy`).toBeGreaterThan(0);
      expect(csp.get('default-src'), url).toEqual(["'self'"]);
      expect(csp.get('script-src'), url).toEqual(["'self'"]);
      expect(csp.get('worker-src'), `${url}: MapLibre workers start from blob: URLs`).toContain('blob:');
      expect(csp.get('object-src'), url).toEqual(["'none'"]);
      expect(csp.get('frame-ancestors'), url).toEqual(["'none'"]);
      const allSources = [...csp.values()].flat();
      expect(allSources, `${url}: no eval`).not.toContain("'unsafe-eval'");
      expect(csp.get('script-src'), `${url}: no inline script`).not.toContain("'unsafe-inline'");
      expect(allSources, `${url}: no wildcard source`).not.toContain('*');
      expect(h['x-content-type-options'], url).toBe('nosniff');
      expect(String(h['x-frame-options']).toUpperCase(), url).toBe('DENY');
      expect(h['referrer-policy'], url).toMatch(
        /^(no-referrer|same-origin|strict-origin(-when-cross-origin)?)$/,
      );
      expect(h['x-powered-by'], url).toBeUndefined();
    }
  });

  it('serves the HTML page itself with the policy (the browser enforces it there)', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/' });
    if (response.statusCode === 404) return; // no built client (dist/) in this checkout
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.headers['content-security-policy']).toMatch(/worker-src[^;]*blob:/);
  });
});

describe('login rate limit', () => {
  const login = (username: string, password: string, remoteAddress: string) =>
    ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress,
      payload: { username, password },
    });

  it('answers 429 with Retry-After after repeated failures; other accounts are unaffected', async () => {
    const victim = await ensureTestUser(ctx.app, 'viewer', `sec-victim-${randomBytes(4).toString('hex')}`);
    const other = await ensureTestUser(ctx.app, 'viewer', `sec-other-${randomBytes(4).toString('hex')}`);
    const address = randomAddress();
    for (let i = 0; i < 5; i++) expect((await login(victim, 'wrong-password', address)).statusCode).toBe(401);
    const limited = await login(victim, 'wrong-password', address);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('rate_limited');
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(limited.cookies).toHaveLength(0);
    // The right password does not get through either while limited …
    expect((await login(victim, TEST_PASSWORD, address)).statusCode).toBe(429);
    // … another account from the same address is unaffected …
    expect((await login(other, TEST_PASSWORD, address)).statusCode).toBe(200);
    // … and so is the same account from elsewhere.
    expect((await login(victim, TEST_PASSWORD, randomAddress())).statusCode).toBe(200);
  });

  it('holds against a burst of parallel guesses (no check-then-act race)', async () => {
    const victim = await ensureTestUser(ctx.app, 'viewer', `sec-burst-${randomBytes(4).toString('hex')}`);
    const address = randomAddress();
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => login(victim, `guess-${i}-wrong`, address)),
    );
    const statuses = answers.map((a) => a.statusCode);
    expect(
      statuses.every((s) => s === 401 || s === 429),
      statuses.join(','),
    ).toBe(true);
    // Only 5 guesses in all may be checked against the password: those of the burst, then more
    // one at a time until refused. The rest are refused unchecked.
    let checked = statuses.filter((s) => s === 401).length;
    expect(checked, statuses.join(',')).toBeLessThanOrEqual(5);
    for (let i = 0; i < 10 && (await login(victim, `later-${i}-wrong`, address)).statusCode === 401; i++)
      checked++;
    expect(checked).toBe(5);
    expect((await login(victim, TEST_PASSWORD, address)).statusCode).toBe(429);
  });
});

describe('sessions', () => {
  const cookieOf = (response: { cookies: { name: string; value: string }[] }) =>
    response.cookies.find((c) => c.name === SESSION_COOKIE);
  const me = (cookie: string) => ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
  /** A mutating route that needs a planner: 404 for the unknown subtype when signed in, else 401/403. */
  const mutate = (cookie: string) =>
    ctx.app.inject({
      method: 'PUT',
      url: '/api/coverage/radii/no_such_subtype',
      headers: { cookie, ...FROM_APP },
      payload: { radiusMeters: 500 },
    });

  it('never accepts a session token chosen by the client (fixation)', async () => {
    const username = await ensureTestUser(ctx.app, 'planner', 'sec-fixation');
    const planted = randomBytes(32).toString('base64url'); // looks just like a real token
    const plantedCookie = `${SESSION_COOKIE}=${planted}`;
    expect((await me(plantedCookie)).json().user).toBeNull();

    const login = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: randomAddress(),
      headers: { cookie: plantedCookie, ...FROM_APP },
      payload: { username, password: TEST_PASSWORD },
    });
    expect(login.statusCode).toBe(200);
    const issued = cookieOf(login);
    expect(issued?.value).toBeTruthy();
    expect(issued?.value).not.toBe(planted);
    expect(issued!.value.length).toBeGreaterThanOrEqual(40); // 32 random bytes

    // The planted value is still nobody; the issued one is the user.
    expect((await me(plantedCookie)).json().user).toBeNull();
    expect((await mutate(plantedCookie)).statusCode).toBe(401);
    expect((await me(`${SESSION_COOKIE}=${issued!.value}`)).json().user).toMatchObject({ username });
  });

  it('issues a new token on every login, even when already signed in', async () => {
    const first = await signIn(ctx.app, 'planner', 'sec-relogin');
    const login = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: randomAddress(),
      headers: { cookie: first, ...FROM_APP },
      payload: { username: 'sec-relogin', password: TEST_PASSWORD },
    });
    expect(login.statusCode).toBe(200);
    expect(`${SESSION_COOKIE}=${cookieOf(login)?.value}`).not.toBe(first);
  });

  it('invalidates the session on logout: the old cookie replayed is anonymous', async () => {
    const cookie = await signIn(ctx.app, 'planner', 'sec-logout');
    expect((await me(cookie)).json().user).toMatchObject({ username: 'sec-logout' });
    expect((await mutate(cookie)).statusCode).toBe(404); // signed in: passes the guard

    const logout = await signOut(ctx.app, cookie);
    expect(logout.statusCode).toBe(204);
    const cleared = cookieOf(logout);
    expect(cleared?.value ?? '').toBe('');
    expect(String(logout.headers['set-cookie'])).toMatch(/Expires=Thu, 01 Jan 1970|Max-Age=0/i);

    // Replay the old cookie: /me says anonymous (it answers 200 {user:null} by design, so the
    // client can ask who is signed in), and a route that needs a user answers 401.
    for (let i = 0; i < 2; i++) {
      const after = await me(cookie);
      expect(after.statusCode).toBe(200);
      expect(after.json().user).toBeNull();
      expect((await mutate(cookie)).statusCode).toBe(401);
      expect(
        (await ctx.app.inject({ method: 'GET', url: '/api/photos/1', headers: { cookie } })).statusCode,
      ).toBe(401);
    }
  });

  it('ignores malformed and oversized session cookies', async () => {
    for (const value of ['', 'x', '%00', "' OR 1=1 --", 'a'.repeat(5000), '../../etc/passwd']) {
      const cookie = `${SESSION_COOKIE}=${encodeURIComponent(value)}`;
      const response = await me(cookie);
      expect(response.statusCode, value.slice(0, 20)).toBe(200);
      expect(response.json().user).toBeNull();
      expect((await mutate(cookie)).statusCode).toBe(401);
    }
  });
});

describe('cookie flags', () => {
  const flags = (setCookie: string) =>
    new Set(
      setCookie
        .split(';')
        .slice(1)
        .map((p) => p.trim().toLowerCase()),
    );

  it('sets HttpOnly, SameSite=Strict, Path=/ and no Secure over plain http, even with X-Forwarded-Proto', async () => {
    const username = await ensureTestUser(ctx.app, 'viewer', 'sec-cookie-flags');
    // The app does not trust proxy headers (no trustProxy): a client-sent X-Forwarded-Proto changes
    // nothing, so the real connection decides.
    for (const headers of [{}, { 'x-forwarded-proto': 'https' }]) {
      const login = await ctx.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: randomAddress(),
        headers,
        payload: { username, password: TEST_PASSWORD },
      });
      expect(login.statusCode).toBe(200);
      const set = flags(String(login.headers['set-cookie']));
      expect(set.has('httponly')).toBe(true);
      expect(set.has('samesite=strict')).toBe(true);
      expect(set.has('path=/')).toBe(true);
      expect(set.has('secure')).toBe(false);
    }
  });

  it('behind a trusted proxy (TRUST_PROXY), X-Forwarded-Proto: https gives a Secure cookie', async () => {
    const username = await ensureTestUser(ctx.app, 'viewer', 'sec-cookie-proxy');
    const proxied = await buildApp({ db: ctx.database.db, pool: ctx.database.pool, trustProxy: true });
    try {
      const login = await proxied.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: '127.0.0.1',
        headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': randomAddress() },
        payload: { username, password: TEST_PASSWORD },
      });
      expect(login.statusCode).toBe(200);
      expect(flags(String(login.headers['set-cookie'])).has('secure')).toBe(true);
    } finally {
      await proxied.close();
    }
  });

  it('sets Secure when the request came over a real TLS connection', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'civic-tls-'));
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=127.0.0.1',
          '-keyout',
          path.join(dir, 'key.pem'),
          '-out',
          path.join(dir, 'cert.pem'),
        ],
        { stdio: 'ignore' },
      );
      const username = await ensureTestUser(ctx.app, 'viewer', 'sec-cookie-tls');
      // The same app, routed from an https server: request.protocol comes from the TLS socket.
      const server = https.createServer(
        { key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(path.join(dir, 'cert.pem')) },
        (req, res) => ctx.app.routing(req, res),
      );
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = server.address() as AddressInfo;
        const body = JSON.stringify({ username, password: TEST_PASSWORD });
        const { status, setCookie } = await new Promise<{ status: number; setCookie: string }>(
          (resolve, reject) => {
            const req = https.request(
              {
                host: '127.0.0.1',
                port,
                path: '/api/auth/login',
                method: 'POST',
                rejectUnauthorized: false,
                headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
              },
              (res) => {
                res.resume();
                res.on('end', () =>
                  resolve({ status: res.statusCode ?? 0, setCookie: String(res.headers['set-cookie']) }),
                );
              },
            );
            req.on('error', reject);
            req.end(body);
          },
        );
        expect(status).toBe(200);
        const set = flags(setCookie);
        expect(set.has('secure')).toBe(true);
        expect(set.has('httponly')).toBe(true);
        expect(set.has('samesite=strict')).toBe(true);
        expect(set.has('path=/')).toBe(true);
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('CSRF by content type', () => {
  it('answers 415 to mutating requests with a form or text body, signed in or not', async () => {
    const cookie = await signIn(ctx.app, 'admin', 'sec-csrf-admin');
    const requests = [
      { method: 'POST', url: '/api/auth/login' },
      { method: 'POST', url: '/api/auth/logout' },
      { method: 'PUT', url: '/api/coverage/radii/nursing_home' },
      { method: 'POST', url: '/api/coverage' },
      { method: 'POST', url: '/api/imports' },
    ] as const;
    for (const { method, url } of requests) {
      for (const type of [
        'application/x-www-form-urlencoded',
        'text/plain',
        'text/plain; charset=utf-8',
        '',
      ]) {
        const response = await ctx.app.inject({
          method,
          url,
          headers: { cookie, ...(type ? { 'content-type': type } : {}) },
          payload: 'radiusMeters=50&username=admin&password=x',
        });
        expect(response.statusCode, `${method} ${url} as ${type || 'no type'}`).toBe(415);
        expect(response.json().error.code).toBe('unsupported_media_type');
      }
    }
    // Nothing changed: the radius is whatever it was.
    const radii = await ctx.app.inject({ method: 'GET', url: '/api/coverage/radii' });
    expect(radii.json().radii.every((r: { radiusMeters?: number }) => r.radiusMeters !== 50)).toBe(true);
  });

  it('refuses a cross-site multipart form posted to the JSON login (login CSRF)', async () => {
    const username = await ensureTestUser(ctx.app, 'viewer', 'sec-csrf-multipart');
    const boundary = '----csrf';
    const field = (name: string, value: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: randomAddress(),
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `${field('username', username)}${field('password', TEST_PASSWORD)}--${boundary}--\r\n`,
    });
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.statusCode).toBeLessThan(500);
    expect(response.cookies).toHaveLength(0);
  });
});

describe('path traversal', () => {
  const packageJson = readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8');
  /** Never file contents: not /etc/passwd, not package.json, not source. */
  const expectNoFile = (
    response: { statusCode: number; body: string; headers: Record<string, unknown> },
    url: string,
  ) => {
    expectCleanError(response, url);
    expect(response.body, url).not.toContain('root:');
    expect(response.body, url).not.toContain('"civic-atlas"');
    expect(response.body, url).not.toContain(packageJson.slice(0, 60));
    expect(response.body, url).not.toMatch(/import .* from|DATABASE_URL/);
  };

  it('refuses traversal in tile layer names and coordinates', async () => {
    const urls = [
      '/tiles/..%2F..%2Fetc%2Fpasswd/1/0/0.mvt',
      '/tiles/..%2F..%2F..%2F..%2Fetc%2Fpasswd/1/0/0.mvt',
      '/tiles/%2e%2e/1/0/0.mvt',
      '/tiles/%2e%2e%2f%2e%2e%2fpackage.json/1/0/0.mvt',
      '/tiles/..%5C..%5Cpackage.json/1/0/0.mvt',
      '/tiles/../../etc/passwd/1/0/0.mvt',
      '/tiles/facilities%2F..%2F..%2Fpackage/1/0/0.mvt',
      '/tiles/facilities%00/1/0/0.mvt',
      '/tiles/%00/1/0/0.mvt',
      '/tiles/facilities.json%00/1/0/0.mvt',
      '/tiles/./1/0/0.mvt',
      '/tiles/.../1/0/0.mvt',
      '/tiles/facilities;DROP%20TABLE%20facilities/1/0/0.mvt',
      '/tiles/pg_catalog.pg_sleep/1/0/0.mvt',
      '/tiles/facilities/..%2F1/0/0.mvt',
      '/tiles/facilities/1/0/..%2F..%2F0.mvt',
      '/tiles/facilities/1/0/0.mvt%00.json',
      '/tiles/..%2F..%2Fpackage.json',
      '/tiles/..%2F..%2Fpackage.json.json',
      '/tiles/%2e%2e%2fpackage.json',
    ];
    for (const url of urls) expectNoFile(await ctx.app.inject({ method: 'GET', url }), url);
  });

  it('refuses traversal on photo, upload and static routes', async () => {
    const cookie = await signIn(ctx.app, 'admin', 'sec-traversal-admin');
    const urls = [
      '/..%2F..%2Fetc%2Fpasswd',
      '/..%2f..%2f..%2f..%2fetc%2fpasswd',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/%2e%2e%2f%2e%2e%2fpackage.json',
      '/assets/..%2F..%2Fpackage.json',
      '/assets/..%2F..%2F..%2Fetc%2Fpasswd',
      '/assets/%2e%2e/%2e%2e/package.json',
      '/assets/..%5C..%5Cpackage.json',
      '/assets/....//....//package.json',
      '/assets/%252e%252e%252fpackage.json',
      '/..%2Fserver%2Fconfig.ts',
      '/..%2F.env',
      '/index.html%00.js',
      '/api/photos/..%2F..%2Fetc%2Fpasswd',
      '/api/photos/..%2F1',
      '/api/photos/1%2F..%2F..%2Fpackage.json',
      '/api/photos/%2e%2e/thumbnail',
      '/api/photos/1/..%2F..%2F..%2Fetc%2Fpasswd',
      '/api/photos/-1',
      '/api/photos/1e3',
      '/api/imports/..%2F..%2Fetc%2Fpasswd',
      '/api/exports/..%2F..%2Fetc%2Fpasswd.csv',
      '/api/exports/facilities.csv%2F..%2F..%2Fpackage.json',
      '/docs/..%2F..%2Fpackage.json',
      '/docs/static/..%2F..%2F..%2Fpackage.json',
    ];
    for (const url of urls) {
      for (const headers of [{}, { cookie }]) {
        const response = await ctx.app.inject({ method: 'GET', url, headers });
        expectNoFile(response, `${url}${'cookie' in headers ? ' (admin)' : ''}`);
      }
    }
  });

  it('keeps a traversal file name of an upload as inert text', async () => {
    const cookie = await signIn(ctx.app, 'boundary_editor', 'sec-upload-editor');
    // The smallest valid PNG (1×1): the upload is accepted, the name is only a label in the database.
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    const boundary = '----upload';
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="../../../../tmp/evil.png"\r\nContent-Type: image/png\r\n\r\n`,
      ),
      png,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const upload = await ctx.app.inject({
      method: 'POST',
      url: '/api/photos',
      headers: { cookie, ...FROM_APP, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });
    expect(upload.statusCode).toBe(201);
    const { id, url } = upload.json();
    expect(url).toBe(`/api/photos/${id}`);
    const photo = await ctx.app.inject({ method: 'GET', url, headers: { cookie } });
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/png');
    expect(photo.headers['x-content-type-options']).toBe('nosniff');
    expect(photo.rawPayload.equals(png)).toBe(true);
  });
});

describe('errors', () => {
  it('never shows a stack trace or SQL, whatever goes wrong', async () => {
    const cookie = await signIn(ctx.app, 'admin', 'sec-errors-admin');
    const cases: { method: 'GET' | 'POST' | 'PUT'; url: string; payload?: string; type?: string }[] = [
      { method: 'GET', url: "/api/place-names/search?q=' OR 1=1 --" }, // a search like any other: 200
      { method: 'GET', url: '/api/collections/facilities/items?bbox=1,2,3' },
      { method: 'GET', url: '/api/collections/facilities/items?limit=1e400' },
      { method: 'GET', url: "/api/collections/facilities/items?district=500111'; SELECT pg_sleep(1)--" },
      { method: 'GET', url: '/api/collections/nope/items' },
      { method: 'GET', url: '/tiles/facilities/99/0/0.mvt' },
      { method: 'GET', url: '/tiles/facilities/1/5/0.mvt' },
      { method: 'GET', url: '/tiles/facilities/1/0/99999999999999999999999.mvt' },
      { method: 'GET', url: '/%E0%A4%A' },
      { method: 'GET', url: `/api/${'a'.repeat(10_000)}` },
      { method: 'POST', url: '/api/coverage', payload: '{"district": "500111",', type: 'application/json' },
      {
        method: 'POST',
        url: '/api/coverage',
        payload: '{"district": "500111\\u0000"}',
        type: 'application/json',
      },
      { method: 'POST', url: '/api/coverage', payload: '{"district": "999999"}', type: 'application/json' },
      { method: 'POST', url: '/api/coverage', payload: '{"__proto__": {"x": 1}}', type: 'application/json' },
      {
        method: 'PUT',
        url: '/api/coverage/radii/nursing_home',
        payload: '{"radiusMeters":"abc"}',
        type: 'application/json',
      },
      { method: 'POST', url: '/api/imports', payload: '--x\r\n', type: 'multipart/form-data; boundary=x' },
      { method: 'POST', url: '/api/photos', payload: '--x\r\n', type: 'multipart/form-data; boundary=x' },
      { method: 'POST', url: '/api/photos', payload: 'garbage', type: 'multipart/form-data; boundary=x' },
      { method: 'POST', url: '/api/photos', payload: 'garbage', type: 'multipart/form-data' },
      { method: 'POST', url: '/api/imports', payload: 'garbage', type: 'multipart/form-data' },
      {
        method: 'POST',
        url: '/api/photos',
        payload: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n\x89PNG',
        type: 'multipart/form-data; boundary=x',
      },
    ];
    for (const c of cases) {
      const response = await ctx.app.inject({
        method: c.method,
        url: c.url,
        headers: { cookie, ...FROM_APP, ...(c.type ? { 'content-type': c.type } : {}) },
        payload: c.payload,
      });
      const label = `${c.method} ${c.url.slice(0, 80)}`;
      expect(response.statusCode, label).toBeLessThan(500);
      expect(response.body, `${label}: body leaks internals`).not.toMatch(LEAKS);
      if (response.statusCode >= 400)
        expect(response.json().error, label).toMatchObject({
          code: expect.any(String),
          message: expect.any(String),
        });
    }
  });
});
