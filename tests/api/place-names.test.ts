// Place-name API: bad input → 400 naming the field, /at and /nearest on fixtures with known answers,
// the full record, former names, `near` as the tie-breaker, and search keys kept by the triggers.
// Fixtures live in test district 999901 far from the demo districts, inside one transaction that is
// rolled back at the end, so other test files running at the same time never see them.
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../server/app.ts';
import { databaseUrl } from '../../server/db/database.ts';
import type { DB } from '../../server/db/schema.ts';

let client: pg.PoolClient;
let pool: pg.Pool;
let app: App;

// 1° of longitude at 40° N ≈ 85.39 km on the ellipsoid.
const LON0 = 120;
const LAT0 = 40;
const square = (w: number, s: number, e: number, n: number) =>
  `SRID=4326;MULTIPOLYGON(((${w} ${s},${e} ${s},${e} ${n},${w} ${n},${w} ${s})))`;
const pt = (lon: number, lat: number) => `SRID=4326;POINT(${lon} ${lat})`;

async function seedFixtures(c: pg.PoolClient): Promise<void> {
  await c.query(
    `INSERT INTO districts (code, name, outline, outline_origin, outline_source) VALUES ('999901', '测试区', $1, 'synthetic', 'test')`,
    [square(119.9, 39.9, 120.1, 40.1)],
  );
  await c.query(
    `INSERT INTO towns (code, name, kind, district_code, geom, seat, geom_origin) VALUES
       ('999901001', '甲测镇', 'town', '999901', $1, $2, 'synthetic'),
       ('999901002', '乙测镇', 'town', '999901', $3, $4, 'synthetic')`,
    [square(119.9, 39.9, 120.0, 40.1), pt(119.95, 40.0), square(120.0, 39.9, 120.1, 40.1), pt(120.05, 40.0)],
  );
  await c.query(
    `INSERT INTO villages (code, name, kind, town_code, district_code, geom, population, elderly_population, households,
       geom_origin, population_origin) VALUES
       ('999901001001', '东测村', 'village', '999901001', '999901', $1, 100, 20, 40, 'synthetic', 'synthetic'),
       ('999901001002', '西测村', 'village', '999901001', '999901', $2, 100, 20, 40, 'synthetic', 'synthetic'),
       ('999901002001', '南测村', 'village', '999901002', '999901', $3, 100, 20, 40, 'synthetic', 'synthetic')`,
    [pt(119.96, 40.01), pt(119.91, 40.0), pt(120.02, 40.0)],
  );
  const facility = (
    code: string,
    category: string,
    subtype: string,
    name: string,
    status: string,
    lon: number,
  ) =>
    c.query(
      `INSERT INTO facilities (code, category, subtype, name, operator, status, district_code, geom, origin)
       VALUES ($1, $2, $3, $4, 'public', $5, '999901', $6, 'synthetic')`,
      [code, category, subtype, name, status, pt(lon, LAT0)],
    );
  await facility('T-F1', 'elderly_care', 'institution', '测试养老院一', 'operating', 120.001);
  await facility('T-F2', 'elderly_care', 'care_home', '测试敬老院二', 'operating', 120.01);
  await facility('T-F3', 'elderly_care', 'institution', '测试规划养老院', 'planned', 120.0005);
  await facility('T-F4', 'funeral', 'funeral_home', '测试殡仪馆', 'operating', 120.05);
  await facility('T-F5', 'community', 'community_centre', '测试社区服务中心', 'operating', 119.998);
  const place = (
    code: string,
    name: string,
    pinyin: string,
    category: string,
    town: string,
    lon: number,
    lat: number,
    extra = '',
  ) =>
    c.query(
      `INSERT INTO place_names (code, name, pinyin, category, district_code, town_code, geom, label_point, source, origin,
         name_origin, is_historical, protection_list, protection_batch, protection_year)
       VALUES ($1, $2, $3, $4, '999901', $5, $6, $6, 'test fixture', 'synthetic', $7, $8, $9, $10, $11)`,
      [
        code,
        name,
        pinyin,
        category,
        town,
        pt(lon, lat),
        extra || null,
        extra !== '',
        extra ? '测试历史地名保护名录' : null,
        extra ? 1 : null,
        extra ? 2020 : null,
      ],
    );
  await place('T-P1', '测试甲山', 'Cèshìjiǎ Shān', 'terrain', '999901001', 119.97, 40.02, '因山形如甲而得名');
  await place('T-P2', '测试同名湾', 'Cèshì Tóngmíngwān', 'settlement', '999901001', 119.95, 40.0);
  await place('T-P3', '测试同名湾', 'Cèshì Tóngmíngwān', 'settlement', '999901002', 120.05, 40.0);
  await place('T-P4', '测试长滩', 'Cèshì Chángtān', 'settlement', '999901001', 119.999, 40.0);
  await c.query(
    `INSERT INTO place_name_aliases (place_name_id, name, kind, valid_from, valid_to)
     SELECT id, '旧测试岭', 'former', '1950-01-01', '1981-12-31' FROM place_names WHERE code = 'T-P1'`,
  );
}

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: databaseUrl(), max: 1 });
  client = await pool.connect();
  await client.query('BEGIN');
  await seedFixtures(client);
  // Every query of the app goes through this one connection, inside the open transaction.
  const shared = { query: client.query.bind(client), release: () => {} };
  const oneConnection = { connect: async () => shared, query: shared.query, end: async () => {} };
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: oneConnection as unknown as pg.Pool }) });
  app = await buildApp({ db, pool: oneConnection as unknown as pg.Pool });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await client?.query('ROLLBACK');
  client?.release();
  await pool?.end();
});

