// npm run bench:sync — how long a boundary officer waits in the evening: 50 edits queued on the
// device (fake-indexeddb in Node, the page's own outbox and sync runner) sent to a real server over
// HTTP, when nobody else touched the markers (saved), when the office changed another field of
// each meanwhile (merged field by field), and with a photo each (uploaded first). Baseline in the
// same run: the same 50 edits saved online one PATCH at a time, as the form does. Reported, never
// asserted. BENCH_SYNC_ROUNDS (default 5), BENCH_ADMIN_URL (the cluster; default the app's).
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import sharp from 'sharp';
import { openOfflineDb } from '../client/offline/db.ts';
import { queueEdit } from '../client/offline/outbox.ts';
import { type Fetch, SyncRunner } from '../client/offline/sync.ts';
import { generateDemo } from '../data/generate.ts';
import { buildApp } from '../server/app.ts';
import { openDatabase } from '../server/db/database.ts';
import { migrate } from '../server/db/migrate.ts';
import { loadDataset } from '../server/db/seed.ts';
import { addUser } from '../server/modules/auth/user-admin.ts';
import { type BenchRow, ensureDatabase, percentile, printTable } from './bench-lib.ts';

const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:54329/postgres';
const ROUNDS = Number(process.env.BENCH_SYNC_ROUNDS ?? 5);
const EDITS = 50;
const USER = 'bench-sync-officer';
const PASSWORD = 'bench-sync-password-2026';

async function prepare(): Promise<string> {
  const url = await ensureDatabase(ADMIN_URL, 'civic_atlas_bench_sync');
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const ready = await pool.query('SELECT count(*)::int AS n FROM boundary_markers').catch(() => undefined);
  if (!ready) {
    console.error('[bench:sync] migrating and loading the demo data …');
    await migrate(pool);
    await loadDataset(pool, generateDemo(), { demo: true });
  } else await migrate(pool);
  await pool.end();
  return url;
}

const markersSql = `SELECT m.id::int AS id, m.version FROM boundary_markers m
  WHERE m.deleted_at IS NULL ORDER BY m.id LIMIT ${EDITS}`;

async function main() {
  const url = await prepare();
  const database = openDatabase(url, 10);
  const app = await buildApp({ db: database.db, pool: database.pool });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  const base = `http://127.0.0.1:${address.port}`;
  await addUser(database.db, {
    username: USER,
    role: 'boundary_editor',
    password: PASSWORD,
    displayName: '基准测试',
  }).catch(() => undefined);
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ username: USER, password: PASSWORD }),
  });
  if (!login.ok) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const pageFetch: Fetch = (path, init = {}) =>
    fetch(`${base}${path}`, { ...init, headers: { ...(init.headers as object), cookie, origin: base } });
  const photo = new Blob(
    [
      await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#6a5' } })
        .jpeg()
        .toBuffer(),
    ],
    { type: 'image/jpeg' },
  );
  const markers = async () => (await database.pool.query<{ id: number; version: number }>(markersSql)).rows;

  const times: Record<string, number[]> = { online: [], saved: [], merged: [], photos: [] };
  for (let round = 0; round < ROUNDS; round++) {
    // Baseline: the same edits online, one PATCH after another.
    let t = performance.now();
    for (const m of await markers()) {
      const response = await pageFetch(`/api/boundary-markers/${m.id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', 'if-match': `"${m.version}"` },
        body: JSON.stringify({ note: `在线 ${round}` }),
      });
      if (!response.ok) throw new Error(`PATCH ${response.status}`);
    }
    times.online!.push(performance.now() - t);

    for (const variant of ['saved', 'merged', 'photos'] as const) {
      const db = await openOfflineDb(`bench-${randomUUID()}`);
      const list = await markers();
      for (const m of list)
        await queueEdit(db, {
          kind: 'boundary-markers',
          action: 'update',
          recordId: m.id,
          baseVersion: m.version,
          changes: { note: `离线 ${variant} ${round}` },
          label: `界桩 ${m.id}`,
          ...(variant === 'photos' ? { photos: [{ blob: photo, name: '现场.jpg' }] } : {}),
        });
      // The office changes another field of each marker meanwhile (not timed).
      if (variant === 'merged')
        for (const m of list) {
          const response = await pageFetch(`/api/boundary-markers/${m.id}`, {
            method: 'PATCH',
            headers: { 'content-type': 'application/json', 'if-match': `"${m.version}"` },
            body: JSON.stringify({ responsibleSide: `办公室 ${round}` }),
          });
          if (!response.ok) throw new Error(`PATCH ${response.status}`);
        }
      t = performance.now();
      const report = await new SyncRunner(db, pageFetch).run();
      times[variant]!.push(performance.now() - t);
      const expected = variant === 'merged' ? 'merged' : 'saved';
      if (report[expected] !== EDITS) throw new Error(`${variant}: ${JSON.stringify(report)}`);
      db.close();
    }
  }
  const row = (name: string, key: string): BenchRow => ({
    name,
    p50: percentile(times[key]!, 50),
    p95: percentile(times[key]!, 95),
    unit: 'ms',
    ...(key === 'online'
      ? {}
      : {
          baselineName: '50 PATCH online',
          baselineP50: percentile(times.online!, 50),
          baselineP95: percentile(times.online!, 95),
        }),
  });
  printTable(`bench:sync — ${EDITS} queued marker edits, ${ROUNDS} rounds`, [
    row('50 PATCH online, one by one (baseline)', 'online'),
    row('sync 50 queued edits, unchanged on server', 'saved'),
    row('sync 50 queued edits, another field changed (merge)', 'merged'),
    row('sync 50 queued edits with a 1600×1200 photo each', 'photos'),
  ]);
  await app.close();
  await database.close();
}

await main();
