// Bad input that looks harmless: a forged Host header (absolute links must not echo it), lone
// UTF-16 surrogates in JSON strings (refused with 400, never stored altered), and text limits that
// count characters (code points), so 60 CJK Extension-B characters fit a 100-character field.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../server/app.ts';
import { useTestApp } from '../helpers/app.ts';
import { signIn } from '../helpers/auth.ts';
import { json, lineBody, type Place, placeInDistrict } from './boundaries-helpers.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useTestApp();
let editor: string;
let place: Place;

beforeAll(async () => {
  editor = await signIn(ctx.app, 'boundary_editor', 'test-text-editor');
  place = await placeInDistrict(ctx.app);
});

/** Every absolute URL in a JSON body that points at this app (not CRS identifiers). */
const hrefs = (body: string) =>
  [...body.matchAll(/"(https?:\/\/[^"]*)"/g)]
    .map((m) => m[1]!)
    .filter((u) => !u.startsWith('http://www.opengis.net/'));

describe('absolute links and a forged Host header', () => {
  const LINK_ROUTES = [
    '/api/collections',
    '/api/collections/towns',
    '/api/collections/towns/items?limit=1',
    '/tiles/facilities.json',
  ];

  it('refuses a Host that is not a host name (400 naming headers.host), never echoing it', async () => {
    for (const host of [
      'evil.example"><script>alert(1)</script>',
      'evil.example/path?x=',
      'a b',
      'x@evil.example',
    ]) {
      for (const url of LINK_ROUTES) {
        const response = await ctx.app.inject({ method: 'GET', url, headers: { host } });
        expect(response.statusCode, `${host} ${url}`).toBe(400);
        expect(response.json().error.details).toEqual([
          { field: 'headers.host', problem: expect.any(String) },
        ]);
        expect(response.body).not.toContain('<script>');
      }
    }
  });

  it('builds links from a valid Host with its port', async () => {
    const response = await ctx.app.inject({
      method: 'GET',
      url: '/tiles/facilities.json',
      headers: { host: '127.0.0.1:8080' },
    });
    // The layer's data version sits in the path (an edit moves it).
    expect(response.json().tiles).toEqual([
      expect.stringMatching(
        /^http:\/\/127\.0\.0\.1:8080\/tiles\/facilities\/v[\w-]+\/\{z\}\/\{x\}\/\{y\}\.mvt$/,
      ),
    ]);
  });

  describe('with PUBLIC_URL', () => {
    let app: App;
    beforeAll(async () => {
      app = await buildApp({
        db: ctx.database.db,
        pool: ctx.database.pool,
        publicUrl: new URL('https://atlas.example.gov.cn/minzheng/'),
      });
      await app.ready();
    });
    afterAll(async () => {
      await app?.close();
    });

    it('every link uses PUBLIC_URL, whatever Host says', async () => {
      for (const url of LINK_ROUTES) {
        const response = await app.inject({ method: 'GET', url, headers: { host: 'attacker.example' } });
        expect(response.statusCode, url).toBe(200);
        const links = hrefs(response.body);
        expect(links.length, url).toBeGreaterThan(0);
        for (const link of links)
          expect(link, url).toMatch(/^https:\/\/atlas\.example\.gov\.cn\/minzheng\/(api|tiles|docs)(\/|$)/);
      }
    });

    it('the CSRF check compares Origin with PUBLIC_URL, not with Host', async () => {
      const cookie = await signIn(app, 'boundary_editor', 'test-text-editor');
      const body = (origin: string) => ({
        ...json('POST', '/api/boundary-lines', cookie, lineBody(place)),
        headers: { cookie, 'content-type': 'application/json', host: 'attacker.example', origin },
      });
      expect((await app.inject(body('http://attacker.example'))).statusCode).toBe(403);
      expect((await app.inject(body('https://atlas.example.gov.cn'))).statusCode).toBe(201);
    });
  });
});

