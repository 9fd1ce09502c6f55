// Districts with their extent and how much of each layer they hold; the dataset flags and taxonomy.
import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import { bboxOf } from '../../db/postgis.ts';

/** The one lookup of a district by code (routes, validation, statistics). */
export function findDistrict(
  db: Database,
  code: string,
): Promise<{ code: string; name: string } | undefined> {
  return db.selectFrom('districts').select(['code', 'name']).where('code', '=', code).executeTakeFirst();
}

export async function listDistricts(db: Database) {
  const count = (table: string, extra = '') =>
    sql<number>`(SELECT count(*)::int FROM ${sql.table(table)} x WHERE x.district_code = d.code ${sql.raw(extra)})`;
  return db
    .selectFrom('districts as d')
    .select([
      'd.code',
      'd.name',
      bboxOf('d.outline').as('bbox'),
      'd.outline_origin as outlineOrigin',
      'd.outline_source as outlineSource',
      count('towns').as('towns'),
      count('villages').as('villages'),
      count('facilities').as('facilities'),
      count('place_names').as('placeNames'),
      count('boundary_lines', 'AND x.deleted_at IS NULL').as('boundaryLines'),
      sql<number>`(SELECT count(*)::int FROM boundary_markers m JOIN boundary_lines l ON l.id = m.line_id
        WHERE l.district_code = d.code AND m.deleted_at IS NULL)`.as('boundaryMarkers'),
      sql<number>`(SELECT coalesce(sum(population), 0)::int FROM villages v WHERE v.district_code = d.code)`.as(
        'population',
      ),
      sql<number>`(SELECT coalesce(sum(elderly_population), 0)::int FROM villages v WHERE v.district_code = d.code)`.as(
        'elderlyPopulation',
      ),
    ])
    .orderBy('d.code')
    .execute();
}

/** Per layer of a district: how many rows are synthetic (demo) and its last committed import. */
export interface LayerProvenance {
  layer: string;
  rows: number;
  synthetic: number;
  lastImport: { id: number; fileName: string; at: string; by: string } | null;
}

const ORIGIN_COUNTS = sql<{ code: string; layer: string; rows: number; synthetic: number }>`
  SELECT code, 'districts' AS layer, 1 AS rows, (outline_origin = 'synthetic')::int AS synthetic FROM districts
  UNION ALL SELECT district_code, 'towns', count(*)::int, count(*) FILTER (WHERE geom_origin = 'synthetic')::int
    FROM towns GROUP BY 1
  UNION ALL SELECT district_code, 'villages', count(*)::int,
      count(*) FILTER (WHERE geom_origin = 'synthetic' OR population_origin = 'synthetic')::int
    FROM villages GROUP BY 1
  UNION ALL SELECT district_code, 'facilities', count(*)::int, count(*) FILTER (WHERE origin = 'synthetic')::int
    FROM facilities GROUP BY 1
  UNION ALL SELECT district_code, 'place-names', count(*)::int, count(*) FILTER (WHERE origin = 'synthetic')::int
    FROM place_names GROUP BY 1
  UNION ALL SELECT district_code, 'boundary-lines', count(*)::int, count(*) FILTER (WHERE origin = 'synthetic')::int
    FROM boundary_lines WHERE deleted_at IS NULL GROUP BY 1
  UNION ALL SELECT district_code, 'roads', count(*)::int, count(*) FILTER (WHERE origin = 'synthetic')::int
    FROM roads GROUP BY 1
  UNION ALL SELECT l.district_code, 'boundary-markers', count(*)::int, count(*) FILTER (WHERE m.origin = 'synthetic')::int
    FROM boundary_markers m JOIN boundary_lines l ON l.id = m.line_id WHERE m.deleted_at IS NULL GROUP BY 1`;

/** Layer by layer: demo or imported, and from which file, when and by whom. */
export async function layerProvenance(db: Database): Promise<Map<string, LayerProvenance[]>> {
  const [{ rows: counts }, { rows: runs }] = await Promise.all([
    ORIGIN_COUNTS.execute(db),
    sql<{ code: string; layer: string; id: string; file_name: string; at: Date; by: string }>`
      SELECT DISTINCT ON (district_code, layer) district_code AS code,
        CASE collection WHEN 'village-statistics' THEN 'villages' ELSE collection END AS layer,
        id, file_name, finished_at AS at, user_name AS by
      FROM import_runs WHERE district_code IS NOT NULL
      ORDER BY district_code, layer, finished_at DESC`.execute(db),
  ]);
  const last = new Map(runs.map((r) => [`${r.code}/${r.layer}`, r]));
  const byDistrict = new Map<string, LayerProvenance[]>();
  for (const c of counts) {
    const run = last.get(`${c.code}/${c.layer}`);
    const list = byDistrict.get(c.code) ?? [];
    list.push({
      layer: c.layer,
      rows: c.rows,
      synthetic: c.synthetic,
      lastImport: run
        ? { id: Number(run.id), fileName: run.file_name, at: run.at.toISOString(), by: run.by }
        : null,
    });
    byDistrict.set(c.code, list);
  }
  return byDistrict;
}

/** The facility subtypes in display order, with their map tier and current service radius. */
export async function listSubtypes(db: Database) {
  return db
    .selectFrom('facility_subtypes')
    .select([
      'subtype',
      'category',
      'name_zh as nameZh',
      'name_en as nameEn',
      'tier',
      'default_radius_m as defaultRadiusM',
    ])
    .orderBy('sort_order')
    .execute();
}
export type SubtypeRow = Awaited<ReturnType<typeof listSubtypes>>[number];

export async function loadMeta(db: Database) {
  const [dataset, facilitySubtypes, placeNameCategories] = await Promise.all([
    db.selectFrom('app_meta').select('value').where('key', '=', 'dataset').executeTakeFirst(),
    listSubtypes(db),
    db
      .selectFrom('place_name_categories')
      .select(['category', 'name_zh as nameZh', 'name_en as nameEn', 'importance'])
      .orderBy('sort_order')
      .execute(),
  ]);
  const value = (dataset?.value ?? {}) as { demo?: boolean };
  return { demoData: value.demo === true, facilitySubtypes, placeNameCategories };
}
