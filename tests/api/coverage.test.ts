// POST /api/coverage and /api/coverage/suggestions on the hand-made fixture (tests/fixtures/coverage),
// whose answers are worked out by hand below, plus validation and the radius settings.
//
// Total population 10,150, elderly 2,300. Nearest facility and distance of each village:
//   town A: V01 150 · V02 300 (on) · V03 300.01 · V04 500 (on) · V05 501 · V06 1000 (on) · V07 1000.2  (F1)
//           V11 200 from F3 (planned), ≈5020 from F1 (measured by PostGIS in the test)
//   town B: V08 400 · V09 1500 · V10 2000 (on) · V12 3000  (F2)
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../server/app.ts';
import { type DatabaseHandle, openDatabase } from '../../server/db/database.ts';
import { migrate } from '../../server/db/migrate.ts';
import {
  FIXTURE_DISTRICT,
  insertFixture,
  removeFixture,
  TOWN_A,
  TOWN_B,
  VILLAGES,
} from '../fixtures/coverage/hand-made.ts';
import { useTestApp } from '../helpers/app.ts';
import { FROM_APP, signIn } from '../helpers/auth.ts';
import { createDatabase } from '../helpers/cluster.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useTestApp();
beforeAll(async () => insertFixture(ctx.app.db));
afterAll(async () => removeFixture(ctx.app.db));

const codeOf = (prefix: string) => VILLAGES.find((v) => v.name.startsWith(prefix))!.code;
const base = { district: FIXTURE_DISTRICT, facilities: { categories: ['elderly_care'] } };

