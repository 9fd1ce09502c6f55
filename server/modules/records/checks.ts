// The checks every record kind's validation is built from, reporting every problem at once, field
// by field (422): text, dates, vocabularies, GeoJSON shape, PostGIS validity and the district, the
// status transitions of the kind and the reasons its changes need.
import { sql } from 'kysely';
import { textLength } from '../../contract/validation.ts';
import type { Database } from '../../db/database.ts';
import type { ErrorDetail } from '../../errors.ts';
import type { KindDefinition } from './kinds.ts';
import type { RecordSnapshot } from './records.repository.ts';

/** District outlines are drawn at ~100 m precision; a line on the district edge may stray this far. */
export const DISTRICT_TOLERANCE_M = 500;
/** Nothing in this register predates the founding of the PRC. */
export const EARLIEST_DATE = '1949-10-01';
export const PHONE = /^[0-9+() -]{3,30}$/;

export interface ValidationInput {
  kind: KindDefinition;
  candidate: Record<string, unknown>;
  before: RecordSnapshot | undefined;
  changed: Set<string>;
  reason: string | null;
  /** Restores skip transition rules: going back to an earlier state is their purpose. */
  checkTransitions: boolean;
}

export class Problems {
  readonly list: ErrorDetail[] = [];
  add(field: string, problem: string): void {
    this.list.push({ field: `body.${field}`, problem });
  }
}

export const today = () => new Date().toISOString().slice(0, 10);
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** A date that must have happened already (or, with daysAhead, be planned at most that far ahead). */
export function checkDate(
  p: Problems,
  field: string,
  value: unknown,
  options: { required?: boolean; daysAhead?: number } = {},
): void {
  if (value === null || value === undefined || value === '') {
    if (options.required) p.add(field, 'is required');
    return;
  }
  if (!isIsoDate(value)) {
    p.add(field, 'must be a date YYYY-MM-DD');
    return;
  }
  if (value < EARLIEST_DATE) {
    p.add(field, `must not be before ${EARLIEST_DATE}`);
    return;
  }
  const latest = addDays(today(), options.daysAhead ?? 0);
  if (value > latest)
    p.add(field, options.daysAhead ? `must not be after ${latest}` : 'must not be in the future');
}

export function checkText(
  p: Problems,
  field: string,
  value: unknown,
  options: { required?: boolean; max: number; min?: number },
): void {
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) {
    if (options.required) p.add(field, 'is required');
    return;
  }
  if (typeof value !== 'string') {
    p.add(field, 'must be text');
    return;
  }
  if (textLength(value) > options.max) p.add(field, `must be at most ${options.max} characters`);
  if (options.min && textLength(value.trim()) < options.min)
    p.add(field, `must be at least ${options.min} characters`);
}

export function checkEnum(
  p: Problems,
  field: string,
  value: unknown,
  allowed: readonly string[],
  required = true,
): void {
  if (value === null || value === undefined) {
    if (required) p.add(field, 'is required');
    return;
  }
  if (typeof value !== 'string' || !allowed.includes(value))
    p.add(field, `must be one of ${allowed.join(', ')}`);
}

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

// --- Geometry ------------------------------------------------------------------------------------

