// npm run load:abuse — can one user take the service down? The real app on a loopback port against
// DATABASE_URL (default: the local app cluster). Normal users (LOAD_USERS loops, default 20) ask for
// /api/health and vector tiles around 大足, first alone (the baseline), then while abusers run:
// 21 stalled uploads (headers and 64 KB of a 40 MB import, then silence), 4 loops of anonymous
// site suggestions, 4 loops of anonymous full exports, and 4 loops of 10 MB import dry runs by one
// planner. Each phase lasts LOAD_SECONDS (default 30). Prints the normal users' p50/p99 and errors
// in both phases, their ratio, and what the abusers got; writes results/load-abuse.json. Figures
// are reported, never asserted. Only loopback traffic.
import { mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { buildApp } from '../server/app.ts';
import { openDatabase } from '../server/db/database.ts';
import { csvFile, multipartBody } from '../tests/fixtures/imports/writers.ts';
import { FROM_APP, signIn } from '../tests/helpers/auth.ts';
import { percentile } from './bench-lib.ts';

process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:54329/civic_atlas';
const SECONDS = Number(process.env.LOAD_SECONDS ?? 30);
const USERS = Number(process.env.LOAD_USERS ?? 20);
const log = (line: string) => console.error(`[load:abuse] ${line}`);

const database = openDatabase(undefined, 20);
const app = await buildApp({ db: database.db, pool: database.pool });
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
if (!address || typeof address === 'string') throw new Error('no TCP port');
const port = address.port;
const base = `http://127.0.0.1:${port}`;
const planner = await signIn(app, 'planner', 'load-abuse-planner');

// Tiles around 大足 at z12 (x 3297–3302, y 1683–1688).
const tiles: string[] = [];
for (let x = 3297; x <= 3302; x++)
  for (let y = 1683; y <= 1688; y++) tiles.push(`/tiles/facilities/12/${x}/${y}.mvt`);

interface Sample {
  ms: number;
  ok: boolean;
}

async function normalUsers(until: number): Promise<Sample[]> {
  const samples: Sample[] = [];
  await Promise.all(
    Array.from({ length: USERS }, async (_, u) => {
      for (let i = u; Date.now() < until; i++) {
        const path = i % 2 === 0 ? '/api/health' : tiles[i % tiles.length]!;
        const started = performance.now();
        try {
          const response = await fetch(base + path, { signal: AbortSignal.timeout(10_000) });
          await response.arrayBuffer();
          samples.push({
            ms: performance.now() - started,
            ok: response.status < 400 || response.status === 404,
          });
        } catch {
          samples.push({ ms: performance.now() - started, ok: false });
        }
      }
    }),
  );
  return samples;
}

const statuses: Record<string, Record<string, number>> = {};
const count = (kind: string, status: number | string) => {
  statuses[kind] ??= {};
  statuses[kind]![String(status)] = (statuses[kind]![String(status)] ?? 0) + 1;
};

async function loop(kind: string, until: number, request: () => Promise<Response>): Promise<void> {
  while (Date.now() < until) {
    try {
      const response = await request();
      await response.arrayBuffer();
      count(kind, response.status);
      if (response.status === 503 || response.status === 429) await new Promise((r) => setTimeout(r, 200));
    } catch (error) {
      count(kind, (error as Error).name);
    }
  }
}

function stalledUploads(n: number): net.Socket[] {
  const boundary = 'stalled-upload';
  return Array.from({ length: n }, () => {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => count('stalled upload', 'closed by server'));
    socket.on('close', () => count('stalled upload', 'socket closed'));
    socket.write(
      `POST /api/imports HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${planner}\r\nX-Requested-With: civic-atlas\r\n` +
        `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${40 * 1024 * 1024}\r\n\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="collection"\r\n\r\nfacilities\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="mode"\r\n\r\ndry-run\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n\r\n`,
    );
    socket.write(Buffer.alloc(64 * 1024, 0x61));
    return socket; // then silence
  });
}

const bigImport = (() => {
  const rows: (string | number)[][] = [];
  for (let i = 0; rows.length * 90 < 10 * 1024 * 1024; i++)
    rows.push([
      `LOAD-${i}`,
      `负载测试设施${i}`,
      'canteen',
      '公办',
      105.7 + (i % 100) * 1e-4,
      29.7 + (i % 97) * 1e-4,
    ]);
  return multipartBody(
    { collection: 'facilities', mode: 'dry-run' },
    { name: 'load.csv', data: csvFile(['code', 'name', 'subtype', 'operator', 'lon', 'lat'], rows) },
  );
})();

function summary(samples: Sample[]) {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  return {
    requests: samples.length,
    errors: samples.filter((s) => !s.ok).length,
    p50: percentile(ms, 50),
    p99: percentile(ms, 99),
  };
}

try {
  log(`baseline: ${USERS} normal users for ${SECONDS} s`);
  const baseline = summary(await normalUsers(Date.now() + SECONDS * 1000));
  log(`abuse: the same users while 21 stalled uploads, suggestions, full exports and 10 MB imports run`);
  const until = Date.now() + SECONDS * 1000;
  const sockets = stalledUploads(21);
  const abuse = Promise.all([
    ...Array.from({ length: 4 }, () =>
      loop('suggestions (anonymous)', until, () =>
        fetch(`${base}/api/coverage/suggestions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ district: '500111', lifeCircle: '15min', k: 10 }),
        }),
      ),
    ),
    ...Array.from({ length: 4 }, () =>
      loop('full export (anonymous)', until, () => fetch(`${base}/api/exports/facilities.geojson`)),
    ),
    ...Array.from({ length: 4 }, () =>
      loop('10 MB import (one planner)', until, () =>
        fetch(`${base}/api/imports`, {
          method: 'POST',
          body: new Uint8Array(bigImport.payload),
          headers: { ...bigImport.headers, cookie: planner, ...FROM_APP },
        }),
      ),
    ),
  ]);
  const during = summary(await normalUsers(until));
  await abuse;
  for (const socket of sockets) socket.destroy();
  const table = [
    '| normal users (health + tiles) | requests | errors | p50 ms | p99 ms |',
    '|---|---|---|---|---|',
    `| alone (baseline) | ${baseline.requests} | ${baseline.errors} | ${baseline.p50.toFixed(1)} | ${baseline.p99.toFixed(1)} |`,
    `| while the abuse runs | ${during.requests} | ${during.errors} | ${during.p50.toFixed(1)} | ${during.p99.toFixed(1)} |`,
    `| ratio (abuse / baseline) | | | ${(during.p50 / baseline.p50).toFixed(2)}× | ${(during.p99 / baseline.p99).toFixed(2)}× |`,
    '',
    '| abuser | answers |',
    '|---|---|',
    ...Object.entries(statuses).map(
      ([kind, s]) =>
        `| ${kind} | ${Object.entries(s)
          .map(([k, n]) => `${k}: ${n}`)
          .join(', ')} |`,
    ),
  ].join('\n');
  console.log(table);
  mkdirSync('results', { recursive: true });
  writeFileSync(
    'results/load-abuse.json',
    JSON.stringify({ seconds: SECONDS, users: USERS, baseline, during, abusers: statuses }, null, 2),
  );
} finally {
  await app.close();
  await database.close();
}
