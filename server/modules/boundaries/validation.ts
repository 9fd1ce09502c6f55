// Validation of boundary records, reporting every problem at once, field by field (422).
// Cheap rules (formats, vocabularies, dates, cross-field rules) always run; rules that need the
// database (geometry inside the district, marker near its line, uniqueness, references) run for
// the fields that changed, so a record with an old quirk can still have other fields edited.
import { sql } from 'kysely';
import { textLength } from '../../contract/validation.ts';
import type { Database } from '../../db/database.ts';
import type { ErrorDetail } from '../../errors.ts';
import {
  DISPUTE_CAUSES,
  DISPUTE_STAGES,
  INSPECTION_KINDS,
  INSPECTION_STATUSES,
  type KindDefinition,
  LINE_LEVELS,
  LINE_STATUSES,
  MARKER_CONDITIONS,
  MARKER_LETTERS,
  MARKER_MATERIALS,
  MARKER_TYPES,
  RISK_LEVELS,
  TRANSITIONS,
} from './kinds.ts';
import type { RecordSnapshot } from './records.repository.ts';

/** Markers stand on their line: farther than this needs `offLineException`. */
export const MARKER_MAX_DISTANCE_M = 50;
/** District outlines are drawn at ~100 m precision; a line on the district edge may stray this far. */
export const DISTRICT_TOLERANCE_M = 500;
/** Nothing in this register predates the founding of the PRC. */
export const EARLIEST_DATE = '1949-10-01';
const PHONE = /^[0-9+() -]{3,30}$/;

export interface ValidationInput {
  kind: KindDefinition;
  candidate: Record<string, unknown>;
  before: RecordSnapshot | undefined;
  changed: Set<string>;
  reason: string | null;
  /** Restores skip transition rules: going back to an earlier state is their purpose. */
  checkTransitions: boolean;
}

class Problems {
  readonly list: ErrorDetail[] = [];
  add(field: string, problem: string): void {
    this.list.push({ field: `body.${field}`, problem });
  }
}

