// npm run bench:network — walking coverage at scale, in the bench:coverage database (1,000,000 demand
// points, 1,000 facilities, one synthetic district) with a synthetic walking network added: a jittered
// street lattice every 200 m over 60 × 45 km (≈ 130,000 edges) with a river crossed by a bridge every
// 5 km. Times through the real app (inject): a full network coverage request for a new selection, and
// a what-if with one proposed site; and, in the same run, pgRouting's pgr_drivingDistance from the
// same facilities (their nearest vertices, one call with all of them as start vertices, equicost) as
// the baseline. Reported as a table, never asserted.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { buildApp } from '../server/app.ts';
import { NOT_WALKABLE_KINDS } from '../server/contract/network.ts';
import { openDatabase } from '../server/db/database.ts';
import { migrate } from '../server/db/migrate.ts';
import { coverageServiceFor } from '../server/modules/coverage/coverage.service.ts';
import { BENCH_URL, DISTRICT, ensureDatabase, synthesize } from './bench-coverage.ts';
import { type BenchRow, percentile, printTable } from './bench-lib.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const WHAT_IF_RUNS = 20;
const SPACING_DEG_LON = 0.0021; // ≈ 200 m at 29.7°N
const SPACING_DEG_LAT = 0.0018; // ≈ 200 m
const log = (line: string) => console.log(line);