async function get(url: string) {
  const response = await app.inject({ method: 'GET', url });
  return { status: response.statusCode, body: response.json() };
}

function expectBadRequest(
  result: { status: number; body: { error: { details?: Array<{ field: string }> } } },
  field: string,
) {
  expect(result.status).toBe(400);
  expect(result.body.error.details?.map((d) => d.field)).toContain(field);
}

describe('bad input is a 400 that names the field, never a 500', () => {
  it.each([
    ['missing q', '/api/place-names/search', 'query.q'],
    ['empty q', '/api/place-names/search?q=', 'query.q'],
    ['blank q', '/api/place-names/search?q=%20%20%20', 'query.q'],
    ['q over 100 characters', `/api/place-names/search?q=${'龙'.repeat(101)}`, 'query.q'],
    ['q with NUL', '/api/place-names/search?q=%E9%BE%99%00', 'query.q'],
    ['q with a newline', '/api/place-names/search?q=a%0Ab', 'query.q'],
    ['q with ESC', '/api/place-names/search?q=%1B%5B31m', 'query.q'],
    ['q of apostrophes only', "/api/place-names/search?q='''", 'query.q'],
    ['near not two numbers', '/api/place-names/search?q=龙&near=abc', 'query.near'],
    ['near out of range', '/api/place-names/search?q=龙&near=200,10', 'query.near'],
    ['near with NaN', '/api/place-names/search?q=龙&near=NaN,10', 'query.near'],
    ['limit 0', '/api/place-names/search?q=龙&limit=0', 'query.limit'],
    ['limit too large', '/api/place-names/search?q=龙&limit=1000', 'query.limit'],
    ['district not 6 digits', '/api/place-names/search?q=龙&district=abc', 'query.district'],
    ['unknown parameter', '/api/place-names/search?q=龙&foo=1', 'query.foo'],
    ['at: lon not a number', '/api/place-names/at?lon=abc&lat=40', 'query.lon'],
    ['at: lat out of range', '/api/place-names/at?lon=120&lat=95', 'query.lat'],
    ['at: lat missing', '/api/place-names/at?lon=120', 'query.lat'],
    ['nearest: lon out of range', '/api/nearest?lon=-181&lat=40', 'query.lon'],
    ['nearest: unknown category', '/api/nearest?lon=120&lat=40&category=hospital', 'query.category'],
    ['record: id not a number', '/api/place-names/abc', 'params.id'],
  ])('%s', async (_label, url, field) => {
    expectBadRequest(await get(url), field);
  });

  it('treats LIKE wildcards and regex characters as text', async () => {
    for (const q of ['%', '_', '\\', '.*', '(', '[a', '%%%%', '龙%', 'a|b']) {
      const { status, body } = await get(`/api/place-names/search?q=${encodeURIComponent(q)}`);
      expect(status, q).toBe(200);
      expect(body.results, q).toEqual([]);
    }
  });

  it('answers characters it has no pinyin for with results or an empty list', async () => {
    for (const q of ['😀', '𠀀', 'ㄅㄆ', 'Ω', '١٢٣', '～']) {
      const { status } = await get(`/api/place-names/search?q=${encodeURIComponent(q)}`);
      expect(status, q).toBe(200);
    }
  });

  it('404s a record that does not exist', async () => {
    const { status, body } = await get('/api/place-names/999999999999');
    expect(status).toBe(404);
    expect(body.error.code).toBe('not_found');
  });
});

