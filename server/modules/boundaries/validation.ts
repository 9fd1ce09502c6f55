import {
  DISPUTE_CAUSES,
  DISPUTE_STAGES,
  INSPECTION_KINDS,
  INSPECTION_STATUSES,
  LIMITS,
  LINE_LEVELS,
  LINE_STATUSES,
  MARKER_CONDITIONS,
  MARKER_LETTERS,
  MARKER_MATERIALS,
  MARKER_TYPES,
  RISK_LEVELS,
} from '../../contract/vocabularies.ts';
import type { Database } from '../../db/database.ts';
import { findDistrict } from '../districts/districts.repository.ts';
import {
  distanceToLine,
  type GeometryFacts,
  geometryFacts,
  inspectionForRound,
  lineWithCode,
  liveLine,
  liveMarkersOnLine,
  markerWithNumber,
  missingPhotos,
} from '../records/records.repository.ts';
import {
  checkDate,
  checkEnum,
  checkPeople,
  checkText,
  checkTransition,
  DISTRICT_TOLERANCE_M,
  geometryShape,
  isIsoDate,
  isObject,
  MARKER_MAX_DISTANCE_M,
  type Problems,
  type ValidationInput,
} from './rules.ts';

export { DISTRICT_TOLERANCE_M, EARLIEST_DATE, MARKER_MAX_DISTANCE_M, type ValidationInput } from './rules.ts';

/** PostGIS checks: valid, not empty, lines long enough, inside the district (with tolerance). */
export async function geometryInDistrict(
  db: Database,
  p: Problems,
  field: string,
  geojson: string,
  districtCode: string | null,
): Promise<void> {
  let result: GeometryFacts | undefined;
  try {
    result = await geometryFacts(db, geojson, districtCode);
  } catch {
    p.add(field, 'geometry_unreadable');
    return;
  }
  const row = result!;
  if (row.empty) {
    p.add(field, 'geometry_empty');
    return;
  }
  if (!row.valid) {
    p.add(field, 'geometry_invalid', { reason: row.reason });
    return;
  }
  if (districtCode && row.outside_m !== null && row.outside_m > DISTRICT_TOLERANCE_M) {
    p.add(field, 'outside_district', { distance: Math.round(row.outside_m) });
  }
}

async function districtExists(db: Database, code: string): Promise<boolean> {
  return (await findDistrict(db, code)) !== undefined;
}

