// Facilities and village figures edited one by one through the one record mechanism: create with the
// place worked out from the point, If-Match (428/412), status steps with reasons, move, soft delete,
// restore, history; the writer role and every refusal; and a saved facility showing up at once in
// tiles, nearest-services search and coverage.

import { VectorTile } from '@mapbox/vector-tile';
import { sql } from 'kysely';
import { PbfReader as Protobuf } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvFile } from '../fixtures/imports/writers.ts';
import { useTestApp } from '../helpers/app.ts';
import { asUser, signIn } from '../helpers/auth.ts';
import { importer } from '../helpers/imports.ts';
import { tileAt } from '../helpers/tiles.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useTestApp();

// The records made here leave the shared demo data as it was (other files count its rows).
afterAll(async () => {
  await sql`UPDATE facility_records SET deleted_at = now() WHERE deleted_at IS NULL AND origin = 'manual' AND (name = '测试康养中心' OR name LIKE '即时可见测试站%')`.execute(
    ctx.app.db,
  );
});
let planner: string;
let town: { code: string; name: string; district: string; lon: number; lat: number };
let otherTown: { code: string; lon: number; lat: number };

beforeAll(async () => {
  planner = await signIn(ctx.app, 'planner');
  // Two towns of 大足区 with their seats (points inside the town polygons).
  const { rows } = await sql<{ code: string; name: string; district_code: string; lon: number; lat: number }>`
    SELECT t.code, t.name, t.district_code, ST_X(ST_PointOnSurface(t.geom)) AS lon, ST_Y(ST_PointOnSurface(t.geom)) AS lat
    FROM towns t WHERE t.district_code = '500111' ORDER BY t.code LIMIT 2`.execute(ctx.app.db);
  const [a, b] = rows;
  town = { code: a!.code, name: a!.name, district: a!.district_code, lon: a!.lon, lat: a!.lat };
  otherTown = { code: b!.code, lon: b!.lon, lat: b!.lat };
});

const send = (...args: Parameters<ReturnType<typeof asUser>>) => asUser(ctx.app)(...args);

const body = (overrides: Record<string, unknown> = {}) => ({
  name: '测试康养中心',
  subtype: 'community_station',
  operator: 'public',
  status: 'operating',
  beds: 20,
  nursingBeds: 8,
  phone: '023-43720000',
  geometry: { type: 'Point', coordinates: [town.lon, town.lat] },
  ...overrides,
});

async function create(overrides: Record<string, unknown> = {}) {
  const r = await send('POST', '/api/facilities', planner, body(overrides));
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as Record<string, unknown> & { id: number; version: number };
}

