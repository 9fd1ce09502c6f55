// The cheap rules of boundary validation: formats, vocabularies, dates, geometry shapes, status
// transitions and reasons. Pure functions (no database), unit-tested in tests/unit/boundary-rules.test.ts;
// validation.ts adds the rules that need PostGIS and runs them per kind.
import { type ProblemArgs, type ProblemCode, problemDetail } from '../../contract/problems.ts';
import { textLength } from '../../contract/text.ts';
import { TRANSITIONS } from '../../contract/vocabularies.ts';
import type { ErrorDetail } from '../../errors.ts';
import type { KindDefinition } from '../records/kinds.ts';
import type { RecordSnapshot } from '../records/records.repository.ts';

/** Markers stand on their line: farther than this needs `offLineException`. */
export const MARKER_MAX_DISTANCE_M = 50;
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
  add<C extends ProblemCode>(field: string, code: C, ...params: ProblemArgs<C>): void {
    this.list.push(problemDetail(`body.${field}`, code, ...params));
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
    if (options.required) p.add(field, 'required');
    return;
  }
  if (!isIsoDate(value)) {
    p.add(field, 'not_a_date');
    return;
  }
  if (value < EARLIEST_DATE) {
    p.add(field, 'date_too_early', { earliest: EARLIEST_DATE });
    return;
  }
  const latest = addDays(today(), options.daysAhead ?? 0);
  if (value > latest) {
    if (options.daysAhead) p.add(field, 'date_too_late', { latest });
    else p.add(field, 'date_in_future');
  }
}

export function checkText(
  p: Problems,
  field: string,
  value: unknown,
  options: { required?: boolean; max: number; min?: number },
): void {
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) {
    if (options.required) p.add(field, 'required');
    return;
  }
  if (typeof value !== 'string') {
    p.add(field, 'not_text');
    return;
  }
  if (textLength(value) > options.max) p.add(field, 'too_long', { max: options.max });
  if (options.min && textLength(value.trim()) < options.min) p.add(field, 'too_short', { min: options.min });
}

export function checkEnum(
  p: Problems,
  field: string,
  value: unknown,
  allowed: readonly string[],
  required = true,
): void {
  if (value === null || value === undefined) {
    if (required) p.add(field, 'required');
    return;
  }
  if (typeof value !== 'string' || !allowed.includes(value)) p.add(field, 'not_in_vocabulary', { allowed });
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

export function coordinatesOk(value: unknown, depth: number): boolean {
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
    p.add(field, 'geometry_type', { allowed: allowed.join('/') });
    return undefined;
  }
  if (!allowed.includes(value.type)) {
    p.add(field, 'geometry_wrong_type', { allowed: allowed.join('/'), given: value.type });
    return undefined;
  }
  if (!coordinatesOk(value.coordinates, DEPTH[value.type]!)) {
    p.add(field, 'geometry_coordinates');
    return undefined;
  }
  const lines: unknown[][] =
    value.type === 'LineString'
      ? [value.coordinates as unknown[]]
      : value.type === 'MultiLineString'
        ? (value.coordinates as unknown[][])
        : [];
  if (lines.some((line) => line.length < 2)) {
    p.add(field, 'geometry_line_points');
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
    p.add(field, 'geometry_ring');
    return undefined;
  }
  return JSON.stringify({ type: value.type, coordinates: value.coordinates });
}

export function checkTransition(p: Problems, input: ValidationInput): void {
  const { kind, before, candidate } = input;
  const field = kind.statusField;
  const transitions = kind.transitions ?? (TRANSITIONS as Record<string, unknown>)[kind.id];
  if (!field || !before || !input.checkTransitions || !transitions) return;
  const from = before[field] as string;
  const to = candidate[field] as string;
  if (from === to || typeof to !== 'string') return;
  const allowed: readonly string[] = (transitions as Record<string, readonly string[]>)[from] ?? [];
  if (!allowed.includes(to)) {
    if (allowed.length) p.add(field, 'transition_not_allowed', { from, to, allowed });
    else p.add(field, 'transition_from_final', { from, to });
  }
}

export function checkReason(p: Problems, input: ValidationInput): void {
  if (!input.before) return;
  const needs = input.kind.reasonRequiredFor.filter((f) => input.changed.has(f));
  if (needs.length && !input.reason?.trim()) {
    p.add('reason', 'reason_required', { fields: needs });
  }
}

export function checkPeople(p: Problems, field: string, value: unknown, required: boolean): void {
  if (!Array.isArray(value)) {
    p.add(field, 'not_a_list');
    return;
  }
  if (required && value.length === 0) p.add(field, 'people_required');
  if (value.length > 50) p.add(field, 'too_many', { max: 50 });
  value.forEach((person, i) => {
    const at = `${field}[${i}]`;
    if (!isObject(person)) {
      p.add(at, 'bad_shape', { shape: '{name, unit, phone}' });
      return;
    }
    checkText(p, `${at}.name`, person.name, { required: true, max: 50 });
    checkText(p, `${at}.unit`, person.unit, { max: 100 });
    if (person.phone !== undefined && person.phone !== null && person.phone !== '') {
      if (typeof person.phone !== 'string' || !PHONE.test(person.phone)) p.add(`${at}.phone`, 'not_a_phone');
    }
    for (const key of Object.keys(person)) {
      if (!['name', 'unit', 'phone'].includes(key)) p.add(`${at}.${key}`, 'unknown_field');
    }
  });
}
