// The walking distances of the API against pgRouting on the demo network: for every village of a
// demo district, the API's walk equals pgr_withPointsCost from every selected facility's point on the
// network (the same edge and fraction the API snapped it to) plus both straight walks onto the
// network, minimum over facilities, within 1 m; each snap is the nearest edge (PostGIS, geodesic);
// and walking coverage is never above straight-line coverage, in any town, for any selection.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useTestApp();

interface Walk {
  code: string;
  networkM: number | null;
  offNetworkM: number | null;
  edgeId: number | null;
  fraction: number | null;
}

async function coverage(body: Record<string, unknown>) {
  const response = await ctx.app.inject({ method: 'POST', url: '/api/coverage', payload: body });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

describe.each([['500111'], ['500241']])('demo district %s', (district) => {
  it('per-village walking distances equal pgRouting within 1 m', async () => {
    const r = await coverage({
      district,
      facilities: { categories: ['elderly_care'] },
      lifeCircle: '15min',
      measure: 'network',
      villageDetail: true,
    });
    const villages: Walk[] = r.network.villages;
    const sites: Omit<Walk, 'code' | 'networkM'>[] = r.network.sites;
    const { rows: edgeRows } = await sql<{ id: string; source: string; target: string }>`
      SELECT id, source, target FROM road_edges WHERE district_code = ${district}`.execute(ctx.app.db);
    const edgeEnds = new Map(edgeRows.map((e) => [Number(e.id), e]));
    // A point at an end of its edge is that vertex (pgRouting's withPoints mis-measures such points
    // against a point on the same edge); any other point is a withPoints point (negative id).
    const points: { pid: number; edge_id: number; fraction: number }[] = [];
    const pgrId = (p: { edgeId: number | null; fraction: number | null }): number | null => {
      if (p.edgeId === null) return null;
      if (p.fraction === 0) return Number(edgeEnds.get(p.edgeId)!.source);
      if (p.fraction === 1) return Number(edgeEnds.get(p.edgeId)!.target);
      points.push({ pid: points.length + 1, edge_id: p.edgeId, fraction: p.fraction! });
      return -points.length;
    };
    const villageIds = villages.map(pgrId);
    const siteIds = sites.map(pgrId);
    await sql`CREATE TEMP TABLE IF NOT EXISTS crosscheck_points (pid bigint, edge_id bigint, fraction float8, side char)`.execute(
      ctx.app.db,
    );
    await sql`TRUNCATE crosscheck_points`.execute(ctx.app.db);
    await sql`INSERT INTO crosscheck_points SELECT pid, edge_id, fraction, 'b'
      FROM json_to_recordset(${JSON.stringify(points)}::json) AS p(pid bigint, edge_id bigint, fraction float8)`.execute(
      ctx.app.db,
    );
    const unique = (ids: (number | null)[]) => [...new Set(ids.filter((id): id is number => id !== null))];
    const { rows } = await sql<{ start_pid: string; end_pid: string; agg_cost: number }>`
      SELECT start_pid, end_pid, agg_cost FROM pgr_withPointsCost(
        ${`SELECT id, source, target, cost, reverse_cost FROM road_edges WHERE district_code = '${district}'`},
        'SELECT pid, edge_id, fraction, side FROM crosscheck_points',
        ${unique(siteIds)}::bigint[], ${unique(villageIds)}::bigint[], directed => true, driving_side => 'b')`.execute(
      ctx.app.db,
    );
    // pgRouting's ids for points come back negative, as given.
    const cost = new Map(rows.map((row) => [`${row.start_pid}>${row.end_pid}`, row.agg_cost]));
    const best = new Map<number, number>();
    villages.forEach((_, i) => {
      const to = villageIds[i];
      if (to === null || to === undefined) return;
      sites.forEach((site, j) => {
        const from = siteIds[j];
        if (from === null || from === undefined) return;
        const along = from === to ? 0 : cost.get(`${from}>${to}`);
        if (along === undefined) return;
        const d = site.offNetworkM! + along;
        if (d < (best.get(i) ?? Number.POSITIVE_INFINITY)) best.set(i, d);
      });
    });
    let compared = 0;
    villages.forEach((v, i) => {
      if (v.edgeId === null) return;
      const expected = (best.get(i) ?? Number.POSITIVE_INFINITY) + v.offNetworkM!;
      if (!Number.isFinite(expected)) expect(v.networkM, v.code).toBeNull();
      else {
        expect(
          Math.abs(v.networkM! - expected),
          `${v.code}: API ${v.networkM} vs pgRouting ${expected}`,
        ).toBeLessThan(1);
        compared++;
      }
    });
    expect(compared).toBeGreaterThan(200);
  });

  it('snaps each village to its nearest edge', async () => {
    const r = await coverage({
      district,
      facilities: { categories: ['elderly_care'] },
      lifeCircle: '15min',
      measure: 'network',
      villageDetail: true,
    });
    const { rows } = await sql<{ code: string; m: number }>`
      SELECT v.code, (SELECT min(ST_Distance(v.geom::geography, e.geom::geography)) FROM (
          SELECT geom FROM road_edges e WHERE e.district_code = v.district_code ORDER BY e.geom <-> v.geom LIMIT 16) e) AS m
      FROM villages v WHERE v.district_code = ${district}`.execute(ctx.app.db);
    const truth = new Map(rows.map((row) => [row.code, row.m]));
    for (const v of r.network.villages as Walk[]) {
      const m = truth.get(v.code)!;
      if (m > 500) expect(v.offNetworkM, v.code).toBeNull();
      else expect(Math.abs(v.offNetworkM! - m), v.code).toBeLessThan(1);
    }
  });

  it('walking coverage ≤ straight-line coverage in every town', async () => {
    for (const selection of [
      { lifeCircle: '15min' },
      { lifeCircle: '10min', speed: 'elderly' },
      { lifeCircle: 'default', facilities: { subtypes: ['community_station', 'village_point'] } },
      { radiusMeters: 2500, facilities: { categories: ['community'] } },
    ]) {
      const r = await coverage({
        district,
        facilities: { categories: ['elderly_care'] },
        measure: 'network',
        ...selection,
      });
      for (const town of r.network.towns) {
        const straight = r.towns.find((t: { code: string }) => t.code === town.code);
        expect(town.coveredPopulation, `${town.name} ${JSON.stringify(selection)}`).toBeLessThanOrEqual(
          straight.coveredPopulation,
        );
        expect(town.gap.rate ?? 0).toBeGreaterThanOrEqual(0);
      }
    }
  });
});
