// Loads a DemoDataset (data/generate.ts) into an empty database: one INSERT … SELECT FROM
// json_to_recordset per table, so 10k+ rows load in a few statements inside one transaction.
import type pg from 'pg';
import { NOT_WALKABLE_KINDS } from '../contract/network.ts';
import type { DemoDataset } from './dataset-types.ts';

const geom = (column: string) => `ST_SetSRID(ST_GeomFromGeoJSON(${column}), 4326)`;
/** The year the synthetic demo population stands for. */
export const DEMO_FIGURES_YEAR = 2024;

async function insertRows(client: pg.PoolClient, sql: string, rows: unknown[]): Promise<void> {
  if (rows.length > 0) await client.query(sql, [JSON.stringify(rows)]);
}

export async function loadDataset(
  pool: pg.Pool,
  data: DemoDataset,
  meta: Record<string, unknown>,
): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await insertRows(
      client,
      `INSERT INTO districts (code, name, outline, outline_origin, outline_source)
       SELECT code, name, ST_Multi(${geom('outline')}), outline_origin, outline_source
       FROM json_to_recordset($1::json) AS r(code text, name text, outline text, outline_origin text, outline_source text)`,
      data.districts.map((d) => ({ ...d, outline: JSON.stringify(d.outline) })),
    );
    await insertRows(
      client,
      `INSERT INTO towns (code, name, kind, district_code, geom, seat, geom_origin)
       SELECT code, name, kind, district_code, ST_Multi(${geom('geom')}), ${geom('seat')}, geom_origin
       FROM json_to_recordset($1::json) AS r(code text, name text, kind text, district_code text, geom text, seat text, geom_origin text)`,
      data.towns.map((t) => ({ ...t, geom: JSON.stringify(t.geom), seat: JSON.stringify(t.seat) })),
    );
    await insertRows(
      client,
      `INSERT INTO villages (code, name, kind, town_code, district_code, geom, population, elderly_population, households, geom_origin, population_origin)
       SELECT code, name, kind, town_code, district_code, ${geom('geom')}, population, elderly_population, households, geom_origin, population_origin
       FROM json_to_recordset($1::json) AS r(code text, name text, kind text, town_code text, district_code text, geom text,
         population int, elderly_population int, households int, geom_origin text, population_origin text)`,
      data.villages.map((v) => ({ ...v, geom: JSON.stringify(v.geom) })),
    );
    // The demo's figures are one synthetic year; later years are added one by one or by import.
    await client.query(
      `INSERT INTO village_figures (village_code, year, population, elderly_population, households, source, origin)
       SELECT code, ${DEMO_FIGURES_YEAR}, population, elderly_population, households, '示例数据（合成）', 'synthetic'
       FROM villages`,
    );
    await insertRows(
      client,
      `INSERT INTO facilities (code, category, subtype, name, address, operator, status, beds, nursing_beds, floor_area_m2,
         opened_year, phone, town_code, village_code, district_code, geom, origin)
       SELECT code, category, subtype, name, address, operator, status, beds, nursing_beds, floor_area_m2,
         opened_year, phone, town_code, village_code, district_code, ${geom('geom')}, origin
       FROM json_to_recordset($1::json) AS r(code text, category text, subtype text, name text, address text, operator text,
         status text, beds int, nursing_beds int, floor_area_m2 numeric, opened_year int, phone text, town_code text,
         village_code text, district_code text, geom text, origin text)`,
      data.facilities.map((f) => ({ ...f, geom: JSON.stringify(f.geom) })),
    );
    await insertRows(
      client,
      `INSERT INTO place_names (code, name, pinyin, pinyin_overridden, category, district_code, town_code, village_code, geom,
         label_point, name_origin, name_meaning, name_history, is_historical, protection_list, protection_batch,
         protection_year, approved_by, approved_date, approval_document, source, origin)
       SELECT code, name, pinyin, pinyin_overridden, category, district_code, town_code, village_code, ${geom('geom')},
         ${geom('label_point')}, name_origin, name_meaning, name_history, is_historical, protection_list, protection_batch,
         protection_year, approved_by, approved_date, approval_document, source, origin
       FROM json_to_recordset($1::json) AS r(code text, name text, pinyin text, pinyin_overridden boolean, category text,
         district_code text, town_code text, village_code text, geom text, label_point text, name_origin text,
         name_meaning text, name_history text, is_historical boolean, protection_list text, protection_batch int,
         protection_year int, approved_by text, approved_date date, approval_document text, source text, origin text)`,
      data.placeNames.map(({ aliases: _aliases, ...p }) => ({
        ...p,
        geom: JSON.stringify(p.geom),
        label_point: JSON.stringify(p.label_point),
      })),
    );
    await insertRows(
      client,
      `INSERT INTO place_name_aliases (place_name_id, name, kind, valid_from, valid_to, note)
       SELECT p.id, r.name, r.kind, r.valid_from, r.valid_to, r.note
       FROM json_to_recordset($1::json) AS r(place_code text, name text, kind text, valid_from date, valid_to date, note text)
       JOIN place_names p ON p.code = r.place_code`,
      data.placeNames.flatMap((p) => p.aliases.map((a) => ({ ...a, place_code: p.code }))),
    );
    // The protection lists the demo names are on, each name an entry with the listing as its reason.
    await client.query(
      `INSERT INTO protection_lists (name, batch, year)
       SELECT DISTINCT protection_list, protection_batch, protection_year FROM place_names WHERE protection_list IS NOT NULL`,
    );
    await client.query(
      `INSERT INTO protection_list_entries (list_id, place_name_id, added_at, added_by, added_reason)
       SELECT l.id, p.id, make_date(l.year, 1, 1), '初始数据', '列入' || l.name
       FROM place_names p JOIN protection_lists l ON l.name = p.protection_list`,
    );
    await insertRows(
      client,
      `INSERT INTO boundary_lines (code, name, level, district_code, left_unit_code, left_unit_name, right_unit_code,
         right_unit_name, status, agreement_number, approving_authority, agreement_date, description, last_inspection_date,
         geom, origin)
       SELECT code, name, level, district_code, left_unit_code, left_unit_name, right_unit_code, right_unit_name, status,
         agreement_number, approving_authority, agreement_date, description, last_inspection_date, ST_Multi(${geom('geom')}), 'synthetic'
       FROM json_to_recordset($1::json) AS r(code text, name text, level text, district_code text, left_unit_code text,
         left_unit_name text, right_unit_code text, right_unit_name text, status text, agreement_number text,
         approving_authority text, agreement_date date, description text, last_inspection_date date, geom text)`,
      data.boundaryLines.map(({ markers: _markers, ...l }) => ({ ...l, geom: JSON.stringify(l.geom) })),
    );
    await insertRows(
      client,
      `INSERT INTO boundary_markers (line_id, number, marker_type, material, condition, geom, elevation_m, date_set,
         responsible_side, origin)
       SELECT l.id, r.number, r.marker_type, r.material, r.condition, ${geom('r.geom')}, r.elevation_m, r.date_set,
         r.responsible_side, 'synthetic'
       FROM json_to_recordset($1::json) AS r(line_code text, number text, marker_type text, material text, condition text,
         geom text, elevation_m numeric, date_set date, responsible_side text)
       JOIN boundary_lines l ON l.code = r.line_code`,
      data.boundaryLines.flatMap((l) =>
        l.markers.map((m) => ({ ...m, geom: JSON.stringify(m.geom), line_code: l.code })),
      ),
    );
    await insertRows(
      client,
      `INSERT INTO roads (code, name, kind, oneway, noded, district_code, geom, origin, source)
       SELECT code, name, kind, oneway, noded, district_code, ST_Multi(${geom('geom')}), origin, 'data/roads.ts'
       FROM json_to_recordset($1::json) AS r(code text, name text, kind text, oneway text, noded boolean,
         district_code text, geom text, origin text)`,
      data.roads.map((r) => ({ ...r, geom: JSON.stringify(r.geom) })),
    );
    for (const d of data.districts)
      await client.query('SELECT road_network_rebuild($1, $2::text[])', [d.code, NOT_WALKABLE_KINDS]);
    await client.query(
      `INSERT INTO app_meta (key, value) VALUES ('dataset', $1::jsonb)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
      [JSON.stringify(meta)],
    );
    await client.query('COMMIT');
    await client.query('ANALYZE');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

export async function isEmpty(pool: pg.Pool): Promise<boolean> {
  const { rows } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM districts');
  return rows[0]?.n === '0';
}
