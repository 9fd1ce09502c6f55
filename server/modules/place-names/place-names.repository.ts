// SQL for place names: ranked search over place_name_search (migrations/0004), the full record,
// what is at a point, and the nearest facilities. Rows are mapped to API objects in the service.

import type { Geometry } from 'geojson';
import { type RawBuilder, type Selectable, sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import { asGeoJson, lonLat, point } from '../../db/postgis.ts';
import type { PlaceNameAliasesTable, PlaceNamesTable } from '../../db/schema.ts';
import {
  initialsCandidates,
  isSyllableSequence,
  leaveOneOutSets,
  type ParsedQuery,
  requiredGrams,
  unitsPattern,
} from './search-query.ts';

/** How a search row matched, best first within a tier. */
export type MatchMethod = 'exact' | 'prefix' | 'substring' | 'pinyin' | 'initials' | 'homophone' | 'fuzzy';

export interface SearchFilters {
  district?: string;
  category?: string;
  town?: string;
  /** Ranks this district's names first within each match tier (the district the user is in). */
  prefer?: string;
}

export interface SearchHitRow {
  id: string;
  name: string;
  pinyin: string;
  category: string;
  category_name: string;
  is_historical: boolean;
  town_name: string | null;
  /** The town's own record's 罗马字母拼写 (kept with the name), for English. */
  town_pinyin: string | null;
  district_code: string;
  district_name: string;
  matched_kind: 'name' | 'former' | 'alias';
  matched_key: string;
  matched_name: string;
  units: string;
  method: MatchMethod;
  tier: number;
  sub: number;
  point: [number, number];
  distance_m: number | null;
}

// Final order: tier, then how good the match is within the tier, category importance, distance
// from `near`; without `near`, names of historical value (the ones people look up) before others,
// then shorter names.
// Each branch keeps its best POOL rows (by importance, then shorter names) before the merge; `near`
// then orders ties among those. A district's names never come near this, so within a district the
// ranking is exact; nationwide a 1-character query keeps the 100 most important of its matches.
const POOL = 100;
const FUZZY_POOL = 50;
// Ranking tiers: exact > prefix > substring > pinyin/initials > fuzzy.
const TIER = { exact: 0, prefix: 1, substring: 2, pinyin: 3, fuzzy: 4 } as const;

const likePrefix = (text: string) => `${text.replace(/[\\%_]/g, '\\$&')}%`;
const likeInfix = (text: string) => `%${text.replace(/[\\%_]/g, '\\$&')}%`;

function filtersOn(alias: 's' | 'g', filters: SearchFilters): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [];
  if (filters.district) parts.push(sql`AND ${sql.ref(`${alias}.district_code`)} = ${filters.district}`);
  if (filters.category) parts.push(sql`AND ${sql.ref(`${alias}.category`)} = ${filters.category}`);
  if (filters.town) parts.push(sql`AND ${sql.ref(`${alias}.town_code`)} = ${filters.town}`);
  return sql.join(parts, sql` `);
}

interface Branch {
  method: MatchMethod;
  tier: number;
  sub: RawBuilder<unknown> | number;
  where: RawBuilder<unknown>;
  order?: RawBuilder<unknown>;
  score?: RawBuilder<unknown>;
  pool?: number;
}

function branchSql(branch: Branch, filters: SearchFilters): RawBuilder<unknown> {
  const sub = typeof branch.sub === 'number' ? sql.lit(branch.sub) : branch.sub;
  return sql`(SELECT s.id AS search_id, ${sql.lit(branch.method)}::text AS method, ${sql.lit(branch.tier)}::int AS tier,
      (${sub})::int AS sub, (${branch.score ?? sql.lit(0)})::real AS score
    FROM place_name_search s
    WHERE ${branch.where} ${filtersOn('s', filters)}
    ORDER BY ${branch.order ?? sql`s.importance DESC, char_length(s.key), s.id`}
    LIMIT ${sql.lit(branch.pool ?? POOL)})`;
}

/** 1- and 2-character substrings: the best POOL rows straight from the ranked gram index. */
function gramBranchSql(gram: string, filters: SearchFilters): RawBuilder<unknown> {
  return sql`(SELECT g.search_id, 'substring'::text AS method, ${sql.lit(TIER.substring)}::int AS tier, 0 AS sub, 0::real AS score
    FROM place_name_grams g
    WHERE g.gram = ${gram} ${filtersOn('g', filters)}
    ORDER BY g.importance DESC, g.name_length, g.search_id
    LIMIT ${sql.lit(POOL)})`;
}

