// Validation of place names (the naming workflow's rules) and vanished names, built from the shared
// rules (server/modules/boundaries/rules.ts). The pinyin (罗马字母拼写) is worked out from the name
// unless it was corrected by hand (pinyinOverridden), which is then kept.
import { placeNamePinyin } from '../../contract/pinyin.ts';
import { PLACE_NAME_STATUSES } from '../../contract/place-name-statuses.ts';
import type { Database } from '../../db/database.ts';
import {
  checkDate,
  checkEnum,
  checkText,
  checkTransition,
  geometryShape,
  isIsoDate,
  isObject,
  type Problems,
  today,
  type ValidationInput,
} from '../boundaries/rules.ts';
import { geometryInDistrict } from '../boundaries/validation.ts';
import { findDistrict } from '../districts/districts.repository.ts';
import { placeOf } from '../facilities/facility.validation.ts';
import type { RecordSnapshot } from '../records/records.repository.ts';
import type { KindRules } from '../records/validation.ts';

const DECIDED = ['approved', 'published', 'retired'];

/**
 * The earliest protection list a name is on now ({list: null, …} when none), as the record stores
 * it; undefined for a name the lists never held (an imported listing is kept as it came).
 */
async function protectionOf(db: Database, id: number | undefined) {
  if (id === undefined) return undefined;
  const rows = await db
    .selectFrom('protection_list_entries as e')
    .innerJoin('protection_lists as l', 'l.id', 'e.list_id')
    .select(['l.name', 'l.batch', 'l.year', 'e.removed_at'])
    .where('e.place_name_id', '=', String(id))
    .orderBy('l.year')
    .orderBy('l.id')
    .execute();
  if (rows.length === 0) return undefined;
  const live = rows.find((r) => r.removed_at === null);
  return live
    ? { list: live.name, batch: live.batch, year: live.year }
    : { list: null, batch: null, year: null };
}

async function derivePlaceName(
  db: Database,
  candidate: Record<string, unknown>,
  before: RecordSnapshot | undefined,
): Promise<void> {
  if (!before || JSON.stringify(before.geometry) !== JSON.stringify(candidate.geometry)) {
    const place = await placeOf(db, candidate.geometry);
    candidate.districtCode = place.district_code;
    candidate.townCode = place.town_code;
    candidate.villageCode = place.village_code;
  }
  const auto = typeof candidate.name === 'string' ? placeNamePinyin(candidate.name).pinyin : null;
  const nameChanged = !before || candidate.name !== before.name;
  const pinyinGiven = before ? candidate.pinyin !== before.pinyin : Boolean(candidate.pinyin);
  // A spelling given by hand that differs from the automatic one is a correction: kept from then on.
  if (pinyinGiven) {
    if (typeof candidate.pinyin === 'string' && candidate.pinyin !== auto) candidate.pinyinOverridden = true;
  } else if (nameChanged && candidate.pinyinOverridden !== true && auto) candidate.pinyin = auto;
  if (!candidate.pinyin && auto) candidate.pinyin = auto;
  const protection = await protectionOf(db, before?.id);
  if (protection) candidate.protection = protection;
  else if (!before) candidate.protection = { list: null, batch: null, year: null };
  // 更名/注销: the name becomes historical, valid until today unless a date is given.
  if (candidate.status === 'retired' && before?.status !== 'retired') {
    candidate.isHistorical = true;
    if (!candidate.validTo) candidate.validTo = today();
  }
  if (!candidate.code && typeof candidate.districtCode === 'string')
    candidate.code = `${candidate.districtCode}-PN-${Date.now().toString(36)}`;
}

function checkAliases(p: Problems, value: unknown): void {
  if (!Array.isArray(value)) {
    p.add('aliases', 'not_a_list');
    return;
  }
  if (value.length > 50) p.add('aliases', 'too_many', { max: 50 });
  value.forEach((alias, i) => {
    const at = `aliases[${i}]`;
    if (!isObject(alias)) {
      p.add(at, 'bad_shape', { shape: '{name, kind, validFrom, validTo, note}' });
      return;
    }
    checkText(p, `${at}.name`, alias.name, { required: true, max: 100 });
    checkEnum(p, `${at}.kind`, alias.kind, ['former', 'alias']);
    checkDate(p, `${at}.validFrom`, alias.validFrom);
    checkDate(p, `${at}.validTo`, alias.validTo);
    if (isIsoDate(alias.validFrom) && isIsoDate(alias.validTo) && alias.validTo < alias.validFrom)
      p.add(`${at}.validTo`, 'date_before', { other: 'validFrom' });
    checkText(p, `${at}.note`, alias.note, { max: 500 });
    for (const key of Object.keys(alias))
      if (!['name', 'kind', 'validFrom', 'validTo', 'note'].includes(key))
        p.add(`${at}.${key}`, 'unknown_field');
  });
}

