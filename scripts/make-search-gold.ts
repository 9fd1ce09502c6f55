// Writes tests/fixtures/search-gold-districts.json: queries the way people type them, each made from
// one real town or village/community name of the demo districts (official names, see data/README.md)
// and answered by that name. The answer is the name a query was made from, never what the search
// returns, so the set measures the search instead of describing it. Run once against a demo
// database (DATABASE_URL); the file is committed and `npm run bench:search` reads it.
//
//   npx tsx scripts/make-search-gold.ts
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import * as OpenCC from 'opencc-js';
import { pinyin } from 'pinyin-pro';
import { openDatabase } from '../server/db/database.ts';
import { random } from './bench-lib.ts';

const OUT = path.resolve(import.meta.dirname, '../tests/fixtures/search-gold-districts.json');
const GENERIC = /(街道|社区|居委会|镇|乡|村)$/;

interface Name {
  name: string;
  pinyin: string;
  district: string;
  districtName: string;
  town: string | null;
  level: 'town' | 'village';
}

export interface GoldQuery {
  kind: string;
  q: string;
  /** The district on screen when the query is typed (ranked first). */
  current: string;
  expect: { name: string; district: string; town?: string };
}

const toneless = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ü/g, 'v');

async function main() {
  const { db, close } = openDatabase(undefined, 2);
  const { rows: names } = await sql<Name>`
    SELECT p.name, p.pinyin, p.district_code AS district, d.name AS "districtName", t.name AS town,
      CASE WHEN p.category = 'admin_region' THEN 'town' ELSE 'village' END AS level
    FROM place_names p JOIN districts d ON d.code = p.district_code LEFT JOIN towns t ON t.code = p.town_code
    WHERE p.category IN ('admin_region', 'autonomous_org') AND p.name ~ '(镇|乡|街道|村|社区)$'
      AND p.status = 'published' ORDER BY p.district_code, p.code`.execute(db);
  const { rows: readings } = await sql<{ ch: string; reading: string }>`
    SELECT ch, readings[1] AS reading FROM hanzi_readings`.execute(db);
  await close();

  // Typos people make use characters they know: those of the place names themselves.
  const common = new Set(names.flatMap((n) => Array.from(n.name)));
  const byReading = new Map<string, string[]>();
  for (const r of readings) {
    if (!common.has(r.ch)) continue;
    const list = byReading.get(r.reading) ?? [];
    list.push(r.ch);
    byReading.set(r.reading, list);
  }
  const readingOf = new Map(readings.map((r) => [r.ch, r.reading]));
  const rand = random(20261201);
  const pick = <T>(list: T[], n: number): T[] => {
    const copy = [...list];
    const out: T[] = [];
    while (out.length < n && copy.length) out.push(copy.splice(Math.floor(rand() * copy.length), 1)[0]!);
    return out;
  };
  const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });
  const districts = [...new Set(names.map((n) => n.district))];
  const shortDistrict = (n: Name) => n.districtName.replace(/(土家族苗族自治县|区|县)$/, '');
  const towns = names.filter((n) => n.level === 'town');
  const villages = names.filter((n) => n.level === 'village');
  const expectOf = (n: Name, withTown = false) => ({
    name: n.name,
    district: n.district,
    ...(withTown && n.town ? { town: n.town } : {}),
  });
  const queries: GoldQuery[] = [];
  const add = (kind: string, q: string, n: Name, options: { current?: string; withTown?: boolean } = {}) =>
    queries.push({ kind, q, current: options.current ?? n.district, expect: expectOf(n, options.withTown) });

  for (const n of pick([...towns, ...villages], 40)) add('full name', n.name, n);
  for (const n of pick([...towns, ...villages], 60)) {
    const short = n.name.replace(GENERIC, '');
    if (short.length >= 2) add('without 镇/村/社区', short, n);
  }
  for (const n of pick([...towns, ...villages], 40))
    add('pinyin', pinyin(n.name, { toneType: 'none', type: 'array' }).join('').replace(/ü/g, 'v'), n);
  for (const n of pick([...towns, ...villages], 30))
    add('pinyin as written (English)', toneless(n.pinyin), n);
  for (const n of pick([...towns, ...villages], 30))
    add('initials', pinyin(n.name, { pattern: 'first', toneType: 'none', type: 'array' }).join(''), n);
  for (const n of pick(villages, 80)) {
    // One character typed as another with the same sound (冬湖 for 东湖), never the generic.
    const chars = Array.from(n.name.replace(GENERIC, ''));
    const i = Math.floor(rand() * chars.length);
    const reading = readingOf.get(chars[i]!);
    const others = (reading ? (byReading.get(reading) ?? []) : []).filter((c) => c !== chars[i]);
    if (chars.length < 2 || others.length === 0) continue;
    chars[i] = others[Math.floor(rand() * Math.min(others.length, 5))]!;
    add('homophone typo', chars.join(''), n);
    if (queries.filter((q) => q.kind === 'homophone typo').length >= 40) break;
  }
  for (const n of pick([...towns, ...villages], 80)) {
    const t = toTraditional(n.name);
    if (t !== n.name) add('traditional characters', t, n);
    if (queries.filter((q) => q.kind === 'traditional characters').length >= 30) break;
  }
  for (const n of pick(towns, 15)) add('district + town', `${n.districtName}${n.name}`, n);
  for (const n of pick(villages, 15))
    add('district + town', `${shortDistrict(n)} ${n.name.replace(GENERIC, '')}`, n);
  for (const n of pick(villages, 40)) {
    if (!n.town) continue;
    const spaced = rand() < 0.5;
    const q = spaced
      ? `${n.town.replace(/(镇|乡|街道)$/, '')} ${n.name}`
      : `${n.town}${n.name.replace(GENERIC, '')}`;
    add('town + village', q, n, { withTown: true });
  }
  // Names the district on screen does not have: there, its own name would rightly come first.
  for (const n of pick(villages, 80)) {
    const current = districts.find((d) => d !== n.district)!;
    const q = rand() < 0.5 ? n.name : n.name.replace(GENERIC, '');
    if (names.some((m) => m.district === current && m.name.includes(q))) continue;
    add('in another district', q, n, { current });
    if (queries.filter((x) => x.kind === 'in another district').length >= 40) break;
  }
  const seen = new Set<string>();
  const unique = queries.filter((q) => {
    const key = `${q.kind}|${q.q}|${q.current}`;
    if (seen.has(key) || q.q.length === 0) return false;
    seen.add(key);
    return true;
  });
  writeFileSync(
    OUT,
    `${JSON.stringify(
      {
        description:
          'Place-name search gold set over the demo districts: each query made from one official town or village/community name, the way people type (short forms, pinyin, initials, a homophone typo, traditional characters, administrative prefixes, from another district). The expected answer is the name the query was made from. Written by scripts/make-search-gold.ts; read by npm run bench:search.',
        queries: unique,
      },
      null,
      1,
    )}\n`,
  );
  console.log(`wrote ${unique.length} queries to ${path.relative(process.cwd(), OUT)}`);
}

await main();
