// Checks one imported row on its own (no database): required fields, value types and ranges, known
// categories and subtypes, geometry, and the collection's own rules. Returns the row's values as
// stored (camelCase) and its geometry in WGS84, or its problems.
import type { Geometry } from 'geojson';
import { readBackCell } from '../../contract/csv.ts';
import type { ImportCollection, ImportField } from '../../contract/import-collections.ts';
import type { ProblemCode } from '../../contract/imports.schemas.ts';
import { placeNamePinyin } from '../../contract/pinyin.ts';
import { geometryProblem, geometryToWgs84, type Offset } from './coordinates.ts';
import type { SourceRow } from './sources.ts';

export type { ProblemCode };

export interface RowProblem {
  row: number;
  field: string;
  code: ProblemCode;
  problem: string;
}

export interface Lookups {
  /** subtype code or Chinese name → its subtype and category */
  subtypes: Map<string, { subtype: string; category: string }>;
  /** place-name category code or Chinese name → category */
  placeNameCategories: Map<string, string>;
  fileName: string;
}

export interface CheckedRow {
  row: number;
  key: string;
  attrs: Record<string, unknown>;
  geometry: Geometry;
}

const TRUE = new Set(['true', 't', 'yes', 'y', '1', '是', '对']);
const FALSE = new Set(['false', 'f', 'no', 'n', '0', '否', '']);

function parseValue(field: ImportField, raw: unknown): { value: unknown } | { problem: string } {
  if (raw instanceof Date) {
    if (field.kind !== 'date' || Number.isNaN(raw.getTime())) return { problem: 'is not a valid value' };
    const iso = `${raw.getFullYear()}-${String(raw.getMonth() + 1).padStart(2, '0')}-${String(raw.getDate()).padStart(2, '0')}`;
    return { value: iso };
  }
  let text = typeof raw === 'string' ? raw.trim() : raw;
  if (typeof text === 'string') {
    // U+FFFD stands for a NUL byte or a byte the file's encoding cannot decode: not text.
    if (text.includes('\uFFFD'))
      return { problem: "contains a NUL byte or a byte that is not text in the file's encoding" };
    // Our own CSV exports re-import as written: ="500111001001" (codes as text) and the formula
    // guard's leading ' are undone by the writer's own rule.
    text = readBackCell(text);
  }
  switch (field.kind) {
    case 'text': {
      const value = String(text);
      if (field.values) {
        const mapped = field.values[value] ?? field.values[value.toLowerCase()];
        if (!mapped)
          return {
            problem: `"${value}" is not one of ${[...new Set(Object.values(field.values))].join(', ')}`,
          };
        return { value: mapped };
      }
      if (field.pattern && !field.pattern.test(value))
        return { problem: `"${value}" does not have the expected form` };
      if (field.maxLength && value.length > field.maxLength && [...value].length > field.maxLength)
        return { problem: `is longer than ${field.maxLength} characters` };
      return { value };
    }
    case 'integer':
    case 'number': {
      const number = typeof text === 'number' ? text : Number(String(text).replace(/[,，\s]/g, ''));
      if (!Number.isFinite(number)) return { problem: `"${String(text)}" is not a number` };
      if (field.kind === 'integer' && !Number.isInteger(number))
        return { problem: `${number} is not a whole number` };
      if (field.min !== undefined && number < field.min)
        return { problem: `${number} is less than ${field.min}` };
      if (field.max !== undefined && number > field.max)
        return { problem: `${number} is more than ${field.max}` };
      return { value: number };
    }
    case 'boolean': {
      if (typeof text === 'boolean') return { value: text };
      const lower = String(text).toLowerCase();
      if (TRUE.has(lower)) return { value: true };
      if (FALSE.has(lower)) return { value: false };
      return { problem: `"${String(text)}" is not yes/no (是/否)` };
    }
    case 'date': {
      const match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(String(text));
      if (!match) return { problem: `"${String(text)}" is not a date (YYYY-MM-DD)` };
      const iso = `${match[1]}-${match[2]!.padStart(2, '0')}-${match[3]!.padStart(2, '0')}`;
      const date = new Date(`${iso}T00:00:00Z`);
      if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso)
        return { problem: `"${iso}" is not a real date` };
      return { value: iso };
    }
  }
}

/** Stands in for the geometry of rows that have none (attribute tables joined by code). */
export const NO_GEOMETRY: Geometry = { type: 'GeometryCollection', geometries: [] };

const ALLOWED_TYPES: Record<
  Exclude<ImportCollection['geometry'], 'any' | 'none'>,
  { types: string[]; what: string }
> = {
  point: { types: ['Point'], what: 'points' },
  polygon: { types: ['Polygon', 'MultiPolygon'], what: 'polygons' },
  line: { types: ['LineString', 'MultiLineString'], what: 'lines' },
  'point-or-polygon': { types: ['Point', 'Polygon', 'MultiPolygon'], what: 'points or polygons' },
};

function geometryTypeProblem(collection: ImportCollection, geometry: Geometry): string | null {
  if (collection.geometry === 'any' || collection.geometry === 'none') return null;
  const allowed = ALLOWED_TYPES[collection.geometry];
  return allowed.types.includes(geometry.type)
    ? null
    : `${collection.id} are ${allowed.what}, not ${geometry.type}`;
}

const fieldLists = new Map<ImportCollection, [string, ImportField][]>();
const fieldsOf = (collection: ImportCollection) => {
  const cached = fieldLists.get(collection);
  if (cached) return cached;
  const list = Object.entries(collection.fields);
  fieldLists.set(collection, list);
  return list;
};

