// SQL for sync: each operation answered once (sync_operations) and the fields left for review
// (sync_conflicts). Called inside the operation's transaction.

import type { Selectable } from 'kysely';
import type { ConflictChoice, ConflictField, SyncResult } from '../../contract/field-kit.ts';
import type { Database } from '../../db/database.ts';
import type { SyncConflictsTable } from '../../db/schema.ts';
import type { KindId } from '../records/kinds.ts';

/**
 * Claims an operation id for this user. Returns the stored answer when the operation was already
 * synced (a resend): a concurrent resend waits on the primary key until the first one commits.
 */
export async function claimOperation(
  trx: Database,
  op: { opId: string; kind: string; id?: number },
  userId: number,
): Promise<{ claimed: true } | { claimed: false; userId: number; result: SyncResult }> {
  const inserted = await trx
    .insertInto('sync_operations')
    .values({
      op_id: op.opId,
      user_id: String(userId),
      kind: op.kind,
      record_id: op.id === undefined ? null : String(op.id),
      result: JSON.stringify({}),
    })
    .onConflict((oc) => oc.column('op_id').doNothing())
    .returning('op_id')
    .executeTakeFirst();
  if (inserted) return { claimed: true };
  const row = await trx
    .selectFrom('sync_operations')
    .select(['user_id', 'result'])
    .where('op_id', '=', op.opId)
    .executeTakeFirstOrThrow();
  return { claimed: false, userId: Number(row.user_id), result: row.result as SyncResult };
}

export async function storeResult(trx: Database, opId: string, result: SyncResult): Promise<void> {
  await trx
    .updateTable('sync_operations')
    .set({ result: JSON.stringify(result), record_id: result.id === undefined ? null : String(result.id) })
    .where('op_id', '=', opId)
    .execute();
}

export async function insertConflict(
  trx: Database,
  conflict: Omit<StoredConflict, 'id' | 'createdAt' | 'resolvedAt' | 'resolution'> & { opId: string },
): Promise<number> {
  const row = await trx
    .insertInto('sync_conflicts')
    .values({
      op_id: conflict.opId,
      kind: conflict.kind,
      record_id: String(conflict.recordId),
      user_id: String(conflict.userId),
      base_version: conflict.baseVersion,
      server_version: conflict.serverVersion,
      fields: JSON.stringify(conflict.fields),
      reason: conflict.reason,
      edited_at: new Date(conflict.editedAt),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export interface StoredConflict {
  id: number;
  kind: KindId;
  recordId: number;
  userId: number;
  baseVersion: number;
  serverVersion: number;
  fields: ConflictField[];
  reason: string | null;
  editedAt: string;
  createdAt: string;
  resolvedAt: string | null;
  resolution: Record<string, ConflictChoice> | null;
}

const conflictColumns = [
  'id',
  'kind',
  'record_id',
  'user_id',
  'base_version',
  'server_version',
  'fields',
  'reason',
  'edited_at',
  'created_at',
  'resolved_at',
  'resolution',
] as const;

function toConflict(row: Omit<Selectable<SyncConflictsTable>, 'op_id'>): StoredConflict {
  return {
    id: Number(row.id),
    kind: row.kind,
    recordId: Number(row.record_id),
    userId: Number(row.user_id),
    baseVersion: row.base_version,
    serverVersion: row.server_version,
    fields: row.fields as ConflictField[],
    reason: row.reason,
    editedAt: row.edited_at.toISOString(),
    createdAt: row.created_at.toISOString(),
    resolvedAt: row.resolved_at?.toISOString() ?? null,
    resolution: (row.resolution as Record<string, ConflictChoice> | null) ?? null,
  };
}

/** Open conflicts: one user's, or everyone's (userId undefined, for an administrator). */
export async function listOpenConflicts(db: Database, userId: number | undefined): Promise<StoredConflict[]> {
  let query = db.selectFrom('sync_conflicts').select(conflictColumns).where('resolved_at', 'is', null);
  if (userId !== undefined) query = query.where('user_id', '=', String(userId));
  return (await query.orderBy('id').limit(500).execute()).map(toConflict);
}

export async function loadConflict(
  db: Database,
  id: number,
  options: { forUpdate?: boolean } = {},
): Promise<StoredConflict | undefined> {
  let query = db.selectFrom('sync_conflicts').select(conflictColumns).where('id', '=', String(id));
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row ? toConflict(row) : undefined;
}

export async function markResolved(
  trx: Database,
  id: number,
  resolution: Record<string, ConflictChoice>,
): Promise<void> {
  await trx
    .updateTable('sync_conflicts')
    .set({ resolved_at: new Date(), resolution: JSON.stringify(resolution) })
    .where('id', '=', String(id))
    .execute();
}