/** The candidate branches for one query: each is index-driven and bounded. */
/**
 * Which branches run. Every 'fallback' branch ranks below every 'primary' one (its tier and sub are
 * higher), so when the primary branches already fill the page the fallbacks cannot change it and
 * are skipped: these are the expensive ones (syllables inside names, homophones, typos).
 */
export type SearchStage = 'primary' | 'all';

/**
 * What the database knows that narrows a branch to an index range: the readings (hanzi_readings) of the
 * characters a mixed query starts with. A name's syllable for a character is always one of these.
 */
export interface SearchHints {
  readings?: Map<string, string[]>;
}

/**
 * Pinyin every match of a mixed query that starts with characters must contain: one reading of each
 * leading character, then the first letter typed after them (龙sz → longs, 东daiz → dongd). Null when
 * a leading character has no known reading or the readings combine into too many spellings.
 */
export function leadingSpellings(q: ParsedQuery, hints: SearchHints, max = 16): string[] | null {
  let spellings = [''];
  for (const token of q.tokens) {
    if (token.type === 'latin') return spellings.map((s) => s + token.letters.charAt(0));
    const readings = hints.readings?.get(token.ch);
    if (!readings || readings.length === 0) return null;
    spellings = spellings.flatMap((s) => readings.map((r) => s + r));
    if (spellings.length > max) return null;
  }
  return null;
}

/** The readings of the characters before the first letter of a mixed query (one indexed lookup). */
export async function searchHints(db: Database, q: ParsedQuery): Promise<SearchHints> {
  if (q.kind !== 'mixed' || q.tokens[0]?.type !== 'char') return {};
  const leading: string[] = [];
  for (const token of q.tokens) {
    if (token.type === 'latin') break;
    leading.push(token.ch);
  }
  const { rows } = await sql<{ ch: string; readings: string[] }>`
    SELECT ch, readings FROM hanzi_readings WHERE ch = ANY(${leading}::text[])`.execute(db);
  return { readings: new Map(rows.map((r) => [r.ch, r.readings])) };
}

