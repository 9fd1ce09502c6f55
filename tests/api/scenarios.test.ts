// Saved coverage scenarios: a planner saves one, a colleague opens it by id and gets the same
// coverage; every change is versioned (If-Match, 412/428) and in the history; bad input says where.
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { FROM_APP, signIn } from '../helpers/auth.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useTestApp();

const params = {
  facilities: { categories: ['elderly_care'] },
  lifeCircle: '15min',
  measure: 'network',
  speed: 'elderly',
  proposed: [{ lon: 105.72, lat: 29.7, subtype: 'community_station' }],
};

async function save(cookie: string, body: Record<string, unknown>) {
  return ctx.app.inject({
    method: 'POST',
    url: '/api/scenarios',
    headers: { cookie, ...FROM_APP },
    payload: body,
  });
}

describe('scenarios', () => {
  it('a planner saves a scenario; a colleague opens it and sees the same coverage', async () => {
    const planner = await signIn(ctx.app, 'planner');
    const created = await save(planner, { name: ' 老年人步行方案 ', districtCode: '500111', params });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.headers.etag).toBe('"1"');
    const scenario = created.json();
    expect(scenario).toMatchObject({ name: '老年人步行方案', districtCode: '500111', version: 1 });
    expect(scenario.params).toEqual(params);

    const viewer = await signIn(ctx.app, 'viewer');
    const opened = await ctx.app.inject({
      method: 'GET',
      url: `/api/scenarios/${scenario.id}`,
      headers: { cookie: viewer },
    });
    expect(opened.statusCode).toBe(200);
    expect(opened.json().params).toEqual(params);
    expect(opened.json().createdBy).toBeTruthy();
    const run = (body: Record<string, unknown>) =>
      ctx.app.inject({ method: 'POST', url: '/api/coverage', payload: body });
    const original = (await run({ district: '500111', ...params })).json();
    const reloaded = (await run({ district: opened.json().districtCode, ...opened.json().params })).json();
    expect(reloaded.network.totals).toEqual(original.network.totals);
    expect(reloaded.proposed).toEqual(original.proposed);

    const list = await ctx.app.inject({
      method: 'GET',
      url: '/api/scenarios?district=500111',
      headers: { cookie: viewer },
    });
    expect(list.json().items.map((s: { id: number }) => s.id)).toContain(scenario.id);
    const anonymous = await ctx.app.inject({ method: 'GET', url: `/api/scenarios/${scenario.id}` });
    expect(anonymous.statusCode).toBe(401);
    expect((await save(viewer, { name: 'x', districtCode: '500111', params })).statusCode).toBe(403);
  });

  it('changes need If-Match, stale versions get 412, and every version is in the history', async () => {
    const planner = await signIn(ctx.app, 'planner');
    const { id } = (
      await save(planner, { name: '方案 A', districtCode: '500112', params: { lifeCircle: '10min' } })
    ).json();
    const patch = (headers: Record<string, string>, payload: Record<string, unknown>) =>
      ctx.app.inject({
        method: 'PATCH',
        url: `/api/scenarios/${id}`,
        headers: { cookie: planner, ...FROM_APP, ...headers },
        payload,
      });
    expect((await patch({}, { name: '方案 B' })).statusCode).toBe(428);
    const changed = await patch(
      { 'if-match': '"1"' },
      { name: '方案 B', params: { lifeCircle: '5min', measure: 'network' } },
    );
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ version: 2, name: '方案 B' });
    const stale = await patch({ 'if-match': '"1"' }, { name: '方案 C' });
    expect(stale.statusCode).toBe(412);
    const history = await ctx.app.inject({
      method: 'GET',
      url: `/api/scenarios/${id}/history`,
      headers: { cookie: planner },
    });
    const versions = [...history.json().history].reverse(); // newest first
    expect(versions.map((h: { version: number; action: string }) => [h.version, h.action])).toEqual([
      [1, 'create'],
      [2, 'update'],
    ]);
    expect(versions[1].before.name).toBe('方案 A');
    const restored = await ctx.app.inject({
      method: 'POST',
      url: `/api/scenarios/${id}/restore`,
      headers: { cookie: planner, ...FROM_APP, 'if-match': '"2"' },
      payload: { version: 1 },
    });
    expect(restored.json()).toMatchObject({ version: 3, name: '方案 A', params: { lifeCircle: '10min' } });
    const gone = await ctx.app.inject({
      method: 'DELETE',
      url: `/api/scenarios/${id}`,
      headers: { cookie: planner, ...FROM_APP, 'if-match': '"3"' },
      payload: { reason: '不再需要' },
    });
    expect(gone.statusCode).toBe(200);
    expect(
      (await ctx.app.inject({ method: 'GET', url: `/api/scenarios/${id}`, headers: { cookie: planner } }))
        .statusCode,
    ).toBe(404);
  });

  it('refuses bad scenarios, saying which field, and writes nothing', async () => {
    const planner = await signIn(ctx.app, 'planner');
    const cases: [Record<string, unknown>, number, string][] = [
      [{ name: '', districtCode: '500111', params }, 400, 'name'],
      [{ name: '  ', districtCode: '500111', params }, 422, 'body.name'],
      [{ name: 'x', districtCode: '999999', params }, 422, 'body.districtCode'],
      [{ name: 'x', districtCode: '500111', params: { ...params, speed: 'sprint' } }, 400, 'speed'],
      [
        { name: 'x', districtCode: '500111', params: { lifeCircle: '5min', radiusMeters: 300 } },
        422,
        'body.params.radiusMeters',
      ],
      [
        {
          name: 'x',
          districtCode: '500111',
          params: { lifeCircle: '5min', facilities: { subtypes: ['nope'] } },
        },
        422,
        'body.params',
      ],
      [
        {
          name: 'x',
          districtCode: '500111',
          params: { lifeCircle: '5min', proposed: [{ lon: 110, lat: 40 }] },
        },
        422,
        'body.params.proposed[0]',
      ],
    ];
    const before = (
      await ctx.app.inject({ method: 'GET', url: '/api/scenarios', headers: { cookie: planner } })
    ).json().items.length;
    for (const [body, status, field] of cases) {
      const response = await save(planner, body);
      expect(response.statusCode, `${JSON.stringify(body)} ${response.body}`).toBe(status);
      expect(JSON.stringify(response.json().error.details), response.body).toContain(field);
    }
    const after = (
      await ctx.app.inject({ method: 'GET', url: '/api/scenarios', headers: { cookie: planner } })
    ).json().items.length;
    expect(after).toBe(before);
  });
});
