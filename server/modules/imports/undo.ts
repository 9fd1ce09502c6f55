// Undoing a whole import in one step: every record it created goes, every record it changed goes
// back to the version before it — unless someone changed that record since, in which case nothing
// is undone (409 naming the records). The undo is itself an import run, with its own change list,
// so it shows in the list of imports and can be followed like any other write.
import { type RawBuilder, sql } from 'kysely';
import type { ImportCollectionId } from '../../contract/import-collections.ts';
import type { Database } from '../../db/database.ts';
import { AppError, notFound } from '../../errors.ts';
import { rebuildNetwork } from '../network/network.repository.ts';
import { KINDS } from '../records/kinds.ts';
import { recordBulkVersions } from '../records/records.repository.ts';
import { revertInTransaction } from '../records/records.service.ts';
import { RECORD_TABLE, snapshot } from './imports.repository.ts';

export interface UndoResult {
  importId: number;
  undone: number;
  removed: number;
  restored: number;
}

/** Columns a snapshot can write back: not generated, not the identity, not the key. */
async function writableColumns(db: Database, table: string): Promise<string[]> {
  // A view (facilities, place_names) has no identity or generated columns of its own: ask its table.
  const { rows } = await sql<{ name: string }>`SELECT attname AS name FROM pg_attribute
    WHERE attrelid = coalesce((SELECT (u.table_schema || '.' || u.table_name)::regclass
        FROM information_schema.view_table_usage u WHERE u.view_name = ${table} LIMIT 1), ${table}::regclass)
      AND attnum > 0 AND NOT attisdropped AND attgenerated = '' AND attidentity = '' ORDER BY attnum`.execute(
    db,
  );
  const geometry = new Set([
    'geom',
    'outline',
    'label_point',
    'seat',
    'area',
    'code',
    'geom_3857',
    'outline_3857',
    'label_point_3857',
    // An undo is a new version (the table's trigger bumps it), never an old version number again.
    'version',
    'created_at',
  ]);
  return rows.map((r) => r.name).filter((name) => !geometry.has(name));
}