export function searchBranches(
  q: ParsedQuery,
  filters: SearchFilters,
  stage: SearchStage = 'all',
  hints: SearchHints = {},
): RawBuilder<unknown>[] {
  const branches: RawBuilder<unknown>[] = [];
  const add = (branch: Branch) => branches.push(branchSql(branch, filters));
  const fallback = stage === 'all';
  const { key } = q;

  add({ method: 'exact', tier: TIER.exact, sub: 0, where: sql`s.key = ${key}` });
  if (q.keyAsTyped !== key)
    add({ method: 'exact', tier: TIER.exact, sub: 0, where: sql`s.key = ${q.keyAsTyped}` });
  // A 1- or 2-character prefix (村, 新村) starts tens of thousands of names: the ranked expression
  // index on left(key, n) hands over the best ones in order instead of sorting them all.
  const keyLength = q.chars.length;
  add({
    method: 'prefix',
    tier: TIER.prefix,
    sub: 0,
    where:
      keyLength <= 2
        ? sql`left(s.key, ${sql.lit(keyLength)}) = ${key} AND s.key <> ${key}`
        : sql`s.key LIKE ${likePrefix(key)} AND s.key <> ${key}`,
  });

  if (q.kind === 'han') {
    if (q.chars.length <= 2) branches.push(gramBranchSql(key, filters));
    else {
      add({
        method: 'substring',
        tier: TIER.substring,
        sub: 0,
        where: sql`s.grams @> ${requiredGrams(key)}::text[] AND strpos(s.key, ${key}) > 0`,
      });
    }
    // Same sound, wrong character (龙水真 → 龙水镇): compare syllables, any character.
    if (fallback && q.spokenAs && q.chars.length >= 2) {
      const inner = unitsPattern(q.tokens, { anchored: false, homophones: true });
      const anchored = unitsPattern(q.tokens, { anchored: true, homophones: true });
      const candidates =
        q.spokenAs.length >= 3
          ? sql`s.py LIKE ${likeInfix(q.spokenAs)}`
          : sql`s.py LIKE ${likePrefix(q.spokenAs)}`;
      add({
        method: 'homophone',
        tier: TIER.fuzzy,
        sub: sql`CASE WHEN s.py = ${q.spokenAs} THEN 0 WHEN s.units ~ ${anchored} THEN 1 ELSE 2 END`,
        where: sql`${candidates} AND s.units ~ ${inner}`,
      });
    }
    // One wrong character (宝项山 → 宝顶山): all other characters present, edit distance 1.
    const sets = leaveOneOutSets(key);
    if (fallback && q.chars.length >= 3 && q.chars.length <= 12 && sets.length > 0) {
      const n = q.chars.length;
      // Within edit distance 1, the name's first n characters are the query with one character
      // replaced (or dropped): the pieces either side of it appear whole, so their bigrams do —
      // far fewer candidates than names merely containing the same characters (家, 村).
      const contains = sql.join(
        q.chars.map((_c, skip) => {
          const pieces = [q.chars.slice(0, skip), q.chars.slice(skip + 1)].filter(
            (piece) => piece.length > 0,
          );
          const grams = [...new Set(pieces.flatMap((piece) => requiredGrams(piece.join(''))))];
          return sql`s.grams @> ${grams}::text[]`;
        }),
        sql` OR `,
      );
      add({
        method: 'fuzzy',
        tier: TIER.fuzzy,
        sub: sql`CASE WHEN levenshtein_less_equal(s.key, ${key}, 1) <= 1 THEN 3 ELSE 4 END`,
        where: sql`(${contains}) AND levenshtein_less_equal(left(s.key, ${n}), ${key}, 1) <= 1
          AND char_length(s.key) >= ${n - 1}`,
        pool: FUZZY_POOL,
      });
    }
  }

  if (q.kind === 'latin') {
    const p = q.letters;
    add({
      method: 'pinyin',
      tier: TIER.pinyin,
      sub: sql`CASE WHEN s.py = ${p} THEN 0 ELSE 1 END`,
      where: sql`s.py LIKE ${likePrefix(p)}`,
    });
    if (p.length >= 2) {
      add({
        method: 'initials',
        tier: TIER.pinyin,
        sub: sql`CASE WHEN s.initials = ${p} THEN 0 ELSE 1 END`,
        where: sql`s.initials LIKE ${likePrefix(p)}`,
      });
      // Full syllables and initials mixed (longsz, lshuiz). Pure full pinyin (the py prefix above)
      // and pure initials (the branch before) need no second look.
      const initials =
        p.length <= 12 && !isSyllableSequence(p) ? initialsCandidates(p)?.filter((i) => i !== p) : undefined;
      if (initials && initials.length > 0) {
        const anyInitials = sql.join(
          initials.map((i) => sql`s.initials LIKE ${likePrefix(i)}`),
          sql` OR `,
        );
        add({
          method: 'pinyin',
          tier: TIER.pinyin,
          sub: 1,
          where: sql`(${anyInitials}) AND s.units ~ ${unitsPattern(q.tokens, { anchored: true })}`,
        });
      }
    }
    if (fallback && p.length >= 3) {
      // Syllables inside the name (shuizhen → 龙水镇), starting on a syllable boundary.
      add({
        method: 'pinyin',
        tier: TIER.pinyin,
        sub: 2,
        where: sql`s.py LIKE ${likeInfix(p)} AND s.units ~ ${unitsPattern(q.tokens, { anchored: false })}`,
      });
    }
    if (fallback && p.length >= 4) {
      // A typo in the pinyin (longshuizen, bayeshan): edit distance 1 (2 from 8 letters) on the whole
      // spelling or on its start, among names that begin with the same three letters.
      const d = p.length >= 8 ? 2 : 1;
      const whole = sql`levenshtein_less_equal(s.py, ${p}, ${d})`;
      add({
        method: 'fuzzy',
        tier: TIER.fuzzy,
        sub: sql`CASE WHEN ${whole} <= ${d} THEN 5 ELSE 6 END`,
        where: sql`s.py LIKE ${likePrefix(p.slice(0, 3))} AND levenshtein_less_equal(left(s.py, ${p.length}), ${p}, ${d}) <= ${d}`,
        score: sql`-${whole}`,
        order: sql`${whole}, s.importance DESC, char_length(s.key), s.id`,
        pool: FUZZY_POOL,
      });
    }
  }

  if (q.kind === 'mixed') {
    // 龙shui, 龙sz: names containing the typed characters whose syllables fit the letters.
    const typed = q.tokens.flatMap((t) => (t.type === 'char' ? [t.ch] : []));
    const inner = unitsPattern(q.tokens, { anchored: false });
    const anchored = unitsPattern(q.tokens, { anchored: true });
    const first = q.tokens[0];
    // 东daiz: every match spells 'dongd' (a reading of 东, then the first letter) — at the start of
    // its pinyin for the anchored branch (btree range), anywhere for the inner one (trigrams). Far
    // fewer candidates than all the names starting with or containing a common character.
    const spellings = first?.type === 'char' ? leadingSpellings(q, hints) : null;
    const spelled = (like: (text: string) => string) =>
      spellings
        ? sql`AND (${sql.join(
            spellings.map((sp) => sql`s.py LIKE ${like(sp)}`),
            sql` OR `,
          )})`
        : sql``;
    if (first?.type === 'char') {
      // Starts with a character: names starting with it (btree range), checked by the pattern.
      add({
        method: 'pinyin',
        tier: TIER.pinyin,
        sub: 1,
        where: sql`s.key LIKE ${likePrefix(first.ch)} ${spelled(likePrefix)} AND s.units ~ ${anchored}`,
      });
    }
    if (fallback || first?.type !== 'char') {
      add({
        method: 'pinyin',
        tier: TIER.pinyin,
        sub: sql`CASE WHEN s.units ~ ${anchored} THEN 1 ELSE 2 END`,
        where: sql`s.grams @> ${[...new Set(typed)]}::text[] ${spelled(likeInfix)} AND s.units ~ ${inner}`,
      });
    }
  }
  return branches;
}

