// npm run load:abuse — can one user take the service down? The real app on a loopback port against
// DATABASE_URL (default: the local app cluster). Normal users (LOAD_USERS loops, default 20) ask for
// /api/health and vector tiles around 大足, first alone (the baseline), then while abusers run:
// 21 stalled uploads (headers and 64 KB of a 40 MB import, then silence), 4 loops of anonymous
// site suggestions, 4 loops of anonymous full exports, and 4 loops of 10 MB import dry runs by one
// planner. A second scenario (LOAD_SCENARIO=labels, or both with the default `all`) has one anonymous
// caller ask for the largest label sheet (a line of 300 markers, made for the run and removed after)
// in 2 loops while the normal users run, against its own baseline from the same run. Each phase
// lasts LOAD_SECONDS (default 30). Prints the normal users' p50/p99 and errors in each phase, their
// ratio, and what the abusers got; writes results/load-abuse.json. Figures are reported, never
// asserted. Only loopback traffic.
import { mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { sql } from 'kysely';
import { buildApp } from '../server/app.ts';
import { openDatabase } from '../server/db/database.ts';
import { csvFile, multipartBody } from '../tests/fixtures/imports/writers.ts';
import { FROM_APP, signIn } from '../tests/helpers/auth.ts';
import { percentile } from './bench-lib.ts';

process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:54329/civic_atlas';
const SECONDS = Number(process.env.LOAD_SECONDS ?? 30);
const USERS = Number(process.env.LOAD_USERS ?? 20);
const SCENARIO = process.env.LOAD_SCENARIO ?? 'all';
const SHEET_MARKERS = 300;
const SHEET_LINE_CODE = 'LOAD-ABUSE-SHEET';
const log = (line: string) => console.error(`[load:abuse] ${line}`);

const database = openDatabase(undefined, 20);
const app = await buildApp({ db: database.db, pool: database.pool });
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
if (!address || typeof address === 'string') throw new Error('no TCP port');
const port = address.port;
const base = `http://127.0.0.1:${port}`;
// Start-up (compiling, connecting) can lag the event loop past the load-shedding threshold on a
// busy machine: wait until health answers before signing in.
for (let tries = 0; tries < 60; tries++) {
  const response = await fetch(`${base}/api/health`).catch(() => null);
  if (response?.status === 200) break;
  await new Promise((r) => setTimeout(r, 500));
}
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

/** A line of SHEET_MARKERS markers along a demo line's route: the largest label sheet. */
async function makeSheetLine(): Promise<number> {
  await removeSheetLine();
  const { rows } = await sql<{ id: string }>`
    INSERT INTO boundary_lines (code, name, level, district_code, left_unit_code, left_unit_name,
      right_unit_code, right_unit_name, status, geom, origin)
    SELECT ${SHEET_LINE_CODE}, '负载测试界线', level, district_code, left_unit_code, left_unit_name,
      right_unit_code, right_unit_name, 'undelimited', geom, origin
    FROM boundary_lines WHERE deleted_at IS NULL ORDER BY id LIMIT 1
    RETURNING id::text AS id`.execute(database.db);
  const id = rows[0]!.id;
  await sql`INSERT INTO boundary_markers (line_id, number, marker_type, material, condition, geom, origin)
    SELECT l.id, lpad(n::text, 3, '0') || 'Q', 'single', 'granite', 'intact',
      ST_LineInterpolatePoint(ST_GeometryN(l.geom, 1), n::float8 / ${SHEET_MARKERS + 1}), l.origin
    FROM boundary_lines l, generate_series(1, ${SHEET_MARKERS}) n WHERE l.id = ${id}`.execute(database.db);
  return Number(id);
}

async function removeSheetLine(): Promise<void> {
  await sql`DELETE FROM boundary_markers WHERE line_id IN
    (SELECT id FROM boundary_lines WHERE code = ${SHEET_LINE_CODE})`.execute(database.db);
  await sql`DELETE FROM boundary_lines WHERE code = ${SHEET_LINE_CODE}`.execute(database.db);
}

type Summary = ReturnType<typeof summary>;
const rows = (label: string, baseline: Summary, during: Summary) => [
  `| ${label}: alone (baseline) | ${baseline.requests} | ${baseline.errors} | ${baseline.p50.toFixed(1)} | ${baseline.p99.toFixed(1)} |`,
  `| ${label}: while the abuse runs | ${during.requests} | ${during.errors} | ${during.p50.toFixed(1)} | ${during.p99.toFixed(1)} |`,
  `| ${label}: ratio (abuse / baseline) | | | ${(during.p50 / baseline.p50).toFixed(2)}× | ${(during.p99 / baseline.p99).toFixed(2)}× |`,
];

/** The mixed abuse of the first scenario: stalled uploads, suggestions, full exports, big imports. */
async function mixedAbuse(): Promise<{ baseline: Summary; during: Summary }> {
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
  return { baseline, during };
}

/** One anonymous caller asking for the largest label sheet, two requests at a time. */
async function labelAbuse(): Promise<{ baseline: Summary; during: Summary; seconds: number[] }> {
  const lineId = await makeSheetLine();
  try {
    log(`baseline: ${USERS} normal users for ${SECONDS} s`);
    const baseline = summary(await normalUsers(Date.now() + SECONDS * 1000));
    log(`abuse: the same users while an anonymous caller asks for a ${SHEET_MARKERS}-marker label sheet`);
    const until = Date.now() + SECONDS * 1000;
    const seconds: number[] = [];
    const sheet = async () => {
      const started = performance.now();
      const response = await fetch(`${base}/api/labels/boundary-lines/${lineId}/markers.pdf`);
      if (response.status === 200) seconds.push((performance.now() - started) / 1000);
      return response;
    };
    const abuse = Promise.all(
      Array.from({ length: 2 }, () => loop(`${SHEET_MARKERS}-marker label sheet (anonymous)`, until, sheet)),
    );
    const during = summary(await normalUsers(until));
    await abuse;
    return { baseline, during, seconds };
  } finally {
    await removeSheetLine();
  }
}

try {
  const mixed = SCENARIO === 'labels' ? null : await mixedAbuse();
  const labels = SCENARIO === 'mixed' ? null : await labelAbuse();
  const sheetSeconds = labels?.seconds.sort((a, b) => a - b) ?? [];
  const table = [
    '| normal users (health + tiles) | requests | errors | p50 ms | p99 ms |',
    '|---|---|---|---|---|',
    ...(mixed ? rows('mixed abuse', mixed.baseline, mixed.during) : []),
    ...(labels ? rows('label sheet', labels.baseline, labels.during) : []),
    '',
    '| abuser | answers |',
    '|---|---|',
    ...Object.entries(statuses).map(
      ([kind, s]) =>
        `| ${kind} | ${Object.entries(s)
          .map(([k, n]) => `${k}: ${n}`)
          .join(', ')} |`,
    ),
    ...(sheetSeconds.length
      ? [
          `| ${SHEET_MARKERS}-marker sheet, seconds per sheet | median ${percentile(sheetSeconds, 50).toFixed(2)}, max ${sheetSeconds.at(-1)!.toFixed(2)} |`,
        ]
      : []),
  ].join('\n');
  console.log(table);
  mkdirSync('results', { recursive: true });
  writeFileSync(
    'results/load-abuse.json',
    JSON.stringify(
      { seconds: SECONDS, users: USERS, scenario: SCENARIO, mixed, labels, abusers: statuses },
      null,
      2,
    ),
  );
} finally {
  await app.close();
  await database.close();
}
