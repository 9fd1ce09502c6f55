// Validation of boundary records (lines, markers, inspections, disputes), built from the shared
// checks in server/modules/records/checks.ts. Cheap rules (formats, vocabularies, dates, cross-field
// rules) always run; rules that need the database (geometry inside the district, marker near its
// line, uniqueness, references) run for the fields that changed, so a record with an old quirk can
// still have other fields edited.
import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import {
  checkDate,
  checkDistrictCode,
  checkEnum,
  checkText,
  checkTransition,
  geometryInDistrict,
  geometryShape,
  isIsoDate,
  isObject,
  PHONE,
  type Problems,
  type ValidationInput,
} from '../records/checks.ts';
import {
  DISPUTE_CAUSES,
  DISPUTE_STAGES,
  INSPECTION_KINDS,
  INSPECTION_STATUSES,
  LINE_LEVELS,
  LINE_STATUSES,
  MARKER_CONDITIONS,
  MARKER_LETTERS,
  MARKER_MATERIALS,
  MARKER_TYPES,
  RISK_LEVELS,
} from './kinds.ts';

export { DISTRICT_TOLERANCE_M } from '../records/checks.ts';
/** Markers stand on their line: farther than this needs `offLineException`. */
export const MARKER_MAX_DISTANCE_M = 50;

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

  const districtOk = (await checkDistrictCode(db, p, 'districtCode', c.districtCode)) !== null;

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

  const district = await checkDistrictCode(db, p, 'districtCode', c.districtCode);

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

export const BOUNDARY_VALIDATORS = {
  'boundary-lines': validateLine,
  'boundary-markers': validateMarker,
  inspections: validateInspection,
  disputes: validateDispute,
} as const;