/** The whole ranked search as one statement (exported so the benchmark can EXPLAIN it). */
export function searchSql(
  q: ParsedQuery,
  filters: SearchFilters,
  near: [number, number] | undefined,
  limit: number,
  stage: SearchStage = 'all',
  hints: SearchHints = {},
): RawBuilder<SearchHitRow> {
  const branches = searchBranches(q, filters, stage, hints);
  const distance = near
    ? sql<number>`round(ST_Distance(p.label_point::geography, ${point(near[0], near[1])}::geography))::float8`
    : sql<null>`NULL::float8`;
  return sql<SearchHitRow>`
    WITH hits AS (${sql.join(branches, sql` UNION ALL `)}),
    best AS (
      SELECT DISTINCT ON (s.place_name_id) s.place_name_id, s.kind, s.key, s.units, s.alias_id,
        h.method, h.tier, h.sub, h.score
      FROM hits h JOIN place_name_search s ON s.id = h.search_id
      ORDER BY s.place_name_id, h.tier, h.sub, h.score DESC, (s.kind = 'name') DESC
    )
    SELECT p.id::text AS id, p.name, p.pinyin, p.category, c.name_zh AS category_name, p.is_historical,
      t.name AS town_name,
      (SELECT tp.pinyin FROM place_names tp WHERE tp.town_code = p.town_code AND tp.name = t.name
        AND tp.category = 'admin_region' ORDER BY tp.id LIMIT 1) AS town_pinyin,
      p.district_code, d.name AS district_name, b.kind AS matched_kind, b.key AS matched_key,
      coalesce(a.name, p.name) AS matched_name, b.units, b.method, b.tier, b.sub,
      ${lonLat('p.label_point')} AS point, ${distance} AS distance_m
    FROM best b
    JOIN place_names p ON p.id = b.place_name_id
    JOIN place_name_categories c ON c.category = p.category
    JOIN districts d ON d.code = p.district_code
    LEFT JOIN place_name_aliases a ON a.id = b.alias_id
    LEFT JOIN towns t ON t.code = p.town_code
    ORDER BY b.tier, ${filters.prefer ? sql`(p.district_code = ${filters.prefer}) DESC,` : sql``} b.sub, b.score DESC, c.importance DESC, distance_m NULLS LAST,
      p.is_historical DESC, char_length(p.name), p.id
    LIMIT ${limit}`;
}

export async function searchPlaceNames(
  db: Database,
  q: ParsedQuery,
  filters: SearchFilters,
  near: [number, number] | undefined,
  limit: number,
): Promise<SearchHitRow[]> {
  const hints = await searchHints(db, q);
  const primary = await searchSql(q, filters, near, limit, 'primary', hints).execute(db);
  if (primary.rows.length >= limit) return primary.rows;
  const { rows } = await searchSql(q, filters, near, limit, 'all', hints).execute(db);
  return rows;
}