describe('creating a facility', () => {
  it('works out its district, town and village, category and code from the point and subtype', async () => {
    const f = await create();
    expect(f).toMatchObject({
      districtCode: '500111',
      townCode: town.code,
      category: 'elderly_care',
      status: 'operating',
      version: 1,
      origin: 'manual',
    });
    expect(typeof f.villageCode).toBe('string');
    expect(String(f.villageCode).slice(0, 9)).toBe(town.code);
    expect(String(f.code)).toMatch(/^500111-M/);
    const pub = await send('GET', `/api/facilities/${f.id}`, null);
    expect(pub.statusCode).toBe(200);
    expect(pub.headers.etag).toBe('"1"');
    expect(pub.json().townName).toBe(town.name);
  });

  it('ignores a district or town sent by the client: they come from the position', async () => {
    const r = await send('POST', '/api/facilities', planner, body({ townCode: '500111999' }));
    expect(r.statusCode).toBe(400);
    expect(JSON.stringify(r.json().error)).toContain('townCode');
  });

  it('refuses bad input field by field and writes nothing', async () => {
    const before = await sql<{ n: string }>`SELECT count(*) AS n FROM facility_records`.execute(ctx.app.db);
    const r = await send(
      'POST',
      '/api/facilities',
      planner,
      body({
        subtype: 'no_such_type',
        operator: 'church',
        nursingBeds: 30,
        phone: 'call me',
        geometry: { type: 'Point', coordinates: [10, 50] },
      }),
    );
    expect(r.statusCode).toBe(422);
    const fields = (r.json().error.details as { field: string }[]).map((d) => d.field).sort();
    expect(fields).toEqual(
      ['body.geometry', 'body.nursingBeds', 'body.operator', 'body.phone', 'body.subtype'].sort(),
    );
    const after = await sql<{ n: string }>`SELECT count(*) AS n FROM facility_records`.execute(ctx.app.db);
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it('refuses a category that the subtype does not belong to', async () => {
    const r = await send('POST', '/api/facilities', planner, body({ category: 'funeral' }));
    expect(r.statusCode).toBe(422);
    expect(r.json().error.details).toMatchObject([
      {
        field: 'body.category',
        code: 'subtype_category',
        params: { subtype: 'community_station', category: 'elderly_care', given: 'funeral' },
      },
    ]);
  });
});

describe('who writes facilities', () => {
  it.each([
    ['viewer', 403],
    ['boundary_editor', 403],
    ['place_name_editor', 403],
    ['place_name_approver', 403],
  ] as const)('%s gets %i', async (role, status) => {
    const cookie = await signIn(ctx.app, role);
    expect((await send('POST', '/api/facilities', cookie, body())).statusCode).toBe(status);
  });

  it('anonymous callers get 401; an admin may', async () => {
    expect((await send('POST', '/api/facilities', null, body())).statusCode).toBe(401);
    const admin = await signIn(ctx.app, 'admin');
    expect((await send('POST', '/api/facilities', admin, body())).statusCode).toBe(201);
  });

  it('the import of facilities needs the same role', async () => {
    const { WRITER_ROLE } = await import('../../server/contract/import-collections.ts');
    const { FACILITY_KIND, VILLAGE_FIGURES_KIND } = await import(
      '../../server/modules/facilities/facility.kind.ts'
    );
    expect([WRITER_ROLE.facilities]).toEqual(FACILITY_KIND.writerRoles);
    expect([WRITER_ROLE['village-statistics']]).toEqual(VILLAGE_FIGURES_KIND.writerRoles);
  });
});

describe('editing a facility', () => {
  it('needs If-Match (428), refuses a stale version with the current record (412)', async () => {
    const f = await create();
    expect((await send('PATCH', `/api/facilities/${f.id}`, planner, { beds: 30 })).statusCode).toBe(428);
    const ok = await send('PATCH', `/api/facilities/${f.id}`, planner, { beds: 30 }, '"1"');
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.headers.etag).toBe('"2"');
    const stale = await send('PATCH', `/api/facilities/${f.id}`, planner, { beds: 40 }, '"1"');
    expect(stale.statusCode).toBe(412);
    expect(stale.json().error.details.current).toMatchObject({ version: 2, beds: 30 });
  });

  it('steps through planned → under construction → operating → closed, each with a reason', async () => {
    const f = await create({ status: 'planned' });
    const noReason = await send(
      'PATCH',
      `/api/facilities/${f.id}`,
      planner,
      { status: 'under_construction' },
      '"1"',
    );
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().error.details).toMatchObject([{ field: 'body.reason', code: 'reason_required' }]);
    let version = 1;
    for (const [status, reason] of [
      ['under_construction', '2026年开工'],
      ['operating', '验收合格，开始运营'],
      ['closed', '并入镇街养老服务中心'],
    ]) {
      const r = await send('PATCH', `/api/facilities/${f.id}`, planner, { status, reason }, `"${version}"`);
      expect(r.statusCode, r.body).toBe(200);
      version = r.json().version;
    }
    const backwards = await send(
      'PATCH',
      `/api/facilities/${f.id}`,
      planner,
      { status: 'planned', reason: '重新规划' },
      `"${version}"`,
    );
    expect(backwards.statusCode).toBe(422);
    expect(backwards.json().error.details[0]).toMatchObject({
      field: 'body.status',
      code: 'transition_not_allowed',
      params: { from: 'closed', to: 'planned', allowed: ['operating'] },
    });
    const history = await send('GET', `/api/facilities/${f.id}/history`, planner);
    expect(history.statusCode).toBe(200);
    const items = history.json().items as { version: number; reason: string; userName: string }[];
    expect(items.map((i) => i.reason)).toEqual([
      '并入镇街养老服务中心',
      '验收合格，开始运营',
      '2026年开工',
      null,
    ]);
    expect(items[0]!.userName).toBe('测试 planner');
    expect((await send('GET', `/api/facilities/${f.id}/history`, null)).statusCode).toBe(401);
  });

  it('moving it to another town moves its town and village with it, and says how far', async () => {
    const f = await create();
    const r = await send(
      'PATCH',
      `/api/facilities/${f.id}`,
      planner,
      { geometry: { type: 'Point', coordinates: [otherTown.lon, otherTown.lat] } },
      '"1"',
    );
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().townCode).toBe(otherTown.code);
    expect(String(r.json().villageCode).slice(0, 9)).toBe(otherTown.code);
    const history = (await send('GET', `/api/facilities/${f.id}/history`, planner)).json();
    const changes = history.items[0].changes as { field: string; movedM?: number }[];
    expect(changes.map((c) => c.field).sort()).toEqual(['geometry', 'townCode', 'villageCode']);
    expect(changes.find((c) => c.field === 'geometry')!.movedM).toBeGreaterThan(100);
  });

  it('a write that does not bump the version itself (an import) still makes If-Match stale', async () => {
    const f = await create();
    await sql`UPDATE facilities SET beds = 99 WHERE id = ${f.id}`.execute(ctx.app.db);
    const r = await send('PATCH', `/api/facilities/${f.id}`, planner, { beds: 10 }, '"1"');
    expect(r.statusCode).toBe(412);
    expect(r.json().error.details.current.beds).toBe(99);
  });
});

