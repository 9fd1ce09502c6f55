// npm run bench:search (first part) — search quality the way geocoder evaluations report it: top-1
// and MRR@5 per kind of query on the gold set tests/fixtures/search-gold-districts.json (queries made
// from the real town and village names of the demo districts, each answered by the name it was made
// from), through the app's search service with the query's current district preferred. The baseline,
// measured in the same run, is a plain substring match (name LIKE '%q%', current district first,
// shorter names first). Reads the demo database: DATABASE_URL, else the app's local cluster.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from '../server/db/database.ts';
import { searchNames } from '../server/modules/place-names/place-names.service.ts';
import type { GoldQuery } from './make-search-gold.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const GOLD = path.join(ROOT, 'tests/fixtures/search-gold-districts.json');

interface Hit {
  name: string;
  district: string;
  town: string | null;
}

function databaseUrl(): string {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const port = process.env.CIVIC_PG_PORT ?? '54329';
  execFileSync('bash', ['-c', `source scripts/lib.sh; ensure_postgis; cluster_up main ${port} civic_atlas`], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return `postgres://postgres@127.0.0.1:${port}/civic_atlas`;
}

/** 1-based rank of the expected name among the first five hits, or 0. */
function rankOf(hits: Hit[], expect: GoldQuery['expect']): number {
  const i = hits
    .slice(0, 5)
    .findIndex(
      (h) =>
        h.name === expect.name && h.district === expect.district && (!expect.town || h.town === expect.town),
    );
  return i + 1;
}

interface Score {
  n: number;
  top1: number;
  mrr: number;
}
const add = (s: Score, rank: number) => {
  s.n += 1;
  if (rank === 1) s.top1 += 1;
  if (rank > 0) s.mrr += 1 / rank;
};
const pct = (part: number, n: number) => (n ? `${((100 * part) / n).toFixed(1)} %` : '');
const mrr = (s: Score) => (s.n ? (s.mrr / s.n).toFixed(3) : '');

async function main() {
  const gold = JSON.parse(readFileSync(GOLD, 'utf8')) as { queries: GoldQuery[] };
  const { db, close } = openDatabase(databaseUrl(), 2);
  const kinds = [...new Set(gold.queries.map((q) => q.kind))];
  const ours = new Map<string, Score>();
  const base = new Map<string, Score>();
  const misses: string[] = [];
  const total = { ours: { n: 0, top1: 0, mrr: 0 }, base: { n: 0, top1: 0, mrr: 0 } };
  for (const q of gold.queries) {
    let hits: Hit[] = [];
    try {
      const { results } = await searchNames(db, { q: q.q, prefer: q.current, limit: 5 });
      hits = results.map((r) => ({ name: r.name, district: r.district.code, town: r.townName }));
    } catch {
      hits = []; // a refused query counts as a miss
    }
    const { rows } = await sql<Hit>`SELECT p.name, p.district_code AS district, t.name AS town
      FROM place_names p LEFT JOIN towns t ON t.code = p.town_code
      WHERE p.name LIKE ${`%${q.q.replace(/[\\%_]/g, '\\$&')}%`}
      ORDER BY (p.district_code = ${q.current}) DESC, char_length(p.name), p.id LIMIT 5`.execute(db);
    const rank = rankOf(hits, q.expect);
    if (rank !== 1)
      misses.push(
        `${q.kind}: ${q.q} → ${hits[0]?.name ?? '(nothing)'} (want ${q.expect.name}, rank ${rank || '>5'})`,
      );
    for (const [map, r] of [
      [ours, rank],
      [base, rankOf(rows, q.expect)],
    ] as const) {
      if (!map.has(q.kind)) map.set(q.kind, { n: 0, top1: 0, mrr: 0 });
      add(map.get(q.kind)!, r);
    }
    add(total.ours, rank);
    add(total.base, rankOf(rows, q.expect));
  }
  await close();

  const header = ['kind of query', 'queries', 'top-1', 'MRR@5', 'baseline top-1', 'baseline MRR@5'];
  const rowsOut = [
    ...kinds.map((k) => {
      const o = ours.get(k)!;
      const b = base.get(k)!;
      return [k, String(o.n), pct(o.top1, o.n), mrr(o), pct(b.top1, b.n), mrr(b)];
    }),
    [
      'all',
      String(total.ours.n),
      pct(total.ours.top1, total.ours.n),
      mrr(total.ours),
      pct(total.base.top1, total.base.n),
      mrr(total.base),
    ],
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rowsOut.map((r) => [...r[i]!].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log('\nPlace-name search quality (gold set of the demo districts; baseline: name LIKE %q%)');
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rowsOut) console.log(line(r));
  console.log(`\nnot first (${misses.length}):\n  ${misses.slice(0, 40).join('\n  ')}`);
  mkdirSync(path.join(ROOT, 'results'), { recursive: true });
  writeFileSync(
    path.join(ROOT, 'results/search-quality.json'),
    `${JSON.stringify({ at: new Date().toISOString(), rows: rowsOut, header, misses }, null, 1)}\n`,
  );
}

await main();