export interface AdminUnit {
  code: string;
  name: string;
}

/** A district's short name: 渝北区 → 渝北, 秀山土家族苗族自治县 → 秀山. */
const SHORT_DISTRICT = `regexp_replace(name, '((土家|苗|侗|彝|回|蒙古|藏|壮|瑶|羌|仡佬)族)*自治县$|(区|县|市)$', '')`;

/**
 * A district at the start of a search query: its full name (大足区龙水镇), or its short name
 * followed by a space (渝北 东湖), so names that merely begin like a district (大足石刻) stay whole.
 */
export async function leadingDistrict(db: Database, text: string): Promise<AdminUnit | undefined> {
  const { rows } = await sql<AdminUnit>`
    SELECT code, name FROM districts
    WHERE starts_with(${text}, name) OR starts_with(${text}, ${sql.raw(SHORT_DISTRICT)} || ' ')
    ORDER BY length(name) DESC, code LIMIT 1`.execute(db);
  return rows[0];
}

/** The same for a town (龙水镇邮亭, 龙水 邮亭), within `district` when one was named. */
export async function leadingTown(
  db: Database,
  text: string,
  district?: string,
): Promise<AdminUnit | undefined> {
  const { rows } = await sql<AdminUnit>`
    SELECT code, name FROM towns
    WHERE (starts_with(${text}, name) OR starts_with(${text}, regexp_replace(name, '(镇|乡|街道)$', '') || ' '))
      ${district ? sql`AND district_code = ${district}` : sql``}
    ORDER BY length(name) DESC, code LIMIT 1`.execute(db);
  return rows[0];
}

/** A place name as read for the API: its row, the names of its category, district, town and village. */
export type PlaceNameRow = Omit<
  Selectable<PlaceNamesTable>,
  'geom' | 'label_point' | 'label_point_3857' | 'updated_at'
> & {
  category_name: string;
  category_name_en: string;
  district_name: string;
  town_name: string | null;
  village_name: string | null;
  geometry: Geometry;
  point: [number, number];
  aliases: Omit<Selectable<PlaceNameAliasesTable>, 'id' | 'place_name_id'>[];
};

/** One name; `everyStatus` (staff) also finds proposals under review and deleted names. */
export async function findPlaceName(
  db: Database,
  id: string,
  everyStatus = false,
): Promise<PlaceNameRow | undefined> {
  const from = sql.table(everyStatus ? 'place_name_records' : 'place_names');
  const { rows } = await sql<PlaceNameRow>`
    SELECT p.id::text AS id, p.code, p.name, p.pinyin, p.pinyin_overridden, p.category, c.name_zh AS category_name,
      c.name_en AS category_name_en, p.district_code, d.name AS district_name, p.town_code, t.name AS town_name,
      p.village_code, v.name AS village_name, ${asGeoJson('p.geom')} AS geometry, ${lonLat('p.label_point')} AS point,
      p.name_origin, p.name_meaning, p.name_history, p.is_historical, p.protection_list, p.protection_batch,
      p.protection_year, p.approved_by, p.approved_date, p.approval_document, p.source, p.origin,
      p.status, p.version, p.valid_from, p.valid_to, p.deleted_at,
      coalesce((SELECT json_agg(json_build_object('name', a.name, 'kind', a.kind, 'valid_from', a.valid_from,
          'valid_to', a.valid_to, 'note', a.note) ORDER BY a.valid_from NULLS FIRST, a.id)
        FROM place_name_aliases a WHERE a.place_name_id = p.id), '[]'::json) AS aliases
    FROM ${from} p
    JOIN place_name_categories c ON c.category = p.category
    JOIN districts d ON d.code = p.district_code
    LEFT JOIN towns t ON t.code = p.town_code
    LEFT JOIN villages v ON v.code = p.village_code
    WHERE p.id = ${id}::bigint`.execute(db);
  return rows[0];
}

export interface HistoricalNameRow {
  id: string;
  name: string;
  pinyin: string;
  category: string;
  category_name: string;
  town_name: string | null;
  protection_list: string | null;
  protection_batch: number | null;
  protection_year: number | null;
  point: [number, number];
}

