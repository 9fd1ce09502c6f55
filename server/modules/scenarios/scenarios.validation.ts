// The one validation of a scenario, for every write (create, update, restore): a name, a district
// on the map, and parameters a coverage request would accept (known subtypes, a life circle or a
// radius but not both, proposed sites inside the district).
import { sql } from 'kysely';
import { Value } from 'typebox/value';
import { textLength } from '../../contract/validation.ts';
import type { Database } from '../../db/database.ts';
import type { ErrorDetail } from '../../errors.ts';
import { ScenarioParams } from './scenarios.schemas.ts';

export async function scenarioProblems(db: Database, c: Record<string, unknown>): Promise<ErrorDetail[]> {
  const problems: ErrorDetail[] = [];
  const add = (field: string, problem: string) => problems.push({ field, problem });
  const name = typeof c.name === 'string' ? c.name.trim() : '';
  if (!name) add('name', 'is required');
  else if (textLength(name) > 100) add('name', 'must be at most 100 characters');
  const district = typeof c.districtCode === 'string' ? c.districtCode : '';
  const { rows } = await sql<{
    n: number;
  }>`SELECT count(*)::int AS n FROM districts WHERE code = ${district}`.execute(db);
  if (rows[0]!.n === 0) add('districtCode', `there is no district '${district}' on the map`);
  if (!Value.Check(ScenarioParams, c.params)) {
    for (const error of Value.Errors(ScenarioParams, c.params))
      add(`params${error.instancePath.replaceAll('/', '.')}`, error.message);
    return problems;
  }
  const params = c.params as ScenarioParams;
  if ((params.lifeCircle === undefined) === (params.radiusMeters === undefined))
    add('params.lifeCircle', 'give exactly one of lifeCircle and radiusMeters');
  const subtypes = [
    ...(params.facilities?.subtypes ?? []),
    ...(params.proposed ?? []).flatMap((p) => (p.subtype ? [p.subtype] : [])),
  ];
  if (subtypes.length > 0) {
    const { rows: known } = await sql<{ subtype: string }>`
      SELECT subtype FROM facility_subtypes WHERE subtype = ANY(${subtypes}::text[])`.execute(db);
    const names = new Set(known.map((k) => k.subtype));
    for (const s of new Set(subtypes)) if (!names.has(s)) add('params', `'${s}' is not a facility subtype`);
  }
  const proposed = params.proposed ?? [];
  if (proposed.length > 0 && rows[0]!.n > 0) {
    const { rows: outside } = await sql<{ i: number }>`
      SELECT p.i::int - 1 AS i FROM unnest(${proposed.map((p) => p.lon)}::float8[], ${proposed.map((p) => p.lat)}::float8[])
        WITH ORDINALITY AS p(lon, lat, i)
      WHERE NOT EXISTS (SELECT 1 FROM districts d WHERE d.code = ${district}
        AND ST_DWithin(d.outline::geography, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326)::geography, 1000))`.execute(
      db,
    );
    for (const o of outside) add(`params.proposed[${o.i}]`, `lies outside district ${district}`);
  }
  return problems;
}