async function checkPhotoIds(db: Database, p: Problems, field: string, value: unknown): Promise<void> {
  if (value === null || value === undefined) return;
  if (!Array.isArray(value) || !value.every((v) => Number.isInteger(v) && v > 0))
    return p.add(field, 'photo_id_list');
  if (value.length > LIMITS.photoIds) {
    p.add(field, 'too_many', { max: LIMITS.photoIds });
    return;
  }
  const missing = await missingPhotos(db, value as number[]);
  if (missing.length) p.add(field, 'missing_photos', { ids: missing });
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
    p.add('rightUnitCode', 'units_must_differ');
  }
  checkEnum(p, 'status', c.status, LINE_STATUSES);
  checkText(p, 'agreementNumber', c.agreementNumber, { max: 60 });
  checkText(p, 'approvingAuthority', c.approvingAuthority, { max: 100 });
  checkText(p, 'description', c.description, { max: LIMITS.longTextChars });
  checkDate(p, 'agreementDate', c.agreementDate);
  checkDate(p, 'lastInspectionDate', c.lastInspectionDate);
  if (c.status === 'delimited') {
    // 已勘定 means an approved agreement (协议书) exists.
    for (const f of ['agreementNumber', 'approvingAuthority', 'agreementDate'] as const) {
      if (c[f] === null || c[f] === undefined || c[f] === '') p.add(f, 'required_when_delimited');
    }
  }
  if (
    isIsoDate(c.agreementDate) &&
    isIsoDate(c.lastInspectionDate) &&
    c.lastInspectionDate < c.agreementDate
  ) {
    p.add('lastInspectionDate', 'date_before', { other: 'agreementDate' });
  }
  checkTransition(p, input);

  let districtOk = false;
  if (typeof c.districtCode !== 'string' || !/^[0-9]{6}$/.test(c.districtCode))
    p.add('districtCode', 'district_code_format');
  else if (!(await districtExists(db, c.districtCode)))
    p.add('districtCode', 'unknown_district', { code: c.districtCode });
  else districtOk = true;

  if (input.changed.has('code') && typeof c.code === 'string') {
    const clash = await lineWithCode(db, c.code, input.before?.id ?? 0);
    if (clash) p.add('code', 'line_code_in_use', { id: clash.id });
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
    p.add('number', 'marker_number_format');
  } else if (c.number.startsWith('000')) {
    p.add('number', 'marker_number_zero');
  } else if (typeof c.markerType === 'string' && c.markerType in MARKER_LETTERS) {
    const letters = MARKER_LETTERS[c.markerType as keyof typeof MARKER_LETTERS];
    if (!letters.includes(c.number.slice(3))) {
      p.add('number', 'marker_letter', {
        type: c.markerType,
        letters: letters.split('').join('/'),
        given: c.number.slice(3),
      });
    }
  }
  if (c.elevationM !== null && c.elevationM !== undefined) {
    if (typeof c.elevationM !== 'number' || c.elevationM < -500 || c.elevationM > 9000) {
      p.add('elevationM', 'out_of_range', { min: -500, max: 9000 });
    }
  }
  if (c.positionAccuracyM !== null && c.positionAccuracyM !== undefined) {
    if (
      typeof c.positionAccuracyM !== 'number' ||
      !(c.positionAccuracyM >= 0 && c.positionAccuracyM <= 10_000)
    ) {
      p.add('positionAccuracyM', 'out_of_range', { min: 0, max: 10_000 });
    }
  }
  checkDate(p, 'dateSet', c.dateSet);
  checkText(p, 'responsibleSide', c.responsibleSide, { max: 100 });
  checkText(p, 'note', c.note, { max: LIMITS.noteChars });
  if (typeof c.offLineException !== 'boolean') p.add('offLineException', 'not_boolean');
  checkTransition(p, input);
  if (input.changed.has('photoIds')) await checkPhotoIds(db, p, 'photoIds', c.photoIds);

  const lineId = c.lineId;
  let line: { district_code: string } | undefined;
  if (!Number.isInteger(lineId)) p.add('lineId', 'required');
  else {
    line = await liveLine(db, lineId as number);
    if (!line) p.add('lineId', 'unknown_line', { id: String(lineId) });
  }
  if (line && (input.changed.has('number') || input.changed.has('lineId')) && typeof c.number === 'string') {
    const clash = await markerWithNumber(db, lineId as number, c.number, input.before?.id ?? 0);
    if (clash)
      p.add('number', 'marker_number_in_use', { line: String(lineId), number: c.number, id: clash.id });
  }
  const placeChanged = ['geometry', 'lineId', 'offLineException'].some((f) => input.changed.has(f));
  if (placeChanged) {
    const geojson = geometryShape(p, 'geometry', c.geometry, 'Point');
    if (geojson && line) {
      await geometryInDistrict(db, p, 'geometry', geojson, line.district_code);
      if (c.offLineException !== true) {
        const distance = await distanceToLine(db, geojson, lineId as number);
        if (distance !== undefined && distance > MARKER_MAX_DISTANCE_M) {
          p.add('geometry', 'marker_off_line', {
            distance: Math.round(distance),
            max: MARKER_MAX_DISTANCE_M,
          });
        }
      }
    }
  }
}

