// Sync of the edits a device queued while it had no connection, built on the one edit mechanism
// (records.service.ts: the same validation, versions and history). Each operation runs in its own
// transaction: claimed once by its id, the record locked, merged field by field against the
// version the device started from (merge.ts), the non-conflicting fields written as a new version
// whose history row says it was made offline and when, and the conflicting fields kept for review.
// Nothing the device sent is dropped: it is written, kept as a conflict, or refused with the reason
// (and then stays in the device's outbox).

import type { SyncOperation } from '../../contract/field-kit.schemas.ts';
import type { ConflictChoice, ConflictField, SyncResult } from '../../contract/field-kit.ts';
import { FIELD_COMPANIONS } from '../../contract/field-kit.ts';
import { problemDetail } from '../../contract/problems.ts';
import type { Database } from '../../db/database.ts';
import { AppError, type ErrorDetail, notFound } from '../../errors.ts';
import type { SessionUser } from '../auth/roles.ts';
import { editableFields, KINDS, type KindDefinition } from '../records/kinds.ts';
import { loadRecord, type RecordSnapshot } from '../records/records.repository.ts';
import {
  actorOf,
  checkAndWriteInTransaction,
  findVersion,
  preconditionFailed,
  validationFailed,
} from '../records/records.service.ts';
import { mergeChanges } from './merge.ts';
import {
  claimOperation,
  insertConflict,
  listOpenConflicts,
  loadConflict,
  markResolved,
  type StoredConflict,
  storeResult,
} from './sync.repository.ts';

function unknownFields(kind: KindDefinition, changes: Record<string, unknown>, at: string) {
  const editable = new Set(editableFields(kind));
  return Object.keys(changes)
    .filter((name) => !editable.has(name))
    .map((name) => problemDetail(`${at}.changes.${name}`, 'unknown_field'));
}

async function writeOrRefuse(
  trx: Database,
  kind: KindDefinition,
  existing: RecordSnapshot | undefined,
  changes: Record<string, unknown>,
  how: Parameters<typeof checkAndWriteInTransaction>[4],
): Promise<RecordSnapshot | undefined> {
  const outcome = await checkAndWriteInTransaction(trx, kind, existing, changes, how);
  if (Array.isArray(outcome)) throw validationFailed(outcome);
  return outcome.record;
}

async function applyOperation(
  trx: Database,
  op: SyncOperation,
  user: SessionUser,
  at: string,
): Promise<SyncResult> {
  const kind = KINDS[op.kind];
  const actor = actorOf(user);
  const reason = op.reason?.trim() || null;
  const unknown = unknownFields(kind, op.changes, at);
  if (unknown.length) throw validationFailed(unknown);
  const meta = { offline: op.offline, editedAt: op.editedAt, baseVersion: op.baseVersion };
  if (op.action === 'create') {
    const record = await writeOrRefuse(trx, kind, undefined, op.changes, {
      reason,
      actor,
      write: true,
      meta,
      origin: 'manual',
    });
    return {
      opId: op.opId,
      outcome: 'saved',
      kind: op.kind,
      id: record!.id,
      record,
      applied: Object.keys(op.changes),
    };
  }
  if (op.id === undefined) throw validationFailed([problemDetail(`${at}.id`, 'required')]);
  if (op.baseVersion === undefined) throw validationFailed([problemDetail(`${at}.baseVersion`, 'required')]);
  const current = (await loadRecord(trx, kind, op.id, { forUpdate: true }))?.record;
  if (!current) throw notFound(`${kind.nameEn} ${op.id}`);
  if (current.deletedAt)
    throw new AppError(409, 'conflict', `${kind.nameEn} ${op.id} was deleted meanwhile; restore it first.`);
  if (op.baseVersion > current.version)
    throw validationFailed([
      problemDetail(`${at}.baseVersion`, 'base_version_ahead', { version: current.version }),
    ]);
  const base = await findVersion(trx, kind, current, op.baseVersion);
  const merge = mergeChanges(kind, base, current, op.changes);
  let record = current;
  if (Object.keys(merge.apply).length) {
    record =
      (await writeOrRefuse(trx, kind, current, merge.apply, {
        reason,
        actor,
        write: true,
        meta: { ...meta, conflicts: merge.conflicts },
        origin: 'manual',
      })) ?? current;
  }
  const result: SyncResult = {
    opId: op.opId,
    outcome: merge.conflicts.length ? 'conflict' : current.version === op.baseVersion ? 'saved' : 'merged',
    kind: op.kind,
    id: op.id,
    record,
    applied: Object.keys(merge.apply),
    theirs: merge.theirs,
  };
  if (merge.conflicts.length) {
    const id = await insertConflict(trx, {
      opId: op.opId,
      kind: op.kind,
      recordId: op.id,
      userId: user.id,
      baseVersion: op.baseVersion,
      serverVersion: record.version,
      fields: merge.conflicts,
      reason,
      editedAt: op.editedAt,
    });
    result.conflict = { id, fields: merge.conflicts };
  }
  return result;
}

