// SQL for imports. Rows that passed the per-row checks are loaded into a temporary staging table
// inside the import's transaction; set-based statements then check them against the database
// (valid geometry, inside a district, known town/village/line), and a commit upserts them by code
// and records each change (import_changes; boundary_history too for markers).
// Identifiers come from the column lists below (trusted code); every value is a bound parameter.
import type { Geometry } from 'geojson';
import { type RawBuilder, sql } from 'kysely';
import type { ImportCollectionId } from '../../contract/import-collections.ts';
import type { Database } from '../../db/database.ts';
import { rebuildNetwork } from '../network/network.repository.ts';
import { KINDS } from '../records/kinds.ts';
import { recordBulkVersions } from '../records/records.repository.ts';
import { applyBoundaryRows } from './boundary-rows.ts';
import { AreaIndex } from './locator.ts';
import type { CheckedRow, Lookups, ProblemCode, RowProblem } from './row-validation.ts';
import type { StepTimer } from './step-timer.ts';

/** Rows per staging INSERT (about 2.5 MB of JSON). */
export const STAGE_BATCH = 10_000;

export async function loadLookups(db: Database, fileName: string): Promise<Lookups> {
  const subtypes = new Map<string, { subtype: string; category: string }>();
  for (const s of await db
    .selectFrom('facility_subtypes')
    .select(['subtype', 'category', 'name_zh', 'name_en'])
    .execute()) {
    const value = { subtype: s.subtype, category: s.category };
    subtypes.set(s.subtype, value);
    subtypes.set(s.name_zh, value);
    subtypes.set(s.name_en, value);
  }
  const placeNameCategories = new Map<string, string>();
  for (const c of await db
    .selectFrom('place_name_categories')
    .select(['category', 'name_zh', 'name_en'])
    .execute()) {
    placeNameCategories.set(c.category, c.category);
    placeNameCategories.set(c.name_zh, c.category);
    placeNameCategories.set(c.name_en, c.category);
  }
  return { subtypes, placeNameCategories, fileName };
}

/** District and town outlines for locating points in memory while the file is read. */
export async function loadAreas(db: Database): Promise<{ districts: AreaIndex; towns: AreaIndex }> {
  const { rows } = await sql<{
    level: string;
    code: string;
    geometry: { type: string; coordinates: unknown };
  }>`
    SELECT 'district' AS level, code, ST_AsGeoJSON(outline, 15)::json AS geometry FROM districts
    UNION ALL SELECT 'town', code, ST_AsGeoJSON(geom, 15)::json FROM towns`.execute(db);
  return {
    districts: new AreaIndex(rows.filter((r) => r.level === 'district')),
    towns: new AreaIndex(rows.filter((r) => r.level === 'town')),
  };
}

/** A checked row with its district and town when found in memory (undefined: PostGIS decides). */
export interface StagedRow extends CheckedRow {
  district?: string | null;
  town?: string | null;
}

export async function createStaging(db: Database): Promise<void> {
  await sql`CREATE TEMP TABLE import_staging (
    row_no integer NOT NULL,
    key text NOT NULL,
    attrs jsonb NOT NULL,
    geom geometry NOT NULL,
    pt geometry,
    located boolean NOT NULL,
    district_code text,
    town_code text,
    line_id bigint,
    problem_field text,
    problem_code text,
    problem text
  ) ON COMMIT DROP`.execute(db);
  // For the rows not located in memory (shapes, points on an outline): district and town outlines
  // cut into pieces small enough to stay out of TOAST (no detoasting per test).
  await sql`CREATE TEMP TABLE import_areas ON COMMIT DROP AS
    SELECT 'district' AS level, code, ST_Subdivide(outline, 96) AS geom FROM districts
    UNION ALL SELECT 'town', code, ST_Subdivide(geom, 96) FROM towns`.execute(db);
}