async function validateInspection(db: Database, p: Problems, input: ValidationInput): Promise<void> {
  const c = input.candidate;
  if (!Number.isInteger(c.round) || (c.round as number) < 1 || (c.round as number) > 100)
    p.add('round', 'whole_number_range', { min: 1, max: 100 });
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
    p.add('endDate', 'date_before', { other: 'startDate' });
  checkPeople(p, 'ourSidePeople', c.ourSidePeople, completed);
  checkPeople(p, 'otherSidePeople', c.otherSidePeople, completed);
  checkText(p, 'surveyNotes', c.surveyNotes, { max: LIMITS.longTextChars });
  checkText(p, 'problems', c.problems, { max: LIMITS.longTextChars });
  checkText(p, 'settlement', c.settlement, { max: LIMITS.longTextChars });
  checkText(p, 'report', c.report, { max: LIMITS.reportChars });
  checkTransition(p, input);

  const lineId = c.lineId;
  let lineOk = false;
  if (!Number.isInteger(lineId)) p.add('lineId', 'required');
  else if (!(await liveLine(db, lineId as number))) p.add('lineId', 'unknown_line', { id: String(lineId) });
  else lineOk = true;

  if (lineOk && Number.isInteger(c.round) && (input.changed.has('round') || input.changed.has('lineId'))) {
    const clash = await inspectionForRound(db, lineId as number, c.round as number, input.before?.id ?? 0);
    if (clash)
      p.add('round', 'inspection_round_in_use', {
        line: String(lineId),
        round: c.round as number,
        id: clash.id,
      });
  }

  if (!Array.isArray(c.findings)) {
    p.add('findings', 'not_a_list');
    return;
  }
  if (c.findings.length > 500) p.add('findings', 'too_many', { max: 500 });
  const markerIds: number[] = [];
  const photoIds: number[] = [];
  c.findings.forEach((finding, i) => {
    const at = `findings[${i}]`;
    if (!isObject(finding)) {
      p.add(at, 'bad_shape', { shape: '{markerId, condition, note, photoIds}' });
      return;
    }
    if (!Number.isInteger(finding.markerId)) p.add(`${at}.markerId`, 'required');
    else if (markerIds.includes(finding.markerId as number)) p.add(`${at}.markerId`, 'duplicate_item');
    else markerIds.push(finding.markerId as number);
    checkEnum(p, `${at}.condition`, finding.condition, MARKER_CONDITIONS);
    checkText(p, `${at}.note`, finding.note, { max: LIMITS.noteChars });
    if (finding.photoIds !== undefined) {
      if (!Array.isArray(finding.photoIds) || !finding.photoIds.every((v) => Number.isInteger(v) && v > 0)) {
        p.add(`${at}.photoIds`, 'photo_id_list');
      } else photoIds.push(...(finding.photoIds as number[]));
    }
    for (const key of Object.keys(finding)) {
      if (!['markerId', 'condition', 'note', 'photoIds'].includes(key))
        p.add(`${at}.${key}`, 'unknown_field');
    }
  });
  if (lineOk && markerIds.length && input.changed.has('findings')) {
    const have = await liveMarkersOnLine(db, lineId as number, markerIds);
    const reported = new Set<number>(); // a repeated marker was reported as a duplicate already
    c.findings.forEach((finding, i) => {
      if (!isObject(finding) || !Number.isInteger(finding.markerId)) return;
      const markerId = finding.markerId as number;
      if (!have.has(markerId) && !reported.has(markerId)) {
        reported.add(markerId);
        p.add(`findings[${i}].markerId`, 'marker_not_on_line', { marker: markerId, line: String(lineId) });
      }
    });
  }
  if (input.changed.has('findings')) {
    const missing = await missingPhotos(db, photoIds);
    if (missing.length) p.add('findings', 'missing_photos', { ids: missing });
  }
}

