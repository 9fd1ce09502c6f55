// Coverage by walking distance on the hand-made network (tests/fixtures/network/hand-made.ts), whose
// answers are worked out by hand there: a river with one bridge, a one-way edge, a dead end, a
// village exactly on the limit and one 1 cm beyond; plus speeds, what-if sites and bad input.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  insertNetworkFixture,
  NETWORK_DISTRICT,
  NETWORK_VILLAGES,
  removeNetworkFixture,
} from '../fixtures/network/hand-made.ts';
import { useTestApp } from '../helpers/app.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useTestApp();
beforeAll(async () => insertNetworkFixture(ctx.app.db));
afterAll(async () => removeNetworkFixture(ctx.app.db));

const base = {
  district: NETWORK_DISTRICT,
  facilities: { categories: ['elderly_care'] },
  radiusMeters: 1000,
  measure: 'network',
  villageDetail: true,
};
const code = (prefix: string) => NETWORK_VILLAGES.find((v) => v.name.startsWith(prefix))!.code;

async function coverage(body: Record<string, unknown>) {
  const response = await ctx.app.inject({ method: 'POST', url: '/api/coverage', payload: body });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

const walked = (r: { network: { villages: { code: string; networkM: number | null }[] } }) =>
  Object.fromEntries(r.network.villages.map((v) => [v.code, v.networkM]));

describe('walking coverage on the hand-made network', () => {
  it('walks round the river, the one-way edge and the dead end; on the limit is covered, 1 cm beyond is not', async () => {
    const r = await coverage(base);
    const d = walked(r);
    expect(d[code('W1')]).toBeCloseTo(1700, 1);
    expect(d[code('W2')]).toBeCloseTo(450, 1);
    expect(d[code('W4')]).toBeCloseTo(1200, 1);
    expect(d[code('W5')]).toBeCloseTo(1150, 1);
    expect(d[code('W6')]).toBeCloseTo(1000, 1);
    expect(d[code('W7')]).toBeCloseTo(1000.01, 2);
    const covered = r.network.villages
      .filter((v: { covered: boolean }) => v.covered)
      .map((v: { code: string }) => v.code);
    expect(covered.sort()).toEqual([code('W2'), code('W6')].sort());
    // Straight line: all but W5 (1011 m) are within 1000 m.
    expect(r.totals).toMatchObject({ population: 3600, coveredPopulation: 3200 });
    expect(r.network.totals).toMatchObject({
      population: 3600,
      coveredPopulation: 1100,
      coveredElderly: 250,
    });
    expect(r.network.totals.gap.rate).toBeCloseTo(3200 / 3600 - 1100 / 3600, 5);
    expect(r.network.towns[0]).toMatchObject({ straightRate: 0.888889, rate: 0.305556 });
    expect(r.network.reachM).toBe(1000);
    expect(r.network.offNetwork).toMatchObject({
      villagesBeyondCap: 0,
      facilitiesBeyondCap: 0,
      maxVillageWalkM: 150,
    });
    // The uncovered list carries both distances and the walk onto the network.
    const w5 = r.network.uncoveredVillages.features.find((f: { id: string }) => f.id === code('W5'));
    expect(w5.properties).toMatchObject({ networkM: 1150, offNetworkM: 150, population: 400 });
    expect(w5.properties.straightM).toBeCloseTo(1011.2, 0);
  });

  it('draws the reached streets with partial edges: 600 + 400 of the bridge + 400 + 400 + 200 + 400 = 2400 m', async () => {
    const r = await coverage(base);
    const { rows } = await sql<{ m: number }>`
      SELECT ST_Length(ST_GeomFromGeoJSON(${JSON.stringify(r.network.serviceArea)})::geography) AS m`.execute(
      ctx.app.db,
    );
    expect(rows[0]!.m).toBeCloseTo(2400, 0);
  });

  it('an older person (0.8 m/s) reaches 720 m in the same 15 minutes, straight and on foot', async () => {
    const r = await coverage({ ...base, radiusMeters: undefined, lifeCircle: '15min', speed: 'elderly' });
    expect(r.network.reachM).toBeCloseTo(720, 6);
    expect(r.network.minutes).toBeCloseTo(15, 6);
    expect(r.radius.meters).toBeCloseTo(720, 6);
    // Straight within 720 m: W1 500, W2 403, W4 400; walking: W2 450 only.
    expect(r.totals.coveredPopulation).toBe(2300);
    expect(r.network.totals.coveredPopulation).toBe(500);
    const same = await coverage({ ...base, radiusMeters: undefined, lifeCircle: '15min', speed: 0.8 });
    expect(same.network.totals).toEqual(r.network.totals);
  });

  it('all selected facilities are sources of one search: the planned one across the river covers W1', async () => {
    const r = await coverage({
      ...base,
      facilities: { categories: ['elderly_care'], statuses: ['operating', 'planned'] },
    });
    const d = walked(r);
    expect(d[code('W1')]).toBeCloseTo(400, 1);
    expect(d[code('W4')]).toBeCloseTo(1200, 1);
    expect(r.network.totals.coveredPopulation).toBe(2100);
  });

  it('a what-if site on the north bank covers W1 on foot, and nothing else changes', async () => {
    const { rows } = await sql<{ lon: number; lat: number }>`
      SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM villages WHERE code = ${code('W1')}`.execute(
      ctx.app.db,
    );
    const r = await coverage({
      ...base,
      proposed: [{ lon: rows[0]!.lon, lat: rows[0]!.lat, subtype: 'community_station' }],
    });
    expect(r.network.proposed).toEqual([
      { newlyCoveredPopulation: 1000, newlyCoveredElderly: 200, newlyCoveredVillages: 1 },
    ]);
    expect(r.network.totals.coveredPopulation).toBe(2100);
    expect(r.network.delta).toMatchObject({ coveredPopulation: 1000, coveredElderly: 200 });
    expect(walked(r)[code('W1')]).toBe(0);
  });

  // A site at W2 reaches W4 round the one-way edge (50 + 400 + 400 = 850 m), as one at W4 does
  // (300 elderly each, the earlier candidate wins the tie); then the north bank (200); then K's 150.
  it('suggests sites by what they reach on foot: behind the one-way edge first, then the north bank', async () => {
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/api/coverage/suggestions',
      payload: {
        ...base,
        villageDetail: undefined,
        k: 3,
        candidates: 'villages',
        subtype: 'community_station',
      },
    });
    expect(response.statusCode, response.body).toBe(200);
    const picks = response.json().suggestions;
    expect(picks.slice(0, 2).map((p: { villageCode: string }) => p.villageCode)).toEqual([
      code('W2'),
      code('W1'),
    ]);
    expect(picks.map((p: { newlyCoveredElderly: number }) => p.newlyCoveredElderly)).toEqual([300, 200, 150]);
    // Straight-line suggestions see W4 and W1 as covered already.
    const straight = await ctx.app.inject({
      method: 'POST',
      url: '/api/coverage/suggestions',
      payload: {
        ...base,
        villageDetail: undefined,
        measure: 'straight',
        k: 3,
        candidates: 'villages',
        subtype: 'community_station',
      },
    });
    expect(
      straight.json().suggestions.map((p: { newlyCoveredElderly: number }) => p.newlyCoveredElderly),
    ).toEqual([100]);
  });

  it('the public nearest-services card gets the walk: round by the bridge, with the route to draw', async () => {
    const { rows } = await sql<{ lon: number; lat: number }>`
      SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM villages WHERE code = ${code('W1')}`.execute(
      ctx.app.db,
    );
    const response = await ctx.app.inject({
      method: 'GET',
      url: `/api/nearest?lon=${rows[0]!.lon}&lat=${rows[0]!.lat}&category=elderly_care&limit=1`,
    });
    expect(response.statusCode, response.body).toBe(200);
    const [first] = response.json().results;
    expect(first.code).toBe('T999903-F1');
    expect(first.distanceM).toBeCloseTo(500, 0);
    expect(first.walk).toMatchObject({ offNetworkM: 0, minutes: 25.5, elderlyMinutes: 35.4 });
    expect(first.walk.distanceM).toBeCloseTo(1700, 0);
    const { rows: line } = await sql<{ m: number }>`
      SELECT ST_Length(ST_GeomFromGeoJSON(${JSON.stringify(first.walk.route)})::geography) AS m`.execute(
      ctx.app.db,
    );
    expect(line[0]!.m).toBeCloseTo(1700, 0);
  });

  it('refuses a bad speed, and a district with no roads, naming the field', async () => {
    for (const speed of ['fast', 0, 10]) {
      const response = await ctx.app.inject({
        method: 'POST',
        url: '/api/coverage',
        payload: { ...base, speed },
      });
      expect(response.statusCode).toBe(400);
      expect(JSON.stringify(response.json().error.details)).toContain('speed');
    }
    await sql`DELETE FROM road_edges WHERE district_code = ${NETWORK_DISTRICT}`.execute(ctx.app.db);
    try {
      const response = await ctx.app.inject({ method: 'POST', url: '/api/coverage', payload: base });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.details[0].field).toBe('body.measure');
    } finally {
      await insertNetworkFixture(ctx.app.db);
    }
  });
});
