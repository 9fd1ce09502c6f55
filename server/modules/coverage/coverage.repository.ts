// SQL for coverage: the district and its data version, villages as typed arrays, the selected
// facilities, towns, the dissolved service area (cached per selection), and default radii.
import type { Geometry } from 'geojson';
import { sql } from 'kysely';
import type pg from 'pg';
import type { Database } from '../../db/database.ts';
import type { FacilityCategory } from '../../db/schema.ts';
import type { DemandRows, Site } from './engine/index.ts';

export type FacilityStatus = 'operating' | 'under_construction' | 'planned';

export interface DistrictRow {
  code: string;
  name: string;
  /** max(coverage_data_changes.id): changes whenever villages, facilities, towns or radii change. */
  version: string;
  /** The same, counting only changes to villages: the in-memory demand points depend on nothing else. */
  pointsVersion: string;
}

export async function findDistrict(db: Database, code: string): Promise<DistrictRow | undefined> {
  const { rows } = await sql<DistrictRow>`
    SELECT d.code, d.name, coalesce((SELECT max(id) FROM coverage_data_changes), 0)::text AS version,
      coalesce((SELECT max(id) FROM coverage_data_changes WHERE table_name = 'villages'), 0)::text AS "pointsVersion"
    FROM districts d WHERE d.code = ${code}`.execute(db);
  return rows[0];
}

export { listSubtypes, type SubtypeRow } from '../districts/districts.repository.ts';

export interface TownRow {
  code: string;
  name: string;
  bbox: [number, number, number, number];
}

export async function listTowns(db: Database, district: string): Promise<TownRow[]> {
  const { rows } = await sql<TownRow>`
    SELECT code, name, json_build_array(ST_XMin(geom), ST_YMin(geom), ST_XMax(geom), ST_YMax(geom)) AS bbox
    FROM towns WHERE district_code = ${district} ORDER BY code`.execute(db);
  return rows;
}

/** The villages as the engine takes them (column arrays). */
export type VillageArrays = DemandRows;

/**
 * All villages of a district as column arrays, in code order (array row mode). COLLATE "C" makes
 * PostgreSQL sort instead of walking the primary key: for a million rows a sort is ~2× faster.
 */
export async function loadVillages(pool: pg.Pool, district: string): Promise<VillageArrays> {
  const result = await pool.query<[string, string, string, number, number, number, number]>({
    text: `SELECT code, name, town_code, ST_X(geom), ST_Y(geom), population, elderly_population
           FROM villages WHERE district_code = $1 ORDER BY code COLLATE "C"`,
    values: [district],
    rowMode: 'array',
  });
  const n = result.rows.length;
  const out: VillageArrays = {
    codes: new Array<string>(n),
    names: new Array<string>(n),
    lon: new Float64Array(n),
    lat: new Float64Array(n),
    population: new Float64Array(n),
    elderly: new Float64Array(n),
    townCodes: [],
    town: new Int32Array(n),
  };
  const townIndex = new Map<string, number>();
  result.rows.forEach((row, i) => {
    out.codes[i] = row[0];
    out.names[i] = row[1];
    let t = townIndex.get(row[2]);
    if (t === undefined) {
      t = out.townCodes.length;
      townIndex.set(row[2], t);
      out.townCodes.push(row[2]);
    }
    out.town[i] = t;
    out.lon[i] = row[3];
    out.lat[i] = row[4];
    out.population[i] = row[5];
    out.elderly[i] = row[6];
  });
  return out;
}

export interface FacilityFilter {
  categories?: FacilityCategory[];
  subtypes?: string[];
  statuses: FacilityStatus[];
}

export interface FacilityRow {
  id: string;
  subtype: string;
  townCode: string | null;
  lon: number;
  lat: number;
  defaultRadiusM: number;
}

export async function selectFacilities(
  db: Database,
  district: string,
  filter: FacilityFilter,
): Promise<FacilityRow[]> {
  let query = db
    .selectFrom('facilities as f')
    .innerJoin('facility_subtypes as s', 's.subtype', 'f.subtype')
    .select([
      'f.id',
      'f.subtype',
      'f.town_code as townCode',
      sql<number>`ST_X(f.geom)`.as('lon'),
      sql<number>`ST_Y(f.geom)`.as('lat'),
      's.default_radius_m as defaultRadiusM',
    ])
    .where('f.district_code', '=', district)
    .where('f.status', 'in', filter.statuses)
    .orderBy('f.id');
  if (filter.categories) query = query.where('f.category', 'in', filter.categories);
  if (filter.subtypes) query = query.where('f.subtype', 'in', filter.subtypes);
  return query.execute();
}

/** Which town of the district each point falls in (null outside every town). */
export async function townsAt(
  db: Database,
  district: string,
  points: { lon: number; lat: number }[],
): Promise<(string | null)[]> {
  if (points.length === 0) return [];
  const { rows } = await sql<{ town: string | null }>`
    SELECT (SELECT t.code FROM towns t WHERE t.district_code = ${district}
              AND ST_Intersects(t.geom, ST_SetSRID(ST_MakePoint(u.lon, u.lat), 4326)) ORDER BY t.code LIMIT 1) AS town
    FROM unnest(${points.map((p) => p.lon)}::float8[], ${points.map((p) => p.lat)}::float8[]) WITH ORDINALITY AS u(lon, lat, n)
    ORDER BY u.n`.execute(db);
  return rows.map((r) => r.town);
}

