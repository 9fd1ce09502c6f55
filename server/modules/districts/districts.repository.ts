// Districts with their extent and how much of each layer they hold; the dataset flags and taxonomy.
import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import { bboxOf } from '../../db/postgis.ts';

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

export async function loadMeta(db: Database) {
  const [dataset, facilitySubtypes, placeNameCategories] = await Promise.all([
    db.selectFrom('app_meta').select('value').where('key', '=', 'dataset').executeTakeFirst(),
    db
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
      .execute(),
    db
      .selectFrom('place_name_categories')
      .select(['category', 'name_zh as nameZh', 'name_en as nameEn', 'importance'])
      .orderBy('sort_order')
      .execute(),
  ]);
  const value = (dataset?.value ?? {}) as { demo?: boolean };
  return { demoData: value.demo === true, facilitySubtypes, placeNameCategories };
}
