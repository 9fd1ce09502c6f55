// npm run bench:import — end to end through the HTTP API: a 100,000-row GBK CSV of facilities in
// GCJ-02 as a dry run, a commit (every row new) and a re-commit (every row an update), on its own
// database (civic_atlas_bench_import in the local cluster, reset with the demo data first). Each
// case runs BENCH_RUNS times (default 3; the committed rows are deleted before each commit run) and
// reports p50/p95 with the server's per-step breakdown (Server-Timing: read, validate, stage, locate,
// check, history = before-images, upsert = upsert + change rows in one statement). The baseline is the physical floor: the same rows loaded by a plain
// INSERT … SELECT FROM json_to_recordset into a scratch table through pg. Target ≤ 10 s per case;
// timings are reported, never asserted. Writes results/bench-import.json ({ rows: BenchRow[] }).

import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { buildApp } from '../server/app.ts';
import { openDatabase } from '../server/db/database.ts';
import { fromWgs84 } from '../server/modules/imports/coordinates.ts';
import { parseServerTiming } from '../server/modules/imports/step-timer.ts';
import { csvFile, multipartBody } from '../tests/fixtures/imports/writers.ts';
import { FROM_APP, signIn } from '../tests/helpers/auth.ts';
import { type BenchRow, percentile, printTable } from './bench-lib.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const TARGET = '≤ 10 s';
const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:54329/civic_atlas_bench_import';
const adminUrl = process.env.BENCH_ADMIN_URL ?? url.replace(/\/[^/]+$/, '/postgres');

const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
const name = url.slice(url.lastIndexOf('/') + 1);
const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${name.replaceAll('"', '')}"`);
await admin.end();
execFileSync('npx', ['tsx', 'scripts/db.ts', 'reset'], {
  env: { ...process.env, DATABASE_URL: url },
  stdio: 'ignore',
});

// Points scattered within ~400 m of the seats of 大足区's towns (inside the district), in GCJ-02.
const client = new pg.Client({ connectionString: url });
await client.connect();
const { rows: seatRows } = await client.query<{ lon: number; lat: number }>(
  "SELECT ST_X(seat) AS lon, ST_Y(seat) AS lat FROM towns WHERE district_code = '500111' ORDER BY code",
);
const subtypes = ['养老机构', '敬老院', '社区养老服务站', '农村互助养老点', '社区老年食堂'];
const rows: (string | number)[][] = [];
for (let i = 0; i < ROWS; i++) {
  const seat = seatRows[i % seatRows.length]!;
  const truth: [number, number] = [
    seat.lon + (((i * 7919) % 1000) - 500) / 125_000,
    seat.lat + (((i * 104729) % 1000) - 500) / 125_000,
  ];
  const [lon, lat] = fromWgs84(truth, 'gcj02');
  rows.push([
    `BENCH-${String(i).padStart(6, '0')}`,
    `基准测试养老设施${i}号`,
    subtypes[i % subtypes.length]!,
    i % 3 === 0 ? '民办' : '公办',
    20 + (i % 200),
    `大足区测试大道${i}号`,
    lon!.toFixed(7),
    lat!.toFixed(7),
  ]);
}
const data = csvFile(['编码', '名称', '设施类型', '运营方式', '床位数', '地址', '经度', '纬度'], rows, 'gbk');
console.log(
  `[bench:import] ${ROWS.toLocaleString('en')} rows, ${(data.length / 1024 / 1024).toFixed(1)} MB GBK CSV, ${RUNS} run(s) per case`,
);

/** A CSV row's name, beds, address and position, as the floor inserts read them. */
const common = (r: (string | number)[]) => ({
  name: r[1],
  beds: r[4],
  address: r[5],
  lon: Number(r[6]),
  lat: Number(r[7]),
});

/** Runs `insert` once per 10 000 rows, $1 being the batch as JSON records. */
async function inBatches(insert: string, record: (r: (string | number)[]) => Record<string, unknown>) {
  for (let start = 0; start < rows.length; start += 10_000)
    await client.query(insert, [JSON.stringify(rows.slice(start, start + 10_000).map(record))]);
}

/** The physical floor: the same rows, already parsed, into a scratch table in one transaction. */
async function floor(): Promise<number> {
  const started = performance.now();
  await client.query('BEGIN');
  await client.query(`CREATE TEMP TABLE bench_floor (code text, name text, subtype text, operator text,
    beds integer, address text, geom geometry(Point, 4326)) ON COMMIT DROP`);
  await inBatches(
    `INSERT INTO bench_floor SELECT r.code, r.name, r.subtype, r.operator, r.beds, r.address,
        ST_SetSRID(ST_MakePoint(r.lon, r.lat), 4326)
      FROM json_to_recordset($1::json) AS r(code text, name text, subtype text, operator text, beds integer,
        address text, lon float8, lat float8)`,
    (r) => ({ code: r[0], subtype: r[2], operator: r[3], ...common(r) }),
  );
  await client.query('COMMIT');
  return (performance.now() - started) / 1000;
}

/**
 * For context, not the baseline: the same rows inserted straight into facilities (its unique code,
 * three GiST indexes, generated 3857 column and four foreign keys), rolled back. No import can
 * commit faster than this.
 */
async function tableFloor(): Promise<number> {
  const started = performance.now();
  await client.query('BEGIN');
  await inBatches(
    `INSERT INTO facilities (code, category, subtype, name, address, operator, status, beds, district_code, geom, origin)
      SELECT r.code, 'elderly_care', 'care_home', r.name, r.address, 'public', 'operating', r.beds, '500111',
        ST_SetSRID(ST_MakePoint(r.lon, r.lat), 4326), 'imported'
      FROM json_to_recordset($1::json) AS r(code text, name text, beds integer, address text, lon float8, lat float8)`,
    (r) => ({ ...common(r), code: `FLOOR-${String(r[0])}` }),
  );
  const seconds = (performance.now() - started) / 1000;
  await client.query('ROLLBACK');
  return seconds;
}