const arrays = (sites: Site[]) =>
  [sites.map((s) => s.lon), sites.map((s) => s.lat), sites.map((s) => s.radius)] as const;

/** Dissolves and stores the service area of a selection's sites under `key` (once per key). */
export async function cacheServiceArea(
  db: Database,
  key: string,
  district: string,
  sites: Site[],
): Promise<void> {
  const [lons, lats, radii] = arrays(sites);
  await sql`
    WITH pruned AS (DELETE FROM coverage_area_cache WHERE created_at < now() - interval '1 hour' AND key <> ${key})
    INSERT INTO coverage_area_cache (key, area)
    SELECT ${key}, coverage_service_area(${district}, ${lons}::float8[], ${lats}::float8[], ${radii}::float8[])
    WHERE NOT EXISTS (SELECT 1 FROM coverage_area_cache WHERE key = ${key})
    ON CONFLICT (key) DO NOTHING`.execute(db);
}

/**
 * The cached service area of a selection (see cacheServiceArea) plus the proposed sites' circles.
 * A what-if only unions its circles with the parts of the cached area they touch; the other parts
 * are passed through (they stay disjoint), so it costs milliseconds, not a full union.
 */
export async function serviceArea(
  db: Database,
  key: string,
  district: string,
  proposed: Site[],
): Promise<Geometry | null> {
  if (proposed.length === 0) {
    const { rows } = await sql<{ area: Geometry | null }>`
      SELECT CASE WHEN area IS NULL OR ST_IsEmpty(area) THEN NULL ELSE ST_AsGeoJSON(area, 6)::json END AS area
      FROM coverage_area_cache WHERE key = ${key}`.execute(db);
    return rows[0]?.area ?? null;
  }
  const [lons, lats, radii] = arrays(proposed);
  const { rows } = await sql<{ area: Geometry | null }>`
    WITH extra AS (SELECT coverage_service_area(${district}, ${lons}::float8[], ${lats}::float8[], ${radii}::float8[]) AS g),
    parts AS (SELECT (ST_Dump(area)).geom AS part FROM coverage_area_cache WHERE key = ${key}),
    split AS (SELECT p.part, (e.g IS NOT NULL AND p.part && e.g AND ST_Intersects(p.part, e.g)) AS touching FROM parts p, extra e),
    merged AS (SELECT ST_Union(g) AS g FROM (SELECT part AS g FROM split WHERE touching UNION ALL SELECT g FROM extra) x),
    result AS (SELECT part FROM split WHERE NOT touching
               UNION ALL SELECT (ST_Dump(g)).geom FROM merged WHERE g IS NOT NULL AND NOT ST_IsEmpty(g))
    SELECT ST_AsGeoJSON(ST_Collect(part), 6)::json AS area FROM result`.execute(db);
  return rows[0]?.area ?? null;
}

export interface RadiusChange {
  subtype: string;
  oldRadiusM: number;
  newRadiusM: number;
  changedBy: string;
  changedAt: Date;
}

/** Sets a subtype's default radius and records who changed it, in one transaction. */
export async function setDefaultRadius(
  db: Database,
  subtype: string,
  radius: number,
  user: { id: number; username: string },
): Promise<RadiusChange | undefined> {
  return db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('facility_subtypes')
      .select('default_radius_m')
      .where('subtype', '=', subtype)
      .forUpdate()
      .executeTakeFirst();
    if (!current) return undefined;
    await trx
      .updateTable('facility_subtypes')
      .set({ default_radius_m: radius })
      .where('subtype', '=', subtype)
      .execute();
    const { rows } = await sql<{ changedAt: Date }>`
      INSERT INTO facility_radius_changes (subtype, old_radius_m, new_radius_m, changed_by_id, changed_by)
      VALUES (${subtype}, ${current.default_radius_m}, ${radius}, ${String(user.id)}, ${user.username})
      RETURNING changed_at AS "changedAt"`.execute(trx);
    return {
      subtype,
      oldRadiusM: current.default_radius_m,
      newRadiusM: radius,
      changedBy: user.username,
      changedAt: rows[0]!.changedAt,
    };
  });
}

export async function lastRadiusChanges(
  db: Database,
): Promise<Map<string, { changedBy: string; changedAt: Date }>> {
  const { rows } = await sql<{ subtype: string; changedBy: string; changedAt: Date }>`
    SELECT DISTINCT ON (subtype) subtype, changed_by AS "changedBy", changed_at AS "changedAt"
    FROM facility_radius_changes ORDER BY subtype, changed_at DESC, id DESC`.execute(db);
  return new Map(rows.map((r) => [r.subtype, { changedBy: r.changedBy, changedAt: r.changedAt }]));
}