const today = () => new Date().toISOString().slice(0, 10);
function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** A date that must have happened already (or, with daysAhead, be planned at most that far ahead). */
function checkDate(
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

function checkText(
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

function checkEnum(
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

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

// --- Geometry ------------------------------------------------------------------------------------

const GEOMETRY_TYPES = {
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
function geometryShape(
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
  if (!coordinatesOk(value.coordinates, DEPTH[value.type]!)) {
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
async function geometryInDistrict(
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

async function districtExists(db: Database, code: string): Promise<boolean> {
  return (
    (await db.selectFrom('districts').select('code').where('code', '=', code).executeTakeFirst()) !==
    undefined
  );
}

async function liveLine(db: Database, id: number): Promise<{ district_code: string } | undefined> {
  return db
    .selectFrom('boundary_lines')
    .select('district_code')
    .where('id', '=', String(id))
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

async function missingPhotos(db: Database, ids: number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const found = await db.selectFrom('photos').select('id').where('id', 'in', ids.map(String)).execute();
  const have = new Set(found.map((r) => Number(r.id)));
  return ids.filter((id) => !have.has(id));
}

async function checkPhotoIds(db: Database, p: Problems, field: string, value: unknown): Promise<void> {
  if (value === null || value === undefined) return;
  if (!Array.isArray(value) || !value.every((v) => Number.isInteger(v) && v > 0))
    return p.add(field, 'must be a list of photo ids');
  if (value.length > 20) {
    p.add(field, 'may hold at most 20 photos');
    return;
  }
  const missing = await missingPhotos(db, value as number[]);
  if (missing.length) p.add(field, `refers to photos that do not exist: ${missing.join(', ')}`);
}

function checkTransition(p: Problems, input: ValidationInput): void {
  const { kind, before, candidate } = input;
  const field = kind.statusField;
  if (!field || !before || !input.checkTransitions || !(kind.id in TRANSITIONS)) return;
  const from = before[field] as string;
  const to = candidate[field] as string;
  if (from === to || typeof to !== 'string') return;
  const allowed = TRANSITIONS[kind.id as keyof typeof TRANSITIONS][from] ?? [];
  if (!allowed.includes(to)) {
    p.add(
      field,
      `cannot change from ${from} to ${to}; allowed: ${allowed.length ? allowed.join(', ') : 'none (final)'}`,
    );
  }
}

function checkReason(p: Problems, input: ValidationInput): void {
  if (!input.before) return;
  const needs = input.kind.reasonRequiredFor.filter((f) => input.changed.has(f));
  if (needs.length && !input.reason?.trim()) {
    p.add('reason', `is required when changing ${needs.join(' and ')} (say why)`);
  }
}

// --- Per kind --------------------------------------------------------------------------------------

async function validateLine(db: Database, p: Problems, input: ValidationInput): Promise<void> {
  const c = input.candidate;
  checkText(p, 'code', c.code, { required: true, max: 40 });
  checkText(p, 'name', c.name, { required: true, max: 100 });
  checkEnum(p, 'level', c.level, LINE_LEVELS);
  checkText(p, 'leftUnitCode', c.leftUnitCode, { required: true, max: 40 });
  checkText(p, 'leftUnitName', c.leftUnitName, { required: true, max: 100 });
  checkText(p, 'rightUnitCode', c.rightUnitCode, { required: true, max: 40 });
  checkText(p, 'rightUnitName', c.rightUnitName, { required: true, max: 100 });
  if (typeof c.leftUnitCode === 'string' && c.leftUnitCode === c.rightUnitCode) {
    p.add('rightUnitCode', 'must differ from leftUnitCode: a line separates two units');
  }
  checkEnum(p, 'status', c.status, LINE_STATUSES);
  checkText(p, 'agreementNumber', c.agreementNumber, { max: 60 });
  checkText(p, 'approvingAuthority', c.approvingAuthority, { max: 100 });
  checkText(p, 'description', c.description, { max: 5000 });
  checkDate(p, 'agreementDate', c.agreementDate);
  checkDate(p, 'lastInspectionDate', c.lastInspectionDate);
  if (c.status === 'delimited') {
    // 已勘定 means an approved agreement (协议书) exists.
    for (const f of ['agreementNumber', 'approvingAuthority', 'agreementDate'] as const) {
      if (c[f] === null || c[f] === undefined || c[f] === '')
        p.add(f, 'is required when the status is delimited (已勘定)');
    }
  }
  if (
    isIsoDate(c.agreementDate) &&
    isIsoDate(c.lastInspectionDate) &&
    c.lastInspectionDate < c.agreementDate
  ) {
    p.add('lastInspectionDate', 'must not be before the agreement date');
  }
  checkTransition(p, input);

  let districtOk = false;
  if (typeof c.districtCode !== 'string' || !/^[0-9]{6}$/.test(c.districtCode))
    p.add('districtCode', 'must be a 6-digit district code');
  else if (!(await districtExists(db, c.districtCode)))
    p.add('districtCode', `no district ${c.districtCode}`);
  else districtOk = true;

  if (input.changed.has('code') && typeof c.code === 'string') {
    const clash = await db
      .selectFrom('boundary_lines')
      .select('id')
      .where('code', '=', c.code)
      .where('id', '!=', String(input.before?.id ?? 0))
      .executeTakeFirst();
    if (clash) p.add('code', `is already used by line ${clash.id}`);
  }
  if (input.changed.has('geometry') || input.changed.has('districtCode')) {
    const geojson = geometryShape(p, 'geometry', c.geometry, 'MultiLineString');
    if (geojson)
      await geometryInDistrict(db, p, 'geometry', geojson, districtOk ? (c.districtCode as string) : null);
  }
}

async function validateMarker(db: Database, p: Problems, input: ValidationInput): Promise<void> {
  const c = input.candidate;
  checkEnum(p, 'markerType', c.markerType, MARKER_TYPES);
  checkEnum(p, 'material', c.material, MARKER_MATERIALS);
  checkEnum(p, 'condition', c.condition, MARKER_CONDITIONS);
  if (typeof c.number !== 'string' || !/^[0-9]{3}[ABCDEQ]$/.test(c.number)) {
    p.add(
      'number',
      'must be 3 digits and a type letter, e.g. 001Q, 002A (单立 Q; 同号双立 A/B; 同号三立 C/D/E)',
    );
  } else if (c.number.startsWith('000')) {
    p.add('number', 'numbering starts at 001');
  } else if (typeof c.markerType === 'string' && c.markerType in MARKER_LETTERS) {
    const letters = MARKER_LETTERS[c.markerType as keyof typeof MARKER_LETTERS];
    if (!letters.includes(c.number.slice(3))) {
      p.add(
        'number',
        `a ${c.markerType} marker's letter must be ${letters.split('').join(' or ')}, not ${c.number.slice(3)}`,
      );
    }
  }
  if (c.elevationM !== null && c.elevationM !== undefined) {
    if (typeof c.elevationM !== 'number' || c.elevationM < -500 || c.elevationM > 9000) {
      p.add('elevationM', 'must be a height in metres between -500 and 9000');
    }
  }
  if (c.positionAccuracyM !== null && c.positionAccuracyM !== undefined) {
    if (
      typeof c.positionAccuracyM !== 'number' ||
      !(c.positionAccuracyM >= 0 && c.positionAccuracyM <= 10_000)
    ) {
      p.add('positionAccuracyM', 'must be the GPS accuracy in metres, 0 to 10000');
    }
  }
  checkDate(p, 'dateSet', c.dateSet);
  checkText(p, 'responsibleSide', c.responsibleSide, { max: 100 });
  checkText(p, 'note', c.note, { max: 2000 });
  if (typeof c.offLineException !== 'boolean') p.add('offLineException', 'must be true or false');
  checkTransition(p, input);
  if (input.changed.has('photoIds')) await checkPhotoIds(db, p, 'photoIds', c.photoIds);

  const lineId = c.lineId;
  let line: { district_code: string } | undefined;
  if (!Number.isInteger(lineId)) p.add('lineId', 'is required');
  else {
    line = await liveLine(db, lineId as number);
    if (!line) p.add('lineId', `no boundary line ${lineId}`);
  }
  if (line && (input.changed.has('number') || input.changed.has('lineId')) && typeof c.number === 'string') {
    const clash = await db
      .selectFrom('boundary_markers')
      .select('id')
      .where('line_id', '=', String(lineId))
      .where('number', '=', c.number)
      .where('deleted_at', 'is', null)
      .where('id', '!=', String(input.before?.id ?? 0))
      .executeTakeFirst();
    if (clash) p.add('number', `line ${lineId} already has marker ${c.number} (id ${clash.id})`);
  }
  const placeChanged = ['geometry', 'lineId', 'offLineException'].some((f) => input.changed.has(f));
  if (placeChanged) {
    const geojson = geometryShape(p, 'geometry', c.geometry, 'Point');
    if (geojson && line) {
      await geometryInDistrict(db, p, 'geometry', geojson, line.district_code);
      if (c.offLineException !== true) {
        const { rows } = await sql<{
          d: number;
        }>`SELECT ST_Distance(ST_SetSRID(ST_GeomFromGeoJSON(${geojson}), 4326)::geography,
          l.geom::geography) AS d FROM boundary_lines l WHERE l.id = ${lineId as number}`.execute(db);
        const distance = rows[0]?.d;
        if (distance !== undefined && distance > MARKER_MAX_DISTANCE_M) {
          p.add(
            'geometry',
            `is ${Math.round(distance)} m from its line; a marker must stand within ${MARKER_MAX_DISTANCE_M} m unless marked as an exception (offLineException)`,
          );
        }
      }
    }
  }
}

function checkPeople(p: Problems, field: string, value: unknown, required: boolean): void {
  if (!Array.isArray(value)) {
    p.add(field, 'must be a list of people');
    return;
  }
  if (required && value.length === 0) p.add(field, 'needs at least one person for a completed inspection');
  if (value.length > 50) p.add(field, 'may hold at most 50 people');
  value.forEach((person, i) => {
    const at = `${field}[${i}]`;
    if (!isObject(person)) {
      p.add(at, 'must be {name, unit, phone}');
      return;
    }
    checkText(p, `${at}.name`, person.name, { required: true, max: 50 });
    checkText(p, `${at}.unit`, person.unit, { max: 100 });
    if (person.phone !== undefined && person.phone !== null && person.phone !== '') {
      if (typeof person.phone !== 'string' || !PHONE.test(person.phone))
        p.add(`${at}.phone`, 'must be a phone number');
    }
    for (const key of Object.keys(person)) {
      if (!['name', 'unit', 'phone'].includes(key)) p.add(`${at}.${key}`, 'is not a known field');
    }
  });
}

async function validateInspection(db: Database, p: Problems, input: ValidationInput): Promise<void> {
  const c = input.candidate;
  if (!Number.isInteger(c.round) || (c.round as number) < 1 || (c.round as number) > 100)
    p.add('round', 'must be a whole number 1–100');
  checkEnum(p, 'kind', c.kind, INSPECTION_KINDS);
  checkEnum(p, 'status', c.status, INSPECTION_STATUSES);
  const completed = c.status === 'completed';
  // A planned inspection may be set up to five years ahead (the next cycle); anything that has
  // started or finished has dates in the past.
  checkDate(p, 'startDate', c.startDate, { required: true, daysAhead: c.status === 'planned' ? 5 * 366 : 0 });
  checkDate(p, 'endDate', c.endDate, {
    required: completed,
    daysAhead: c.status === 'planned' ? 5 * 366 : 0,
  });
  if (isIsoDate(c.startDate) && isIsoDate(c.endDate) && c.endDate < c.startDate)
    p.add('endDate', 'must not be before startDate');
  checkPeople(p, 'ourSidePeople', c.ourSidePeople, completed);
  checkPeople(p, 'otherSidePeople', c.otherSidePeople, completed);
  checkText(p, 'surveyNotes', c.surveyNotes, { max: 5000 });
  checkText(p, 'problems', c.problems, { max: 5000 });
  checkText(p, 'settlement', c.settlement, { max: 5000 });
  checkText(p, 'report', c.report, { max: 20000 });
  checkTransition(p, input);

  const lineId = c.lineId;
  let lineOk = false;
  if (!Number.isInteger(lineId)) p.add('lineId', 'is required');
  else if (!(await liveLine(db, lineId as number))) p.add('lineId', `no boundary line ${lineId}`);
  else lineOk = true;

  if (lineOk && Number.isInteger(c.round) && (input.changed.has('round') || input.changed.has('lineId'))) {
    const clash = await sql<{
      id: string;
    }>`SELECT id FROM boundary_inspections WHERE line_id = ${lineId as number}
      AND round = ${c.round as number} AND deleted_at IS NULL AND id <> ${input.before?.id ?? 0}`.execute(db);
    if (clash.rows[0])
      p.add(
        'round',
        `line ${lineId} already has an inspection for round ${c.round} (id ${clash.rows[0].id})`,
      );
  }

  if (!Array.isArray(c.findings)) {
    p.add('findings', 'must be a list of per-marker findings');
    return;
  }
  if (c.findings.length > 500) p.add('findings', 'may hold at most 500 findings');
  const markerIds: number[] = [];
  const photoIds: number[] = [];
  c.findings.forEach((finding, i) => {
    const at = `findings[${i}]`;
    if (!isObject(finding)) {
      p.add(at, 'must be {markerId, condition, note, photoIds}');
      return;
    }
    if (!Number.isInteger(finding.markerId)) p.add(`${at}.markerId`, 'is required');
    else if (markerIds.includes(finding.markerId as number))
      p.add(`${at}.markerId`, 'appears twice; one finding per marker');
    else markerIds.push(finding.markerId as number);
    checkEnum(p, `${at}.condition`, finding.condition, MARKER_CONDITIONS);
    checkText(p, `${at}.note`, finding.note, { max: 2000 });
    if (finding.photoIds !== undefined) {
      if (!Array.isArray(finding.photoIds) || !finding.photoIds.every((v) => Number.isInteger(v) && v > 0)) {
        p.add(`${at}.photoIds`, 'must be a list of photo ids');
      } else photoIds.push(...(finding.photoIds as number[]));
    }
    for (const key of Object.keys(finding)) {
      if (!['markerId', 'condition', 'note', 'photoIds'].includes(key))
        p.add(`${at}.${key}`, 'is not a known field');
    }
  });
  if (lineOk && markerIds.length && input.changed.has('findings')) {
    const onLine = await db
      .selectFrom('boundary_markers')
      .select('id')
      .where('line_id', '=', String(lineId))
      .where('deleted_at', 'is', null)
      .where('id', 'in', markerIds.map(String))
      .execute();
    const have = new Set(onLine.map((r) => Number(r.id)));
    const reported = new Set<number>(); // a repeated marker was reported as a duplicate already
    c.findings.forEach((finding, i) => {
      if (!isObject(finding) || !Number.isInteger(finding.markerId)) return;
      const markerId = finding.markerId as number;
      if (!have.has(markerId) && !reported.has(markerId)) {
        reported.add(markerId);
        p.add(`findings[${i}].markerId`, `marker ${markerId} is not on line ${lineId}`);
      }
    });
  }
  if (input.changed.has('findings')) {
    const missing = await missingPhotos(db, photoIds);
    if (missing.length) p.add('findings', `refers to photos that do not exist: ${missing.join(', ')}`);
  }
}

async function validateDispute(db: Database, p: Problems, input: ValidationInput): Promise<void> {
  const c = input.candidate;
  checkText(p, 'title', c.title, { required: true, max: 120 });
  checkEnum(p, 'causeType', c.causeType, DISPUTE_CAUSES);
  checkText(p, 'cause', c.cause, { max: 5000 });
  checkEnum(p, 'stage', c.stage, DISPUTE_STAGES);
  checkEnum(p, 'riskLevel', c.riskLevel, RISK_LEVELS);
  checkDate(p, 'discoveredOn', c.discoveredOn, { required: true });
  checkDate(p, 'resolvedOn', c.resolvedOn);
  if (isIsoDate(c.discoveredOn) && isIsoDate(c.resolvedOn) && c.resolvedOn < c.discoveredOn) {
    p.add('resolvedOn', 'must not be before discoveredOn');
  }
  checkText(p, 'resolution', c.resolution, {
    max: 5000,
    required: c.resolvedOn !== null && c.resolvedOn !== undefined,
  });
  checkTransition(p, input);

  const partyNames: string[] = [];
  if (!Array.isArray(c.parties)) p.add('parties', 'must be a list of the parties');
  else {
    if (c.parties.length < 2) p.add('parties', 'needs at least two parties');
    c.parties.forEach((party, i) => {
      const at = `parties[${i}]`;
      if (!isObject(party)) {
        p.add(at, 'must be {name, unitCode}');
        return;
      }
      checkText(p, `${at}.name`, party.name, { required: true, max: 100 });
      checkText(p, `${at}.unitCode`, party.unitCode, { max: 40 });
      if (typeof party.name === 'string') {
        if (partyNames.includes(party.name)) p.add(`${at}.name`, 'appears twice');
        partyNames.push(party.name);
      }
    });
  }

  let district: string | null = null;
  if (typeof c.districtCode !== 'string' || !/^[0-9]{6}$/.test(c.districtCode))
    p.add('districtCode', 'must be a 6-digit district code');
  else if (!(await districtExists(db, c.districtCode)))
    p.add('districtCode', `no district ${c.districtCode}`);
  else district = c.districtCode;

  if (c.lineId !== null && c.lineId !== undefined) {
    const line = Number.isInteger(c.lineId) ? await liveLine(db, c.lineId as number) : undefined;
    if (!line) p.add('lineId', `no boundary line ${String(c.lineId)}`);
    else if (district && line.district_code !== district)
      p.add('lineId', `line ${c.lineId} is in another district`);
  }

  if (
    c.area !== null &&
    c.area !== undefined &&
    (input.changed.has('area') || input.changed.has('districtCode'))
  ) {
    const geojson = geometryShape(p, 'area', c.area, 'MultiPolygon');
    if (geojson) await geometryInDistrict(db, p, 'area', geojson, district);
  }

  if (!Array.isArray(c.claims)) p.add('claims', 'must be a list of claim lines');
  else {
    const claimed: string[] = [];
    for (const [i, claim] of c.claims.entries()) {
      const at = `claims[${i}]`;
      if (!isObject(claim)) {
        p.add(at, 'must be {party, geometry, note}');
        continue;
      }
      if (typeof claim.party !== 'string' || !partyNames.includes(claim.party))
        p.add(`${at}.party`, 'must name one of the parties');
      else if (claimed.includes(claim.party)) p.add(`${at}.party`, 'has a claim line already');
      else claimed.push(claim.party);
      checkText(p, `${at}.note`, claim.note, { max: 2000 });
      const geojson = geometryShape(p, `${at}.geometry`, claim.geometry, 'MultiLineString');
      if (geojson && (input.changed.has('claims') || input.changed.has('districtCode'))) {
        await geometryInDistrict(db, p, `${at}.geometry`, geojson, district);
      }
    }
  }

  if (!Array.isArray(c.documents)) p.add('documents', 'must be a list of documents');
  else {
    const photoIds: number[] = [];
    c.documents.forEach((doc, i) => {
      const at = `documents[${i}]`;
      if (!isObject(doc)) {
        p.add(at, 'must be {title, number, date, photoIds}');
        return;
      }
      checkText(p, `${at}.title`, doc.title, { required: true, max: 200 });
      checkText(p, `${at}.number`, doc.number, { max: 100 });
      checkDate(p, `${at}.date`, doc.date);
      if (doc.photoIds !== undefined) {
        if (!Array.isArray(doc.photoIds) || !doc.photoIds.every((v) => Number.isInteger(v) && v > 0)) {
          p.add(`${at}.photoIds`, 'must be a list of photo ids');
        } else photoIds.push(...(doc.photoIds as number[]));
      }
    });
    if (input.changed.has('documents')) {
      const missing = await missingPhotos(db, photoIds);
      if (missing.length) p.add('documents', `refers to photos that do not exist: ${missing.join(', ')}`);
    }
  }
}

const VALIDATORS = {
  'boundary-lines': validateLine,
  'boundary-markers': validateMarker,
  inspections: validateInspection,
  disputes: validateDispute,
} as const;

export async function validateRecord(db: Database, input: ValidationInput): Promise<ErrorDetail[]> {
  const p = new Problems();
  if (input.reason !== null && input.reason.length > 500) p.add('reason', 'must be at most 500 characters');
  checkReason(p, input);
  await VALIDATORS[input.kind.id](db, p, input);
  return p.list;
}
