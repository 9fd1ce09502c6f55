// npm run bench:import — end to end through the HTTP API: a 100,000-row GBK CSV of facilities in
// GCJ-02, first as a dry run, then committed, on its own database (civic_atlas_bench_import in the
// local cluster, reset with the demo data first). Target: each step ≤ 10 s on this machine.

import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { buildApp } from '../server/app.ts';
import { openDatabase } from '../server/db/database.ts';
import { fromWgs84 } from '../server/modules/imports/coordinates.ts';
import { csvFile, multipartBody } from '../tests/fixtures/imports/writers.ts';
import { signIn } from '../tests/helpers/auth.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:54329/civic_atlas_bench_import';

const admin = new pg.Client({ connectionString: url.replace(/\/[^/]+$/, '/postgres') });
await admin.connect();
const name = url.slice(url.lastIndexOf('/') + 1);
const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${name.replaceAll('"', '')}"`);
await admin.end();
execFileSync('npx', ['tsx', 'server/db/cli.ts', 'reset'], {
  env: { ...process.env, DATABASE_URL: url },
  stdio: 'ignore',
});

// Points scattered within ~400 m of the seats of 大足区's towns (inside the district), in GCJ-02.
const seatClient = new pg.Client({ connectionString: url });
await seatClient.connect();
const { rows: seatRows } = await seatClient.query<{ lon: number; lat: number }>(
  "SELECT ST_X(seat) AS lon, ST_Y(seat) AS lat FROM towns WHERE district_code = '500111' ORDER BY code",
);
await seatClient.end();
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
  `[bench:import] ${ROWS.toLocaleString('en')} rows, ${(data.length / 1024 / 1024).toFixed(1)} MB GBK CSV`,
);

const database = openDatabase(url, 10);
const app = await buildApp({ db: database.db, pool: database.pool });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
const cookie = await signIn(app, 'admin', 'bench-import-admin');

async function run(mode: 'dry-run' | 'commit') {
  const body = multipartBody(
    { collection: 'facilities', crs: 'gcj02', encoding: 'auto', mode },
    { name: 'bench.csv', data },
  );
  const started = performance.now();
  const response = await fetch(`${base}/api/imports`, {
    method: 'POST',
    body: new Uint8Array(body.payload),
    headers: { ...body.headers, cookie },
  });
  const report = (await response.json()) as Record<string, unknown>;
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `[bench:import] ${mode.padEnd(7)} ${seconds.toFixed(2)} s  status ${response.status}  read ${report.rowsRead} valid ${report.rowsValid} invalid ${report.rowsInvalid} inserted ${report.inserted} updated ${report.updated}`,
  );
  return seconds;
}

let failed = false;
try {
  const dry = await run('dry-run');
  const commit = await run('commit');
  const again = await run('commit'); // every row an update now
  console.log(
    `[bench:import] target ≤ 10 s each: dry run ${dry.toFixed(2)} s, commit ${commit.toFixed(2)} s, re-commit (upsert) ${again.toFixed(2)} s`,
  );
  failed = dry > 10 || commit > 10;
} finally {
  await app.close();
  await database.close();
}
process.exit(failed ? 1 : 0);
