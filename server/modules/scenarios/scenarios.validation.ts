// The one validation of a scenario, for every write (create, update, restore): a name, a district
// on the map, and parameters a coverage request would accept (known subtypes, a life circle or a
// radius but not both, proposed sites inside the district).
import { sql } from 'kysely';
import { Value } from 'typebox/value';
import { ScenarioParams } from '../../contract/scenarios.schemas.ts';
import { textLength } from '../../contract/text.ts';
import { LIFE_CIRCLES } from '../../contract/vocabularies.ts';
import type { Database } from '../../db/database.ts';
import type { Problems } from '../boundaries/rules.ts';

/** Metres a proposed site may lie beyond the district's outline (a site just across the line). */
const OUTSIDE_TOLERANCE_M = 1000;

export async function scenarioProblems(db: Database, p: Problems, c: Record<string, unknown>): Promise<void> {
  const name = typeof c.name === 'string' ? c.name.trim() : '';
  if (!name) p.add('name', 'required');
  else if (textLength(name) > 100) p.add('name', 'too_long', { max: 100 });
  const district = typeof c.districtCode === 'string' ? c.districtCode : '';
  const { rows } = await sql<{
    n: number;
  }>`SELECT count(*)::int AS n FROM districts WHERE code = ${district}`.execute(db);
  if (rows[0]!.n === 0) p.add('districtCode', 'unknown_district', { code: district });
  if (!Value.Check(ScenarioParams, c.params)) {
    for (const error of Value.Errors(ScenarioParams, c.params))
      p.add(`params${error.instancePath.replaceAll('/', '.')}`, 'schema_invalid', { message: error.message });
    return;
  }
  const params = c.params as ScenarioParams;
  if (params.lifeCircle !== undefined && params.radiusMeters !== undefined)
    p.add('params.radiusMeters', 'radius_twice');
  if (params.lifeCircle === undefined && params.radiusMeters === undefined)
    p.add('params.lifeCircle', 'radius_missing', { allowed: [...Object.keys(LIFE_CIRCLES), 'default'] });
  const subtypes = [
    ...(params.facilities?.subtypes ?? []),
    ...(params.proposed ?? []).flatMap((s) => (s.subtype ? [s.subtype] : [])),
  ];
  if (subtypes.length > 0) {
    const { rows: known } = await sql<{ subtype: string }>`
      SELECT subtype FROM facility_subtypes WHERE subtype = ANY(${subtypes}::text[])`.execute(db);
    const names = new Set(known.map((k) => k.subtype));
    for (const s of new Set(subtypes)) if (!names.has(s)) p.add('params', 'unknown_subtype', { subtype: s });
  }
  const proposed = params.proposed ?? [];
  if (proposed.length > 0 && rows[0]!.n > 0) {
    const { rows: outside } = await sql<{ i: number; m: number }>`
      SELECT p.i::int - 1 AS i, round(ST_Distance(d.outline::geography, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326)::geography))::int AS m
      FROM unnest(${proposed.map((s) => s.lon)}::float8[], ${proposed.map((s) => s.lat)}::float8[]) WITH ORDINALITY AS p(lon, lat, i)
      JOIN districts d ON d.code = ${district}
      WHERE NOT ST_DWithin(d.outline::geography, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326)::geography, ${OUTSIDE_TOLERANCE_M})`.execute(
      db,
    );
    for (const o of outside) p.add(`params.proposed[${o.i}]`, 'outside_district', { distance: o.m });
  }
}
