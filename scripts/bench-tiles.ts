// npm run bench:tiles — vector-tile speed on scaled data. Loads the demo data plus 1,000,000
// synthetic facility points over Dazu into its own database, then times, for the same tiles at
// z10–z14: the tile SQL function called directly through pg (the physical limit of this design)
// against the full HTTP path (Fastify route, ETag, headers) on a listening server.
// Also reports MVT bytes against the GeoJSON of the whole layer. Writes results/bench-tiles.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { generateDemo } from '../data/generate.ts';
import { buildApp } from '../server/app.ts';
import { openDatabase } from '../server/db/database.ts';
import { dropEverything, migrate } from '../server/db/migrate.ts';
import { loadDataset } from '../server/db/seed.ts';
import { type BenchRow, ensureDatabase, percentile, printTable } from './bench-lib.ts';

const POINTS = Number(process.env.BENCH_POINTS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:54329/postgres';
const DB_NAME = 'civic_atlas_bench_tiles';
const DAZU_BBOX = [105.35, 29.45, 105.95, 29.95] as const;

function tileOf(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  return [
    Math.floor(((lon + 180) / 360) * n),
    Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n),
  ];
}

/** Deterministic tiles inside the Dazu extent (a fixed LCG, not Math.random). */
function sampleTiles(z: number, count: number): [number, number, number][] {
  let seed = 12345 + z;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  return Array.from({ length: count }, () => {
    const lon = DAZU_BBOX[0] + next() * (DAZU_BBOX[2] - DAZU_BBOX[0]);
    const lat = DAZU_BBOX[1] + next() * (DAZU_BBOX[3] - DAZU_BBOX[1]);
    const [x, y] = tileOf(lon, lat, z);
    return [z, x, y];
  });
}

async function prepare(): Promise<string> {
  const url = await ensureDatabase(ADMIN_URL, DB_NAME);
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const have = await pool
    .query<{ n: number }>(`SELECT count(*)::int AS n FROM facilities WHERE code LIKE 'BENCH-%'`)
    .catch(() => ({ rows: [{ n: 0 }] }));
  if ((have.rows[0]?.n ?? 0) !== POINTS) {
    console.error(
      `[bench:tiles] loading demo data + ${POINTS.toLocaleString()} synthetic points into ${DB_NAME} …`,
    );
    const started = Date.now();
    await dropEverything(pool);
    await migrate(pool);
    await loadDataset(pool, generateDemo(), { demo: true, bench: true });
    await pool.query('SELECT setseed(0.42)');
    await pool.query(
      `INSERT INTO facilities (code, category, subtype, name, operator, status, district_code, geom, origin)
       SELECT 'BENCH-' || g, 'elderly_care', 'village_point', '基准测试点' || g, 'public', 'operating', '500111',
              ST_SetSRID(ST_MakePoint($2::float8 + random() * ($4::float8 - $2::float8), $3::float8 + random() * ($5::float8 - $3::float8)), 4326), 'synthetic'
       FROM generate_series(1, $1::int) g`,
      [POINTS, ...DAZU_BBOX],
    );
    await pool.query('VACUUM ANALYZE facilities');
    console.error(`[bench:tiles] loaded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  await migrate(pool); // a kept bench database still gets new tile functions
  await pool.end();
  return url;
}

async function main(): Promise<void> {
  const url = await prepare();
  const database = openDatabase(url, 4);
  const app = await buildApp({ db: database.db, pool: database.pool });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  const base = `http://127.0.0.1:${address.port}`;
  const rows: BenchRow[] = [];
  const mvtBytesByZoom: Record<number, number> = {};

  for (const z of [10, 11, 12, 13, 14]) {
    const tiles = sampleTiles(z, ROUNDS);
    const direct: number[] = [];
    const http: number[] = [];
    let bytes = 0;
    // Warm both paths (plan cache, connections) on the first tile.
    const [wz, wx, wy] = tiles[0]!;
    await database.pool.query('SELECT tile_facilities($1, $2, $3)', [wz, wx, wy]);
    await fetch(`${base}/tiles/facilities/${wz}/${wx}/${wy}.mvt`).then((r) => r.arrayBuffer());
    // Interleave the two paths tile by tile so machine noise hits both alike.
    for (const [tz, tx, ty] of tiles) {
      let started = performance.now();
      const result = await database.pool.query<{ t: Buffer }>('SELECT tile_facilities($1, $2, $3) AS t', [
        tz,
        tx,
        ty,
      ]);
      direct.push(performance.now() - started);
      bytes += result.rows[0]?.t.length ?? 0;
      started = performance.now();
      const body = await fetch(`${base}/tiles/facilities/${tz}/${tx}/${ty}.mvt`).then((r) => r.arrayBuffer());
      http.push(performance.now() - started);
      if (body.byteLength !== (result.rows[0]?.t.length ?? 0)) throw new Error('HTTP and SQL tiles differ');
    }
    mvtBytesByZoom[z] = Math.round(bytes / tiles.length);
    rows.push({
      name: `tile z${z} (facilities, ${POINTS.toLocaleString()} pts)`,
      p50: percentile(http, 50),
      p95: percentile(http, 95),
      baselineName: 'same SQL via pg',
      baselineP50: percentile(direct, 50),
      baselineP95: percentile(direct, 95),
      target: '≤ 1.2× SQL',
      unit: 'ms',
    });
  }

  const geojson = await database.pool.query<{ bytes: string; n: string }>(
    `SELECT sum(length(json_build_object('type', 'Feature', 'id', f.id, 'geometry', ST_AsGeoJSON(f.geom, 6)::json,
       'properties', json_build_object('name', f.name, 'category', f.category, 'subtype', f.subtype,
       'status', f.status, 'tier', 4))::text) + 1)::bigint AS bytes, count(*) AS n FROM facilities f`,
  );
  await app.close();
  await database.close();

  printTable('Vector tiles: HTTP against the same SQL through pg', rows);
  const layerBytes = Number(geojson.rows[0]?.bytes ?? 0);
  console.log(
    `\nMVT size: mean bytes per tile ${Object.entries(mvtBytesByZoom)
      .map(([z, b]) => `z${z} ${(b / 1024).toFixed(1)} KB`)
      .join(
        ', ',
      )}; GeoJSON of the whole layer (${Number(geojson.rows[0]?.n).toLocaleString()} features, same attributes): ${(layerBytes / 1024 / 1024).toFixed(1)} MB — one z12 tile is ${(((mvtBytesByZoom[12] ?? 0) / layerBytes) * 100).toFixed(3)} % of it.`,
  );
  const out = path.resolve(import.meta.dirname, '../results');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    path.join(out, 'bench-tiles.json'),
    JSON.stringify(
      { points: POINTS, rounds: ROUNDS, rows, mvtBytesByZoom, geojsonLayerBytes: layerBytes },
      null,
      2,
    ),
  );
}

await main();
