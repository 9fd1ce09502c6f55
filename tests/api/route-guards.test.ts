// The route table: every route that changes data (POST, PUT, PATCH, DELETE) must answer 401 to an
// anonymous caller and 403 to a signed-in viewer (a role with no write right anywhere). A new
// mutating route without a guard makes this test fail. Routes that are public by design are listed
// below, each with its reason; an entry that no longer matches a route fails the test too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../server/app.ts';
import { useTestApp } from '../helpers/app.ts';
import { FROM_APP, signIn } from '../helpers/auth.ts';

const PUBLIC_BY_DESIGN: Record<string, string> = {
  'POST /api/auth/login': 'signing in is how a caller becomes non-anonymous',
  'POST /api/auth/logout': 'ends the caller’s own session, if any',
  'POST /api/coverage': 'computes coverage for anyone; changes nothing',
  'POST /api/coverage/suggestions': 'computes suggested sites for anyone; changes nothing',
};

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function mutatingRoutes(app: App): { method: string; url: string }[] {
  const seen = new Set<string>();
  return app.routeTable
    .filter((r) => MUTATING.has(r.method))
    .filter((r) => {
      const key = `${r.method} ${r.url}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** A concrete URL for a route pattern: every :param becomes 1, a wildcard becomes x. */
const concrete = (url: string) => url.replace(/:[A-Za-z_]+/g, '1').replace(/\*/g, 'x');

/** The mutating routes that do not answer anonymous → 401 and viewer → 403. */
async function unguardedRoutes(app: App, viewerCookie: string): Promise<string[]> {
  const problems: string[] = [];
  for (const route of mutatingRoutes(app)) {
    const key = `${route.method} ${route.url}`;
    if (key in PUBLIC_BY_DESIGN) continue;
    const request = {
      method: route.method as 'POST',
      url: concrete(route.url),
      headers: { 'content-type': 'application/json', 'if-match': '"1"' },
      payload: '{}',
    };
    const anonymous = await app.inject(request);
    if (anonymous.statusCode !== 401)
      problems.push(`${key}: anonymous got ${anonymous.statusCode}, expected 401`);
    const viewer = await app.inject({
      ...request,
      headers: { ...request.headers, cookie: viewerCookie, ...FROM_APP },
    });
    if (viewer.statusCode !== 403) problems.push(`${key}: viewer got ${viewer.statusCode}, expected 403`);
  }
  return problems;
}

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useTestApp();
let viewer: string;

beforeAll(async () => {
  viewer = await signIn(ctx.app, 'viewer');
});

describe('route guards', () => {
  it('finds the mutating routes of every module', () => {
    const keys = mutatingRoutes(ctx.app).map((r) => `${r.method} ${r.url}`);
    expect(keys).toEqual(
      expect.arrayContaining([
        'POST /api/boundary-lines',
        'PATCH /api/boundary-markers/:id',
        'DELETE /api/inspections/:id',
        'POST /api/disputes/:id/restore',
        'POST /api/photos',
      ]),
    );
  });

  it('every mutating route answers 401 to anonymous callers and 403 to a viewer', async () => {
    expect(await unguardedRoutes(ctx.app, viewer)).toEqual([]);
  });

  it('the allow-list names only routes that exist', () => {
    const keys = new Set(mutatingRoutes(ctx.app).map((r) => `${r.method} ${r.url}`));
    expect(Object.keys(PUBLIC_BY_DESIGN).filter((k) => !keys.has(k))).toEqual([]);
  });
});

describe('the route-guard check itself', () => {
  let probe: App;
  beforeAll(async () => {
    probe = await buildApp({ db: ctx.database.db, pool: ctx.database.pool });
    probe.post('/api/unguarded-probe', async () => ({ changed: true }));
    await probe.ready();
  });
  afterAll(async () => {
    await probe?.close();
  });

  it('fails for a new mutating route that has no guard', async () => {
    const problems = await unguardedRoutes(probe, viewer);
    expect(problems).toEqual([
      'POST /api/unguarded-probe: anonymous got 200, expected 401',
      'POST /api/unguarded-probe: viewer got 200, expected 403',
    ]);
  });
});