/** Loads one batch of checked rows (at most STAGE_BATCH) into the staging table. */
export async function stageBatch(db: Database, rows: StagedRow[]): Promise<void> {
  const batch = rows.map((r) => {
    const point = r.geometry.type === 'Point' ? (r.geometry.coordinates as number[]) : null;
    const located = r.district !== undefined && r.town !== undefined;
    return {
      row_no: r.row,
      key: r.key,
      attrs: r.attrs,
      lon: point?.[0] ?? null,
      lat: point?.[1] ?? null,
      geom: point ? null : JSON.stringify(r.geometry),
      located,
      district_code: located ? r.district : null,
      town_code: located ? r.town : null,
    };
  });
  // A plain load: no lookups per row in the database.
  await sql`INSERT INTO import_staging (row_no, key, attrs, geom, pt, located, district_code, town_code)
    SELECT r.row_no, r.key, r.attrs, g.geom,
      -- an invalid polygon has no reliable point on surface; it is reported as invalid instead
      CASE WHEN r.lon IS NOT NULL THEN g.geom WHEN ST_IsValid(g.geom) THEN ST_PointOnSurface(g.geom) END,
      r.located, r.district_code, r.town_code
    FROM json_to_recordset(${JSON.stringify(batch)}::json)
      AS r(row_no integer, key text, attrs jsonb, lon float8, lat float8, geom text, located boolean,
        district_code text, town_code text)
    CROSS JOIN LATERAL (SELECT CASE WHEN r.lon IS NOT NULL THEN ST_SetSRID(ST_MakePoint(r.lon, r.lat), 4326)
      ELSE ST_SetSRID(ST_GeomFromGeoJSON(r.geom), 4326) END AS geom) g`.execute(db);
}

/**
 * After the last batch: drops the rows whose code the file repeats (all of them are reported), then
 * locates the rows not located in memory: each outline piece probes an index of those rows' points
 * (the piece stays the same across probes, so PostGIS prepares it once).
 */
export async function locateStaged(db: Database, duplicateKeys: string[], timer?: StepTimer): Promise<void> {
  if (duplicateKeys.length > 0)
    await sql`DELETE FROM import_staging WHERE key = ANY(${duplicateKeys}::text[])`.execute(db);
  timer?.lap('stage');
  await sql`CREATE INDEX ON import_staging USING gist (pt) WHERE NOT located`.execute(db);
  await sql`UPDATE import_staging s SET district_code = l.district_code, town_code = l.town_code
    FROM (
      SELECT p.row_no,
        min(a.code) FILTER (WHERE a.level = 'district') AS district_code,
        min(a.code) FILTER (WHERE a.level = 'town') AS town_code
      FROM import_areas a CROSS JOIN LATERAL (
        SELECT u.row_no FROM import_staging u WHERE NOT u.located AND ST_Intersects(a.geom, u.pt)) p
      GROUP BY p.row_no
    ) l
    WHERE NOT s.located AND s.row_no = l.row_no`.execute(db);
  timer?.lap('locate');
}

const flag = (
  code: ProblemCode,
  field: RawBuilder<unknown> | string,
  problem: RawBuilder<unknown>,
  where: RawBuilder<unknown>,
) =>
  sql`UPDATE import_staging s SET problem_code = ${code}, problem_field = ${typeof field === 'string' ? sql`${field}` : field}, problem = ${problem}
    WHERE s.problem_code IS NULL AND ${where}`;