/** A record's problems (`body.geometry`) named where they are in the sync request. */
function within(details: unknown, at: string): unknown {
  if (!Array.isArray(details)) return details;
  return details.map((d: { field?: string }) =>
    typeof d.field === 'string' && d.field.startsWith('body.') && !d.field.startsWith('body.operations')
      ? { ...d, field: `${at}.changes.${d.field.slice('body.'.length)}` }
      : d,
  );
}

/** One queued edit: written, merged, left as a conflict, or refused (4xx reasons, nothing written). */
export async function syncOperation(
  db: Database,
  op: SyncOperation,
  user: SessionUser,
  at: string,
): Promise<SyncResult> {
  try {
    return await db.transaction().execute(async (trx) => {
      const claim = await claimOperation(trx, op, user.id);
      if (!claim.claimed) {
        if (claim.userId !== user.id)
          throw new AppError(409, 'conflict', `Operation ${op.opId} was sent by another account.`);
        return claim.result;
      }
      const result = await applyOperation(trx, op, user, at);
      await storeResult(trx, op.opId, result);
      return result;
    });
  } catch (error) {
    if (!(error instanceof AppError) || error.status >= 500) throw error;
    return {
      opId: op.opId,
      outcome: 'rejected',
      kind: op.kind,
      ...(op.id === undefined ? {} : { id: op.id }),
      error: {
        code: error.code,
        message: error.message,
        ...(error.details ? { details: within(error.details, at) } : {}),
      },
    };
  }
}

/** Open conflicts with the record as it is now (theirs refreshed: it may have moved on again). */
export async function openConflicts(db: Database, user: SessionUser) {
  const conflicts = await listOpenConflicts(db, user.role === 'admin' ? undefined : user.id);
  const out = [];
  for (const conflict of conflicts) {
    const record = (await loadRecord(db, KINDS[conflict.kind], conflict.recordId, { withExtras: true }))
      ?.record;
    if (!record) continue;
    out.push({
      ...conflict,
      currentVersion: record.version,
      record,
      fields: conflict.fields.map((f) => ({ ...f, theirs: record[f.field] ?? null })),
    });
  }
  return out;
}

function mayResolve(conflict: StoredConflict, user: SessionUser): boolean {
  return conflict.userId === user.id || user.role === 'admin';
}

/**
 * Settles a conflict field by field. The reviewer saw the record at `expectedVersion` (If-Match):
 * a newer one means someone changed it again, 412 with it. Fields chosen "mine" are written as a
 * new version; the history row keeps both values and the choice, whichever won.
 */
export async function resolveConflict(
  db: Database,
  id: number,
  choices: Record<string, ConflictChoice>,
  expectedVersion: number,
  reason: string | null,
  user: SessionUser,
): Promise<{ conflictId: number; record: RecordSnapshot; resolution: Record<string, ConflictChoice> }> {
  return db.transaction().execute(async (trx) => {
    const conflict = await loadConflict(trx, id, { forUpdate: true });
    if (!conflict || !mayResolve(conflict, user)) throw notFound(`conflict ${id}`);
    if (conflict.resolvedAt) throw new AppError(409, 'conflict', `Conflict ${id} was already resolved.`);
    const leaders = conflict.fields.filter((f) => !(f.field in FIELD_COMPANIONS));
    const problems: ErrorDetail[] = leaders
      .filter((f) => !choices[f.field])
      .map((f) => problemDetail(`body.choices.${f.field}`, 'conflict_choice_needed'));
    for (const name of Object.keys(choices))
      if (!leaders.some((f) => f.field === name))
        problems.push(problemDetail(`body.choices.${name}`, 'not_in_conflict'));
    if (problems.length) throw validationFailed(problems);
    const resolution: Record<string, ConflictChoice> = {};
    for (const f of conflict.fields) {
      const leader = FIELD_COMPANIONS[f.field];
      resolution[f.field] = (leader && choices[leader]) || choices[f.field] || 'theirs';
    }
    const kind = KINDS[conflict.kind];
    const current = (await loadRecord(trx, kind, conflict.recordId, { forUpdate: true }))?.record;
    if (!current) throw notFound(`${kind.nameEn} ${conflict.recordId}`);
    if (current.version !== expectedVersion) throw preconditionFailed(current);
    const mine = Object.fromEntries(
      conflict.fields.filter((f) => resolution[f.field] === 'mine').map((f) => [f.field, f.mine]),
    );
    let record = current;
    if (Object.keys(mine).length) {
      const kept: (ConflictField & { chosen: ConflictChoice })[] = conflict.fields.map((f) => ({
        ...f,
        theirs: current[f.field] ?? null,
        chosen: resolution[f.field]!,
      }));
      record =
        (await writeOrRefuse(trx, kind, current, mine, {
          reason: reason ?? conflict.reason ?? '同步冲突处理：采用现场值',
          actor: actorOf(user),
          write: true,
          meta: {
            offline: true,
            editedAt: conflict.editedAt,
            baseVersion: conflict.baseVersion,
            conflicts: kept,
          },
          origin: 'manual',
        })) ?? current;
    }
    await markResolved(trx, id, resolution);
    return { conflictId: id, record, resolution };
  });
}
