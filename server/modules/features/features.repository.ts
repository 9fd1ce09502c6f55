// Reads GeoJSON features for a collection definition, with district / bbox / attribute filters.
import type { Feature, Geometry } from 'geojson';
import { type RawBuilder, sql } from 'kysely';
import { isRecordKind, isStaffOnlyField } from '../../contract/staff-only.ts';
import type { Database } from '../../db/database.ts';
import { type BBox, envelope } from '../../db/postgis.ts';
import type { CollectionDefinition } from './collections.ts';
import { type Crs, toCrs } from './crs.ts';

export interface FeatureQuery {
  district?: string;
  bbox?: BBox;
  filters: Partial<Record<keyof CollectionDefinition['filters'], string>>;
  /** Further conditions built from request values with bound parameters (OGC bbox, CQL2, datetime). */
  where?: RawBuilder<unknown>[];
  limit: number;
  offset: number;
  /** Output CRS (OGC API – Features Part 2); default CRS84. */
  crs?: Crs;
  /** Signed-in staff: include the collection's staff-only properties (server/contract/staff-only.ts). */
  staff: boolean;
}

/** The properties a caller may see: staff-only ones are not even selected for anonymous callers. */
function visibleProperties(def: CollectionDefinition, staff: boolean): [string, string][] {
  const entries = Object.entries(def.properties);
  if (staff) return entries;
  const kind = def.recordKind ?? def.id;
  if (!isRecordKind(kind)) throw new Error(`collection ${def.id} has no staff-only declaration`);
  return entries.filter(([name]) => !isStaffOnlyField(kind, name));
}

/** Staff or not (staff-only properties left out for anonymous callers), or an explicit column list. */
function selectList(
  def: CollectionDefinition,
  visible: boolean | Record<string, string>,
  crs?: Crs,
): RawBuilder<unknown> {
  const entries = typeof visible === 'boolean' ? visibleProperties(def, visible) : Object.entries(visible);
  const pairs = entries.map(([name, expr]) => `'${name}', ${expr}`);
  const geometry = crs ? toCrs(def.geomExpr, crs) : def.geomExpr;
  return sql.raw(
    `${def.idExpr} AS id, ST_AsGeoJSON(${geometry}, ${crs?.decimals ?? 6})::json AS geometry, json_build_object(${pairs.join(', ')}) AS properties`,
  );
}

/** The property name → SQL expression pairs a caller may see (and so filter on). */
export function visiblePropertyExprs(def: CollectionDefinition, staff: boolean): [string, string][] {
  return visibleProperties(def, staff);
}

function conditions(
  def: CollectionDefinition,
  query: Omit<FeatureQuery, 'limit' | 'offset' | 'staff'>,
): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [sql.raw(def.where ?? 'true')];
  if (query.district) parts.push(sql`${sql.raw(def.districtExpr)} = ${query.district}`);
  // bbox means the geometry intersects the box, not merely its envelope.
  if (query.bbox) parts.push(sql`ST_Intersects(${sql.raw(def.geomExpr)}, ${envelope(query.bbox)})`);
  parts.push(...(query.where ?? []));
  for (const [name, value] of Object.entries(query.filters)) {
    const column = def.filters[name as keyof CollectionDefinition['filters']];
    if (column && value !== undefined) parts.push(sql`${sql.raw(column)}::text = ${value}`);
  }
  return sql.join(parts, sql` AND `);
}

type Row = { id: string | number; geometry: Geometry; properties: Record<string, unknown> };

function toFeature(def: CollectionDefinition, row: Row): Feature {
  // Numeric ids travel as numbers (RFC 7946 allows either); codes stay strings.
  const id = def.numericIds ? Number(row.id) : String(row.id);
  return { type: 'Feature', id, geometry: row.geometry, properties: row.properties };
}