/** Checks the staged rows against the database and fills district, town and line of the valid ones. */
export async function checkStaged(
  db: Database,
  collection: ImportCollectionId,
  options: { district: string | null; geometryField: string },
): Promise<void> {
  const run = (query: RawBuilder<unknown>) => query.execute(db);
  if (collection === 'districts') return;
  if (collection === 'village-statistics') {
    await run(
      flag(
        'unknown_reference',
        'code',
        sql`'no village or community has the code ' || s.key || ' (import the villages first)'`,
        sql`NOT EXISTS (SELECT 1 FROM villages v WHERE v.code = s.key)`,
      ),
    );
    return;
  }
  if (
    collection === 'place-names' ||
    collection === 'towns' ||
    collection === 'villages' ||
    collection === 'boundary-lines' ||
    collection === 'roads'
  ) {
    await run(
      flag(
        'invalid_geometry',
        options.geometryField,
        sql`'invalid geometry: ' || ST_IsValidReason(s.geom)`,
        sql`NOT ST_IsValid(s.geom)`,
      ),
    );
  }
  await run(
    flag(
      'outside_district',
      options.geometryField,
      sql`CASE WHEN s.district_code IS NULL THEN 'lies outside every district on the map'
        ELSE 'lies in district ' || s.district_code || ', not ' || coalesce(${options.district}::text, s.attrs->>'districtCode') END`,
      sql`(s.district_code IS NULL OR s.district_code <> coalesce(${options.district}::text, s.attrs->>'districtCode', s.district_code))`,
    ),
  );

  if (collection === 'villages') {
    await run(
      flag(
        'unknown_reference',
        'code',
        sql`'the town ' || left(s.key, 9) || ' (first 9 digits of the code) is not a town of district ' || s.district_code`,
        sql`NOT EXISTS (SELECT 1 FROM towns t WHERE t.code = left(s.key, 9) AND t.district_code = s.district_code)`,
      ),
    );
    await run(sql`UPDATE import_staging SET town_code = left(key, 9) WHERE problem_code IS NULL`);
    return;
  }
  if (collection === 'towns') {
    await run(
      flag(
        'unknown_reference',
        'code',
        sql`'the district ' || left(s.key, 6) || ' (first 6 digits of the code) is not on the map: import the district outline first'`,
        sql`NOT EXISTS (SELECT 1 FROM districts d WHERE d.code = left(s.key, 6))`,
      ),
    );
    return;
  }
  if (collection === 'boundary-lines' || collection === 'roads') return;
  if (collection === 'boundary-markers') {
    await run(sql`UPDATE import_staging s SET line_id = l.id FROM boundary_lines l
      WHERE s.problem_code IS NULL AND l.code = s.attrs->>'lineCode' AND l.deleted_at IS NULL`);
    await run(
      flag(
        'unknown_reference',
        'lineCode',
        sql`'there is no boundary line ' || (s.attrs->>'lineCode')`,
        sql`s.line_id IS NULL`,
      ),
    );
    return;
  }
  // facilities and place names: a given town must be in the row's district; otherwise the town is
  // the one the point (or label point) lies in.
  await run(
    flag(
      'unknown_reference',
      'townCode',
      sql`'town ' || (s.attrs->>'townCode') || ' is not a town of district ' || s.district_code`,
      sql`s.attrs ? 'townCode' AND NOT EXISTS (SELECT 1 FROM towns t WHERE t.code = s.attrs->>'townCode' AND t.district_code = s.district_code)`,
    ),
  );
  await run(
    flag(
      'unknown_reference',
      'villageCode',
      sql`'there is no village ' || (s.attrs->>'villageCode') || ' in district ' || s.district_code`,
      sql`s.attrs ? 'villageCode' AND NOT EXISTS (SELECT 1 FROM villages v WHERE v.code = s.attrs->>'villageCode' AND v.district_code = s.district_code)`,
    ),
  );
  // A town named in the file wins over the one the point lies in.
  await run(sql`UPDATE import_staging SET town_code = attrs->>'townCode'
    WHERE problem_code IS NULL AND attrs ? 'townCode' AND town_code IS DISTINCT FROM attrs->>'townCode'`);
}

// --- No lost update -----------------------------------------------------------------------------

/**
 * What each record the valid rows would change looks like now: a fingerprint of the whole row
 * (its version for boundary records, which have one), or null for a record that does not exist.
 */
export async function fingerprints(
  db: Database,
  collection: ImportCollectionId,
): Promise<Map<string, string | null>> {
  const query =
    collection === 'boundary-lines'
      ? sql`SELECT s.key, (SELECT r.version::text FROM boundary_lines r WHERE r.code = s.key AND r.deleted_at IS NULL) AS seen
          FROM import_staging s WHERE s.problem_code IS NULL`
      : collection === 'boundary-markers'
        ? sql`SELECT s.key, (SELECT r.version::text FROM boundary_markers r
              WHERE r.line_id = s.line_id AND r.number = s.attrs->>'number' AND r.deleted_at IS NULL) AS seen
            FROM import_staging s WHERE s.problem_code IS NULL`
        : sql`SELECT s.key, md5(t::text) AS seen FROM import_staging s
            LEFT JOIN ${sql.table(RECORD_TABLE[collection])} t ON t.code = s.key WHERE s.problem_code IS NULL`;
  const { rows } = await (query as RawBuilder<{ key: string; seen: string | null }>).execute(db);
  return new Map(rows.map((r) => [r.key, r.seen]));
}

/** The table that holds each code-keyed collection's records. */
export const RECORD_TABLE: Record<
  Exclude<ImportCollectionId, 'boundary-lines' | 'boundary-markers'>,
  string
> = {
  districts: 'districts',
  towns: 'towns',
  villages: 'villages',
  'village-statistics': 'villages',
  facilities: 'facilities',
  'place-names': 'place_names',
  roads: 'roads',
};

/** Locks the records a commit will change, so none changes between the conflict check and the write. */
export async function lockTouched(db: Database, collection: ImportCollectionId): Promise<void> {
  const table =
    collection === 'boundary-lines'
      ? 'boundary_lines'
      : collection === 'boundary-markers'
        ? null
        : RECORD_TABLE[collection];
  if (table)
    await sql`SELECT 1 FROM ${sql.table(table)} t WHERE t.code IN (SELECT key FROM import_staging) FOR UPDATE`.execute(
      db,
    );
  else
    await sql`SELECT 1 FROM boundary_markers r JOIN import_staging s
      ON r.line_id = s.line_id AND r.number = s.attrs->>'number' FOR UPDATE OF r`.execute(db);
}