async function coverage(body: Record<string, unknown>) {
  const response = await ctx.app.inject({ method: 'POST', url: '/api/coverage', payload: body });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

const uncoveredCodes = (result: { uncoveredVillages: { features: { id: string }[] } }) =>
  result.uncoveredVillages.features.map((f) => f.id).sort();

describe('coverage on the hand-made fixture', () => {
  it('5min (300 m): on the radius is covered, 1 cm beyond is not', async () => {
    const r = await coverage({ ...base, lifeCircle: '5min' });
    expect(r.radius).toMatchObject({ lifeCircle: '5min', meters: 300 });
    // V01 + V02 (exactly 300 m)
    expect(r.totals).toMatchObject({
      population: 10150,
      elderlyPopulation: 2300,
      coveredPopulation: 1800,
      coveredElderly: 360,
      facilityCount: 2,
      villageCount: 12,
      coveredVillageCount: 2,
    });
    expect(r.totals.rate).toBeCloseTo(1800 / 10150, 6);
    expect(r.totals.elderlyRate).toBeCloseTo(360 / 2300, 6);
    expect(uncoveredCodes(r)).toContain(codeOf('V03'));
    expect(uncoveredCodes(r)).not.toContain(codeOf('V02'));
  });

  it('10min (500 m)', async () => {
    const r = await coverage({ ...base, lifeCircle: '10min' });
    // V01–V04 (V04 exactly 500 m) + V08
    expect(r.totals).toMatchObject({ coveredPopulation: 3800, coveredElderly: 820, coveredVillageCount: 5 });
  });

  it('15min (1000 m): totals, towns with medians, uncovered villages with their distances', async () => {
    const r = await coverage({ ...base, lifeCircle: '15min' });
    // V01–V06 (V06 exactly 1000 m) + V08; V07 at 1000.2 m is out
    expect(r.totals).toMatchObject({ coveredPopulation: 4900, coveredElderly: 1050, coveredVillageCount: 7 });
    const [a, b] = r.towns;
    // town A: V01–V07 + V11 = 5,400 people; covered V01–V06 = 4,000 / elderly 840 of 1,170.
    // Median of 150, 300, 300.01, 500, 501, 1000, 1000.2, ≈5020 = (500 + 501) / 2.
    expect(a).toMatchObject({
      code: TOWN_A,
      name: '甲镇',
      population: 5400,
      elderlyPopulation: 1170,
      coveredPopulation: 4000,
      coveredElderly: 840,
      facilityCount: 1,
      villageCount: 8,
      coveredVillageCount: 6,
      medianNearestM: 500.5,
    });
    // town B: V08, V09, V10, V12 = 4,750 people; covered V08 = 900 / 210. Median (1500 + 2000) / 2.
    expect(b).toMatchObject({
      code: TOWN_B,
      population: 4750,
      elderlyPopulation: 1130,
      coveredPopulation: 900,
      coveredElderly: 210,
      facilityCount: 1,
      medianNearestM: 1750,
    });
    expect(b.rate).toBeCloseTo(900 / 4750, 6);
    // Uncovered, most elderly first: V12 500, V09 300, V11 250, V10 120, V07 80.
    const features = r.uncoveredVillages.features;
    expect(features.map((f: { properties: { name: string } }) => f.properties.name.slice(0, 3))).toEqual([
      'V12',
      'V09',
      'V11',
      'V10',
      'V07',
    ]);
    expect(r.uncoveredVillages).toMatchObject({
      type: 'FeatureCollection',
      numberMatched: 5,
      numberReturned: 5,
    });
    const nearest = Object.fromEntries(
      features.map((f: { properties: { name: string; nearestM: number } }) => [
        f.properties.name.slice(0, 3),
        f.properties.nearestM,
      ]),
    );
    expect(nearest).toMatchObject({ V12: 3000, V09: 1500, V10: 2000, V07: 1000.2 });
    // V11 lies 200 m due north of F3 (110.02, 30.04); from F1 (110.0, 30.0) that is about
    // hypot(0.02° · 96.5 km, 0.0418° · 110.85 km) ≈ 5.02 km. PostGIS's geodesic on the stored point
    // gives the exact figure; the API rounds distances to 0.1 m.
    const { rows } = await sql<{ metres: number }>`
      SELECT ST_Distance(geom::geography, ST_Point(110.0, 30.0, 4326)::geography)::float8 AS metres
      FROM villages WHERE code = ${codeOf('V11')}`.execute(ctx.app.db);
    expect(rows[0]!.metres).toBeGreaterThan(5000);
    expect(rows[0]!.metres).toBeLessThan(5040);
    expect(nearest.V11).toBe(Math.round(rows[0]!.metres * 10) / 10);
    expect(features[0].geometry.type).toBe('Point');
    expect(features[0].properties).toMatchObject({
      townCode: TOWN_B,
      townName: '乙镇',
      population: 2000,
      elderlyPopulation: 500,
    });
  });

  it('returns the service area clipped to the district', async () => {
    const r = await coverage({ ...base, lifeCircle: '15min' });
    expect(['Polygon', 'MultiPolygon']).toContain(r.serviceArea.type);
    const coords = JSON.stringify(r.serviceArea.coordinates)
      .match(/-?\d+\.\d+/g)!
      .map(Number);
    const lons = coords.filter((_, i) => i % 2 === 0);
    const lats = coords.filter((_, i) => i % 2 === 1);
    // Circles of 1 km around F1 (110.00, 30.00) and F2 (110.05, 30.00): ±0.0104° lon, ±0.009° lat.
    expect(Math.min(...lons)).toBeCloseTo(110 - 0.01037, 3);
    expect(Math.max(...lons)).toBeCloseTo(110.05 + 0.01037, 3);
    expect(Math.min(...lats)).toBeCloseTo(30 - 0.00902, 3);
    expect(Math.max(...lats)).toBeCloseTo(30.00902, 3);
  });

  it('any radius in metres', async () => {
    const r = await coverage({ ...base, radiusMeters: 1000.1 });
    expect(r.radius).toMatchObject({ lifeCircle: null, meters: 1000.1 });
    expect(r.totals.coveredPopulation).toBe(4900); // V07 at 1000.2 still out
    const wider = await coverage({ ...base, radiusMeters: 1000.2 });
    expect(wider.totals.coveredPopulation).toBe(5200); // now on the radius: + V07 (300)
  });

  it('default radii per subtype: community_station 1000 m, village_point 2000 m', async () => {
    const r = await coverage({ ...base, lifeCircle: 'default' });
    expect(r.radius).toEqual({
      lifeCircle: 'default',
      meters: null,
      bySubtype: { community_station: 1000, village_point: 2000 },
    });
    // V01–V06 + V08, V09, V10 (exactly 2000 m)
    expect(r.totals).toMatchObject({ coveredPopulation: 6750, coveredElderly: 1470, coveredVillageCount: 9 });
  });

  it('counts planned facilities when asked', async () => {
    const r = await coverage({
      ...base,
      facilities: { statuses: ['operating', 'planned'] },
      lifeCircle: '15min',
    });
    expect(r.totals).toMatchObject({ coveredPopulation: 6000, coveredElderly: 1300, facilityCount: 3 });
    // V11's nearest is now F3 at 200 m: 150, 200, 300, 300.01 | 500, … → (300.01 + 500) / 2
    expect(r.towns[0].medianNearestM).toBe(400);
    const onlyStations = await coverage({
      ...base,
      facilities: { subtypes: ['community_station'] },
      lifeCircle: '15min',
    });
    expect(onlyStations.totals).toMatchObject({ coveredPopulation: 4000, facilityCount: 1 });
  });

  it('proposed sites: totals include them, delta against the same request without them', async () => {
    const v12 = await coverage({ ...base, lifeCircle: '15min' }).then(
      (r) =>
        r.uncoveredVillages.features.find((f: { id: string }) => f.id === codeOf('V12')).geometry.coordinates,
    );
    const r = await coverage({
      ...base,
      lifeCircle: '15min',
      proposed: [
        { lon: v12[0], lat: v12[1] },
        { lon: 110.0, lat: 30.0 }, // on top of F1: covers nothing new
      ],
    });
    expect(r.totals).toMatchObject({ coveredPopulation: 6900, coveredElderly: 1550, facilityCount: 4 });
    expect(r.delta).toMatchObject({
      coveredPopulation: 2000,
      coveredElderly: 500,
      facilityCount: 2,
      coveredVillageCount: 1,
    });
    expect(r.delta.rate).toBeCloseTo(2000 / 10150, 5);
    expect(r.delta.towns).toEqual([
      expect.objectContaining({ code: TOWN_A, coveredPopulation: 0, facilityCount: 1 }),
      expect.objectContaining({
        code: TOWN_B,
        coveredPopulation: 2000,
        coveredElderly: 500,
        facilityCount: 1,
      }),
    ]);
    expect(r.proposed).toEqual([
      expect.objectContaining({
        radiusM: 1000,
        townCode: TOWN_B,
        newlyCoveredPopulation: 2000,
        newlyCoveredElderly: 500,
      }),
      expect.objectContaining({ radiusM: 1000, townCode: TOWN_A, newlyCoveredPopulation: 0 }),
    ]);
    expect(uncoveredCodes(r)).not.toContain(codeOf('V12'));
    // town B's nearest distances are now 400, 1500, 2000, 0: median 950
    expect(r.towns[1].medianNearestM).toBe(950);
  });

  it('proposed sites with default radii take their subtype’s radius', async () => {
    const r = await coverage({
      ...base,
      lifeCircle: 'default',
      proposed: [{ lon: 110.0, lat: 30.0, subtype: 'village_point' }],
    });
    // A village_point (2000 m) on F1's spot adds V07 (1000.2 m from F1): + 300 / 80
    expect(r.delta).toMatchObject({ coveredPopulation: 300, coveredElderly: 80 });
    expect(r.proposed[0]).toMatchObject({ subtype: 'village_point', radiusM: 2000 });
    const missing = await ctx.app.inject({
      method: 'POST',
      url: '/api/coverage',
      payload: { ...base, lifeCircle: 'default', proposed: [{ lon: 110, lat: 30 }] },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details[0].field).toBe('body.proposed[0].subtype');
  });
});

describe('validation', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['unknown life circle', { ...base, lifeCircle: '20min' }, 'body.lifeCircle'],
    ['no radius at all', { ...base }, 'body.lifeCircle'],
    ['both radius forms', { ...base, lifeCircle: '5min', radiusMeters: 300 }, 'body.radiusMeters'],
    ['negative radius', { ...base, radiusMeters: -5 }, 'body.radiusMeters'],
    ['bad district code', { ...base, district: '12', lifeCircle: '5min' }, 'body.district'],
    [
      'unknown status',
      { ...base, facilities: { statuses: ['demolished'] }, lifeCircle: '5min' },
      'body.facilities.statuses[0]',
    ],
    [
      'unknown subtype',
      { ...base, facilities: { subtypes: ['institution', 'spa'] }, lifeCircle: '5min' },
      'body.facilities.subtypes[1]',
    ],
    ['unknown field', { ...base, lifeCircle: '5min', colour: 'red' }, 'body.colour'],
    [
      'latitude out of range',
      { ...base, lifeCircle: '5min', proposed: [{ lon: 110, lat: 95 }] },
      'body.proposed[0].lat',
    ],
    ['missing longitude', { ...base, lifeCircle: '5min', proposed: [{ lat: 30 }] }, 'body.proposed[0].lon'],
  ];
  it.each(cases)('%s → 400 naming %s', async (_name, payload, field) => {
    const response = await ctx.app.inject({ method: 'POST', url: '/api/coverage', payload });
    expect(response.statusCode).toBe(400);
    const fields = response.json().error.details.map((d: { field: string }) => d.field);
    expect(fields).toContain(field);
  });

  it('unknown district → 404', async () => {
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/api/coverage',
      payload: { district: '999998', lifeCircle: '5min' },
    });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('not_found');
  });

  it('reports its steps in Server-Timing', async () => {
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/api/coverage',
      payload: { ...base, lifeCircle: '5min' },
    });
    expect(response.headers['server-timing']).toMatch(/serviceArea;dur=/);
  });
});