describe('lone surrogates in JSON strings', () => {
  const countLines = async (code: string) =>
    (
      await sql<{ n: number }>`SELECT count(*)::int AS n FROM boundary_lines WHERE code = ${code}`.execute(
        ctx.app.db,
      )
    ).rows[0]!.n;

  it('refuses them with 400 naming the field, and writes nothing', async () => {
    const body = lineBody(place);
    for (const [field, escaped] of [
      ['body.name', '"name":"界线\\ud800"'],
      ['body.name', '"name":"\\udfff界线"'],
      ['body.leftUnitName', '"leftUnitName":"\\ude00\\ud83d"'], // pair in the wrong order
    ] as const) {
      const key = escaped.split('"')[1]!;
      const text = JSON.stringify({ ...body, [key]: 'PLACEHOLDER' }).replace(
        `"${key}":"PLACEHOLDER"`,
        escaped,
      );
      const response = await ctx.app.inject({
        ...json('POST', '/api/boundary-lines', editor, {}),
        payload: text,
      });
      expect(response.statusCode, text).toBe(400);
      expect(response.json().error.details).toEqual([{ field, problem: expect.stringMatching(/surrogate/) }]);
    }
    expect(await countLines(body.code)).toBe(0);
  });

  it('finds them deep inside arrays and in object keys', async () => {
    const payload =
      '{"lineId":1,"round":1,"status":"planned","startDate":"2024-01-01","ourSidePeople":[{"name":"张\\ud800"}]}';
    const response = await ctx.app.inject({ ...json('POST', '/api/inspections', editor, {}), payload });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details[0].field).toBe('body.ourSidePeople[0].name');
    const key = await ctx.app.inject({
      ...json('POST', '/api/coverage', undefined, {}),
      payload: '{"\\ud800":1}',
    });
    expect(key.statusCode).toBe(400);
    expect(key.json().error.details[0].problem).toMatch(/surrogate/);
  });

  it('accepts proper surrogate pairs (CJK Extension B, emoji) and stores them unchanged', async () => {
    const name = '𠀀𠀁界线😀';
    const created = await ctx.app.inject(
      json('POST', '/api/boundary-lines', editor, lineBody(place, { name })),
    );
    expect(created.statusCode, created.body).toBe(201);
    const stored = await sql<{
      name: string;
    }>`SELECT name FROM boundary_lines WHERE id = ${created.json().id}`.execute(ctx.app.db);
    expect(stored.rows[0]!.name).toBe(name);
  });

  it('refuses a JSON body that is not valid UTF-8 instead of storing U+FFFD', async () => {
    const text = JSON.stringify(lineBody(place, { name: 'NAMEHERE' }));
    const [before, after] = text.split('NAMEHERE') as [string, string];
    const payload = Buffer.concat([Buffer.from(before), Buffer.from([0xe7, 0x95]), Buffer.from(after)]);
    const response = await ctx.app.inject({ ...json('POST', '/api/boundary-lines', editor, {}), payload });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(/UTF-8/);
  });
});

describe('text limits count characters, not UTF-16 units', () => {
  const extB = (n: number) => Array.from({ length: n }, (_, i) => String.fromCodePoint(0x20000 + i)).join('');

  it('60 Extension-B characters fit the 100-character name of a line; 101 characters do not', async () => {
    const name = extB(60);
    expect(name.length).toBe(120); // UTF-16 units
    const created = await ctx.app.inject(
      json('POST', '/api/boundary-lines', editor, lineBody(place, { name })),
    );
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().name).toBe(name);
    const tooLong = await ctx.app.inject(
      json('POST', '/api/boundary-lines', editor, lineBody(place, { name: extB(101) })),
    );
    expect(tooLong.statusCode).toBe(422);
    expect(tooLong.json().error.details).toEqual(
      expect.arrayContaining([
        {
          field: 'body.name',
          problem: 'must be at most 100 characters',
          code: 'too_long',
          params: { max: 100 },
        },
      ]),
    );
  });

  it('schema maxLength (ajv) counts code points too: 60 Extension-B characters in a 100-character query', async () => {
    const ok = await ctx.app.inject({
      method: 'GET',
      url: `/api/place-names/search?q=${encodeURIComponent(extB(60))}`,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const tooLong = await ctx.app.inject({
      method: 'GET',
      url: `/api/place-names/search?q=${encodeURIComponent(extB(101))}`,
    });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.details[0].field).toBe('query.q');
  });
});