/** Rows whose record changed since the dry run become conflicts, never overwritten. */
export async function flagConflicts(db: Database, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  await sql`UPDATE import_staging SET problem_code = 'conflict', problem_field = 'code',
      problem = 'someone changed this record after the dry run; it was not overwritten. Run the dry run again to see their version'
    WHERE problem_code IS NULL AND key = ANY(${keys}::text[])`.execute(db);
}

export async function savePreview(
  db: Database,
  preview: { userId: number; collection: string; sha256: string; seen: Map<string, string | null> },
): Promise<string> {
  await sql`DELETE FROM import_previews WHERE created_at < now() - interval '1 day'`.execute(db);
  const { rows } = await sql<{
    id: string;
  }>`INSERT INTO import_previews (user_id, collection, file_sha256, seen)
    VALUES (${preview.userId}, ${preview.collection}, ${preview.sha256}, ${JSON.stringify(Object.fromEntries(preview.seen))}::jsonb)
    RETURNING id`.execute(db);
  return rows[0]!.id;
}

export async function loadPreview(
  db: Database,
  id: string,
): Promise<{
  userId: number;
  collection: string;
  sha256: string;
  seen: Record<string, string | null>;
} | null> {
  const { rows } = await sql<{
    user_id: string;
    collection: string;
    file_sha256: string;
    seen: Record<string, string | null>;
  }>`
    SELECT user_id, collection, file_sha256, seen FROM import_previews
    WHERE id = ${id}::uuid AND created_at > now() - interval '1 day'`.execute(db);
  const row = rows[0];
  return row
    ? { userId: Number(row.user_id), collection: row.collection, sha256: row.file_sha256, seen: row.seen }
    : null;
}

/** The one district the valid rows lie in (a district outline: its own code), or null. */
export async function stagedDistrict(db: Database): Promise<string | null> {
  const { rows } = await sql<{ code: string | null }>`
    SELECT CASE WHEN count(DISTINCT d) = 1 THEN min(d) END AS code FROM (
      SELECT coalesce(s.district_code, left(s.key, 6)) AS d FROM import_staging s
      WHERE s.problem_code IS NULL) x
    WHERE d ~ '^[0-9]{6}$' AND EXISTS (SELECT 1 FROM districts WHERE code = x.d)`.execute(db);
  return rows[0]?.code ?? null;
}

export async function stagedProblems(db: Database): Promise<RowProblem[]> {
  const { rows } = await sql<{ row: number; field: string; code: ProblemCode; problem: string }>`
    SELECT row_no AS row, problem_field AS field, problem_code AS code, problem FROM import_staging
    WHERE problem_code IS NOT NULL ORDER BY row_no`.execute(db);
  return rows;
}

/** Valid staged rows for the map preview: WGS84 geometry with the row's code and name. */
export async function stagedPreview(
  db: Database,
  limit: number,
): Promise<{ row: number; key: string; name: string | null; geometry: Geometry }[]> {
  const { rows } = await sql<{ row: number; key: string; name: string | null; geometry: Geometry }>`
    SELECT row_no AS row, key, attrs->>'name' AS name, ST_AsGeoJSON(geom, 6)::json AS geometry FROM import_staging
    WHERE problem_code IS NULL ORDER BY row_no LIMIT ${limit}`.execute(db);
  return rows;
}

// --- Writing ---------------------------------------------------------------------------------------

type ColumnType = 'text' | 'integer' | 'numeric' | 'boolean' | 'date';
interface ColumnSpec {
  field: string;
  column: string;
  type: ColumnType;
}

const col = (field: string, column: string, type: ColumnType = 'text'): ColumnSpec => ({
  field,
  column,
  type,
});

