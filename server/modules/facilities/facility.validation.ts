// Validation of facilities and village figures, built from the shared checks
// (server/modules/boundaries/rules.ts), and the place a facility stands in, worked out from its point.
import { sql } from 'kysely';
import { FACILITY_OPERATORS, FACILITY_STATUSES } from '../../contract/vocabularies.ts';
import type { Database } from '../../db/database.ts';
import {
  checkEnum,
  checkText,
  checkTransition,
  geometryShape,
  PHONE,
  Problems,
  type ValidationInput,
} from '../boundaries/rules.ts';
import type { RecordSnapshot } from '../records/records.repository.ts';
import type { KindRules } from '../records/validation.ts';

/** A point this far outside every district outline still counts as inside the nearest (outline precision). */
const OUTSIDE_TOLERANCE_M = 500;

interface Place {
  district_code: string | null;
  town_code: string | null;
  village_code: string | null;
}

/**
 * The district, town and village of a geometry (its point on surface): the district and town whose
 * outline holds it (or the nearest within the tolerance), the village whose area holds it, else the
 * nearest village point of that town. Nothing for a geometry PostGIS cannot read (its validation
 * says why).
 */
export async function placeOf(db: Database, geometry: unknown): Promise<Place> {
  const empty = { district_code: null, town_code: null, village_code: null };
  // Only a geometry of sound shape reaches PostGIS, so this query cannot fail inside a caller's transaction.
  const geojson = geometryShape(new Problems(), 'geometry', geometry, 'Any');
  if (!geojson) return empty;
  const { rows } = await sql<Place>`
        WITH p AS (SELECT ST_Centroid(ST_SetSRID(ST_GeomFromGeoJSON(${geojson}), 4326)) AS g),
        d AS (SELECT d.code FROM districts d, p
              WHERE ST_DWithin(d.outline::geography, p.g::geography, ${OUTSIDE_TOLERANCE_M})
              ORDER BY ST_Distance(d.outline, p.g), d.code LIMIT 1),
        t AS (SELECT t.code FROM towns t, p, d WHERE t.district_code = d.code
              ORDER BY ST_Distance(t.geom, p.g), t.code LIMIT 1)
        SELECT (SELECT code FROM d) AS district_code, (SELECT code FROM t) AS town_code,
          (SELECT v.code FROM villages v, p, t WHERE v.town_code = t.code
            ORDER BY (v.area IS NOT NULL AND ST_Intersects(v.area, p.g)) DESC, v.geom <-> p.g, v.code LIMIT 1) AS village_code`.execute(
    db,
  );
  return rows[0] ?? empty;
}

async function deriveFacility(
  db: Database,
  candidate: Record<string, unknown>,
  before: RecordSnapshot | undefined,
): Promise<void> {
  const moved = !before || JSON.stringify(before.geometry) !== JSON.stringify(candidate.geometry);
  if (moved) {
    const place = await placeOf(db, candidate.geometry);
    candidate.districtCode = place.district_code;
    candidate.townCode = place.town_code;
    candidate.villageCode = place.village_code;
  }
  if (
    typeof candidate.subtype === 'string' &&
    (candidate.category === null || candidate.category === undefined)
  ) {
    const row = await db
      .selectFrom('facility_subtypes')
      .select('category')
      .where('subtype', '=', candidate.subtype)
      .executeTakeFirst();
    if (row) candidate.category = row.category;
  }
  // A facility entered by hand gets a code in the district's series unless the bureau gives one.
  if ((candidate.code === null || candidate.code === '') && typeof candidate.districtCode === 'string') {
    const { rows } = await sql<{ n: string }>`SELECT count(*) + 1 AS n FROM facility_records
      WHERE district_code = ${candidate.districtCode}`.execute(db);
    candidate.code = `${candidate.districtCode}-M${String(rows[0]!.n).padStart(4, '0')}-${Date.now().toString(36).slice(-4)}`;
  }
}

function checkCount(
  p: Problems,
  field: string,
  value: unknown,
  options: { max: number; required?: boolean },
) {
  if (value === null || value === undefined) {
    if (options.required) p.add(field, 'required');
    return;
  }
  if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > options.max)
    p.add(field, 'whole_number_range', { min: 0, max: options.max });
}

