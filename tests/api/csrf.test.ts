// CSRF: every POST/PUT/PATCH/DELETE must come from the app itself. A page on another port of the
// same host is same-site, so SameSite=Strict sends it the cookie; multipart is a type an HTML form
// may send. So the origin is checked: Origin (or Sec-Fetch-Site: same-origin) against the app's own
// origin; a cookie-carrying request with neither header needs X-Requested-With.
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { csvFile, multipartBody } from '../fixtures/imports/writers.ts';
import { useTestApp } from '../helpers/app.ts';
import { FROM_APP, signIn } from '../helpers/auth.ts';
import { lineBody, type Place, placeInDistrict } from './boundaries-helpers.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useTestApp();
let planner: string;
let editor: string;
let place: Place;

// inject() sends Host: localhost:80, so the app's own origin is http://localhost.
const SAME_ORIGIN = 'http://localhost';
const OTHER_PORT = 'http://localhost:5174';

beforeAll(async () => {
  planner = await signIn(ctx.app, 'planner', 'test-csrf-planner');
  editor = await signIn(ctx.app, 'boundary_editor', 'test-csrf-editor');
  place = await placeInDistrict(ctx.app);
});

const countFacilities = async (code: string) =>
  (
    await sql<{ n: number }>`SELECT count(*)::int AS n FROM facilities WHERE code = ${code}`.execute(
      ctx.app.db,
    )
  ).rows[0]!.n;
const countLines = async (code: string) =>
  (
    await sql<{ n: number }>`SELECT count(*)::int AS n FROM boundary_lines WHERE code = ${code}`.execute(
      ctx.app.db,
    )
  ).rows[0]!.n;

function importRequest(
  code: string,
  headers: Record<string, string>,
  fields: Record<string, string> = { mode: 'commit' },
) {
  const body = multipartBody(
    { collection: 'facilities', crs: 'wgs84', ...fields },
    {
      name: 'a.csv',
      data: csvFile(
        ['code', 'name', 'subtype', 'operator', 'lon', 'lat'],
        [[code, '跨站测试', 'care_home', 'public', place.lon, place.lat]],
      ),
    },
  );
  return {
    method: 'POST' as const,
    url: '/api/imports',
    payload: body.payload,
    headers: { ...body.headers, cookie: planner, ...headers },
  };
}

function lineRequest(code: string, headers: Record<string, string>) {
  return {
    method: 'POST' as const,
    url: '/api/boundary-lines',
    payload: JSON.stringify(lineBody(place, { code })),
    headers: { 'content-type': 'application/json', cookie: editor, ...headers },
  };
}

function expectRefused(response: { statusCode: number; json: () => { error: Record<string, unknown> } }) {
  expect(response.statusCode).toBe(403);
  const { error } = response.json();
  expect(error.code).toBe('forbidden');
  expect(String(error.message)).toMatch(/origin|X-Requested-With/i);
}

describe('cross-origin writes with a valid cookie', () => {
  it('a multipart import from another port of the same host: 403, nothing imported', async () => {
    const code = `CSRF-IMP-${Date.now()}`;
    const response = await ctx.app.inject(
      importRequest(code, { origin: OTHER_PORT, 'sec-fetch-site': 'same-site' }),
    );
    expectRefused(response);
    expect(response.json().error.details).toEqual([{ field: 'headers.origin', problem: expect.any(String) }]);
    expect(await countFacilities(code)).toBe(0);
  });

  it('a JSON write from another origin: 403, nothing written', async () => {
    const code = `CSRF-L-${Date.now()}`;
    for (const origin of [OTHER_PORT, 'https://localhost', 'http://evil.example', 'null']) {
      const response = await ctx.app.inject(lineRequest(code, { origin }));
      expectRefused(response);
    }
    expect(await countLines(code)).toBe(0);
  });

  it('Sec-Fetch-Site other than same-origin, without Origin: 403', async () => {
    const code = `CSRF-S-${Date.now()}`;
    for (const site of ['same-site', 'cross-site']) {
      expectRefused(await ctx.app.inject(lineRequest(code, { 'sec-fetch-site': site })));
    }
    expect(await countLines(code)).toBe(0);
  });

  it('a cookie without Origin, Sec-Fetch-Site or X-Requested-With: 403', async () => {
    const code = `CSRF-N-${Date.now()}`;
    expectRefused(await ctx.app.inject(lineRequest(code, {})));
    expect(await countLines(code)).toBe(0);
  });

  it('signing in from another origin is refused too (login CSRF)', async () => {
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json', origin: OTHER_PORT },
      payload: { username: 'test-csrf-planner', password: 'x' },
    });
    expectRefused(response);
  });
});

describe('writes from the app itself pass', () => {
  it('JSON with a same-origin Origin, with Sec-Fetch-Site: same-origin, or with X-Requested-With', async () => {
    const cases: Record<string, string>[] = [
      { origin: SAME_ORIGIN, 'sec-fetch-site': 'same-origin' },
      { origin: 'http://localhost:80' },
      { 'sec-fetch-site': 'same-origin' },
      FROM_APP,
    ];
    for (const [i, headers] of cases.entries()) {
      const code = `CSRF-OK-${Date.now()}-${i}`;
      const response = await ctx.app.inject(lineRequest(code, headers));
      expect(response.statusCode, `${JSON.stringify(headers)}: ${response.body}`).toBe(201);
      expect(await countLines(code)).toBe(1);
    }
  });

  it('a multipart import with a same-origin Origin', async () => {
    const code = `CSRF-IMPOK-${Date.now()}`;
    const dry = await ctx.app.inject(importRequest(code, { origin: SAME_ORIGIN }, { mode: 'dry-run' }));
    expect(dry.statusCode, dry.body).toBe(200);
    const response = await ctx.app.inject(
      importRequest(code, { origin: SAME_ORIGIN }, { mode: 'commit', preview: dry.json().previewId }),
    );
    expect(response.statusCode, response.body).toBe(200);
    expect(await countFacilities(code)).toBe(1);
    await sql`DELETE FROM facilities WHERE code = ${code}`.execute(ctx.app.db);
  });

  it('scripts without a cookie need no header (the role guard answers them)', async () => {
    const response = await ctx.app.inject(lineRequest('CSRF-ANON', { cookie: '' }));
    expect(response.statusCode).toBe(401);
  });
});
