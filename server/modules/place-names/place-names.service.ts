// Place-name search and records: parses the query, runs the ranked search, and maps rows to the API
// shape (camelCase, highlight ranges) in one place.

import type {
  AtResponseBody,
  HistoricalResponseBody,
  NearestResponseBody,
  PlaceNameRecordBody,
  SearchResultBody,
} from '../../contract/place-names.schemas.ts';
import type { Database } from '../../db/database.ts';
import { invalid } from '../../errors.ts';
import {
  type AdminUnit,
  findPlaceName,
  leadingDistrict,
  leadingTown,
  listHistoricalNames,
  nearestFacilities,
  placesAt,
  type SearchFilters,
  type SearchHitRow,
  searchPlaceNames,
} from './place-names.repository.ts';
import {
  parseQuery,
  queryProblem,
  type Range,
  substringHighlight,
  unitsHighlight,
  unitsPattern,
} from './search-query.ts';

/** Parses "lon,lat", naming the field in the error. */
export function parseLonLat(value: string, field: string): [number, number] {
  const parts = value.split(',');
  const numbers = parts.map((p) => (p.trim() === '' ? Number.NaN : Number(p)));
  if (numbers.length !== 2 || numbers.some((n) => !Number.isFinite(n))) throw invalid(field, 'lon_lat');
  const [lon, lat] = numbers as [number, number];
  if (lon < -180 || lon > 180) throw invalid(field, 'longitude_range');
  if (lat < -90 || lat > 90) throw invalid(field, 'latitude_range');
  return [lon, lat];
}

export interface SearchRequest extends SearchFilters {
  q: string;
  near?: string;
  limit: number;
}

/** How the query was read: the administrative units it began with, and the name searched for. */
export interface Interpretation {
  q: string;
  district: AdminUnit | null;
  town: AdminUnit | null;
}

/**
 * Reads a leading district and town the way people type addresses ("大足区龙水镇", "龙水镇邮亭",
 * "渝北 东湖"): each narrows the search when something is left to search for after it.
 */
export async function interpretQuery(db: Database, raw: string, district?: string): Promise<Interpretation> {
  let q = raw.trim();
  let districtUnit: AdminUnit | null = null;
  let townUnit: AdminUnit | null = null;
  const after = (unit: AdminUnit) =>
    q.startsWith(unit.name) ? q.slice(unit.name.length).trim() : q.replace(/^\S+\s+/, '').trim();
  const d = district ? undefined : await leadingDistrict(db, q);
  if (d) {
    const stripped = after(d);
    if (stripped) {
      districtUnit = d;
      q = stripped;
    }
  }
  const t = await leadingTown(db, q, districtUnit?.code ?? district);
  if (t) {
    const stripped = after(t);
    if (stripped) {
      townUnit = t;
      q = stripped;
    }
  }
  return { q, district: districtUnit, town: townUnit };
}

export async function searchNames(
  db: Database,
  request: SearchRequest,
): Promise<{ results: SearchResultBody[]; interpreted: Omit<Interpretation, 'q'> }> {
  const problem = queryProblem(request.q);
  if (problem) throw invalid('query.q', problem);
  const near = request.near === undefined ? undefined : parseLonLat(request.near, 'query.near');
  const interpreted = await interpretQuery(db, request.q, request.district);
  const q = parseQuery(interpreted.q);
  if (q.key === '') throw invalid('query.q', 'search_needs_letter');
  const filters: SearchFilters = {
    district: interpreted.district?.code ?? request.district,
    category: request.category,
    town: interpreted.town?.code ?? request.town,
    prefer: request.prefer,
  };
  let rows = await searchPlaceNames(db, q, filters, near, request.limit);
  // A town prefix that leaves nothing (龙水镇邮亭: 邮亭 is a town of its own) narrows no further.
  if (rows.length === 0 && interpreted.town) {
    rows = await searchPlaceNames(db, q, { ...filters, town: request.town }, near, request.limit);
    interpreted.town = null;
  }
  // The query is not echoed back: only the units it was read as.
  return {
    results: rows.map((row) => resultBody(row, q)),
    interpreted: { district: interpreted.district, town: interpreted.town },
  };
}

function resultBody(row: SearchHitRow, q: ReturnType<typeof parseQuery>): SearchResultBody {
  {
    const matchedField =
      row.matched_kind === 'former'
        ? ('formerName' as const)
        : row.matched_kind === 'alias'
          ? ('alias' as const)
          : row.method === 'initials'
            ? ('initials' as const)
            : row.method === 'pinyin' || row.method === 'homophone'
              ? ('pinyin' as const)
              : ('name' as const);
    const result: SearchResultBody = {
      id: row.id,
      name: row.name,
      pinyin: row.pinyin,
      category: row.category,
      categoryName: row.category_name,
      townName: row.town_name,
      townPinyin: row.town_pinyin,
      district: { code: row.district_code, name: row.district_name },
      isHistorical: row.is_historical,
      matchedField,
      matchKind: row.method,
      highlight: highlightFor(row, q),
      point: row.point,
    };
    if (row.distance_m !== null) result.distanceM = row.distance_m;
    return result;
  }
}