describe('GET /api/place-names/at', () => {
  it('finds the district, the town whose polygon holds the point, its nearest village and the nearest names', async () => {
    const { status, body } = await get('/api/place-names/at?lon=119.97&lat=40.015');
    expect(status).toBe(200);
    expect(body.district).toEqual({ code: '999901', name: '测试区' });
    expect(body.town).toEqual({ code: '999901001', name: '甲测镇', kind: 'town' });
    expect(body.village.name).toBe('东测村'); // 119.96,40.01 rather than 西测村 at 119.91,40.0
    expect(body.village.distanceM).toBeGreaterThan(900);
    expect(body.village.distanceM).toBeLessThan(1200);
    expect(body.nearby[0].name).toBe('测试甲山'); // 119.97,40.02: 555 m north
    expect(body.nearby[0].distanceM).toBeCloseTo(555, -1);
    const distances = body.nearby.map((n: { distanceM: number }) => n.distanceM);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
  });

  it('keeps the village in the town that holds the point, even when another town’s village is nearer', async () => {
    // 120.0001 lies in 乙测镇; 东测村 (甲测镇) is farther than 南测村 anyway, but 西/东 must not appear.
    const { body } = await get('/api/place-names/at?lon=120.0001&lat=40.0');
    expect(body.town.name).toBe('乙测镇');
    expect(body.village.name).toBe('南测村');
  });

  it('answers with nulls outside every town', async () => {
    const { status, body } = await get('/api/place-names/at?lon=0&lat=0');
    expect(status).toBe(200);
    expect(body.town).toBeNull();
    expect(body.village).toBeNull();
    expect(body.district).toBeNull();
  });
});

describe('GET /api/nearest', () => {
  it('lists the nearest operating elderly-care facilities with straight-line metres, nearest first', async () => {
    const { status, body } = await get(`/api/nearest?lon=${LON0}&lat=${LAT0}&category=elderly_care&limit=2`);
    expect(status).toBe(200);
    expect(body.results.map((r: { name: string }) => r.name)).toEqual(['测试养老院一', '测试敬老院二']);
    // 0.001° and 0.01° of longitude at 40° N on the WGS84 ellipsoid: 85.39 m and 853.9 m.
    expect(body.results[0].distanceM).toBeGreaterThanOrEqual(85);
    expect(body.results[0].distanceM).toBeLessThanOrEqual(86);
    expect(body.results[1].distanceM).toBeGreaterThanOrEqual(853);
    expect(body.results[1].distanceM).toBeLessThanOrEqual(855);
    expect(body.results[0].subtypeName).toBe('养老机构');
  });

  it('leaves out planned facilities and mixes categories when none is given', async () => {
    const { body } = await get(`/api/nearest?lon=${LON0}&lat=${LAT0}&limit=4`);
    const names = body.results.map((r: { name: string }) => r.name);
    expect(names).not.toContain('测试规划养老院');
    expect(names).toEqual(['测试养老院一', '测试社区服务中心', '测试敬老院二', '测试殡仪馆']);
  });

  it('finds the funeral home for the funeral category', async () => {
    const { body } = await get(`/api/nearest?lon=${LON0}&lat=${LAT0}&category=funeral&limit=1`);
    expect(body.results[0].name).toBe('测试殡仪馆');
    expect(body.results[0].distanceM).toBeCloseTo(4270, -1); // 0.05° of longitude
  });
});

