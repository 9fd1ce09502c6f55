// npm run bench:coverage — coverage at scale: 1,000 facilities and 1,000,000 demand points,
// synthesized (deterministically) into their own database, civic_atlas_bench_coverage, in the local
// cluster (or BENCH_DATABASE_URL). Times a full coverage request and a one-proposed-site what-if
// through the real app (inject), prints the per-step breakdown (Server-Timing) and the EXPLAIN of
// the main queries. Targets on a 2-core machine: full ≤ 1 s, what-if ≤ 100 ms.

import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { buildApp } from '../server/app.ts';
import { openDatabase } from '../server/db/database.ts';
import { migrate } from '../server/db/migrate.ts';
import { coverageServiceFor } from '../server/modules/coverage/coverage.service.ts';
import { type BenchRow, percentile, printTable } from './bench-lib.ts';

export const BENCH_URL =
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:54329/civic_atlas_bench_coverage';
export const DISTRICT = '990001';
const POINTS = Number(process.env.BENCH_POINTS ?? 1_000_000);
const FACILITIES = Number(process.env.BENCH_FACILITIES ?? 1000);
const RUNS = 5;
const WHAT_IF_RUNS = 20;

const log = (line: string) => console.log(line);

export async function ensureDatabase(): Promise<void> {
  const url = new URL(BENCH_URL);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${name.replaceAll('"', '')}"`);
  await admin.end();
}

