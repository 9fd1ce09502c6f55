// npm run load: the real app on a free loopback port against DATABASE_URL (default: the
// local app cluster's civic_atlas database), hammered by autocannon for LOAD_SECONDS (default 60)
// with LOAD_CONNECTIONS (default 200) keep-alive connections on a mix of vector tiles (z10–z14
// around Dazu), place-name searches and POST /api/coverage. Prints requests, throughput, p50/p99
// and errors / non-2xx / timeouts per kind, and writes results/load.json. The goal is 0 errors.
// Not part of `npm test`; figures are reported, never asserted.
//
//   npm run load
//   LOAD_SECONDS=10 LOAD_CONNECTIONS=50 npm run load
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { buildApp } from '../server/app.ts';
import { openDatabase } from '../server/db/database.ts';
import { percentile } from './bench-lib.ts';

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:54329/civic_atlas';
const DATABASE_URL = process.env.DATABASE_URL ?? DEFAULT_URL;
const SECONDS = boundedInt('LOAD_SECONDS', 60, 1, 600);
const CONNECTIONS = boundedInt('LOAD_CONNECTIONS', 200, 3, 2000);
/** Same pool size as the server (server/main.ts), so the figures are the production server's. */
const POOL_SIZE = boundedInt('LOAD_POOL', 20, 1, 200);
const TIMEOUT_S = 10;
const log = (line: string) => console.error(`[load] ${line}`);

function boundedInt(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new Error(`${name} must be an integer from ${min} to ${max}, got ${raw}`);
  return value;
}

// ---- the request mix ------------------------------------------------------------------------

/** Dazu district (500111) with a margin: where people look at the map. */
const DAZU_BBOX = [105.45, 29.4, 106.0, 29.95] as const;
const TILE_LAYERS = ['districts', 'towns', 'villages', 'facilities', 'place-names', 'boundary-lines'];

function tileRange(z: number) {
  const n = 2 ** z;
  const x = (lon: number) => Math.floor(((lon + 180) / 360) * n);
  const y = (lat: number) => {
    const rad = (lat * Math.PI) / 180;
    return Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  };
  return { x0: x(DAZU_BBOX[0]), x1: x(DAZU_BBOX[2]), y0: y(DAZU_BBOX[3]), y1: y(DAZU_BBOX[1]) };
}

function tilePaths(layers: string[]): string[] {
  const paths: string[] = [];
  for (let z = 10; z <= 14; z++) {
    const { x0, x1, y0, y1 } = tileRange(z);
    for (let x = x0; x <= x1; x++)
      for (let y = y0; y <= y1; y++)
        for (const layer of layers) paths.push(`/tiles/${layer}/${z}/${x}/${y}.mvt`);
  }
  return paths;
}

const SEARCHES = [
  '龙水',
  '大足',
  '宝顶',
  '石刻',
  '中敖',
  '棠香',
  '龙岗',
  '万古',
  '高坪',
  '拾万',
  '村',
  '社区',
  'longshui',
  'dazu',
  'baoding',
  'lsz',
  'dz',
  'tangxiang',
  '龙shui',
  'longsui', // a typo: the fuzzy fallback
  '大足县', // a former name
  '季家',
  '三驱',
  '邮亭',
];

const COVERAGE_BODIES: object[] = [
  { district: '500111', lifeCircle: '10min' },
  { district: '500111', lifeCircle: '5min' },
  { district: '500111', lifeCircle: '15min', uncoveredLimit: 100 },
  { district: '500111', lifeCircle: 'default' },
  { district: '500111', radiusMeters: 2000, facilities: { categories: ['elderly_care'] } },
  { district: '500111', lifeCircle: '10min', proposed: [{ lon: 105.72, lat: 29.7 }] },
  {
    district: '500111',
    lifeCircle: '10min',
    proposed: [
      { lon: 105.8, lat: 29.6 },
      { lon: 105.65, lat: 29.75, subtype: 'community_station' },
    ],
  },
];

interface Kind {
  name: 'tiles' | 'search' | 'coverage';
  share: number; // of the connections
  next: () => { method: 'GET' | 'POST'; path: string; body?: string; headers?: Record<string, string> };
}

function kinds(): Kind[] {
  const tiles = tilePaths(TILE_LAYERS);
  const random = <T>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)]!;
  return [
    { name: 'tiles', share: 0.75, next: () => ({ method: 'GET', path: random(tiles) }) },
    {
      name: 'search',
      share: 0.2,
      next: () => ({
        method: 'GET',
        path: `/api/place-names/search?q=${encodeURIComponent(random(SEARCHES))}${Math.random() < 0.5 ? '&district=500111' : ''}`,
      }),
    },
    {
      name: 'coverage',
      share: 0.05,
      next: () => ({
        method: 'POST',
        path: '/api/coverage',
        body: JSON.stringify(random(COVERAGE_BODIES)),
        headers: { 'content-type': 'application/json' },
      }),
    },
  ];
}

// ---- running --------------------------------------------------------------------------------

interface KindResult {
  kind: string;
  connections: number;
  requests: number;
  throughput: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statuses: Record<string, number>;
}