async function synthesizeRoads(pool: pg.Pool): Promise<void> {
  const have = await pool.query<{ n: string }>(
    "SELECT count(*) AS n FROM roads WHERE district_code = $1 AND source = 'bench-network'",
    [DISTRICT],
  );
  if (Number(have.rows[0]!.n) > 0) return;
  log('synthesizing the walking network (once; takes a minute or two) …');
  const started = Date.now();
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('DELETE FROM roads WHERE district_code = $1', [DISTRICT]);
    await client.query('SELECT setseed(0.17)');
    // Lattice nodes, jittered by up to a quarter of the spacing.
    await client.query(
      `CREATE TEMP TABLE lattice AS
       SELECT i, j, 105.401 + i * $1::float8 + (random() - 0.5) * $1::float8 / 2 AS lon,
              29.501 + j * $2::float8 + (random() - 0.5) * $2::float8 / 2 AS lat
       FROM generate_series(0, floor(0.618 / $1::float8)::int) i, generate_series(0, floor(0.403 / $2::float8)::int) j`,
      [SPACING_DEG_LON, SPACING_DEG_LAT],
    );
    await client.query('CREATE INDEX ON lattice (i, j)');
    // East–west and north–south streets; the river at 29.70°N is crossed by a bridge every 25th street.
    await client.query(
      `INSERT INTO roads (code, kind, oneway, noded, district_code, geom, origin, source)
       SELECT 'BN-' || a.i || '-' || a.j || '-' || d.dir, CASE WHEN (a.i + a.j) % 7 = 0 THEN 'path' ELSE 'residential' END,
              'no', true, $1, ST_Multi(ST_MakeLine(ST_Point(a.lon, a.lat, 4326), ST_Point(b.lon, b.lat, 4326))),
              'synthetic', 'bench-network'
       FROM lattice a
       CROSS JOIN (VALUES ('e', 1, 0), ('n', 0, 1)) AS d(dir, di, dj)
       JOIN lattice b ON b.i = a.i + d.di AND b.j = a.j + d.dj
       WHERE NOT (d.dir = 'n' AND (a.lat - 29.70) * (b.lat - 29.70) < 0 AND a.i % 25 <> 0)
         AND random() > 0.04`,
      [DISTRICT],
    );
    await client.query('SELECT road_network_rebuild($1, $2::text[])', [DISTRICT, NOT_WALKABLE_KINDS]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
  await pool.query('VACUUM ANALYZE road_edges');
  log(`network synthesized in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function steps(header: unknown): Map<string, number> {
  const out = new Map<string, number>();
  for (const part of String(header ?? '').split(',')) {
    const [name, dur] = part.trim().split(';dur=');
    if (name && dur) out.set(name, (out.get(name) ?? 0) + Number(dur));
  }
  return out;
}
const networkMs = (s: Map<string, number>) =>
  [...s].filter(([name]) => name.startsWith('network.')).reduce((sum, [, ms]) => sum + ms, 0);

async function main(): Promise<void> {
  await ensureDatabase();
  const handle = openDatabase(BENCH_URL, 10);
  await migrate(handle.pool);
  await synthesize(handle.pool);
  await synthesizeRoads(handle.pool);
  const app = await buildApp({ db: handle.db, pool: handle.pool });
  await app.ready();
  const { rows: size } = await handle.pool.query<{ edges: string; vertices: string }>(
    'SELECT (SELECT count(*) FROM road_edges WHERE district_code = $1) AS edges, (SELECT count(*) FROM road_vertices WHERE district_code = $1) AS vertices',
    [DISTRICT],
  );
  log(`\nmachine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), node ${process.version}`);
  log(
    `network: ${Number(size[0]!.edges).toLocaleString('en')} edges, ${Number(size[0]!.vertices).toLocaleString('en')} vertices`,
  );

  const selection = {
    district: DISTRICT,
    facilities: { categories: ['elderly_care'], statuses: ['operating', 'planned'] },
    lifeCircle: '15min',
    measure: 'network',
  };
  const request = async (body: object) => {
    // Load shedding samples the event loop once a second: let a long request's sample pass first.
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const started = performance.now();
    const response = await app.inject({ method: 'POST', url: '/api/coverage', payload: body });
    const ms = performance.now() - started;
    if (response.statusCode !== 200)
      throw new Error(`coverage answered ${response.statusCode}: ${response.body.slice(0, 300)}`);
    return {
      ms,
      steps: steps(response.headers['server-timing']),
      body: response.json(),
      bytes: response.body.length,
    };
  };

  const cold = await request(selection);
  log(
    `cold first request (loads points and graph, snaps 1M points): ${cold.ms.toFixed(0)} ms; steps ${[
      ...cold.steps,
    ]
      .filter(([n]) => n.startsWith('network'))
      .map(([n, ms]) => `${n} ${ms.toFixed(0)}`)
      .join(', ')}`,
  );
  log(
    `result: straight ${(cold.body.totals.rate * 100).toFixed(1)} %, walking ${(cold.body.network.totals.rate * 100).toFixed(1)} % of people; ${cold.body.totals.villageCount.toLocaleString('en')} points, ${cold.body.network.offNetwork.villagesBeyondCap.toLocaleString('en')} off the network; response ${(cold.bytes / 1e6).toFixed(1)} MB`,
  );

  const full: { ms: number; steps: Map<string, number> }[] = [];
  for (let i = 0; i < RUNS; i++) {
    coverageServiceFor(handle.db, handle.pool).clearSelections();
    await handle.pool.query('DELETE FROM coverage_area_cache');
    full.push(await request(selection));
  }
  const whatIf: { ms: number; steps: Map<string, number> }[] = [];
  for (let i = 0; i < WHAT_IF_RUNS; i++) {
    const site = { lon: 105.45 + ((i * 0.37) % 1) * 0.52, lat: 29.55 + ((i * 0.61) % 1) * 0.3 };
    whatIf.push(await request({ ...selection, proposed: [site] }));
  }

  // Baseline: pgRouting's own service area from the same sources, in one call (equicost: each vertex
  // goes to its nearest start), on the same edges.
  const { rows: starts } = await handle.pool.query<{ id: string }>(
    `SELECT DISTINCT v.id FROM facilities f CROSS JOIN LATERAL (
       SELECT id FROM road_vertices v WHERE v.district_code = f.district_code ORDER BY v.geom <-> f.geom LIMIT 1) v
     WHERE f.district_code = $1 AND f.category = 'elderly_care' AND f.status = ANY($2)`,
    [DISTRICT, ['operating', 'planned']],
  );
  const baseline: number[] = [];
  let reached = 0;
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const { rows } = await handle.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM pgr_drivingDistance(
         'SELECT id, source, target, cost, reverse_cost FROM road_edges WHERE district_code = ''${DISTRICT}''',
         $1::bigint[], 1000, directed => true, equicost => true)`,
      [starts.map((s) => s.id)],
    );
    baseline.push(performance.now() - started);
    reached = Number(rows[0]!.n);
  }
  log(
    `pgr_drivingDistance from ${starts.length} start vertices, 1000 m: ${reached.toLocaleString('en')} vertices reached`,
  );

  const fullMs = full.map((r) => r.ms);
  const fullNetworkMs = full.map((r) => networkMs(r.steps));
  const whatIfMs = whatIf.map((r) => r.ms);
  const whatIfNetworkMs = whatIf.map((r) => networkMs(r.steps));
  const rows: BenchRow[] = [
    {
      name: `walking coverage, full request (straight + network), ${cold.body.totals.villageCount.toLocaleString('en')} points, ${Number(size[0]!.edges).toLocaleString('en')} edges`,
      p50: percentile(fullMs, 50),
      p95: percentile(fullMs, 95),
      baselineName: 'pgr_drivingDistance, same sources',
      baselineP50: percentile(baseline, 50),
      baselineP95: percentile(baseline, 95),
      target: '≤ 1000 ms',
      unit: 'ms',
    },
    {
      name: '  of which the network steps (search, points, streets, lists)',
      p50: percentile(fullNetworkMs, 50),
      p95: percentile(fullNetworkMs, 95),
      baselineName: 'pgr_drivingDistance, same sources',
      baselineP50: percentile(baseline, 50),
      baselineP95: percentile(baseline, 95),
      unit: 'ms',
    },
    {
      name: 'walking what-if, one proposed site',
      p50: percentile(whatIfMs, 50),
      p95: percentile(whatIfMs, 95),
      baselineName: 'full request (same run)',
      baselineP50: percentile(fullMs, 50),
      baselineP95: percentile(fullMs, 95),
      target: '≤ 100 ms',
      unit: 'ms',
    },
    {
      name: '  of which the network steps',
      p50: percentile(whatIfNetworkMs, 50),
      p95: percentile(whatIfNetworkMs, 95),
      unit: 'ms',
    },
  ];
  printTable('Walking coverage', rows);
  const stepNames = [...new Set(full.flatMap((r) => [...r.steps.keys()]))];
  log('\nfull request, median per step:');
  for (const name of stepNames)
    log(
      `  ${name.padEnd(24)} ${percentile(
        full.map((r) => r.steps.get(name) ?? 0),
        50,
      )
        .toFixed(1)
        .padStart(8)} ms`,
    );
  log('what-if, median per step:');
  for (const name of [...new Set(whatIf.flatMap((r) => [...r.steps.keys()]))])
    log(
      `  ${name.padEnd(24)} ${percentile(
        whatIf.map((r) => r.steps.get(name) ?? 0),
        50,
      )
        .toFixed(1)
        .padStart(8)} ms`,
    );
  const out = path.resolve(import.meta.dirname, '../results');
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'bench-network.json'), JSON.stringify({ rows, coldMs: cold.ms }, null, 2));
  await app.close();
  await handle.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