describe('data changes invalidate the cached villages', () => {
  it('sees a population change at once', async () => {
    const before = await coverage({ ...base, lifeCircle: '5min' });
    await ctx.app.pool.query('UPDATE villages SET population = population + 1 WHERE code = $1', [
      codeOf('V01'),
    ]);
    try {
      const after = await coverage({ ...base, lifeCircle: '5min' });
      expect(after.totals.coveredPopulation).toBe(before.totals.coveredPopulation + 1);
    } finally {
      await ctx.app.pool.query('UPDATE villages SET population = population - 1 WHERE code = $1', [
        codeOf('V01'),
      ]);
    }
  });
});

describe('suggestions', () => {
  it('the first suggestion covers at least as many elderly as any single candidate', async () => {
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/api/coverage/suggestions',
      payload: { ...base, lifeCircle: '15min', k: 3, candidates: 'both' },
    });
    expect(response.statusCode, response.body).toBe(200);
    const r = response.json();
    expect(r.baseline).toMatchObject({ coveredElderly: 1050, elderlyPopulation: 2300 });
    // Uncovered: V12 500, V09 300, V11 250, V10 120, V07 80 elderly; no two of them are within 1000 m
    // of one village, and V09 + V10 (1027 m apart) together are 420: the best single site covers V12.
    expect(r.suggestions[0].newlyCoveredElderly).toBeGreaterThanOrEqual(500);
    const villagesOnly = await ctx.app.inject({
      method: 'POST',
      url: '/api/coverage/suggestions',
      payload: { ...base, lifeCircle: '15min', k: 5, candidates: 'villages' },
    });
    const v = villagesOnly.json();
    expect(v.suggestions[0]).toMatchObject({
      villageCode: codeOf('V12'),
      newlyCoveredElderly: 500,
      source: 'village',
    });
    // Greedy: gains never grow, and the running rate adds up.
    const gains = v.suggestions.map((s: { newlyCoveredElderly: number }) => s.newlyCoveredElderly);
    expect(gains).toEqual([...gains].sort((x, y) => y - x));
    const last = v.suggestions.at(-1);
    expect(last.elderlyRateAfter).toBeCloseTo(
      (1050 + gains.reduce((s: number, g: number) => s + g, 0)) / 2300,
      5,
    );
  });
});