describe('an import of facilities', () => {
  it('is a version in the same history, with the import as reason; its undo too', async () => {
    const f = await create();
    const { upload } = importer(ctx, () => planner);
    const header = ['code', 'name', 'subtype', 'operator', 'beds', 'lon', 'lat'];
    const file = (beds: number) => ({
      name: 'beds.csv',
      data: csvFile(header, [
        [String(f.code), '测试康养中心', 'community_station', '公办', beds, town.lon, town.lat],
      ]),
    });
    const report = (await upload({ collection: 'facilities', mode: 'commit' }, file(35))).json();
    expect(report).toMatchObject({ committed: true, updated: 1 });
    // The If-Match the planner held before the import is stale now.
    const stale = await send('PATCH', `/api/facilities/${f.id}`, planner, { beds: 5 }, '"1"');
    expect(stale.statusCode).toBe(412);
    const history = (await send('GET', `/api/facilities/${f.id}/history`, planner)).json();
    expect(history.items[0]).toMatchObject({
      version: 2,
      action: 'update',
      reason: `导入 #${report.importId}: beds.csv`,
    });
    expect(history.items[0].changes.map((c: { field: string }) => c.field)).toContain('beds');
    const undo = await ctx.app.inject({
      method: 'POST',
      url: `/api/imports/${report.importId}/undo`,
      payload: {},
      headers: { cookie: planner, 'x-requested-with': 'civic-atlas' },
    });
    expect(undo.statusCode, undo.body).toBe(200);
    const after = (await send('GET', `/api/facilities/${f.id}/history`, planner)).json();
    expect(after.items[0]).toMatchObject({ version: 3, action: 'restore' });
    expect(after.items[0].after.beds).toBe(20);
  });
});

describe('deleting and restoring a facility', () => {
  it('deletes softly with a reason, hides it everywhere, and restores it', async () => {
    const f = await create();
    const noReason = await send('DELETE', `/api/facilities/${f.id}`, planner, { reason: ' ' }, '"1"');
    expect(noReason.statusCode).toBe(422);
    const del = await send('DELETE', `/api/facilities/${f.id}`, planner, { reason: '重复录入' }, '"1"');
    expect(del.statusCode, del.body).toBe(200);
    expect(del.json().deletedAt).not.toBeNull();
    expect((await send('GET', `/api/facilities/${f.id}`, null)).statusCode).toBe(404);
    expect((await send('GET', `/api/collections/facilities/items/${f.id}`, null)).statusCode).toBe(404);
    const restored = await send('POST', `/api/facilities/${f.id}/restore`, planner, { version: 1 }, '"2"');
    expect(restored.statusCode, restored.body).toBe(200);
    expect(restored.json()).toMatchObject({ version: 3, deletedAt: null });
    expect((await send('GET', `/api/collections/facilities/items/${f.id}`, null)).statusCode).toBe(200);
    const actions = (await send('GET', `/api/facilities/${f.id}/history`, planner))
      .json()
      .items.map((i: { action: string }) => i.action);
    expect(actions).toEqual(['restore', 'delete', 'create']);
  });
});