describe('search and records', () => {
  it('finds a place by its former name and says what it is called now', async () => {
    const { body } = await get('/api/place-names/search?q=旧测试岭&district=999901');
    expect(body.results[0]).toMatchObject({
      name: '测试甲山',
      matchedField: 'formerName',
      matchKind: 'exact',
      highlight: { text: '旧测试岭', ranges: [[0, 4]] },
      isHistorical: true,
    });
  });

  it('lets near break ties between places of the same name', async () => {
    const west = await get('/api/place-names/search?q=测试同名湾&district=999901&near=119.95,40.0');
    expect(west.body.results.map((r: { townName: string }) => r.townName)).toEqual(['甲测镇', '乙测镇']);
    expect(west.body.results[0].distanceM).toBe(0);
    const east = await get('/api/place-names/search?q=测试同名湾&district=999901&near=120.06,40.0');
    expect(east.body.results.map((r: { townName: string }) => r.townName)).toEqual(['乙测镇', '甲测镇']);
  });

  it('uses the record’s own spelling for polyphonic characters (长 cháng, not zhǎng)', async () => {
    const { body } = await get('/api/place-names/search?q=ceshichangtan&district=999901');
    expect(body.results[0]?.name).toBe('测试长滩');
    const wrong = await get('/api/place-names/search?q=ceshizhangtan&district=999901');
    expect(wrong.body.results.map((r: { matchKind: string }) => r.matchKind)).not.toContain('pinyin');
  });

  it('highlights the matched characters for pinyin and mixed queries', async () => {
    const { body } = await get('/api/place-names/search?q=jiashan&district=999901');
    expect(body.results[0]).toMatchObject({
      name: '测试甲山',
      matchedField: 'pinyin',
      highlight: { ranges: [[2, 4]] },
    });
    const mixed = await get(`/api/place-names/search?q=${encodeURIComponent('测试js')}&district=999901`);
    expect(mixed.body.results[0]).toMatchObject({ name: '测试甲山', highlight: { ranges: [[0, 4]] } });
  });

  it('returns the full record with former names, protection and history', async () => {
    const found = await get('/api/place-names/search?q=测试甲山&district=999901');
    const { status, body } = await get(`/api/place-names/${found.body.results[0].id}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      name: '测试甲山',
      pinyin: 'Cèshìjiǎ Shān',
      category: 'terrain',
      categoryName: '陆地地形',
      district: { code: '999901', name: '测试区' },
      town: { code: '999901001', name: '甲测镇' },
      origin: '因山形如甲而得名',
      isHistorical: true,
      protection: { list: '测试历史地名保护名录', batch: 1, year: 2020 },
      aliases: [
        { name: '旧测试岭', kind: 'former', validFrom: '1950-01-01', validTo: '1981-12-31', note: null },
      ],
      geometry: { type: 'Point', coordinates: [119.97, 40.02] },
      point: [119.97, 40.02],
      dataOrigin: 'synthetic',
    });
  });

  it('lists protection-list names in the historical list', async () => {
    const { body } = await get('/api/place-names/historical?district=999901');
    expect(body.results.map((r: { name: string }) => r.name)).toEqual(['测试甲山']);
  });

  it('keeps search keys current when names and aliases change (triggers)', async () => {
    await client.query(
      `UPDATE place_names SET name = '测试乙峰', pinyin = 'Cèshì Yǐfēng' WHERE code = 'T-P1'`,
    );
    await client.query(
      `INSERT INTO place_name_aliases (place_name_id, name, kind) SELECT id, '测试别名坡', 'alias' FROM place_names WHERE code = 'T-P1'`,
    );
    const renamed = await get('/api/place-names/search?q=csyf&district=999901');
    expect(renamed.body.results[0]?.name).toBe('测试乙峰');
    const byAlias = await get('/api/place-names/search?q=biemingpo&district=999901');
    expect(byAlias.body.results[0]).toMatchObject({ name: '测试乙峰', matchedField: 'alias' });
    const old = await get('/api/place-names/search?q=测试甲山&district=999901');
    expect(old.body.results.map((r: { name: string }) => r.name)).not.toContain('测试甲山');
    await client.query(`DELETE FROM place_name_aliases WHERE name = '测试别名坡'`);
    const gone = await get('/api/place-names/search?q=测试别名坡&district=999901');
    expect(gone.body.results).toEqual([]);
  });
});