async function validateDispute(db: Database, p: Problems, input: ValidationInput): Promise<void> {
  const c = input.candidate;
  checkText(p, 'title', c.title, { required: true, max: 120 });
  checkEnum(p, 'causeType', c.causeType, DISPUTE_CAUSES);
  checkText(p, 'cause', c.cause, { max: LIMITS.longTextChars });
  checkEnum(p, 'stage', c.stage, DISPUTE_STAGES);
  checkEnum(p, 'riskLevel', c.riskLevel, RISK_LEVELS);
  checkDate(p, 'discoveredOn', c.discoveredOn, { required: true });
  checkDate(p, 'resolvedOn', c.resolvedOn);
  if (isIsoDate(c.discoveredOn) && isIsoDate(c.resolvedOn) && c.resolvedOn < c.discoveredOn) {
    p.add('resolvedOn', 'date_before', { other: 'discoveredOn' });
  }
  checkText(p, 'resolution', c.resolution, {
    max: LIMITS.longTextChars,
    required: c.resolvedOn !== null && c.resolvedOn !== undefined,
  });
  checkTransition(p, input);

  const partyNames: string[] = [];
  if (!Array.isArray(c.parties)) p.add('parties', 'not_a_list');
  else {
    if (c.parties.length < 2) p.add('parties', 'too_few', { min: 2 });
    c.parties.forEach((party, i) => {
      const at = `parties[${i}]`;
      if (!isObject(party)) {
        p.add(at, 'bad_shape', { shape: '{name, unitCode}' });
        return;
      }
      checkText(p, `${at}.name`, party.name, { required: true, max: 100 });
      checkText(p, `${at}.unitCode`, party.unitCode, { max: 40 });
      if (typeof party.name === 'string') {
        if (partyNames.includes(party.name)) p.add(`${at}.name`, 'duplicate_item');
        partyNames.push(party.name);
      }
    });
  }

  let district: string | null = null;
  if (typeof c.districtCode !== 'string' || !/^[0-9]{6}$/.test(c.districtCode))
    p.add('districtCode', 'district_code_format');
  else if (!(await districtExists(db, c.districtCode)))
    p.add('districtCode', 'unknown_district', { code: c.districtCode });
  else district = c.districtCode;

  if (c.lineId !== null && c.lineId !== undefined) {
    const line = Number.isInteger(c.lineId) ? await liveLine(db, c.lineId as number) : undefined;
    if (!line) p.add('lineId', 'unknown_line', { id: String(c.lineId) });
    else if (district && line.district_code !== district)
      p.add('lineId', 'line_in_other_district', { id: String(c.lineId) });
  }

  if (
    c.area !== null &&
    c.area !== undefined &&
    (input.changed.has('area') || input.changed.has('districtCode'))
  ) {
    const geojson = geometryShape(p, 'area', c.area, 'MultiPolygon');
    if (geojson) await geometryInDistrict(db, p, 'area', geojson, district);
  }

  if (!Array.isArray(c.claims)) p.add('claims', 'not_a_list');
  else {
    const claimed: string[] = [];
    for (const [i, claim] of c.claims.entries()) {
      const at = `claims[${i}]`;
      if (!isObject(claim)) {
        p.add(at, 'bad_shape', { shape: '{party, geometry, note}' });
        continue;
      }
      if (typeof claim.party !== 'string' || !partyNames.includes(claim.party))
        p.add(`${at}.party`, 'claim_party_unknown');
      else if (claimed.includes(claim.party)) p.add(`${at}.party`, 'claim_party_twice');
      else claimed.push(claim.party);
      checkText(p, `${at}.note`, claim.note, { max: LIMITS.noteChars });
      const geojson = geometryShape(p, `${at}.geometry`, claim.geometry, 'MultiLineString');
      if (geojson && (input.changed.has('claims') || input.changed.has('districtCode'))) {
        await geometryInDistrict(db, p, `${at}.geometry`, geojson, district);
      }
    }
  }

  if (!Array.isArray(c.documents)) p.add('documents', 'not_a_list');
  else {
    const photoIds: number[] = [];
    c.documents.forEach((doc, i) => {
      const at = `documents[${i}]`;
      if (!isObject(doc)) {
        p.add(at, 'bad_shape', { shape: '{title, number, date, photoIds}' });
        return;
      }
      checkText(p, `${at}.title`, doc.title, { required: true, max: 200 });
      checkText(p, `${at}.number`, doc.number, { max: 100 });
      checkDate(p, `${at}.date`, doc.date);
      if (doc.photoIds !== undefined) {
        if (!Array.isArray(doc.photoIds) || !doc.photoIds.every((v) => Number.isInteger(v) && v > 0)) {
          p.add(`${at}.photoIds`, 'photo_id_list');
        } else photoIds.push(...(doc.photoIds as number[]));
      }
    });
    if (input.changed.has('documents')) {
      const missing = await missingPhotos(db, photoIds);
      if (missing.length) p.add('documents', 'missing_photos', { ids: missing });
    }
  }
}

export const BOUNDARY_VALIDATORS = {
  'boundary-lines': validateLine,
  'boundary-markers': validateMarker,
  inspections: validateInspection,
  disputes: validateDispute,
} as const;
