// npm run bench:export-memory — server memory during 4 parallel anonymous full exports of a large
// layer (BENCH_EXPORT_POINTS synthetic facilities, 197,000 by default, plus the demo's 2,489: just
// under the 200,000 the old exports allowed), before and after streaming. "Before" is the server
// code of a git ref (BENCH_EXPORT_BASELINE, default 5ac1aa7: exports built the whole file in
// memory), extracted with git archive into a temp folder; "after" is this checkout. Each runs as its own server process;
// its RSS is read from /proc before the exports and its peak (VmHWM, reset through clear_refs)
// after them. Prints a table; memory is reported, never asserted.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { generateDemo } from '../data/generate.ts';
import { dropEverything, migrate } from '../server/db/migrate.ts';
import { loadDataset } from '../server/db/seed.ts';
import { ensureDatabase } from './bench-lib.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const POINTS = Number(process.env.BENCH_EXPORT_POINTS ?? 197_000);
const BASELINE = process.env.BENCH_EXPORT_BASELINE ?? '5ac1aa7';
const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:54329/postgres';
const DB_NAME = 'civic_atlas_bench_exports';
const FORMATS = ['geojson', 'csv'] as const;
const PARALLEL = 4;
/** Extra node flags for the servers, e.g. --max-old-space-size=128 to show what the heap really needs. */
const SERVER_FLAGS = (process.env.BENCH_EXPORT_NODE_FLAGS ?? '').split(' ').filter(Boolean);
/** BENCH_EXPORT_VARIANTS=after skips the baseline. */
const VARIANTS = (process.env.BENCH_EXPORT_VARIANTS ?? 'before,after').split(',');

async function prepare(): Promise<string> {
  const url = await ensureDatabase(ADMIN_URL, DB_NAME);
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const have = await pool
    .query<{ n: number }>(`SELECT count(*)::int AS n FROM facilities WHERE code LIKE 'BENCH-%'`)
    .catch(() => ({ rows: [{ n: -1 }] }));
  if ((have.rows[0]?.n ?? 0) !== POINTS) {
    console.error(
      `[bench:export-memory] loading demo data + ${POINTS.toLocaleString()} facilities into ${DB_NAME} …`,
    );
    await dropEverything(pool);
    await migrate(pool);
    await loadDataset(pool, generateDemo(), { demo: true, bench: true });
    await pool.query('SELECT setseed(0.17)');
    await pool.query(
      `INSERT INTO facilities (code, category, subtype, name, address, operator, status, beds, district_code, geom, origin)
       SELECT 'BENCH-' || g, 'elderly_care', 'village_point', '基准测试养老服务点' || g, '大足区龙岗街道测试路' || g || '号',
              'public', 'operating', (random() * 80)::int, '500111',
              ST_SetSRID(ST_MakePoint(105.4 + random() * 0.5, 29.5 + random() * 0.4), 4326), 'synthetic'
       FROM generate_series(1, $1::int) g`,
      [POINTS],
    );
    await pool.query('VACUUM ANALYZE facilities');
  }
  await pool.end();
  return url;
}

/** A folder holding `server/` and `data/` of a git ref, with this checkout's node_modules. */
function checkout(ref: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'civic-bench-export-'));
  const tar = execFileSync('git', ['-C', ROOT, 'archive', ref, 'server', 'data', 'package.json'], {
    maxBuffer: 512 * 1024 * 1024,
  });
  execFileSync('tar', ['-x', '-C', dir], { input: tar });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

const LAUNCHER = `
const root = process.argv[2];
const { buildApp } = await import(root + '/server/app.ts');
const { openDatabase } = await import(root + '/server/db/database.ts');
const database = openDatabase(process.argv[3], 10);
const app = await buildApp({ db: database.db, pool: database.pool });
await app.listen({ host: '127.0.0.1', port: 0 });
console.log('PORT ' + app.server.address().port);
`;

function memoryKiB(pid: number, key: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
}

async function startServer(
  root: string,
  url: string,
  launcher: string,
): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [...SERVER_FLAGS, '--import', 'tsx', launcher, root, url], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /PORT (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { child, port };
}

interface Row {
  variant: string;
  format: string;
  status: string;
  mib: number;
  seconds: number;
  rssBefore: number;
  peak: number;
}

async function measure(variant: string, root: string, url: string, launcher: string): Promise<Row[]> {
  const { child, port } = await startServer(root, url, launcher);
  const pid = child.pid!;
  const base = `http://127.0.0.1:${port}`;
  const rows: Row[] = [];
  try {
    for (const format of FORMATS) {
      // Warm up (JIT, pool) on a small export, then let the heap settle.
      await fetch(`${base}/api/exports/towns.${format}?district=500111`).then((r) => r.arrayBuffer());
      (global as { gc?: () => void }).gc?.();
      await new Promise((r) => setTimeout(r, 2000));
      const rssBefore = memoryKiB(pid, 'VmRSS');
      writeFileSync(`/proc/${pid}/clear_refs`, '5'); // resets VmHWM to the current RSS
      const started = performance.now();
      const results = await Promise.all(
        Array.from({ length: PARALLEL }, async () => {
          const response = await fetch(`${base}/api/exports/facilities.${format}`);
          let bytes = 0;
          for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>)
            bytes += chunk.length;
          return { status: response.status, bytes };
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const peak = memoryKiB(pid, 'VmHWM');
      rows.push({
        variant,
        format,
        status: results.map((r) => r.status).join('/'),
        mib: results.reduce((sum, r) => sum + r.bytes, 0) / PARALLEL / 2 ** 20,
        seconds,
        rssBefore,
        peak,
      });
    }
  } finally {
    child.kill('SIGTERM');
  }
  return rows;
}

async function main(): Promise<void> {
  const url = await prepare();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'civic-bench-launcher-'));
  const launcher = path.join(tmp, 'launch.mts');
  writeFileSync(launcher, LAUNCHER);
  const baseline = checkout(BASELINE);
  try {
    const rows = [
      ...(VARIANTS.includes('before') ? await measure(`before (${BASELINE})`, baseline, url, launcher) : []),
      ...(VARIANTS.includes('after') ? await measure('after (streaming)', ROOT, url, launcher) : []),
    ];
    const mib = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;
    console.log(
      `\n${PARALLEL} parallel anonymous full exports of facilities (${POINTS.toLocaleString()} + demo rows), server RSS${SERVER_FLAGS.length ? ` (node ${SERVER_FLAGS.join(' ')})` : ''}`,
    );
    const header = ['variant', 'format', 'statuses', 'size each', 'wall', 'RSS before', 'peak RSS', 'growth'];
    const body = rows.map((r) => [
      r.variant,
      r.format,
      r.status,
      `${r.mib.toFixed(1)} MiB`,
      `${r.seconds.toFixed(1)} s`,
      mib(r.rssBefore),
      mib(r.peak),
      mib(r.peak - r.rssBefore),
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
    const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
    console.log(line(header));
    console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
    for (const row of body) console.log(line(row));
  } finally {
    rmSync(baseline, { recursive: true, force: true });
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