/** Names of recognised historical value (历史地名), protection-list names first. */
export async function listHistoricalNames(
  db: Database,
  district: string | undefined,
): Promise<HistoricalNameRow[]> {
  const { rows } = await sql<HistoricalNameRow>`
    SELECT p.id::text AS id, p.name, p.pinyin, p.category, c.name_zh AS category_name, t.name AS town_name,
      p.protection_list, p.protection_batch, p.protection_year, ${lonLat('p.label_point')} AS point
    FROM place_names p
    JOIN place_name_categories c ON c.category = p.category
    LEFT JOIN towns t ON t.code = p.town_code
    WHERE (p.is_historical OR p.protection_list IS NOT NULL)
      ${district ? sql`AND p.district_code = ${district}` : sql``}
    ORDER BY (p.protection_list IS NULL), p.protection_year NULLS LAST, p.name
    LIMIT 500`.execute(db);
  return rows;
}

export interface AtRow {
  district: { code: string; name: string } | null;
  town: { code: string; name: string; kind: string } | null;
  village: { code: string; name: string; kind: string; distance_m: number } | null;
  nearby: Array<{
    id: string;
    name: string;
    category: string;
    category_name: string;
    distance_m: number;
    point: [number, number];
  }>;
}

/** The district and town whose polygons contain the point, the nearest village seat in that town and the nearest names. */
export async function placesAt(db: Database, lon: number, lat: number, nearbyLimit: number): Promise<AtRow> {
  const pt = point(lon, lat);
  const { rows } = await sql<AtRow>`
    WITH town AS (
      SELECT t.code, t.name, t.kind, t.district_code FROM towns t WHERE ST_Intersects(t.geom, ${pt}) ORDER BY t.code LIMIT 1
    )
    SELECT
      (SELECT json_build_object('code', d.code, 'name', d.name) FROM districts d
        WHERE d.code = (SELECT district_code FROM town) OR (NOT EXISTS (SELECT 1 FROM town) AND ST_Intersects(d.outline, ${pt}))
        LIMIT 1) AS district,
      (SELECT json_build_object('code', code, 'name', name, 'kind', kind) FROM town) AS town,
      (SELECT json_build_object('code', v.code, 'name', v.name, 'kind', v.kind,
          'distance_m', round(ST_Distance(v.geom::geography, ${pt}::geography)))
        FROM villages v WHERE v.town_code = (SELECT code FROM town)
        ORDER BY v.geom <-> ${pt} LIMIT 1) AS village,
      coalesce((SELECT json_agg(n ORDER BY n.distance_m) FROM (
        SELECT p.id::text AS id, p.name, p.category, c.name_zh AS category_name,
          round(ST_Distance(p.label_point::geography, ${pt}::geography)) AS distance_m,
          ${lonLat('p.label_point')} AS point
        FROM place_names p JOIN place_name_categories c ON c.category = p.category
        ORDER BY p.label_point <-> ${pt} LIMIT ${nearbyLimit}) n), '[]'::json) AS nearby`.execute(db);
  const row = rows[0];
  if (!row) throw new Error('placesAt returned no row');
  return row;
}

export interface NearestFacilityRow {
  id: string;
  code: string;
  name: string;
  category: string;
  subtype: string;
  subtype_name: string;
  status: string;
  address: string | null;
  phone: string | null;
  town_name: string | null;
  distance_m: number;
  point: [number, number];
}

/** Nearest operating facilities by straight-line distance, read in order from the geography KNN index. */
export async function nearestFacilities(
  db: Database,
  lon: number,
  lat: number,
  category: string | undefined,
  limit: number,
): Promise<NearestFacilityRow[]> {
  const pt = sql`${point(lon, lat)}::geography`;
  const { rows } = await sql<NearestFacilityRow>`
    SELECT f.id::text AS id, f.code, f.name, f.category, f.subtype, st.name_zh AS subtype_name, f.status, f.address,
      f.phone, t.name AS town_name, round(ST_Distance(f.geom::geography, ${pt}))::float8 AS distance_m,
      ${lonLat('f.geom')} AS point
    FROM (
      SELECT * FROM facilities
      WHERE status = 'operating' ${category ? sql`AND category = ${category}` : sql``}
      ORDER BY geom::geography <-> ${pt}
      LIMIT ${limit}
    ) f
    JOIN facility_subtypes st ON st.subtype = f.subtype
    LEFT JOIN towns t ON t.code = f.town_code
    ORDER BY distance_m, f.id`.execute(db);
  return rows;
}