/** A 60 × 45 km district near Dazu in 30 towns; points clustered around 400 settlements. */
/** Also used by bench-network.ts, which adds a road network to the same district. */
export async function synthesize(pool: pg.Pool): Promise<void> {
  const have = await pool.query<{ n: string }>(
    'SELECT count(*) AS n FROM villages WHERE district_code = $1',
    [DISTRICT],
  );
  const facilities = await pool.query<{ n: string }>(
    'SELECT count(*) AS n FROM facilities WHERE district_code = $1',
    [DISTRICT],
  );
  if (Number(have.rows[0]!.n) === POINTS && Number(facilities.rows[0]!.n) === FACILITIES) return;
  log(
    `synthesizing ${POINTS.toLocaleString('en')} demand points and ${FACILITIES} facilities (once; takes a minute) …`,
  );
  const started = Date.now();
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('DELETE FROM facilities WHERE district_code = $1', [DISTRICT]);
    await client.query('DELETE FROM districts WHERE code = $1', [DISTRICT]);
    await client.query('SELECT setseed(0.42)');
    // Bounds: 105.40–106.02 E (≈ 60 km), 29.50–29.905 N (≈ 45 km).
    await client.query(
      `INSERT INTO districts (code, name, outline, outline_origin, outline_source)
       VALUES ($1, '基准测试区', ST_Multi(ST_MakeEnvelope(105.40, 29.50, 106.02, 29.905, 4326)), 'synthetic', 'bench-coverage')`,
      [DISTRICT],
    );
    await client.query(
      `INSERT INTO towns (code, name, kind, district_code, geom, seat, geom_origin)
       SELECT $1 || lpad((r * 6 + c + 1)::text, 3, '0'), '基准镇' || (r * 6 + c + 1), 'town', $1,
              ST_Multi(ST_MakeEnvelope(105.40 + c * 0.62 / 6, 29.50 + r * 0.405 / 5, 105.40 + (c + 1) * 0.62 / 6, 29.50 + (r + 1) * 0.405 / 5, 4326)),
              ST_Point(105.40 + (c + 0.5) * 0.62 / 6, 29.50 + (r + 0.5) * 0.405 / 5, 4326), 'synthetic'
       FROM generate_series(0, 4) r, generate_series(0, 5) c`,
      [DISTRICT],
    );
    await client.query(
      'CREATE TEMP TABLE settlements AS SELECT i, 105.41 + random() * 0.60 AS lon, 29.51 + random() * 0.385 AS lat, 0.002 + random() * 0.02 AS spread FROM generate_series(1, 400) i',
    );
    // 80 % of points near a settlement (normal-ish spread via the sum of two uniforms), 20 % scattered.
    await client.query(
      `INSERT INTO villages (code, name, kind, town_code, district_code, geom, population, elderly_population, households, geom_origin, population_origin)
       SELECT '99' || lpad(p.i::text, 10, '0'), '点' || p.i, 'village',
              $1 || lpad((least(4, floor((p.lat - 29.50) / (0.405 / 5)))::int * 6 + least(5, floor((p.lon - 105.40) / (0.62 / 6)))::int + 1)::text, 3, '0'),
              $1, ST_Point(p.lon, p.lat, 4326), p.pop, (p.pop * (0.12 + random() * 0.2))::int, greatest(1, p.pop / 3), 'synthetic', 'synthetic'
       FROM (
         SELECT g.i,
                least(106.0199, greatest(105.4001, CASE WHEN random() < 0.8 THEN s.lon + (random() + random() - 1) * s.spread ELSE 105.40 + random() * 0.62 END)) AS lon,
                least(29.9049, greatest(29.5001, CASE WHEN random() < 0.8 THEN s.lat + (random() + random() - 1) * s.spread ELSE 29.50 + random() * 0.405 END)) AS lat,
                (5 + random() * 60)::int AS pop
         FROM generate_series(1, $2::int) g(i)
         JOIN settlements s ON s.i = 1 + (g.i % 400)
       ) p`,
      [DISTRICT, POINTS],
    );
    await client.query(
      `INSERT INTO facilities (code, category, subtype, name, operator, status, district_code, geom, origin)
       SELECT 'B-' || g.i, 'elderly_care',
              (ARRAY['community_station', 'community_station', 'community_station', 'village_point', 'village_point', 'town_centre', 'institution', 'canteen'])[1 + g.i % 8],
              '设施' || g.i, 'public', CASE WHEN g.i % 10 = 0 THEN 'planned' ELSE 'operating' END, $1,
              ST_Point(least(106.0199, greatest(105.4001, s.lon + (random() - 0.5) * s.spread * 2)),
                       least(29.9049, greatest(29.5001, s.lat + (random() - 0.5) * s.spread * 2)), 4326), 'synthetic'
       FROM generate_series(1, $2::int) g(i) JOIN settlements s ON s.i = 1 + (g.i * 7 % 400)`,
      [DISTRICT, FACILITIES],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
  await pool.query('VACUUM ANALYZE villages');
  await pool.query('VACUUM ANALYZE facilities');
  log(`synthesized in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const p95 = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)]!;

function parseTiming(header: unknown): Map<string, number> {
  const steps = new Map<string, number>();
  for (const part of String(header ?? '').split(',')) {
    const [name, dur] = part.trim().split(';dur=');
    if (name && dur) steps.set(name, (steps.get(name) ?? 0) + Number(dur));
  }
  return steps;
}

function stepTable(runs: Map<string, number>[]): string {
  const names = [...new Set(runs.flatMap((r) => [...r.keys()]))];
  return names
    .map(
      (n) =>
        `    ${n.padEnd(18)} ${median(runs.map((r) => r.get(n) ?? 0))
          .toFixed(1)
          .padStart(8)} ms`,
    )
    .join('\n');
}

async function main(): Promise<void> {
  await ensureDatabase();
  const handle = openDatabase(BENCH_URL, 10);
  await migrate(handle.pool);
  await synthesize(handle.pool);
  const app = await buildApp({ db: handle.db, pool: handle.pool });
  await app.ready();

  const selection = {
    district: DISTRICT,
    facilities: { categories: ['elderly_care'], statuses: ['operating', 'planned'] },
    lifeCircle: '15min',
  };
  const request = async (body: object) => {
    const started = performance.now();
    const response = await app.inject({ method: 'POST', url: '/api/coverage', payload: body });
    const ms = performance.now() - started;
    if (response.statusCode !== 200)
      throw new Error(`coverage answered ${response.statusCode}: ${response.body.slice(0, 300)}`);
    return {
      ms,
      steps: parseTiming(response.headers['server-timing']),
      body: response.json(),
      bytes: response.body.length,
    };
  };

  log(`\nmachine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), node ${process.version}`);
  const cold = await request(selection);
  log(
    `data: ${cold.body.totals.villageCount.toLocaleString('en')} demand points, ${cold.body.totals.facilityCount} facilities, ${cold.body.towns.length} towns`,
  );
  log(
    `result: ${(cold.body.totals.rate * 100).toFixed(1)} % of people covered, ${cold.body.uncoveredVillages.numberMatched.toLocaleString('en')} points uncovered (first ${cold.body.uncoveredVillages.numberReturned} returned), response ${(cold.bytes / 1e6).toFixed(1)} MB`,
  );
  log(`\ncold first request (loads the district's points into memory): ${cold.ms.toFixed(0)} ms`);
  log(stepTable([cold.steps]));

  const full: { ms: number; steps: Map<string, number> }[] = [];
  for (let i = 0; i < RUNS; i++) {
    coverageServiceFor(handle.db, handle.pool).clearSelections();
    await handle.pool.query('DELETE FROM coverage_area_cache');
    full.push(await request(selection));
  }
  const fullMs = full.map((r) => r.ms);
  log(
    `\nfull request (new selection: nearest facility for every point, coverage, towns, medians, service area), ${RUNS} runs:`,
  );
  log(
    `  median ${median(fullMs).toFixed(0)} ms, min ${Math.min(...fullMs).toFixed(0)}, max ${Math.max(...fullMs).toFixed(0)}   target ≤ 1000 ms`,
  );
  log(stepTable(full.map((r) => r.steps)));

  const whatIf: { ms: number; steps: Map<string, number> }[] = [];
  let delta = 0;
  for (let i = 0; i < WHAT_IF_RUNS; i++) {
    const site = { lon: 105.45 + ((i * 0.37) % 1) * 0.52, lat: 29.55 + ((i * 0.61) % 1) * 0.3 };
    const r = await request({ ...selection, proposed: [site] });
    delta += r.body.delta.coveredPopulation;
    whatIf.push(r);
  }
  const whatIfMs = whatIf.map((r) => r.ms);
  log(
    `\nwhat-if, one proposed site (baseline cached), ${WHAT_IF_RUNS} sites, mean newly covered ${Math.round(delta / WHAT_IF_RUNS).toLocaleString('en')} people:`,
  );
  log(
    `  median ${median(whatIfMs).toFixed(1)} ms, p95 ${p95(whatIfMs).toFixed(1)}, max ${Math.max(...whatIfMs).toFixed(1)}   target ≤ 100 ms`,
  );
  log(stepTable(whatIf.map((r) => r.steps)));

  // Baseline: the straightforward PostGIS answer to the same question (covered population within
  // 1000 m of a selected facility, ST_DWithin on geography with its index), run once.
  log('\nbaseline: one plain PostGIS query (ST_DWithin on geography per point) for the covered population …');
  const naiveStarted = performance.now();
  await handle.pool.query(
    `SELECT sum(v.population) FILTER (WHERE EXISTS (
       SELECT 1 FROM facilities f
       WHERE f.district_code = $1 AND f.status = ANY($2) AND f.category = ANY($3)
         AND ST_DWithin(f.geom::geography, v.geom::geography, 1000))) AS covered
     FROM villages v WHERE v.district_code = $1`,
    [DISTRICT, ['operating', 'planned'], ['elderly_care']],
  );
  const naiveMs = performance.now() - naiveStarted;
  log(
    `  ${naiveMs.toFixed(0)} ms (covered population only: no towns, medians, uncovered list or service area)`,
  );

  const rows: BenchRow[] = [
    {
      name: `full request, ${POINTS.toLocaleString('en')} points × ${FACILITIES} facilities`,
      p50: percentile(fullMs, 50),
      p95: percentile(fullMs, 95),
      baselineName: 'plain PostGIS ST_DWithin query',
      baselineP50: naiveMs,
      baselineP95: naiveMs,
      target: '≤ 1000 ms',
      unit: 'ms',
    },
    {
      name: 'what-if, one proposed site',
      p50: percentile(whatIfMs, 50),
      p95: percentile(whatIfMs, 95),
      baselineName: 'full request (same run)',
      baselineP50: percentile(fullMs, 50),
      baselineP95: percentile(fullMs, 95),
      target: '≤ 100 ms',
      unit: 'ms',
    },
  ];
  printTable('Coverage', rows);
  const out = path.resolve(import.meta.dirname, '../results');
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'bench-coverage.json'), JSON.stringify({ rows, coldMs: cold.ms }, null, 2));

  const explain = async (title: string, text: string, values: unknown[]) => {
    const { rows } = await handle.pool.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS) ${text}`,
      values,
    );
    log(`\nEXPLAIN ANALYZE — ${title}`);
    for (const r of rows) log(`  ${r['QUERY PLAN']}`);
  };
  await explain(
    'village load (once per district and data version)',
    `SELECT code, name, town_code, ST_X(geom), ST_Y(geom), population, elderly_population
     FROM villages WHERE district_code = $1 ORDER BY code COLLATE "C"`,
    [DISTRICT],
  );
  await explain(
    'selected facilities',
    `SELECT f.id, f.subtype, f.town_code, ST_X(f.geom), ST_Y(f.geom), s.default_radius_m
     FROM facilities f JOIN facility_subtypes s ON s.subtype = f.subtype
     WHERE f.district_code = $1 AND f.status = ANY($2) AND f.category = ANY($3) ORDER BY f.id`,
    [DISTRICT, ['operating', 'planned'], ['elderly_care']],
  );
  await explain(
    'service area: geography buffers, dissolved, clipped (body of coverage_service_area)',
    `WITH sites AS (SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat, 1000.0::float8 AS r FROM facilities WHERE district_code = $1),
     circles AS (SELECT ST_Buffer(ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography, r, 'quad_segs=8')::geometry AS g FROM sites),
     dissolved AS (SELECT ST_Union(g) AS g FROM circles)
     SELECT ST_NPoints(ST_CollectionExtract(ST_Intersection(dissolved.g, d.outline), 3)) FROM dissolved, districts d WHERE d.code = $1`,
    [DISTRICT],
  );

  await app.close();
  await handle.close();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