/** File fields each table stores, besides the key, geometry, district, town and origin. */
const COLUMNS: Record<'facilities' | 'villages' | 'place-names' | 'roads', ColumnSpec[]> = {
  roads: [
    col('name', 'name'),
    col('kind', 'kind'),
    col('oneway', 'oneway'),
    col('noded', 'noded', 'boolean'),
  ],
  facilities: [
    col('category', 'category'),
    col('subtype', 'subtype'),
    col('name', 'name'),
    col('address', 'address'),
    col('operator', 'operator'),
    col('status', 'status'),
    col('beds', 'beds', 'integer'),
    col('nursingBeds', 'nursing_beds', 'integer'),
    col('floorAreaM2', 'floor_area_m2', 'numeric'),
    col('openedYear', 'opened_year', 'integer'),
    col('phone', 'phone'),
    col('villageCode', 'village_code'),
  ],
  villages: [
    col('name', 'name'),
    col('kind', 'kind'),
    col('population', 'population', 'integer'),
    col('elderlyPopulation', 'elderly_population', 'integer'),
    col('households', 'households', 'integer'),
  ],
  'place-names': [
    col('name', 'name'),
    col('pinyin', 'pinyin'),
    col('pinyinOverridden', 'pinyin_overridden', 'boolean'),
    col('category', 'category'),
    col('nameOrigin', 'name_origin'),
    col('nameMeaning', 'name_meaning'),
    col('nameHistory', 'name_history'),
    col('isHistorical', 'is_historical', 'boolean'),
    col('villageCode', 'village_code'),
    col('source', 'source'),
  ],
};

const attr = (spec: ColumnSpec) => sql`(s.attrs->>${spec.field})::${sql.raw(spec.type)}`;
/** Population columns are NOT NULL: a new village without them gets 0 until its statistics come. */
const POPULATION_FIELDS = new Set(['population', 'elderlyPopulation', 'households']);
/** A road's kind, direction and noding have defaults (NOT NULL): a plain two-way road, to be noded. */
const ROAD_DEFAULTS: Record<string, RawBuilder<unknown>> = {
  kind: sql`'road'`,
  oneway: sql`'no'`,
  noded: sql`false`,
};
const insertValue = (collection: string, spec: ColumnSpec) =>
  collection === 'villages' && POPULATION_FIELDS.has(spec.field)
    ? sql`coalesce(${attr(spec)}, 0)`
    : collection === 'roads' && spec.field in ROAD_DEFAULTS
      ? sql`coalesce(${attr(spec)}, ${ROAD_DEFAULTS[spec.field]!})`
      : attr(spec);

const TABLES = {
  facilities: { table: 'facilities', key: 'code' },
  villages: { table: 'villages', key: 'code' },
  'place-names': { table: 'place_names', key: 'code' },
  roads: { table: 'roads', key: 'code' },
} as const;

const SNAPSHOT_LEFT_OUT = new Set([
  'geom',
  'geom_3857',
  'label_point',
  'label_point_3857',
  'outline',
  'outline_3857',
  'area',
  'seat',
]);
const snapshotColumns = new Map<string, string[]>();

/**
 * The record as history keeps it: every column but the geometry columns, plus its geometry as
 * GeoJSON. Built column by column: to_jsonb(row) would turn each geometry column into GeoJSON
 * first (only to drop it), which costs more than everything else in the snapshot together.
 */
export async function snapshot(db: Database, table: string, alias: string): Promise<RawBuilder<unknown>> {
  let columns = snapshotColumns.get(table);
  if (!columns) {
    const { rows } = await sql<{ name: string }>`SELECT attname AS name FROM pg_attribute
      WHERE attrelid = ${table}::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`.execute(db);
    columns = rows.map((r) => r.name).filter((name) => !SNAPSHOT_LEFT_OUT.has(name));
    snapshotColumns.set(table, columns);
  }
  const a = sql.ref(alias);
  const pairs = columns.map((c) => sql`${c}::text, ${a}.${sql.ref(c)}`);
  // jsonb_build_object takes at most 100 arguments: 40 columns per call.
  const parts: RawBuilder<unknown>[] = [];
  for (let i = 0; i < pairs.length; i += 40)
    parts.push(sql`jsonb_build_object(${sql.join(pairs.slice(i, i + 40))})`);
  const geometry = sql.ref(table === 'districts' ? 'outline' : 'geom');
  parts.push(sql`jsonb_build_object('geometry', ST_AsGeoJSON(${a}.${geometry}, 7)::jsonb)`);
  return sql.join(parts, sql` || `);
}

export interface RunInfo {
  collection: ImportCollectionId;
  mode: 'commit' | 'commit-valid';
  format: string;
  fileName: string;
  fileBytes: number;
  encoding: string | null;
  crs: string;
  district: string | null;
  user: { id: number; name: string };
  startedAt: Date;
  rowsRead: number;
  rowsValid: number;
  rowsInvalid: number;
  problems: RowProblem[];
}

