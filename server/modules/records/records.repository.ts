// SQL for every record kind, driven by its definition in kinds.ts: read a record as its camelCase
// snapshot, list, insert, update guarded by version, and the one history table.
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
  if (spec.readSql) return spec.readSql;
  const column = `r.${spec.column}`;
  if (spec.type === 'composite')
    return `json_build_object(${Object.entries(spec.parts ?? {})
      .map(([key, part]) => `'${key}', r.${part.column}`)
      .join(', ')})`;
  if (spec.type === 'geometry') return `ST_AsGeoJSON(${column}, 7)::json`;
  if (spec.type === 'number') return `${column}::float8`;
  return column;
}

/** The record as its snapshot (alias r): the JSON the API and the history hold. */
function recordJson(kind: KindDefinition): string {
  const pairs = [
    "'id', r.id",
    "'version', r.version",
    ...Object.entries(kind.fields).map(([name, spec]) => `'${name}', ${readExpr(spec)}`),
    "'createdAt', r.created_at",
    "'updatedAt', r.updated_at",
    "'deletedAt', r.deleted_at",
  ];
  return `json_build_object(${pairs.join(', ')})`;
}

function snapshotSelect(kind: KindDefinition, withExtras: boolean): RawBuilder<unknown> {
  const extras =
    withExtras && kind.extras ? Object.entries(kind.extras).map(([name, expr]) => `'${name}', ${expr}`) : [];
  return sql.raw(
    `${recordJson(kind)} AS record, json_build_object(${extras.length ? extras.join(', ') : ''}) AS extras`,
  );
}

/**
 * History rows for records a set-based write changed (an import or its undo of facilities or place
 * names, keyed by code): each record's new version with the write's reason and user, its previous
 * history row as `before`. A record whose version did not move gets none. Called before such a
 * write with `user` null, it keeps the untouched records' current state as their baseline version.
 */
export async function recordBulkVersions(
  db: Database,
  kind: KindDefinition,
  codes: RawBuilder<unknown>,
  how: { action: HistoryEntry['action']; reason: string; user: { id: number; name: string } | null },
): Promise<void> {
  await sql`INSERT INTO boundary_history (kind, record_id, version, action, reason, user_id, user_name, before, after)
    SELECT ${kind.id}, r.id, r.version,
      CASE WHEN ${how.action} = 'update' AND NOT EXISTS (SELECT 1 FROM boundary_history h
        WHERE h.kind = ${kind.id} AND h.record_id = r.id) AND r.version = 1 THEN 'create' ELSE ${how.action} END,
      ${how.reason}, ${how.user?.id ?? null}::bigint, ${how.user?.name ?? '初始数据'},
      (SELECT h.after FROM boundary_history h WHERE h.kind = ${kind.id} AND h.record_id = r.id
        ORDER BY h.version DESC LIMIT 1),
      ${sql.raw(recordJson(kind))}::jsonb
    FROM ${sql.table(kind.table)} r
    WHERE r.code IN (${codes})
      AND NOT EXISTS (SELECT 1 FROM boundary_history h WHERE h.kind = ${kind.id} AND h.record_id = r.id
        AND h.version = r.version)`.execute(db);
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
      return spec.geometry === 'Point' || spec.geometry === 'Any' ? geometry : sql`ST_Multi(${geometry})`;
    }
    case 'composite':
      throw new Error('a composite field is written part by part (columnValues)');
  }
}

/** The (column, value) pairs a field is stored in: one, several for a composite, none for a child table. */
function columnValues(spec: FieldSpec, value: unknown): [string, RawBuilder<unknown>][] {
  if (spec.writeChild) return [];
  if (spec.type === 'composite') {
    const object = (value ?? {}) as Record<string, unknown>;
    return Object.entries(spec.parts ?? {}).map(([key, part]) => [
      part.column,
      valueSql({ column: part.column, type: part.type }, object[key] ?? null),
    ]);
  }
  return [[spec.column, valueSql(spec, value)]];
}

/** Fields kept in child tables, written after their record's row. */
async function writeChildren(
  db: Database,
  kind: KindDefinition,
  id: number,
  values: Record<string, unknown>,
): Promise<void> {
  for (const [name, spec] of Object.entries(kind.fields)) {
    if (!spec.writeChild || !(name in values)) continue;
    await CHILD_WRITERS[spec.writeChild](db, id, values[name]);
  }
}

const CHILD_WRITERS: Record<
  NonNullable<FieldSpec['writeChild']>,
  (db: Database, id: number, value: unknown) => Promise<void>
> = {
  /** A place's former names and aliases: the list replaces the rows (the search keys follow by trigger). */
  'place-name-aliases': async (db, id, value) => {
    const list = (Array.isArray(value) ? value : []) as Record<string, unknown>[];
    await sql`DELETE FROM place_name_aliases WHERE place_name_id = ${id}`.execute(db);
    if (list.length === 0) return;
    await sql`INSERT INTO place_name_aliases (place_name_id, name, kind, valid_from, valid_to, note)
      SELECT ${id}, a->>'name', a->>'kind', (a->>'validFrom')::date, (a->>'validTo')::date, a->>'note'
      FROM jsonb_array_elements(${JSON.stringify(list)}::jsonb) AS a`.execute(db);
  },
};

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

/** Whether anonymous callers may read the record (the kind's publicWhere; every row when it has none). */
export async function isPublicRecord(db: Database, kind: KindDefinition, id: number): Promise<boolean> {
  if (!kind.publicWhere) return true;
  const { rows } = await sql`SELECT 1 FROM ${sql.table(kind.table)} r
    WHERE r.id = ${id} AND ${sql.raw(kind.publicWhere)}`.execute(db);
  return rows.length > 0;
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
  /** Only rows anonymous callers may read (the kind's publicWhere). */
  publicOnly?: boolean;
  /** Values for the kind's listFilters. */
  filters?: Record<string, string>;
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
  if (query.publicOnly && kind.publicWhere) where.push(sql.raw(kind.publicWhere));
  for (const [name, value] of Object.entries(query.filters ?? {})) {
    const column = kind.listFilters?.[name];
    if (column) where.push(sql`${sql.raw(column)} = ${value}`);
  }
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
    for (const [column, value] of columnValues(spec, values[name])) {
      columns.push(sql.ref(column));
      params.push(value);
    }
  }
  for (const [column, value] of Object.entries(kind.insertDefaults ?? {})) {
    columns.push(sql.ref(column));
    params.push(sql`${column === 'origin' && origin ? origin : value}`);
  }
  const { rows } = await sql<{ id: string }>`INSERT INTO ${sql.table(kind.table)} (${sql.join(columns)})
    VALUES (${sql.join(params)}) RETURNING id`.execute(db);
  const id = Number(rows[0]!.id);
  await writeChildren(db, kind, id, values);
  return id;
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
    for (const [column, sqlValue] of columnValues(spec, value))
      sets.push(sql`${sql.ref(column)} = ${sqlValue}`);
  }
  if (deleted === true) sets.push(sql`deleted_at = now()`);
  if (deleted === false) sets.push(sql`deleted_at = NULL`);
  const result = await sql`UPDATE ${sql.table(kind.table)} SET ${sql.join(sets)}
    WHERE id = ${id} AND version = ${expectedVersion}`.execute(db);
  if (Number(result.numAffectedRows ?? 0) !== 1) return false;
  await writeChildren(db, kind, id, changes);
  return true;
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
