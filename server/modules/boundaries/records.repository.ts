// SQL for the four boundary record kinds, driven by their definitions in kinds.ts: read a record
// as its camelCase snapshot, list, insert, update guarded by version, and the history table.
// Identifiers come from kinds.ts (trusted code); every value is a bound parameter.
import { type RawBuilder, sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { FieldSpec, KindDefinition, KindId } from './kinds.ts';

/** A record as the API and the history see it: camelCase fields plus id, version and timestamps. */
export type RecordSnapshot = Record<string, unknown> & {
  id: number;
  version: number;
  deletedAt: string | null;
};

function readExpr(spec: FieldSpec): string {
  const column = `r.${spec.column}`;
  if (spec.type === 'geometry') return `ST_AsGeoJSON(${column}, 7)::json`;
  if (spec.type === 'number') return `${column}::float8`;
  return column;
}

function snapshotSelect(kind: KindDefinition, withExtras: boolean): RawBuilder<unknown> {
  const pairs = [
    "'id', r.id",
    "'version', r.version",
    ...Object.entries(kind.fields).map(([name, spec]) => `'${name}', ${readExpr(spec)}`),
    "'createdAt', r.created_at",
    "'updatedAt', r.updated_at",
    "'deletedAt', r.deleted_at",
  ];
  const extras =
    withExtras && kind.extras ? Object.entries(kind.extras).map(([name, expr]) => `'${name}', ${expr}`) : [];
  return sql.raw(
    `json_build_object(${pairs.join(', ')}) AS record, json_build_object(${extras.length ? extras.join(', ') : ''}) AS extras`,
  );
}

export function valueSql(spec: FieldSpec, value: unknown): RawBuilder<unknown> {
  if (value === null || value === undefined) return sql`NULL`;
  switch (spec.type) {
    case 'text':
      return sql`${String(value)}::text`;
    case 'integer':
      return sql`${value}::integer`;
    case 'number':
      return sql`${value}::numeric`;
    case 'boolean':
      return sql`${value}::boolean`;
    case 'date':
      return sql`${value}::date`;
    case 'json':
      return sql`${JSON.stringify(value)}::jsonb`;
    case 'id':
      return sql`${value}::bigint`;
    case 'idArray':
      return sql`${value as number[]}::bigint[]`;
    case 'geometry': {
      const geometry = sql`ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(value)}), 4326)`;
      return spec.geometry === 'Point' ? geometry : sql`ST_Multi(${geometry})`;
    }
  }
}

interface Row {
  record: RecordSnapshot;
  extras: Record<string, unknown>;
}

export async function loadRecord(
  db: Database,
  kind: KindDefinition,
  id: number,
  options: { forUpdate?: boolean; withExtras?: boolean } = {},
): Promise<Row | undefined> {
  const lock = options.forUpdate ? sql` FOR UPDATE` : sql``;
  const { rows } = await sql<Row>`SELECT ${snapshotSelect(kind, options.withExtras ?? false)}
    FROM ${sql.table(kind.table)} r WHERE r.id = ${id}${lock}`.execute(db);
  return rows[0];
}

export interface ListQuery {
  district?: string;
  lineId?: number;
  /** Markers in any of these conditions. */
  conditions?: string[];
  /** Lines whose joint inspection is in any of these states (the kind's inspectionState extra). */
  inspectionStates?: string[];
  deleted: boolean;
  limit: number;
}

export async function listRecords(db: Database, kind: KindDefinition, query: ListQuery): Promise<Row[]> {
  const where: RawBuilder<unknown>[] = [
    query.deleted ? sql`r.deleted_at IS NOT NULL` : sql`r.deleted_at IS NULL`,
  ];
  if (query.district) where.push(sql`${sql.raw(kind.districtExpr)} = ${query.district}`);
  if (query.lineId !== undefined && 'lineId' in kind.fields) where.push(sql`r.line_id = ${query.lineId}`);
  if (query.conditions?.length && 'condition' in kind.fields)
    where.push(sql`r.condition = ANY(${query.conditions}::text[])`);
  if (query.inspectionStates?.length && kind.extras?.inspectionState)
    where.push(sql`(${sql.raw(kind.extras.inspectionState)}) = ANY(${query.inspectionStates}::text[])`);
  const { rows } = await sql<Row>`SELECT ${snapshotSelect(kind, true)} FROM ${sql.table(kind.table)} r
    WHERE ${sql.join(where, sql` AND `)} ORDER BY r.id LIMIT ${query.limit}`.execute(db);
  return rows;
}

export async function insertRecord(
  db: Database,
  kind: KindDefinition,
  values: Record<string, unknown>,
  origin?: 'imported',
): Promise<number> {
  const columns: RawBuilder<unknown>[] = [];
  const params: RawBuilder<unknown>[] = [];
  for (const [name, spec] of Object.entries(kind.fields)) {
    if (spec.readOnly || !(name in values)) continue;
    columns.push(sql.ref(spec.column));
    params.push(valueSql(spec, values[name]));
  }
  for (const [column, value] of Object.entries(kind.insertDefaults ?? {})) {
    columns.push(sql.ref(column));
    params.push(sql`${column === 'origin' && origin ? origin : value}`);
  }
  const { rows } = await sql<{ id: string }>`INSERT INTO ${sql.table(kind.table)} (${sql.join(columns)})
    VALUES (${sql.join(params)}) RETURNING id`.execute(db);
  return Number(rows[0]!.id);
}

/**
 * Writes `changes` and bumps the version, only if the row is still at `expectedVersion`: under
 * READ COMMITTED a concurrent writer blocks on the row lock, then re-checks the version and finds
 * it moved, so exactly one of any number of writers holding the same version wins.
 */
export async function updateRecord(
  db: Database,
  kind: KindDefinition,
  id: number,
  expectedVersion: number,
  changes: Record<string, unknown>,
  deleted?: boolean,
): Promise<boolean> {
  const sets: RawBuilder<unknown>[] = [sql`version = version + 1`, sql`updated_at = now()`];
  for (const [name, value] of Object.entries(changes)) {
    const spec = kind.fields[name];
    if (!spec || spec.readOnly) continue;
    sets.push(sql`${sql.ref(spec.column)} = ${valueSql(spec, value)}`);
  }
  if (deleted === true) sets.push(sql`deleted_at = now()`);
  if (deleted === false) sets.push(sql`deleted_at = NULL`);
  const result = await sql`UPDATE ${sql.table(kind.table)} SET ${sql.join(sets)}
    WHERE id = ${id} AND version = ${expectedVersion}`.execute(db);
  return Number(result.numAffectedRows ?? 0) === 1;
}

// --- History -----------------------------------------------------------------------------------

/** How an edit reached the server when it came through sync from a device (else nothing). */
export interface HistoryMeta {
  offline?: boolean;
  /** When the edit was made on the device (ISO); the entry's `at` is when it arrived. */
  editedAt?: string;
  baseVersion?: number;
  /** Fields both sides changed, left as the server had them: [{field, base, theirs, mine}]. */
  conflicts?: unknown[];
}

export interface HistoryEntry extends HistoryMeta {
  version: number;
  action: 'create' | 'update' | 'delete' | 'restore';
  reason: string | null;
  userName: string;
  at: string;
  before: RecordSnapshot | null;
  after: RecordSnapshot;
}

export async function insertHistory(
  db: Database,
  entry: {
    kind: KindId;
    recordId: number;
    version: number;
    action: HistoryEntry['action'];
    reason: string | null;
    user: { id: number; name: string } | null;
    before: RecordSnapshot | null;
    after: RecordSnapshot;
    at?: string;
    meta?: HistoryMeta;
  },
): Promise<void> {
  const meta = entry.meta ?? {};
  await db
    .insertInto('boundary_history')
    .values({
      kind: entry.kind,
      record_id: String(entry.recordId),
      version: entry.version,
      action: entry.action,
      reason: entry.reason,
      user_id: entry.user ? String(entry.user.id) : null,
      user_name: entry.user?.name ?? '初始数据',
      before: entry.before === null ? null : JSON.stringify(entry.before),
      after: JSON.stringify(entry.after),
      ...(entry.at ? { at: new Date(entry.at) } : {}),
      offline: meta.offline ?? false,
      edited_at: meta.editedAt ? new Date(meta.editedAt) : null,
      base_version: meta.baseVersion ?? null,
      conflicts: meta.conflicts?.length ? JSON.stringify(meta.conflicts) : null,
    })
    .execute();
}

export async function hasHistoryVersion(
  db: Database,
  kind: KindId,
  recordId: number,
  version: number,
): Promise<boolean> {
  const row = await db
    .selectFrom('boundary_history')
    .select('id')
    .where('kind', '=', kind)
    .where('record_id', '=', String(recordId))
    .where('version', '=', version)
    .executeTakeFirst();
  return row !== undefined;
}

export async function listHistory(db: Database, kind: KindId, recordId: number): Promise<HistoryEntry[]> {
  const rows = await db
    .selectFrom('boundary_history')
    .select([
      'version',
      'action',
      'reason',
      'user_name',
      'at',
      'before',
      'after',
      'offline',
      'edited_at',
      'base_version',
      'conflicts',
    ])
    .where('kind', '=', kind)
    .where('record_id', '=', String(recordId))
    .orderBy('version', 'desc')
    .execute();
  return rows.map((r) => ({
    version: r.version,
    action: r.action,
    reason: r.reason,
    userName: r.user_name,
    at: r.at.toISOString(),
    before: r.before as RecordSnapshot | null,
    after: r.after as RecordSnapshot,
    ...(r.offline || r.edited_at
      ? {
          offline: r.offline,
          editedAt: r.edited_at?.toISOString(),
          baseVersion: r.base_version ?? undefined,
          conflicts: (r.conflicts as unknown[] | null) ?? undefined,
        }
      : {}),
  }));
}

export async function findHistoryVersion(
  db: Database,
  kind: KindId,
  recordId: number,
  version: number,
): Promise<HistoryEntry | undefined> {
  return (await listHistory(db, kind, recordId)).find((h) => h.version === version);
}

// --- Lookups for validation (validation.ts) -------------------------------------------------------

export interface GeometryFacts {
  valid: boolean;
  reason: string;
  empty: boolean;
  /** Farthest vertex beyond the district's outline, in metres (null without a district). */
  outside_m: number | null;
}

/** What PostGIS says about a GeoJSON geometry, and how far it strays outside a district. */
export async function geometryFacts(db: Database, geojson: string, districtCode: string | null) {
  const { rows } = await sql<GeometryFacts>`
    WITH g AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON(${geojson}), 4326) AS geom)
    SELECT ST_IsValid(g.geom) AS valid, ST_IsValidReason(g.geom) AS reason, ST_IsEmpty(g.geom) AS empty,
      (SELECT max(ST_Distance((dp).geom::geography, d.outline::geography))
         FROM districts d, ST_DumpPoints(g.geom) dp WHERE d.code = ${districtCode}) AS outside_m
    FROM g`.execute(db);
  return rows[0];
}

export async function liveLine(db: Database, id: number): Promise<{ district_code: string } | undefined> {
  return db
    .selectFrom('boundary_lines')
    .select('district_code')
    .where('id', '=', String(id))
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export async function missingPhotos(db: Database, ids: number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const found = await db.selectFrom('photos').select('id').where('id', 'in', ids.map(String)).execute();
  const have = new Set(found.map((r) => Number(r.id)));
  return ids.filter((id) => !have.has(id));
}

/** Another line (not `exceptId`) with this code. */
export async function lineWithCode(db: Database, code: string, exceptId: number) {
  return db
    .selectFrom('boundary_lines')
    .select('id')
    .where('code', '=', code)
    .where('id', '!=', String(exceptId))
    .executeTakeFirst();
}

/** Another live marker (not `exceptId`) on the line with this number. */
export async function markerWithNumber(db: Database, lineId: number, number: string, exceptId: number) {
  return db
    .selectFrom('boundary_markers')
    .select('id')
    .where('line_id', '=', String(lineId))
    .where('number', '=', number)
    .where('deleted_at', 'is', null)
    .where('id', '!=', String(exceptId))
    .executeTakeFirst();
}

/** Metres from a GeoJSON point to a line. */
export async function distanceToLine(db: Database, geojson: string, lineId: number) {
  const { rows } = await sql<{ d: number }>`SELECT ST_Distance(
      ST_SetSRID(ST_GeomFromGeoJSON(${geojson}), 4326)::geography, l.geom::geography) AS d
    FROM boundary_lines l WHERE l.id = ${lineId}`.execute(db);
  return rows[0]?.d;
}

/** Another live inspection (not `exceptId`) of the line for this round. */
export async function inspectionForRound(db: Database, lineId: number, round: number, exceptId: number) {
  const { rows } = await sql<{ id: string }>`SELECT id FROM boundary_inspections WHERE line_id = ${lineId}
    AND round = ${round} AND deleted_at IS NULL AND id <> ${exceptId}`.execute(db);
  return rows[0];
}

/** Which of these markers are live on the line. */
export async function liveMarkersOnLine(
  db: Database,
  lineId: number,
  markerIds: number[],
): Promise<Set<number>> {
  const rows = await db
    .selectFrom('boundary_markers')
    .select('id')
    .where('line_id', '=', String(lineId))
    .where('deleted_at', 'is', null)
    .where('id', 'in', markerIds.map(String))
    .execute();
  return new Set(rows.map((r) => Number(r.id)));
}