export async function createRun(db: Database, run: RunInfo): Promise<number> {
  const { rows } = await sql<{
    id: string;
  }>`INSERT INTO import_runs (collection, mode, format, file_name, file_bytes, encoding, crs,
      district_code, user_id, user_name, started_at, rows_read, rows_valid, rows_invalid, inserted, updated, problems)
    VALUES (${run.collection}, ${run.mode}, ${run.format}, ${run.fileName.slice(0, 255)}, ${run.fileBytes}, ${run.encoding}, ${run.crs},
      ${run.district}, ${run.user.id}, ${run.user.name}, ${run.startedAt}, ${run.rowsRead}, ${run.rowsValid}, ${run.rowsInvalid}, 0, 0,
      ${JSON.stringify(run.problems.slice(0, 10_000))}::jsonb)
    RETURNING id`.execute(db);
  return Number(rows[0]!.id);
}

/** Upserts the valid staged rows by code, records before/after per record; returns the counts. */
export interface WriteCounts {
  inserted: number;
  updated: number;
  warnings?: { code: string; message: string }[];
  reassigned?: { villages: number; facilities: number; placeNames: number; townsRemoved: number };
}

export async function writeStaged(
  db: Database,
  collection: ImportCollectionId,
  runId: number,
  presentFields: Set<string>,
  reason: string,
  user: { id: number; name: string },
  timer?: StepTimer,
): Promise<WriteCounts> {
  if (collection === 'boundary-markers' || collection === 'boundary-lines') {
    await applyBoundaryRows(db, collection, { reason, user, write: true, runId });
    return finishRun(db, runId);
  }
  if (collection === 'districts') return writeDistricts(db, runId);
  if (collection === 'towns') return writeTowns(db, runId);
  if (collection === 'village-statistics') return writeStatistics(db, runId, presentFields);
  const { table, key } = TABLES[collection];
  const t = sql.table(table);
  const k = sql.ref(key);
  const snapshotT = await snapshot(db, table, 't');
  const snapshotW = await snapshot(db, table, 'w');
  const specs = COLUMNS[collection];
  const columns: RawBuilder<unknown>[] = [k, ...specs.map((c) => sql.ref(c.column))];
  const values: RawBuilder<unknown>[] = [sql`s.key`, ...specs.map((c) => insertValue(collection, c))];
  // Columns the file does not have keep their stored values on update.
  const updates: string[] = specs
    .filter(
      (c) =>
        presentFields.has(c.field) ||
        c.field === 'subtype' ||
        c.field === 'category' ||
        c.field === 'pinyin' ||
        c.field === 'pinyinOverridden',
    )
    .map((c) => c.column);
  const add = (column: string, value: RawBuilder<unknown>, update = true) => {
    columns.push(sql.ref(column));
    values.push(value);
    if (update) updates.push(column);
  };
  add('district_code', sql`s.district_code`);
  add(
    'geom',
    collection === 'villages' ? sql`s.pt` : collection === 'roads' ? sql`ST_Multi(s.geom)` : sql`s.geom`,
  );
  if (collection === 'villages') {
    add('town_code', sql`s.town_code`);
    add('geom_origin', sql`'imported'`);
    add('population_origin', sql`'imported'`, presentFields.has('population'));
    // A polygon keeps its outline; the village's point is a point inside it.
    add('area', sql`CASE WHEN GeometryType(s.geom) LIKE '%POLYGON' THEN ST_Multi(s.geom) END`);
  } else {
    add('town_code', sql`s.town_code`);
    add('origin', sql`'imported'`);
    add('updated_at', sql`now()`);
  }
  if (collection === 'place-names') add('label_point', sql`s.pt`);

  const versioned = collection === 'facilities' || collection === 'place-names' ? KINDS[collection] : null;
  if (versioned)
    await recordBulkVersions(db, versioned, sql`SELECT key FROM import_staging WHERE problem_code IS NULL`, {
      action: 'create',
      reason: '编辑前的原始数据（导入或示例数据）',
      user: null,
    });
  // Before-images of the records the import will change (new records have none).
  await sql`CREATE TEMP TABLE import_before ON COMMIT DROP AS
    SELECT t.${k} AS key, ${snapshotT} AS before
    FROM import_staging s JOIN ${t} t ON t.${k} = s.key
    WHERE s.problem_code IS NULL`.execute(db);
  timer?.lap('history');

  // One statement upserts every valid row and records each change with its before and after: the
  // after-image is the row as written (RETURNING), so nothing is read back or rewritten.
  const { rows } = await sql<{ inserted: number; updated: number }>`WITH written AS (
      INSERT INTO ${t} (${sql.join(columns)})
      SELECT ${sql.join(values)} FROM import_staging s WHERE s.problem_code IS NULL ORDER BY s.row_no
      ON CONFLICT (${k}) DO UPDATE SET ${sql.join(updates.map((c) => sql`${sql.ref(c)} = EXCLUDED.${sql.ref(c)}`))}
      RETURNING *
    ), changes AS (
      INSERT INTO import_changes (run_id, collection, record_key, row_number, action, before, after)
      SELECT ${runId}, ${collection}, s.key, s.row_no, CASE WHEN b.key IS NULL THEN 'create' ELSE 'update' END,
        b.before, ${snapshotW}
      FROM written w JOIN import_staging s ON s.key = w.${k} AND s.problem_code IS NULL
      LEFT JOIN import_before b ON b.key = w.${k}
      ORDER BY s.row_no
      RETURNING action
    )
    SELECT count(*) FILTER (WHERE action = 'create')::int AS inserted,
      count(*) FILTER (WHERE action = 'update')::int AS updated FROM changes`.execute(db);
  const counts: WriteCounts = rows[0]!;
  await sql`UPDATE import_runs SET inserted = ${counts.inserted}, updated = ${counts.updated} WHERE id = ${runId}`.execute(
    db,
  );
  // Facilities and place names are edited one by one too: each imported change is a version in
  // the records' one history, with the import as its reason.
  if (versioned)
    await recordBulkVersions(
      db,
      versioned,
      sql`SELECT record_key FROM import_changes WHERE run_id = ${runId}`,
      { action: 'update', reason, user },
    );
  timer?.lap('upsert');
  if (collection === 'roads') counts.warnings = await rebuildNetworks(db);
  return counts;
}