export async function undoImport(
  db: Database,
  runId: number,
  user: { id: number; name: string },
  canWrite: (collection: ImportCollectionId) => boolean,
): Promise<UndoResult> {
  return db.transaction().execute(async (trx) => {
    const run = (
      await sql<{
        id: string;
        collection: ImportCollectionId;
        mode: string;
        file_name: string;
        district_code: string | null;
        undone: string | null;
      }>`
        SELECT r.id, r.collection, r.mode, r.file_name, r.district_code,
          (SELECT u.id FROM import_runs u WHERE u.undoes = r.id) AS undone
        FROM import_runs r WHERE r.id = ${runId} FOR UPDATE`.execute(trx)
    ).rows[0];
    if (!run) throw notFound(`import ${runId}`);
    if (!canWrite(run.collection))
      throw new AppError(
        403,
        'forbidden',
        `Undoing an import of ${run.collection} needs the role that edits them.`,
      );
    if (run.mode === 'undo')
      throw new AppError(
        409,
        'conflict',
        `Import ${runId} is itself an undo; import the file again instead.`,
      );
    if (run.undone)
      throw new AppError(409, 'conflict', `Import ${runId} was already undone (by #${run.undone}).`);
    const reason = `撤销导入 #${runId}: ${run.file_name}`;
    const { rows: created } = await sql<{
      id: string;
    }>`INSERT INTO import_runs (collection, mode, format, file_name,
        file_bytes, encoding, crs, district_code, user_id, user_name, started_at, rows_read, rows_valid, rows_invalid,
        inserted, updated, undoes)
      SELECT collection, 'undo', format, file_name, 0, encoding, crs, district_code, ${user.id}, ${user.name}, now(),
        0, 0, 0, 0, 0, id FROM import_runs WHERE id = ${runId} RETURNING id`.execute(trx);
    const undoId = Number(created[0]!.id);

    let removed = 0;
    let restored = 0;
    if (run.collection === 'boundary-lines' || run.collection === 'boundary-markers') {
      const kind = KINDS[run.collection];
      // The import's own history rows (reason "导入 #id: …"), newest first.
      const { rows } = await sql<{ record_id: string; version: number; action: string }>`
        SELECT record_id, version, action FROM boundary_history
        WHERE kind = ${run.collection} AND reason = ${`导入 #${runId}: ${run.file_name}`}
        ORDER BY version DESC`.execute(trx);
      for (const row of rows) {
        await revertInTransaction(
          trx,
          kind,
          Number(row.record_id),
          row.version,
          row.action === 'create' ? null : row.version - 1,
          {
            reason,
            actor: user,
          },
        );
        if (row.action === 'create') removed += 1;
        else restored += 1;
      }
    } else {
      const table = RECORD_TABLE[run.collection];
      const t = sql.table(table);
      const now = await snapshot(trx, table, 't');
      // Every record must still be as the import left it.
      const { rows: moved } = await sql<{ key: string }>`SELECT c.record_key AS key FROM import_changes c
        LEFT JOIN ${t} t ON t.code = c.record_key
        WHERE c.run_id = ${runId} AND (t.code IS NULL OR ${now} IS DISTINCT FROM c.after)
        ORDER BY c.id LIMIT 20`.execute(trx);
      if (moved.length > 0)
        throw new AppError(
          409,
          'conflict',
          `Some records were changed or removed after import ${runId}; nothing was undone: ${moved.map((m) => m.key).join(', ')}`,
          moved.map((m) => ({ field: m.key, problem: 'changed after the import' })),
        );
      // Removing a created district or town would take what was loaded into it since.
      const children =
        run.collection === 'districts'
          ? sql`SELECT count(*)::int AS n FROM towns WHERE district_code IN`
          : run.collection === 'towns'
            ? sql`SELECT count(*)::int AS n FROM villages WHERE town_code IN`
            : null;
      if (children) {
        const { rows } = await sql<{ n: number }>`${children}
          (SELECT record_key FROM import_changes WHERE run_id = ${runId} AND action = 'create')`.execute(trx);
        if (rows[0]!.n > 0)
          throw new AppError(
            409,
            'conflict',
            `${rows[0]!.n} ${run.collection === 'districts' ? 'towns' : 'villages'} were loaded into what import ${runId} created; undo those imports first.`,
          );
      }
      const before = await snapshot(trx, table, 't');
      await sql`INSERT INTO import_changes (run_id, collection, record_key, row_number, action, before, after)
        SELECT ${undoId}, c.collection, c.record_key, c.row_number,
          CASE c.action WHEN 'create' THEN 'delete' ELSE 'update' END, ${before}, c.before
        FROM import_changes c JOIN ${t} t ON t.code = c.record_key WHERE c.run_id = ${runId}`.execute(trx);
      const deletion = await sql`DELETE FROM ${t} WHERE code IN
        (SELECT record_key FROM import_changes WHERE run_id = ${runId} AND action = 'create')`.execute(trx);
      removed = Number(deletion.numAffectedRows ?? 0);
      const columns = await writableColumns(trx, table);
      const geometry = sql.ref(table === 'districts' ? 'outline' : 'geom');
      const sets: RawBuilder<unknown>[] = [
        ...columns.map((c) => sql`${sql.ref(c)} = r.${sql.ref(c)}`),
        sql`${geometry} = ST_SetSRID(ST_GeomFromGeoJSON(c.before->'geometry'), 4326)`,
      ];
      const update = await sql`UPDATE ${t} SET ${sql.join(sets)}
        FROM import_changes c CROSS JOIN LATERAL jsonb_populate_record(NULL::${t}, c.before) r
        WHERE c.run_id = ${runId} AND c.action = 'update' AND ${t}.code = c.record_key`.execute(trx);
      restored = Number(update.numAffectedRows ?? 0);
      if (run.collection === 'facilities' || run.collection === 'place-names')
        await recordBulkVersions(
          trx,
          KINDS[run.collection],
          sql`SELECT record_key FROM import_changes WHERE run_id = ${runId} AND action = 'update'`,
          { action: 'restore', reason, user },
        );
    }
    if (run.collection === 'roads' && run.district_code) await rebuildNetwork(trx, run.district_code);
    await sql`UPDATE import_runs SET inserted = 0, updated = ${removed + restored} WHERE id = ${undoId}`.execute(
      trx,
    );
    return { importId: undoId, undone: runId, removed, restored };
  });
}