const database = openDatabase(url, 10);
const app = await buildApp({ db: database.db, pool: database.pool });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
const cookie = await signIn(app, 'admin', 'bench-import-admin');

type Mode = 'dry-run' | 'commit';
const STEPS = ['read', 'validate', 'stage', 'locate', 'check', 'history', 'upsert', 'respond'];

async function run(label: string, mode: Mode): Promise<{ seconds: number; steps: Record<string, number> }> {
  // A commit names its dry run (not timed here: the dry run has its own row).
  let preview: string | undefined;
  if (mode === 'commit') {
    const dry = multipartBody(
      { collection: 'facilities', crs: 'gcj02', encoding: 'auto', mode: 'dry-run' },
      { name: 'bench.csv', data },
    );
    const answer = await fetch(`${base}/api/imports`, {
      method: 'POST',
      body: new Uint8Array(dry.payload),
      headers: { ...dry.headers, cookie, ...FROM_APP },
    });
    preview = ((await answer.json()) as { previewId: string }).previewId;
  }
  const body = multipartBody(
    { collection: 'facilities', crs: 'gcj02', encoding: 'auto', mode, ...(preview ? { preview } : {}) },
    { name: 'bench.csv', data },
  );
  const started = performance.now();
  const response = await fetch(`${base}/api/imports`, {
    method: 'POST',
    body: new Uint8Array(body.payload),
    headers: { ...body.headers, cookie, ...FROM_APP },
  });
  const report = (await response.json()) as Record<string, unknown>;
  const seconds = (performance.now() - started) / 1000;
  const steps = parseServerTiming(response.headers.get('server-timing'));
  const breakdown = STEPS.filter((s) => steps[s] !== undefined)
    .map((s) => `${s} ${(steps[s]! / 1000).toFixed(2)}`)
    .join(' · ');
  console.log(
    `[bench:import] ${label.padEnd(9)} ${seconds.toFixed(2)} s  status ${response.status}  read ${report.rowsRead} valid ${report.rowsValid} invalid ${report.rowsInvalid} inserted ${report.inserted} updated ${report.updated}  [${breakdown}]`,
  );
  if (response.status !== 200) console.log(JSON.stringify(report).slice(0, 500));
  return { seconds, steps };
}

const cases: Record<string, { seconds: number; steps: Record<string, number> }[]> = {
  'dry run': [],
  commit: [],
  're-commit': [],
};
const floors: number[] = [];
let facilitiesFloor = Number.NaN;
try {
  facilitiesFloor = await tableFloor();
  console.log(
    `[bench:import] facilities INSERT floor ${facilitiesFloor.toFixed(2)} s  (same rows straight into facilities, rolled back; context for commit)`,
  );
  for (let i = 0; i < RUNS; i++) {
    floors.push(await floor());
    console.log(
      `[bench:import] floor     ${floors.at(-1)!.toFixed(2)} s  (json_to_recordset into a scratch table)`,
    );
    await client.query("DELETE FROM facilities WHERE code LIKE 'BENCH-%'");
    cases['dry run']!.push(await run('dry run', 'dry-run'));
    cases.commit!.push(await run('commit', 'commit'));
    cases['re-commit']!.push(await run('re-commit', 'commit')); // every row an update now
  }
} finally {
  await app.close();
  await database.close();
  await client.end();
}

const baselineName = `json_to_recordset INSERT, ${ROWS / 1000}k rows`;
const baselineP50 = percentile(floors, 50);
const baselineP95 = percentile(floors, 95);
const benchRows: BenchRow[] = Object.entries(cases).map(([label, results]) => {
  const seconds = results.map((r) => r.seconds);
  return {
    name: `${label}, ${ROWS / 1000}k-row GBK CSV (GCJ-02), end to end`,
    p50: percentile(seconds, 50),
    p95: percentile(seconds, 95),
    baselineName,
    baselineP50,
    baselineP95,
    target: TARGET,
    unit: 's',
  };
});
printTable(`Import, ${ROWS.toLocaleString('en')} rows over HTTP (${RUNS} run(s) each)`, benchRows);

// Median per step, so the table shows where the time goes.
console.log('\nPer-step p50 (s), from the Server-Timing header:');
console.log(`| case      | ${STEPS.map((s) => s.padEnd(8)).join(' | ')} |`);
for (const [label, results] of Object.entries(cases)) {
  const cells = STEPS.map((s) => {
    const values = results.map((r) => r.steps[s]).filter((v): v is number => v !== undefined);
    return (values.length ? (percentile(values, 50) / 1000).toFixed(2) : '').padEnd(8);
  });
  console.log(`| ${label.padEnd(9)} | ${cells.join(' | ')} |`);
}

console.log(
  `\nFor context: inserting the same rows straight into facilities (indexes, foreign keys) took ${facilitiesFloor.toFixed(2)} s.`,
);

const out = path.resolve(import.meta.dirname, '../results');
mkdirSync(out, { recursive: true });
writeFileSync(
  path.join(out, 'bench-import.json'),
  JSON.stringify(
    {
      rows: benchRows,
      facilitiesInsertFloorSeconds: facilitiesFloor,
      steps: Object.fromEntries(
        Object.entries(cases).map(([label, results]) => [label, results.map((r) => r.steps)]),
      ),
    },
    null,
    2,
  ),
);
console.log(`\n[bench:import] wrote ${path.join(out, 'bench-import.json')}`);