/** The walking network of each district the roads went to, rebuilt from its roads (noded). */
async function rebuildNetworks(db: Database): Promise<{ code: string; message: string }[]> {
  const { rows } = await sql<{ code: string; synthetic: number }>`
    SELECT d.code, (SELECT count(*)::int FROM roads r WHERE r.district_code = d.code AND r.origin = 'synthetic') AS synthetic
    FROM (SELECT DISTINCT district_code AS code FROM import_staging WHERE problem_code IS NULL) d`.execute(
    db,
  );
  for (const row of rows) await rebuildNetwork(db, row.code);
  return rows
    .filter((r) => r.synthetic > 0)
    .map((r) => ({
      code: 'synthetic_roads_unused',
      message: `district ${r.code}: its ${r.synthetic} synthetic demo roads are no longer part of the walking network (undoing this import brings them back)`,
    }));
}

async function finishRun(db: Database, runId: number): Promise<WriteCounts> {
  const { rows } = await sql<{ inserted: number; updated: number }>`UPDATE import_runs r SET
      inserted = (SELECT count(*) FROM import_changes c WHERE c.run_id = r.id AND c.action = 'create'),
      updated = (SELECT count(*) FROM import_changes c WHERE c.run_id = r.id AND c.action = 'update')
    WHERE r.id = ${runId} RETURNING inserted, updated`.execute(db);
  return rows[0]!;
}

/** Before/after of the records a statement will change, for the import's change list. */
async function recordChanges(db: Database, runId: number, collection: ImportCollectionId, table: string) {
  const t = sql.table(table);
  const snap = await snapshot(db, table, 't');
  await sql`INSERT INTO import_changes (run_id, collection, record_key, row_number, action, before)
    SELECT ${runId}, ${collection}, s.key, s.row_no, CASE WHEN t.code IS NULL THEN 'create' ELSE 'update' END,
      CASE WHEN t.code IS NULL THEN NULL ELSE ${snap} END
    FROM import_staging s LEFT JOIN ${t} t ON t.code = s.key WHERE s.problem_code IS NULL`.execute(db);
  return async () => {
    const after = await snapshot(db, table, 't');
    await sql`UPDATE import_changes c SET after = ${after} FROM ${t} t
      WHERE c.run_id = ${runId} AND t.code = c.record_key`.execute(db);
    return finishRun(db, runId);
  };
}