export async function findFeatures(db: Database, def: CollectionDefinition, query: FeatureQuery) {
  const where = conditions(def, query);
  const [rows, matched] = await Promise.all([
    sql<Row>`SELECT ${selectList(def, query.staff, query.crs)} FROM ${sql.raw(def.from)} WHERE ${where}
      ORDER BY ${sql.raw(def.orderBy)} LIMIT ${query.limit} OFFSET ${query.offset}`.execute(db),
    sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.raw(def.from)} WHERE ${where}`.execute(db),
  ]);
  return { features: rows.rows.map((r) => toFeature(def, r)), numberMatched: matched.rows[0]?.n ?? 0 };
}

export async function countFeatures(
  db: Database,
  def: CollectionDefinition,
  query: Omit<FeatureQuery, 'limit' | 'offset' | 'staff'>,
): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.raw(def.from)}
    WHERE ${conditions(def, query)}`.execute(db);
  return rows[0]?.n ?? 0;
}

export interface FeatureRow {
  geometry: Geometry;
  properties: Record<string, unknown>;
}

/**
 * All matching rows in batches, by keyset pagination on the collection's unique key (WHERE key >
 * last ORDER BY key LIMIT n): one short query per batch, no connection held between batches, so a
 * full export holds one batch in memory and a slow download never ties up the pool. Rows written
 * meanwhile may or may not appear.
 */
async function* keysetBatches<T extends { id: string | number }>(
  db: Database,
  def: CollectionDefinition,
  query: Omit<FeatureQuery, 'limit' | 'offset' | 'staff'>,
  select: RawBuilder<unknown>,
  batchSize: number,
): AsyncGenerator<T[]> {
  const where = conditions(def, query);
  const key = sql.raw(def.idExpr);
  let last: string | null = null;
  for (;;) {
    const after: RawBuilder<unknown> = last === null ? sql`true` : sql`${key} > ${last}`;
    const { rows }: { rows: T[] } = await sql<T>`SELECT ${select} FROM ${sql.raw(def.from)}
      WHERE ${where} AND ${after} ORDER BY ${key} LIMIT ${batchSize}`.execute(db);
    if (rows.length === 0) return;
    last = String(rows[rows.length - 1]!.id);
    yield rows;
    if (rows.length < batchSize) return;
  }
}

/** Matching rows as geometry + properties; `properties` picks the columns (e.g. without staff-only fields). */
export async function* featureBatches(
  db: Database,
  def: CollectionDefinition,
  query: Omit<FeatureQuery, 'limit' | 'offset' | 'staff'>,
  properties: Record<string, string>,
  batchSize = 5000,
): AsyncGenerator<FeatureRow[]> {
  for await (const rows of keysetBatches<Row>(db, def, query, selectList(def, properties), batchSize))
    yield rows.map((r) => ({ geometry: r.geometry, properties: r.properties }));
}

/**
 * Matching rows as GeoJSON Feature text (no id), built by PostgreSQL: the server only passes the
 * text on, without parsing and re-serialising every row.
 */
export async function* featureTextBatches(
  db: Database,
  def: CollectionDefinition,
  query: Omit<FeatureQuery, 'limit' | 'offset' | 'staff'>,
  properties: Record<string, string>,
  batchSize = 5000,
): AsyncGenerator<string[]> {
  const pairs = Object.entries(properties).map(([name, expr]) => `'${name}', ${expr}`);
  const select = sql.raw(
    `${def.idExpr} AS id, json_build_object('type', 'Feature', 'geometry', ST_AsGeoJSON(${def.geomExpr}, 6)::json, 'properties', json_build_object(${pairs.join(', ')}))::text AS feature`,
  );
  for await (const rows of keysetBatches<{ id: string; feature: string }>(db, def, query, select, batchSize))
    yield rows.map((r) => r.feature);
}

export async function findFeature(
  db: Database,
  def: CollectionDefinition,
  id: string,
  staff: boolean,
  crs?: Crs,
): Promise<Feature | undefined> {
  const where = sql.join(
    [sql.raw(def.where ?? 'true'), sql`${sql.raw(def.idExpr)}::text = ${id}`],
    sql` AND `,
  );
  const { rows } =
    await sql<Row>`SELECT ${selectList(def, staff, crs)} FROM ${sql.raw(def.from)} WHERE ${where}`.execute(
      db,
    );
  return rows[0] ? toFeature(def, rows[0]) : undefined;
}

export interface CollectionExtent {
  bbox: BBox | null;
  /** [first, last] of the collection's time property, ISO 8601; null when it has none. */
  interval: [string | null, string | null] | null;
}

/** The data's own spatial (and temporal) extent. */
export async function collectionExtent(db: Database, def: CollectionDefinition): Promise<CollectionExtent> {
  const time = def.temporal
    ? `json_build_array(to_json(min(${def.temporal.start})), ${def.temporal.end === undefined ? `to_json(max(${def.temporal.start}))` : 'null'})`
    : 'null';
  const { rows } = await sql<{ bbox: BBox | null; interval: [string | null, string | null] | null }>`
    SELECT CASE WHEN e IS NULL THEN NULL ELSE json_build_array(ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)) END AS bbox, t AS interval
    FROM (SELECT ST_Extent(${sql.raw(def.geomExpr)})::geometry AS e, ${sql.raw(time)} AS t
      FROM ${sql.raw(def.from)} WHERE ${sql.raw(def.where ?? 'true')}) x`.execute(db);
  return { bbox: rows[0]?.bbox ?? null, interval: def.temporal ? (rows[0]?.interval ?? null) : null };
}