async function validateFacility(db: Database, p: Problems, input: ValidationInput): Promise<void> {
  const c = input.candidate;
  checkText(p, 'code', c.code, { max: 40 });
  checkText(p, 'name', c.name, { required: true, max: 120 });
  checkText(p, 'address', c.address, { max: 200 });
  checkEnum(p, 'operator', c.operator, FACILITY_OPERATORS);
  checkEnum(p, 'status', c.status, FACILITY_STATUSES);
  checkCount(p, 'beds', c.beds, { max: 100_000 });
  checkCount(p, 'nursingBeds', c.nursingBeds, { max: 100_000 });
  if (Number.isInteger(c.nursingBeds) && (c.nursingBeds as number) > ((c.beds as number | null) ?? 0))
    p.add('nursingBeds', 'nursing_beds_over_beds');
  if (c.floorAreaM2 !== null && c.floorAreaM2 !== undefined) {
    if (typeof c.floorAreaM2 !== 'number' || c.floorAreaM2 < 0 || c.floorAreaM2 > 10_000_000)
      p.add('floorAreaM2', 'out_of_range', { min: 0, max: 10_000_000 });
  }
  if (c.openedYear !== null && c.openedYear !== undefined) {
    const latest = new Date().getUTCFullYear() + 10;
    if (
      !Number.isInteger(c.openedYear) ||
      (c.openedYear as number) < 1900 ||
      (c.openedYear as number) > latest
    )
      p.add('openedYear', 'whole_number_range', { min: 1900, max: latest });
  }
  if (c.phone !== null && c.phone !== undefined && c.phone !== '') {
    if (typeof c.phone !== 'string' || !PHONE.test(c.phone)) p.add('phone', 'not_a_phone');
  }
  checkTransition(p, input);

  if (typeof c.subtype !== 'string') p.add('subtype', 'required');
  else {
    const subtype = await db
      .selectFrom('facility_subtypes')
      .select('category')
      .where('subtype', '=', c.subtype)
      .executeTakeFirst();
    if (!subtype) p.add('subtype', 'unknown_subtype', { subtype: c.subtype });
    else if (c.category !== subtype.category)
      p.add('category', 'subtype_category', {
        subtype: c.subtype,
        category: subtype.category,
        given: String(c.category),
      });
  }
  if (input.changed.has('geometry')) {
    if (geometryShape(p, 'geometry', c.geometry, 'Point') && c.districtCode === null)
      p.add('geometry', 'outside_every_district', { tolerance: OUTSIDE_TOLERANCE_M });
  }
  if (input.changed.has('code') && typeof c.code === 'string') {
    const clash = await db
      .selectFrom('facility_records')
      .select('id')
      .where('code', '=', c.code)
      .where('id', '!=', String(input.before?.id ?? 0))
      .executeTakeFirst();
    if (clash) p.add('code', 'code_in_use', { id: clash.id });
  }
}

export const FACILITY_RULES: KindRules = { validate: validateFacility, derive: deriveFacility };

async function validateFigures(db: Database, p: Problems, input: ValidationInput): Promise<void> {
  const c = input.candidate;
  const maxYear = new Date().getUTCFullYear();
  if (!Number.isInteger(c.year) || (c.year as number) < 1949 || (c.year as number) > maxYear)
    p.add('year', 'whole_number_range', { min: 1949, max: maxYear });
  checkCount(p, 'population', c.population, { max: 10_000_000, required: true });
  checkCount(p, 'elderlyPopulation', c.elderlyPopulation, { max: 10_000_000, required: true });
  checkCount(p, 'households', c.households, { max: 10_000_000, required: true });
  if (Number.isInteger(c.elderlyPopulation) && (c.elderlyPopulation as number) > (c.population as number))
    p.add('elderlyPopulation', 'elderly_over_population');
  checkText(p, 'source', c.source, { max: 200 });
  if (typeof c.villageCode !== 'string' || !/^[0-9]{12}$/.test(c.villageCode)) {
    p.add('villageCode', 'village_code_format');
    return;
  }
  if (input.changed.has('villageCode')) {
    const village = await db
      .selectFrom('villages')
      .select('code')
      .where('code', '=', c.villageCode)
      .executeTakeFirst();
    if (!village) p.add('villageCode', 'unknown_village', { code: c.villageCode });
  }
  if ((input.changed.has('villageCode') || input.changed.has('year')) && Number.isInteger(c.year)) {
    const clash = await db
      .selectFrom('village_figures')
      .select('id')
      .where('village_code', '=', c.villageCode)
      .where('year', '=', c.year as number)
      .where('deleted_at', 'is', null)
      .where('id', '!=', String(input.before?.id ?? 0))
      .executeTakeFirst();
    if (clash)
      p.add('year', 'figures_exist', { code: String(c.villageCode), year: c.year as number, id: clash.id });
  }
}

export const VILLAGE_FIGURES_RULES: KindRules = { validate: validateFigures };