async function writeDistricts(db: Database, runId: number): Promise<WriteCounts> {
  const finish = await recordChanges(db, runId, 'districts', 'districts');
  await sql`INSERT INTO districts (code, name, outline, outline_origin, outline_source)
    SELECT s.key, s.attrs->>'name', ST_Multi(s.geom), 'imported',
      (SELECT '导入 #' || r.id || ': ' || r.file_name FROM import_runs r WHERE r.id = ${runId})
    FROM import_staging s WHERE s.problem_code IS NULL
    ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, outline = EXCLUDED.outline,
      outline_origin = EXCLUDED.outline_origin, outline_source = EXCLUDED.outline_source`.execute(db);
  // Now that the district exists, the run can name it.
  await sql`UPDATE import_runs SET district_code = ${await stagedDistrict(db)} WHERE id = ${runId}`.execute(
    db,
  );
  return finish();
}

/**
 * Towns are upserted by code. The demo's synthetic towns of a district that gets real ones are
 * replaced: villages, facilities and place names that pointed at them move to the imported town
 * they lie in (villages with no such town to the nearest one), then the synthetic towns go.
 */
async function writeTowns(db: Database, runId: number): Promise<WriteCounts> {
  const finish = await recordChanges(db, runId, 'towns', 'towns');
  await sql`INSERT INTO towns (code, name, kind, district_code, geom, seat, geom_origin)
    SELECT s.key, s.attrs->>'name', s.attrs->>'kind', left(s.key, 6), ST_Multi(s.geom), s.pt, 'imported'
    FROM import_staging s WHERE s.problem_code IS NULL
    ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind,
      district_code = EXCLUDED.district_code, geom = EXCLUDED.geom, seat = EXCLUDED.seat,
      geom_origin = EXCLUDED.geom_origin`.execute(db);
  await sql`CREATE TEMP TABLE import_replaced ON COMMIT DROP AS
    SELECT t.code FROM towns t
    WHERE t.geom_origin = 'synthetic'
      AND t.district_code IN (SELECT DISTINCT left(key, 6) FROM import_staging WHERE problem_code IS NULL)
      AND t.code NOT IN (SELECT key FROM import_staging WHERE problem_code IS NULL)`.execute(db);
  const moved = async (query: RawBuilder<unknown>) => Number((await query.execute(db)).numAffectedRows ?? 0);
  const imported = sql`(SELECT key FROM import_staging WHERE problem_code IS NULL)`;
  const villages = await moved(sql`UPDATE villages v SET town_code = coalesce(
      (SELECT t.code FROM towns t WHERE t.code IN ${imported} AND ST_Intersects(t.geom, v.geom) ORDER BY t.code LIMIT 1),
      (SELECT t.code FROM towns t WHERE t.code IN ${imported} AND t.district_code = v.district_code
        ORDER BY t.geom <-> v.geom LIMIT 1))
    WHERE v.town_code IN (SELECT code FROM import_replaced)`);
  const facilities = await moved(sql`UPDATE facilities f SET town_code =
      (SELECT t.code FROM towns t WHERE t.code IN ${imported} AND ST_Intersects(t.geom, f.geom) ORDER BY t.code LIMIT 1)
    WHERE f.town_code IN (SELECT code FROM import_replaced)`);
  const placeNames = await moved(sql`UPDATE place_names p SET town_code =
      (SELECT t.code FROM towns t WHERE t.code IN ${imported} AND ST_Intersects(t.geom, p.label_point) ORDER BY t.code LIMIT 1)
    WHERE p.town_code IN (SELECT code FROM import_replaced)`);
  const townsRemoved = await moved(sql`DELETE FROM towns WHERE code IN (SELECT code FROM import_replaced)`);
  const counts = await finish();
  const warnings =
    townsRemoved > 0
      ? [
          {
            code: 'towns_replaced',
            message: `${townsRemoved} synthetic demo towns were replaced; ${villages} villages, ${facilities} facilities and ${placeNames} place names were re-assigned to the imported town they lie in`,
          },
        ]
      : [];
  return { ...counts, warnings, reassigned: { villages, facilities, placeNames, townsRemoved } };
}

/** A statistics table: population by village code onto the villages already loaded. */
async function writeStatistics(db: Database, runId: number, present: Set<string>): Promise<WriteCounts> {
  const finish = await recordChanges(db, runId, 'village-statistics', 'villages');
  const sets = [
    sql`population = (s.attrs->>'population')::integer`,
    sql`elderly_population = (s.attrs->>'elderlyPopulation')::integer`,
    sql`population_origin = 'imported'`,
  ];
  if (present.has('households')) sets.push(sql`households = (s.attrs->>'households')::integer`);
  await sql`UPDATE villages v SET ${sql.join(sets)} FROM import_staging s
    WHERE s.problem_code IS NULL AND v.code = s.key`.execute(db);
  return finish();
}