function highlightFor(row: SearchHitRow, q: ReturnType<typeof parseQuery>): SearchResultBody['highlight'] {
  // Ranges are found on the normalised key; they carry over to the display name when both have
  // the same characters (no spaces or full-width forms), which is the case for standard names.
  const text =
    Array.from(row.matched_name).length === Array.from(row.matched_key).length
      ? row.matched_name
      : row.matched_key;
  let ranges: Range[] = [];
  switch (row.method) {
    case 'exact':
    case 'prefix':
    case 'substring':
      ranges = substringHighlight(row.matched_key, q.key);
      if (ranges.length === 0) ranges = substringHighlight(row.matched_key, q.keyAsTyped);
      break;
    case 'pinyin':
    case 'initials':
      ranges = unitsHighlight(row.units, unitsPattern(q.tokens, { anchored: false }));
      break;
    case 'homophone':
      ranges = unitsHighlight(row.units, unitsPattern(q.tokens, { anchored: false, homophones: true }));
      break;
    case 'fuzzy':
      break;
  }
  return { text, ranges };
}

export async function placeNameRecord(
  db: Database,
  id: string,
  everyStatus = false,
): Promise<PlaceNameRecordBody | undefined> {
  const row = await findPlaceName(db, id, everyStatus);
  if (!row) return undefined;
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    pinyin: row.pinyin,
    pinyinOverridden: row.pinyin_overridden,
    category: row.category,
    categoryName: row.category_name,
    categoryNameEn: row.category_name_en,
    district: { code: row.district_code, name: row.district_name },
    town: row.town_code && row.town_name ? { code: row.town_code, name: row.town_name } : null,
    village: row.village_code && row.village_name ? { code: row.village_code, name: row.village_name } : null,
    geometry: row.geometry,
    point: row.point,
    origin: row.name_origin,
    meaning: row.name_meaning,
    history: row.name_history,
    aliases: row.aliases.map((a) => ({
      name: a.name,
      kind: a.kind,
      validFrom: a.valid_from,
      validTo: a.valid_to,
      note: a.note,
    })),
    isHistorical: row.is_historical,
    protection: protectionOf(row),
    approval: { by: row.approved_by, date: row.approved_date, document: row.approval_document },
    source: row.source,
    dataOrigin: row.origin,
    status: row.status as PlaceNameRecordBody['status'],
    version: row.version,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    deletedAt: row.deleted_at === null ? null : new Date(row.deleted_at).toISOString(),
  };
}

interface ProtectionColumns {
  protection_list: string | null;
  protection_batch: number | null;
  protection_year: number | null;
}
const protectionOf = (r: ProtectionColumns) =>
  r.protection_list && r.protection_year
    ? { list: r.protection_list, batch: r.protection_batch, year: r.protection_year }
    : null;

export async function historicalNames(
  db: Database,
  district: string | undefined,
): Promise<HistoricalResponseBody> {
  const rows = await listHistoricalNames(db, district);
  return {
    results: rows.map((r) => ({
      id: r.id,
      name: r.name,
      pinyin: r.pinyin,
      category: r.category,
      categoryName: r.category_name,
      townName: r.town_name,
      protection: protectionOf(r),
      point: r.point,
    })),
  };
}

export async function whatIsAt(
  db: Database,
  lon: number,
  lat: number,
  limit: number,
): Promise<AtResponseBody> {
  const row = await placesAt(db, lon, lat, limit);
  return {
    district: row.district,
    town: row.town,
    village: row.village
      ? {
          code: row.village.code,
          name: row.village.name,
          kind: row.village.kind,
          distanceM: Number(row.village.distance_m),
        }
      : null,
    nearby: row.nearby.map((n) => ({
      id: n.id,
      name: n.name,
      category: n.category,
      categoryName: n.category_name,
      distanceM: Number(n.distance_m),
      point: n.point,
    })),
  };
}

export async function nearest(
  db: Database,
  lon: number,
  lat: number,
  category: string | undefined,
  limit: number,
): Promise<NearestResponseBody> {
  const rows = await nearestFacilities(db, lon, lat, category, limit);
  return {
    results: rows.map((r) => ({
      id: r.id,
      code: r.code,
      name: r.name,
      category: r.category,
      subtype: r.subtype,
      subtypeName: r.subtype_name,
      address: r.address,
      phone: r.phone,
      townName: r.town_name,
      distanceM: Number(r.distance_m),
      point: r.point,
    })),
  };
}