const isBlank = (raw: unknown) =>
  raw === undefined ||
  raw === null ||
  (typeof raw === 'string' && raw.trim() === '') ||
  (typeof raw === 'number' && Number.isNaN(raw));

export function checkRow(
  collection: ImportCollection,
  source: SourceRow,
  offset: Offset,
  lookups: Lookups,
): { ok: CheckedRow } | { problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const add = (field: string, code: ProblemCode, problem: string) =>
    problems.push({ row: source.row, field, code, problem });
  const attrs: Record<string, unknown> = {};
  for (const [name, field] of fieldsOf(collection)) {
    const raw = source.values.get(name);
    if (isBlank(raw)) {
      if (field.required) add(name, 'missing_required', 'is required but empty');
      continue;
    }
    const parsed = parseValue(field, raw);
    if ('problem' in parsed) {
      // Category and subtype get their own codes below; everything else is an invalid value.
      if (
        !(collection.id === 'facilities' && name === 'subtype') &&
        !(collection.id === 'place-names' && name === 'category')
      )
        add(name, name === 'category' ? 'unknown_category' : 'invalid_value', parsed.problem);
      continue;
    }
    attrs[name] = parsed.value;
  }

  if (collection.id === 'facilities') {
    const given = source.values.get('subtype');
    if (!isBlank(given)) {
      const found = lookups.subtypes.get(String(given).trim());
      if (!found)
        add('subtype', 'unknown_subtype', `"${String(given).trim()}" is not a known facility subtype`);
      else {
        if (attrs.category !== undefined && attrs.category !== found.category)
          add(
            'category',
            'unknown_category',
            `subtype ${found.subtype} belongs to ${found.category}, not ${String(attrs.category)}`,
          );
        attrs.subtype = found.subtype;
        attrs.category = found.category;
      }
    }
    attrs.status ??= 'operating';
    if (
      typeof attrs.nursingBeds === 'number' &&
      attrs.nursingBeds > ((attrs.beds as number | undefined) ?? 0)
    )
      add('nursingBeds', 'invalid_value', 'nursing beds cannot exceed beds');
  } else if (collection.id === 'towns') {
    if (typeof attrs.code === 'string') attrs.code = attrs.code.slice(0, 9); // 12-digit form: its first 9
    if (attrs.kind === undefined && typeof attrs.name === 'string') {
      const name = attrs.name;
      attrs.kind =
        name.endsWith('街道') || name.endsWith('办事处')
          ? 'subdistrict'
          : name.endsWith('乡')
            ? 'township'
            : name.endsWith('镇')
              ? 'town'
              : undefined;
      if (attrs.kind === undefined)
        add(
          'kind',
          'missing_required',
          'is required: 镇, 乡 or 街道 (the name does not end with one of them)',
        );
    }
    if (typeof attrs.code === 'string') attrs.districtCode ??= attrs.code.slice(0, 6);
  } else if (collection.id === 'boundary-lines') {
    attrs.level ??= 'township';
    if (attrs.status === 'delimited' && attrs.agreementNumber === undefined)
      add(
        'agreementNumber',
        'missing_required',
        'is required for a delimited line (it needs its agreement number)',
      );
  } else if (collection.id === 'villages' || collection.id === 'village-statistics') {
    if (
      typeof attrs.elderlyPopulation === 'number' &&
      typeof attrs.population === 'number' &&
      attrs.elderlyPopulation > attrs.population
    )
      add('elderlyPopulation', 'invalid_value', 'elderly population cannot exceed population');
  } else if (collection.id === 'place-names') {
    const given = source.values.get('category');
    if (!isBlank(given)) {
      const category = lookups.placeNameCategories.get(String(given).trim());
      if (!category)
        add('category', 'unknown_category', `"${String(given).trim()}" is not a place-name category`);
      else attrs.category = category;
    }
    if (typeof attrs.name === 'string') {
      // A spelling in the file is kept as given (it may fix a polyphonic reading).
      attrs.pinyinOverridden = attrs.pinyin !== undefined;
      attrs.pinyin ??= placeNamePinyin(attrs.name).pinyin;
    }
    attrs.isHistorical ??= false;
    attrs.source ??= `导入 ${lookups.fileName}`.slice(0, 200);
  } else if (collection.id === 'boundary-markers') {
    if (typeof attrs.number === 'string') {
      const letter = attrs.number.slice(-1);
      const type = letter === 'Q' ? 'single' : letter === 'A' || letter === 'B' ? 'double' : 'triple';
      if (attrs.markerType !== undefined && attrs.markerType !== type)
        add(
          'markerType',
          'invalid_value',
          `number ${attrs.number} is a ${type} marker, not ${String(attrs.markerType)}`,
        );
      attrs.markerType = type;
    }
  }

  let geometry: Geometry | null = null;
  if (collection.geometry === 'none') geometry = NO_GEOMETRY;
  else if (source.geometryProblem) add(source.geometryField, 'invalid_geometry', source.geometryProblem);
  else {
    const problem = geometryProblem(source.geometry);
    const wrongType = problem ? null : geometryTypeProblem(collection, source.geometry!);
    if (problem ?? wrongType) add(source.geometryField, 'invalid_geometry', (problem ?? wrongType)!);
    else geometry = geometryToWgs84(source.geometry!, offset ?? 'wgs84');
  }

  if (problems.length > 0 || !geometry) return { problems };
  const key =
    collection.id === 'boundary-markers'
      ? `${String(attrs.lineCode)}/${String(attrs.number)}`
      : String(attrs.code);
  return { ok: { row: source.row, key, attrs, geometry } };
}