async function validatePlaceName(db: Database, p: Problems, input: ValidationInput): Promise<void> {
  const c = input.candidate;
  const before = input.before;
  checkText(p, 'code', c.code, { max: 40 });
  checkText(p, 'name', c.name, { required: true, max: 100 });
  checkText(p, 'pinyin', c.pinyin, { required: true, max: 200 });
  if (typeof c.pinyin === 'string' && !/^[\p{Script=Latin}' -]+$/u.test(c.pinyin))
    p.add('pinyin', 'pinyin_format');
  if (typeof c.pinyinOverridden !== 'boolean') p.add('pinyinOverridden', 'not_boolean');
  if (typeof c.isHistorical !== 'boolean') p.add('isHistorical', 'not_boolean');
  checkText(p, 'origin', c.origin, { max: 5000 });
  checkText(p, 'meaning', c.meaning, { max: 5000 });
  checkText(p, 'history', c.history, { max: 10000 });
  checkText(p, 'source', c.source, { required: true, max: 200 });
  checkEnum(p, 'status', c.status, PLACE_NAME_STATUSES);
  checkTransition(p, input);
  checkAliases(p, c.aliases);
  checkDate(p, 'validFrom', c.validFrom);
  checkDate(p, 'validTo', c.validTo);
  if (isIsoDate(c.validFrom) && isIsoDate(c.validTo) && c.validTo < c.validFrom)
    p.add('validTo', 'date_before', { other: 'validFrom' });
  if (c.status === 'retired' && !c.validTo) p.add('validTo', 'retired_needs_valid_to');

  const approval = isObject(c.approval) ? c.approval : {};
  if (!isObject(c.approval) && c.approval !== null)
    p.add('approval', 'bad_shape', { shape: '{by, date, document}' });
  checkText(p, 'approval.by', approval.by, { max: 100 });
  checkDate(p, 'approval.date', approval.date);
  checkText(p, 'approval.document', approval.document, { max: 100 });
  for (const key of Object.keys(approval))
    if (!['by', 'date', 'document'].includes(key)) p.add(`approval.${key}`, 'unknown_field');
  // 批准 needs who approved it, when, and the 批准文号 — checked when a name steps into it.
  if (input.changed.has('status') && (c.status === 'approved' || c.status === 'published')) {
    for (const key of ['by', 'date', 'document'] as const)
      if (approval[key] === null || approval[key] === undefined || approval[key] === '')
        p.add(`approval.${key}`, 'approval_required', { status: String(c.status) });
  }
  // A decided name is not renamed in place: 更名 retires it and proposes the new name.
  if (before && DECIDED.includes(String(before.status)) && input.changed.has('name'))
    p.add('name', 'name_decided', { status: String(before.status) });

  if (typeof c.category !== 'string') p.add('category', 'required');
  else if (input.changed.has('category')) {
    const category = await db
      .selectFrom('place_name_categories')
      .select('category')
      .where('category', '=', c.category)
      .executeTakeFirst();
    if (!category) p.add('category', 'unknown_category', { category: c.category });
  }
  if (input.changed.has('geometry')) {
    const geojson = geometryShape(p, 'geometry', c.geometry, 'Any');
    if (geojson) {
      if (c.districtCode === null) p.add('geometry', 'outside_every_district', { tolerance: 500 });
      else await geometryInDistrict(db, p, 'geometry', geojson, null);
    }
  }
  if (input.changed.has('code') && typeof c.code === 'string') {
    const clash = await db
      .selectFrom('place_name_records')
      .select('id')
      .where('code', '=', c.code)
      .where('id', '!=', String(before?.id ?? 0))
      .executeTakeFirst();
    if (clash) p.add('code', 'code_in_use', { id: clash.id });
  }
}

export const PLACE_NAME_RULES: KindRules = { validate: validatePlaceName, derive: derivePlaceName };

async function validateVanished(db: Database, p: Problems, input: ValidationInput): Promise<void> {
  const c = input.candidate;
  checkText(p, 'name', c.name, { required: true, max: 100 });
  checkText(p, 'pinyin', c.pinyin, { max: 200 });
  checkText(p, 'place', c.place, { required: true, max: 200 });
  checkText(p, 'periodFrom', c.periodFrom, { max: 40 });
  checkText(p, 'periodTo', c.periodTo, { max: 40 });
  checkText(p, 'cause', c.cause, { max: 500 });
  checkText(p, 'note', c.note, { max: 5000 });
  if (!c.periodFrom && !c.periodTo) p.add('periodTo', 'period_required');
  let district: string | null = null;
  if (typeof c.districtCode !== 'string' || !/^[0-9]{6}$/.test(c.districtCode))
    p.add('districtCode', 'district_code_format');
  else if (!(await findDistrict(db, c.districtCode)))
    p.add('districtCode', 'unknown_district', { code: c.districtCode });
  else district = c.districtCode;
  if (c.townCode !== null && c.townCode !== undefined) {
    const town =
      typeof c.townCode === 'string'
        ? await db
            .selectFrom('towns')
            .select('district_code')
            .where('code', '=', c.townCode)
            .executeTakeFirst()
        : undefined;
    if (!town) p.add('townCode', 'unknown_town', { code: String(c.townCode) });
    else if (district && town.district_code !== district) p.add('townCode', 'town_in_other_district');
  }
  if (c.geometry !== null && c.geometry !== undefined && input.changed.has('geometry')) {
    const geojson = geometryShape(p, 'geometry', c.geometry, 'Point');
    if (geojson) await geometryInDistrict(db, p, 'geometry', geojson, district);
  }
}

async function deriveVanished(db: Database, candidate: Record<string, unknown>): Promise<void> {
  void db;
  if (!candidate.pinyin && typeof candidate.name === 'string')
    candidate.pinyin = placeNamePinyin(candidate.name).pinyin;
}

export const VANISHED_NAME_RULES: KindRules = { validate: validateVanished, derive: deriveVanished };