const GEOMETRY_TYPES = {
  Any: ['Point', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon'],
  Point: ['Point'],
  MultiLineString: ['LineString', 'MultiLineString'],
  MultiPolygon: ['Polygon', 'MultiPolygon'],
} as const;

function coordinatesOk(value: unknown, depth: number): boolean {
  if (!Array.isArray(value)) return false;
  if (depth === 0) {
    const [lon, lat] = value as unknown[];
    return (
      (value.length === 2 || value.length === 3) &&
      typeof lon === 'number' &&
      typeof lat === 'number' &&
      Number.isFinite(lon) &&
      Number.isFinite(lat) &&
      Math.abs(lon) <= 180 &&
      Math.abs(lat) <= 90
    );
  }
  return value.length > 0 && value.every((v) => coordinatesOk(v, depth - 1));
}
const DEPTH: Record<string, number> = {
  Point: 0,
  LineString: 1,
  MultiLineString: 2,
  Polygon: 2,
  MultiPolygon: 3,
};

/** Shape check without the database; returns the GeoJSON text when it is worth asking PostGIS. */
export function geometryShape(
  p: Problems,
  field: string,
  value: unknown,
  expected: keyof typeof GEOMETRY_TYPES,
): string | undefined {
  const allowed: readonly string[] = GEOMETRY_TYPES[expected];
  if (!isObject(value) || typeof value.type !== 'string') {
    p.add(field, `must be a GeoJSON ${allowed.join(' or ')}`);
    return undefined;
  }
  if (!allowed.includes(value.type)) {
    p.add(field, `must be a GeoJSON ${allowed.join(' or ')}, not ${value.type}`);
    return undefined;
  }
  if (!coordinatesOk(value.coordinates, DEPTH[value.type as string]!)) {
    p.add(field, 'has missing or out-of-range coordinates (longitude −180..180, latitude −90..90)');
    return undefined;
  }
  const lines: unknown[][] =
    value.type === 'LineString'
      ? [value.coordinates as unknown[]]
      : value.type === 'MultiLineString'
        ? (value.coordinates as unknown[][])
        : [];
  if (lines.some((line) => line.length < 2)) {
    p.add(field, 'needs at least two points per line');
    return undefined;
  }
  const rings: unknown[][] =
    value.type === 'Polygon'
      ? (value.coordinates as unknown[][])
      : value.type === 'MultiPolygon'
        ? (value.coordinates as unknown[][][]).flat()
        : [];
  const closed = (ring: unknown[]) =>
    ring.length >= 4 && JSON.stringify(ring[0]) === JSON.stringify(ring[ring.length - 1]);
  if (!rings.every(closed)) {
    p.add(field, 'has a ring that is not closed or has fewer than four points');
    return undefined;
  }
  return JSON.stringify({ type: value.type, coordinates: value.coordinates });
}

async function geometryFacts(db: Database, geojson: string, districtCode: string | null) {
  const { rows } = await sql<{ valid: boolean; reason: string; empty: boolean; outside_m: number | null }>`
    WITH g AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON(${geojson}), 4326) AS geom)
    SELECT ST_IsValid(g.geom) AS valid, ST_IsValidReason(g.geom) AS reason, ST_IsEmpty(g.geom) AS empty,
      (SELECT max(ST_Distance((dp).geom::geography, d.outline::geography))
         FROM districts d, ST_DumpPoints(g.geom) dp WHERE d.code = ${districtCode}) AS outside_m
    FROM g`.execute(db);
  return rows;
}

/** PostGIS checks: valid, not empty, lines long enough, inside the district (with tolerance). */
export async function geometryInDistrict(
  db: Database,
  p: Problems,
  field: string,
  geojson: string,
  districtCode: string | null,
): Promise<void> {
  let result: { valid: boolean; reason: string; empty: boolean; outside_m: number | null } | undefined;
  try {
    result = (await geometryFacts(db, geojson, districtCode))[0];
  } catch {
    p.add(field, 'is not a geometry PostGIS can read');
    return;
  }
  const row = result!;
  if (row.empty) {
    p.add(field, 'is empty');
    return;
  }
  if (!row.valid) {
    p.add(field, `is not a valid geometry: ${row.reason}`);
    return;
  }
  if (districtCode && row.outside_m !== null && row.outside_m > DISTRICT_TOLERANCE_M) {
    p.add(field, `lies outside the district (${Math.round(row.outside_m)} m beyond its outline)`);
  }
}

/** A 6-digit code of a district we have: the code, or null after adding the problem. */
export async function checkDistrictCode(
  db: Database,
  p: Problems,
  field: string,
  value: unknown,
): Promise<string | null> {
  if (typeof value !== 'string' || !/^[0-9]{6}$/.test(value)) p.add(field, 'must be a 6-digit district code');
  else if (!(await districtExists(db, value))) p.add(field, `no district ${value}`);
  else return value;
  return null;
}

export async function districtExists(db: Database, code: string): Promise<boolean> {
  return (
    (await db.selectFrom('districts').select('code').where('code', '=', code).executeTakeFirst()) !==
    undefined
  );
}

export function checkTransition(p: Problems, input: ValidationInput): void {
  const { kind, before, candidate } = input;
  const field = kind.statusField;
  if (!field || !before || !input.checkTransitions || !kind.transitions) return;
  const from = before[field] as string;
  const to = candidate[field] as string;
  if (from === to || typeof to !== 'string') return;
  const allowed = kind.transitions[from] ?? [];
  if (!allowed.includes(to)) {
    p.add(
      field,
      `cannot change from ${from} to ${to}; allowed: ${allowed.length ? allowed.join(', ') : 'none (final)'}`,
    );
  }
}

export function checkReason(p: Problems, input: ValidationInput): void {
  if (!input.before) return;
  const needs = input.kind.reasonRequiredFor.filter((f) => input.changed.has(f));
  if (needs.length && !input.reason?.trim()) {
    p.add('reason', `is required when changing ${needs.join(' and ')} (say why)`);
  }
}