async function runKind(
  url: string,
  kind: Kind,
  connections: number,
): Promise<{ result: KindResult; latencies: number[] }> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        duration: SECONDS,
        timeout: TIMEOUT_S,
        // Each request picks its own path/body, so one connection walks the whole mix.
        requests: [{ setupRequest: (request) => ({ ...request, ...kind.next() }) }],
      },
      (error, finished) => (error ? reject(error) : resolve(finished)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    });
  });
  const non2xx = Object.entries(statuses)
    .filter(([code]) => !code.startsWith('2') && code !== '304')
    .reduce((sum, [, n]) => sum + n, 0);
  const summary: KindResult = {
    kind: kind.name,
    connections,
    requests: latencies.length,
    throughput: latencies.length / SECONDS,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.length ? Math.max(...latencies) : Number.NaN,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx,
    statuses,
  };
  return { result: summary, latencies };
}

function printTable(rows: KindResult[]): void {
  const f = (v: number) => (Number.isNaN(v) ? '' : v < 10 ? v.toFixed(2) : v.toFixed(1));
  const header = [
    'kind',
    'conns',
    'requests',
    'req/s',
    'p50 ms',
    'p99 ms',
    'max ms',
    'errors',
    'non-2xx',
    'timeouts',
  ];
  const body = rows.map((r) => [
    r.kind,
    String(r.connections),
    String(r.requests),
    f(r.throughput),
    f(r.p50),
    f(r.p99),
    f(r.max),
    String(r.errors),
    String(r.non2xx),
    String(r.timeouts),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of body) console.log(line(row));
}

async function main(): Promise<void> {
  const database = openDatabase(DATABASE_URL, POOL_SIZE);
  const app = await buildApp({ db: database.db, pool: database.pool, logger: { level: 'error' } });
  // The first few failed responses as the server saw them, to find out why.
  const failures: string[] = [];
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode >= 400 && failures.length < 10)
      failures.push(`${reply.statusCode} ${request.method} ${request.url} ${String(payload).slice(0, 300)}`);
    return payload;
  });
  await app.listen({ host: '127.0.0.1', port: 0 }); // loopback only
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('server did not listen on a TCP port');
  const url = `http://127.0.0.1:${address.port}`;
  try {
    // Fail early and clearly when the database is missing or not migrated.
    for (const probe of [
      '/api/health',
      '/tiles/facilities/10/812/423.mvt',
      '/api/place-names/search?q=dazu',
    ]) {
      const response = await fetch(url + probe);
      if (!response.ok)
        throw new Error(
          `${probe} answered ${response.status}: is ${DATABASE_URL} up and loaded (npx tsx scripts/db.ts reset)?`,
        );
    }
    const mix = kinds();
    let left = CONNECTIONS;
    const split = mix.map((kind, i) => {
      const n = i === mix.length - 1 ? left : Math.max(1, Math.round(CONNECTIONS * kind.share));
      left -= n;
      return n;
    });
    log(
      `${CONNECTIONS} connections (${mix.map((k, i) => `${k.name} ${split[i]}`).join(', ')}) for ${SECONDS} s ` +
        `against ${url}, pool ${POOL_SIZE}, ${os.cpus().length} CPUs, load average ${os.loadavg()[0]!.toFixed(2)}`,
    );
    const started = Date.now();
    const runs = await Promise.all(mix.map((kind, i) => runKind(url, kind, split[i]!)));
    const rows = runs.map((r) => r.result);
    const latencies = runs.flatMap((r) => r.latencies);
    const elapsed = (Date.now() - started) / 1000;
    const all: KindResult = {
      kind: 'all',
      connections: CONNECTIONS,
      requests: rows.reduce((s, r) => s + r.requests, 0),
      throughput: rows.reduce((s, r) => s + r.throughput, 0),
      // Percentiles of the whole mix (every response), not a mean of the per-kind figures.
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: Math.max(...rows.map((r) => r.max)),
      errors: rows.reduce((s, r) => s + r.errors, 0),
      timeouts: rows.reduce((s, r) => s + r.timeouts, 0),
      non2xx: rows.reduce((s, r) => s + r.non2xx, 0),
      statuses: {},
    };
    for (const r of rows)
      for (const [code, n] of Object.entries(r.statuses)) all.statuses[code] = (all.statuses[code] ?? 0) + n;
    console.log(`\nLoad: ${CONNECTIONS} connections, ${SECONDS} s (${elapsed.toFixed(1)} s wall)`);
    printTable([...rows, all]);
    const failed = all.errors + all.non2xx + all.timeouts;
    console.log(
      failed === 0
        ? '\n0 errors.'
        : `\n${failed} failed responses; statuses: ${JSON.stringify(all.statuses)}`,
    );
    const out = path.resolve(import.meta.dirname, '../results');
    mkdirSync(out, { recursive: true });
    writeFileSync(
      path.join(out, 'load.json'),
      `${JSON.stringify(
        {
          at: new Date().toISOString(),
          seconds: SECONDS,
          connections: CONNECTIONS,
          poolSize: POOL_SIZE,
          cpus: os.cpus().length,
          loadAverageBefore: os.loadavg(),
          kinds: rows,
          total: all,
          failures,
        },
        null,
        2,
      )}\n`,
    );
    log(`wrote results/load.json`);
  } finally {
    await app.close();
    // autocannon drops its sockets at the end, so handlers (and coverage's background caching) may
    // still be using the pool: let them finish before it is destroyed.
    const settled = Date.now() + 10_000;
    const pool = database.pool;
    while (Date.now() < settled && (pool.waitingCount > 0 || pool.idleCount < pool.totalCount))
      await new Promise((resolve) => setTimeout(resolve, 100));
    await database.close();
  }
}

await main();