describe('a saved facility is visible at once', () => {
  async function tileNames(lon: number, lat: number): Promise<string[]> {
    const { x, y } = tileAt(lon, lat, 15);
    const r = await ctx.app.inject({ method: 'GET', url: `/tiles/facilities/15/${x}/${y}.mvt` });
    const layer = new VectorTile(new Protobuf(r.rawPayload)).layers.facilities;
    if (!layer) return [];
    return Array.from({ length: layer.length }, (_, i) => String(layer.feature(i).properties.name));
  }

  async function coverage() {
    const r = await ctx.app.inject({
      method: 'POST',
      url: '/api/coverage',
      payload: { district: '500111', facilities: { subtypes: ['community_station'] }, radiusMeters: 1000 },
    });
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as { totals: { facilityCount: number; coveredPopulation: number } };
  }

  it("moves the facilities layer's tile URL: the version is the layer's name, not the table's", async () => {
    const tileUrl = async () =>
      (await ctx.app.inject({ method: 'GET', url: '/tiles/facilities.json' })).json().tiles[0] as string;
    const before = await tileUrl();
    const f = await create({ name: `版本测试站${Date.now()}` });
    const after = await tileUrl();
    expect(after).not.toBe(before);
    await send('DELETE', `/api/facilities/${f.id}`, planner, { reason: '测试完毕' }, '"1"');
    expect(await tileUrl()).not.toBe(after);
    // The triggers on the renamed tables bump the layers' names (facilities, place_names) only.
    const { rows } = await sql<{ table_name: string }>`
      SELECT table_name FROM data_versions WHERE table_name LIKE '%\_records'`.execute(ctx.app.db);
    expect(rows).toEqual([]);
  });

  it('in tiles, nearest services and coverage right after the save, and gone after a delete', async () => {
    // A place with no community station within 1 km, so the new one adds covered people.
    const { rows } = await sql<{ lon: number; lat: number }>`
      SELECT ST_X(v.geom) AS lon, ST_Y(v.geom) AS lat FROM villages v
      WHERE v.district_code = '500111' AND v.population > 0 AND NOT EXISTS (
        SELECT 1 FROM facilities f WHERE f.subtype = 'community_station' AND f.status = 'operating'
          AND ST_DWithin(f.geom::geography, v.geom::geography, 1500))
      ORDER BY v.code LIMIT 1`.execute(ctx.app.db);
    const at = rows[0]!;
    const name = `即时可见测试站${Date.now()}`;
    const before = await coverage();
    const f = await create({ name, geometry: { type: 'Point', coordinates: [at.lon, at.lat] } });

    expect(await tileNames(at.lon, at.lat)).toContain(name);
    const nearest = await ctx.app.inject({
      method: 'GET',
      url: `/api/nearest?lon=${at.lon}&lat=${at.lat}&category=elderly_care&limit=1`,
    });
    expect(nearest.json().results[0].name).toBe(name);
    const after = await coverage();
    expect(after.totals.facilityCount).toBe(before.totals.facilityCount + 1);
    expect(after.totals.coveredPopulation).toBeGreaterThan(before.totals.coveredPopulation);

    await send('DELETE', `/api/facilities/${f.id}`, planner, { reason: '测试完毕' }, '"1"');
    expect(await tileNames(at.lon, at.lat)).not.toContain(name);
    expect((await coverage()).totals.facilityCount).toBe(before.totals.facilityCount);
  });
});

describe('village figures by year', () => {
  it('a new year becomes the village figures coverage counts, and says which year', async () => {
    const { rows } = await sql<{ code: string; population: number }>`
      SELECT v.code, v.population FROM villages v WHERE v.district_code = '500111' AND v.figures_year = 2024
      ORDER BY v.code DESC LIMIT 1`.execute(ctx.app.db);
    const village = rows[0]!;
    const year = new Date().getUTCFullYear();
    const r = await send('POST', '/api/village-figures', planner, {
      villageCode: village.code,
      year,
      population: village.population + 500,
      elderlyPopulation: 400,
      households: 700,
      source: '村委会年报',
    });
    expect(r.statusCode, r.body).toBe(201);
    const row = await ctx.app.db
      .selectFrom('villages')
      .select(['population', 'figures_year'])
      .where('code', '=', village.code)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ population: village.population + 500, figures_year: year });
    const cov = await ctx.app.inject({
      method: 'POST',
      url: '/api/coverage',
      payload: { district: '500111', lifeCircle: '15min' },
    });
    expect(cov.json().populationYears).toContain(year);

    const dup = await send('POST', '/api/village-figures', planner, {
      villageCode: village.code,
      year,
      population: 1,
      elderlyPopulation: 2,
      households: 1,
    });
    expect(dup.statusCode).toBe(422);
    expect((dup.json().error.details as { field: string }[]).map((d) => d.field).sort()).toEqual([
      'body.elderlyPopulation',
      'body.year',
    ]);

    const id = r.json().id;
    const noReason = await send('PATCH', `/api/village-figures/${id}`, planner, { households: 710 }, '"1"');
    expect(noReason.statusCode).toBe(422);
    const fixed = await send(
      'PATCH',
      `/api/village-figures/${id}`,
      planner,
      { households: 710, reason: '按户籍系统更正' },
      '"1"',
    );
    expect(fixed.statusCode).toBe(200);
    // Deleting the new year puts the village back on the year before.
    await send('DELETE', `/api/village-figures/${id}`, planner, { reason: '录错年份' }, '"2"');
    const back = await ctx.app.db
      .selectFrom('villages')
      .select(['population', 'figures_year'])
      .where('code', '=', village.code)
      .executeTakeFirstOrThrow();
    expect(back).toEqual({ population: village.population, figures_year: 2024 });
  });
});