describe('default radius settings', () => {
  // Changing a radius is seen by every coverage request: on a database of its own, so the change
  // is real (1000 → 1300 m) without other files, which read the radii concurrently, seeing it.
  const own = {} as { app: App; database: DatabaseHandle; drop(): Promise<void> };
  beforeAll(async () => {
    const created = await createDatabase('civic_ops_coverage_radius');
    own.drop = created.drop;
    own.database = openDatabase(created.url, 3);
    await migrate(own.database.pool);
    own.app = await buildApp({ db: own.database.db, pool: own.database.pool });
    await insertFixture(own.app.db);
  });
  afterAll(async () => {
    await own.app?.close();
    await own.database?.close();
    await own.drop?.();
  });
  const put = (subtype: string, radiusMeters: number, cookie?: string) =>
    own.app.inject({
      method: 'PUT',
      url: `/api/coverage/radii/${subtype}`,
      payload: { radiusMeters },
      headers: cookie ? { cookie, ...FROM_APP } : {},
    });
  const stationRadius = async () =>
    (await own.app.inject({ url: '/api/coverage/radii' }))
      .json()
      .radii.find((r: { subtype: string }) => r.subtype === 'community_station');
  const uncoveredByDefault = async () => {
    const response = await own.app.inject({
      method: 'POST',
      url: '/api/coverage',
      payload: { ...base, lifeCircle: 'default' },
    });
    expect(response.statusCode, response.body).toBe(200);
    return uncoveredCodes(response.json());
  };

  it('lists radii; changing one needs a planner or admin, records who did it and changes coverage', async () => {
    expect(await stationRadius()).toMatchObject({ defaultRadiusM: 1000, category: 'elderly_care' });
    expect(await uncoveredByDefault()).toContain(codeOf('V07')); // 1000.2 m from F1, a community station

    expect((await put('community_station', 1300)).statusCode).toBe(401);
    const viewer = await signIn(own.app, 'viewer', 'coverage-viewer');
    expect((await put('community_station', 1300, viewer)).statusCode).toBe(403);
    expect((await stationRadius()).defaultRadiusM).toBe(1000);

    const planner = await signIn(own.app, 'planner', 'coverage-planner');
    const ok = await put('community_station', 1300, planner);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({
      subtype: 'community_station',
      defaultRadiusM: 1300,
      changedBy: 'coverage-planner',
    });
    expect(await stationRadius()).toMatchObject({ defaultRadiusM: 1300, changedBy: 'coverage-planner' });
    expect(await uncoveredByDefault()).not.toContain(codeOf('V07'));
    const { rows } = await sql<{ old_radius_m: number; new_radius_m: number; changed_by: string }>`
      SELECT old_radius_m, new_radius_m, changed_by FROM facility_radius_changes WHERE subtype = 'community_station'`.execute(
      own.app.db,
    );
    expect(rows).toEqual([{ old_radius_m: 1000, new_radius_m: 1300, changed_by: 'coverage-planner' }]);

    // Refused changes write nothing.
    expect((await put('community_station', 10, planner)).statusCode).toBe(400);
    expect((await put('spa', 1300, planner)).statusCode).toBe(404);
    expect((await stationRadius()).defaultRadiusM).toBe(1300);
  });
});
