// The one edit mechanism for every record kind (kinds.ts): create, update (If-Match), soft delete
// and restore, each writing the record and a history row (who, when, why, before, after) in one
// transaction. A stale version is refused with 412 and the current record; nothing is deleted.
// The links between records (a live marker's line is live; a deleted line has no live markers)
// are checked inside that transaction, so parallel writers cannot break them (assertLinksHold).

import { problemDetail } from '../../contract/problems.ts';
import type { Database } from '../../db/database.ts';
import { AppError, type ErrorDetail, notFound } from '../../errors.ts';
import type { Role, SessionUser } from '../auth/roles.ts';
import { editableFields, KINDS, type KindDefinition, writableFields } from './kinds.ts';
import {
  findHistoryVersion,
  type HistoryMeta,
  hasHistoryVersion,
  insertHistory,
  insertRecord,
  loadRecord,
  type RecordSnapshot,
  updateRecord,
} from './records.repository.ts';
import { deriveFields, validateRecord } from './validation.ts';

export interface Actor {
  id: number;
  name: string;
  /** For the kinds whose status steps belong to some roles (statusRoles); absent: trusted caller. */
  role?: Role;
}
export const actorOf = (user: SessionUser): Actor => ({
  id: user.id,
  name: user.displayName || user.username,
  role: user.role,
});

/** A status step the kind reserves for some roles (e.g. only an approver publishes a name): 403. */
function assertMayTakeStep(
  kind: KindDefinition,
  before: RecordSnapshot,
  candidate: Record<string, unknown>,
  actor: Actor,
): void {
  const field = kind.statusField;
  if (!field || !kind.statusRoles || !actor.role || actor.role === 'admin') return;
  const to = candidate[field];
  if (typeof to !== 'string' || to === before[field]) return;
  const allowed = kind.statusRoles[to];
  if (allowed && !allowed.includes(actor.role))
    throw new AppError(
      403,
      'forbidden',
      `Setting ${kind.nameEn} ${before.id} to ${to} needs the role ${allowed.join(' or ')}; you are signed in as ${actor.role}.`,
      [
        problemDetail(`body.${field}`, 'role_required', {
          roles: allowed as readonly string[],
          role: actor.role,
        }),
      ],
    );
}

const invalid = (details: ErrorDetail[]) =>
  new AppError(
    422,
    'validation_failed',
    `${details.length} problem(s): ${details.map((d) => `${d.field} ${d.problem}`).join('; ')}`,
    details,
  );

/** 422 with a record's problems (sync refuses an operation with the same answer as a PATCH). */
export { invalid as validationFailed };

export function preconditionFailed(current: RecordSnapshot): AppError {
  return new AppError(
    412,
    'precondition_failed',
    `Someone else changed this record (now version ${current.version}); review their version and try again.`,
    { current },
  );
}

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The fields of `changes` whose value differs from `before`. */
function changedFields(
  kind: KindDefinition,
  before: RecordSnapshot | undefined,
  candidate: Record<string, unknown>,
): Set<string> {
  const names = writableFields(kind).filter((name) => !before || !sameValue(before[name], candidate[name]));
  return new Set(names);
}

async function loadOr404(db: Database, kind: KindDefinition, id: number): Promise<RecordSnapshot> {
  const row = await loadRecord(db, kind, id);
  if (!row) throw notFound(`${kind.nameEn} ${id}`);
  return row.record;
}

/** Records loaded before this system had no history: their first edit keeps the old state as version n. */
async function ensureBaseline(db: Database, kind: KindDefinition, before: RecordSnapshot): Promise<void> {
  if (await hasHistoryVersion(db, kind.id, before.id, before.version)) return;
  await insertHistory(db, {
    kind: kind.id,
    recordId: before.id,
    version: before.version,
    action: 'create',
    reason: '编辑前的原始数据（导入或示例数据）',
    user: null,
    before: null,
    after: before,
    at: typeof before.updatedAt === 'string' ? before.updatedAt : undefined,
  });
}

export async function createRecord(
  db: Database,
  kind: KindDefinition,
  body: Record<string, unknown>,
  reason: string | null,
  actor: Actor,
  meta?: HistoryMeta,
): Promise<RecordSnapshot> {
  const { candidate, problems } = newCandidate(kind, body);
  await deriveFields(db, kind, candidate, undefined);
  const details = [
    ...problems,
    ...(
      await validateRecord(db, {
        kind,
        candidate,
        before: undefined,
        changed: changedFields(kind, undefined, candidate),
        reason,
        checkTransitions: false,
      })
    ).filter((d) => !problems.some((m) => m.field === d.field)),
  ];
  if (details.length) throw invalid(details);
  return db.transaction().execute((trx) => insertWithHistory(trx, kind, candidate, { reason, actor, meta }));
}

/** A new record's fields: the request's, the defaults, the kind's first status. */
function newCandidate(kind: KindDefinition, body: Record<string, unknown>) {
  const candidate: Record<string, unknown> = {};
  const problems: ErrorDetail[] = [];
  for (const [name, spec] of Object.entries(kind.fields)) {
    if (spec.readOnly || spec.derived) continue;
    if (kind.initialStatus && name === kind.statusField) {
      if (body[name] !== undefined && body[name] !== kind.initialStatus)
        problems.push(problemDetail(`body.${name}`, 'starts_as', { status: kind.initialStatus }));
      candidate[name] = kind.initialStatus;
    } else if (body[name] !== undefined) candidate[name] = body[name];
    else if (spec.required) problems.push(problemDetail(`body.${name}`, 'required'));
    else candidate[name] = spec.default ?? null;
  }
  return { candidate, problems };
}

/** Inside a transaction: the new record, its first history row, its links checked, its side effects. */
async function insertWithHistory(
  trx: Database,
  kind: KindDefinition,
  candidate: Record<string, unknown>,
  how: { reason: string | null; actor: Actor; origin?: 'imported'; meta?: HistoryMeta },
): Promise<RecordSnapshot> {
  const id = await insertRecord(trx, kind, candidate, how.origin);
  const after = (await loadRecord(trx, kind, id))!.record;
  await insertHistory(trx, {
    kind: kind.id,
    recordId: id,
    version: after.version,
    action: 'create',
    reason: how.reason,
    user: how.actor,
    before: null,
    after,
    meta: how.meta,
  });
  await assertLinksHold(trx, kind, after);
  await afterWrite(trx, kind, after, how.actor, null);
  return after;
}

export async function updateRecordWithVersion(
  db: Database,
  kind: KindDefinition,
  id: number,
  expectedVersion: number,
  patch: Record<string, unknown>,
  reason: string | null,
  actor: Actor,
  meta?: HistoryMeta,
): Promise<RecordSnapshot> {
  const before = await loadOr404(db, kind, id);
  if (before.deletedAt)
    throw new AppError(409, 'conflict', `${kind.nameEn} ${id} is deleted; restore it first.`);
  if (before.version !== expectedVersion) throw preconditionFailed(before);
  const candidate: Record<string, unknown> = { ...before };
  for (const name of editableFields(kind)) if (patch[name] !== undefined) candidate[name] = patch[name];
  assertMayTakeStep(kind, before, candidate, actor);
  await deriveFields(db, kind, candidate, before);
  const changed = changedFields(kind, before, candidate);
  const details = await validateRecord(db, {
    kind,
    candidate,
    before,
    changed,
    reason,
    checkTransitions: true,
  });
  if (details.length) throw invalid(details);
  if (changed.size === 0) return before; // nothing to change: no new version
  const changes = Object.fromEntries([...changed].map((name) => [name, candidate[name]]));
  return writeVersion(db, kind, before, changes, { action: 'update', reason, actor, meta });
}

export async function deleteRecord(
  db: Database,
  kind: KindDefinition,
  id: number,
  expectedVersion: number,
  reason: string | null,
  actor: Actor,
): Promise<RecordSnapshot> {
  const before = await loadOr404(db, kind, id);
  if (before.deletedAt) throw new AppError(409, 'conflict', `${kind.nameEn} ${id} is already deleted.`);
  if (before.version !== expectedVersion) throw preconditionFailed(before);
  if (!reason?.trim()) throw invalid([problemDetail('body.reason', 'reason_required_to_delete')]);
  return writeVersion(db, kind, before, {}, { action: 'delete', reason, actor, deleted: true });
}

/**
 * Inside the write's transaction, after the write, whatever the write was (create, update, delete,
 * restore): a live marker's line is live, and a deleted line has no live markers. The line is read
 * FOR SHARE, which a concurrent UPDATE of that line (its delete) waits for and vice versa, so a
 * marker added while its line is being deleted makes exactly one of the two fail.
 */
async function assertLinksHold(trx: Database, kind: KindDefinition, after: RecordSnapshot): Promise<void> {
  // Only markers stop a line's delete, so only they lock it (inspections completing update their
  // line in the same transaction: a shared lock there could deadlock two of them).
  if (after.deletedAt === null && kind.id === 'boundary-markers' && typeof after.lineId === 'number') {
    const line = await trx
      .selectFrom('boundary_lines')
      .select('id')
      .where('id', '=', String(after.lineId))
      .where('deleted_at', 'is', null)
      .forShare()
      .executeTakeFirst();
    if (!line) throw invalid([problemDetail('body.lineId', 'deleted_line', { id: String(after.lineId) })]);
  }
  if (kind.id !== 'boundary-lines' || after.deletedAt === null) return;
  const id = after.id;
  const markers = await trx
    .selectFrom('boundary_markers')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('line_id', '=', String(id))
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  if (Number(markers.n) > 0) {
    throw new AppError(
      409,
      'conflict',
      `Line ${id} still has ${markers.n} marker(s); delete or move them first.`,
    );
  }
}

/** Makes a new version equal to version `version` (fields and deleted state) of the record. */
export async function restoreRecord(
  db: Database,
  kind: KindDefinition,
  id: number,
  version: number,
  expectedVersion: number,
  reason: string | null,
  actor: Actor,
): Promise<RecordSnapshot> {
  const before = await loadOr404(db, kind, id);
  if (before.version !== expectedVersion) throw preconditionFailed(before);
  const target = await findVersion(db, kind, before, version);
  const candidate: Record<string, unknown> = { ...before };
  for (const name of writableFields(kind)) candidate[name] = target[name];
  assertMayTakeStep(kind, before, candidate, actor);
  const changed = changedFields(kind, before, candidate);
  const why = reason?.trim() ? reason : `恢复到第 ${version} 版`;
  const details = await validateRecord(db, {
    kind,
    candidate,
    before,
    changed,
    reason: why,
    checkTransitions: false,
  });
  if (details.length) throw invalid(details);
  const changes = Object.fromEntries([...changed].map((name) => [name, candidate[name]]));
  return writeVersion(db, kind, before, changes, {
    action: 'restore',
    reason: why,
    actor,
    deleted: target.deletedAt !== null,
  });
}

export async function findVersion(
  db: Database,
  kind: KindDefinition,
  current: RecordSnapshot,
  version: number,
): Promise<RecordSnapshot> {
  if (version === current.version) return current;
  const entry = await findHistoryVersion(db, kind.id, current.id, version);
  if (!entry) throw notFound(`version ${version} of ${kind.nameEn} ${current.id}`);
  return entry.after;
}

type VersionHow = {
  action: 'update' | 'delete' | 'restore';
  reason: string | null;
  actor: Actor;
  deleted?: boolean;
  meta?: HistoryMeta;
};

async function writeVersion(
  db: Database,
  kind: KindDefinition,
  before: RecordSnapshot,
  changes: Record<string, unknown>,
  how: VersionHow,
): Promise<RecordSnapshot> {
  return db.transaction().execute(async (trx) => {
    const after = await applyVersion(trx, kind, before, changes, how);
    await assertLinksHold(trx, kind, after);
    await afterWrite(trx, kind, after, how.actor, before);
    return after;
  });
}

/**
 * Inside a transaction: the version-guarded UPDATE and its history row. Returns the new record,
 * or throws 412 with the current record when someone else's write got there first.
 */
async function applyVersion(
  trx: Database,
  kind: KindDefinition,
  before: RecordSnapshot,
  changes: Record<string, unknown>,
  how: VersionHow,
): Promise<RecordSnapshot> {
  const ok = await updateRecord(trx, kind, before.id, before.version, changes, how.deleted);
  // Read the winner's version on this connection: asking the pool for another one while
  // holding this one could starve the pool when many writers collide.
  if (!ok) throw preconditionFailed((await loadRecord(trx, kind, before.id))!.record);
  await ensureBaseline(trx, kind, before);
  const after = (await loadRecord(trx, kind, before.id))!.record;
  await insertHistory(trx, {
    kind: kind.id,
    recordId: before.id,
    version: after.version,
    action: how.action,
    reason: how.reason,
    user: how.actor,
    before,
    after,
    meta: how.meta,
  });
  return after;
}

/**
 * An inspection's findings set its markers' conditions, and a completed inspection moves its line's
 * last inspection date forward (so the next one falls due five years later): each as a new version
 * of the marker or line with its own history row naming the inspection.
 */
async function afterWrite(
  trx: Database,
  kind: KindDefinition,
  after: RecordSnapshot,
  actor: Actor,
  before: RecordSnapshot | null,
): Promise<void> {
  if (kind.id !== 'inspections' || after.deletedAt) return;
  await applyFindings(trx, after, before, actor);
  if (after.status !== 'completed' || typeof after.endDate !== 'string') return;
  const lines = KINDS['boundary-lines'];
  // Locked, so the version read here is the one the UPDATE below expects.
  const line = (await loadRecord(trx, lines, after.lineId as number, { forUpdate: true }))?.record;
  if (!line || line.deletedAt) return;
  const last = line.lastInspectionDate as string | null;
  if (last !== null && last >= after.endDate) return;
  await applyVersion(
    trx,
    lines,
    line,
    { lastInspectionDate: after.endDate },
    { action: 'update', reason: `联检第 ${String(after.round)} 轮完成（联检记录 ${after.id}）`, actor },
  );
}

interface Finding {
  markerId: number;
  condition: string;
  note?: string | null;
}

const findingsOf = (record: RecordSnapshot | null): Finding[] =>
  Array.isArray(record?.findings) ? (record.findings as Finding[]) : [];

/**
 * Each finding new or changed in this write gives its marker the condition found, unless the marker
 * already has it: so a later edit of the inspection's report does not undo a marker edited since.
 * Markers are locked in id order, so two inspections touching the same markers cannot deadlock.
 */
async function applyFindings(
  trx: Database,
  inspection: RecordSnapshot,
  before: RecordSnapshot | null,
  actor: Actor,
): Promise<void> {
  const earlier = new Map(findingsOf(before).map((f) => [f.markerId, f.condition]));
  const markers = KINDS['boundary-markers'];
  const found = findingsOf(inspection)
    .filter((f) => earlier.get(f.markerId) !== f.condition)
    .sort((a, b) => a.markerId - b.markerId);
  for (const finding of found) {
    const marker = (await loadRecord(trx, markers, finding.markerId, { forUpdate: true }))?.record;
    if (!marker || marker.deletedAt || marker.condition === finding.condition) continue;
    const note = typeof finding.note === 'string' && finding.note.trim() ? `：${finding.note.trim()}` : '';
    await applyVersion(
      trx,
      markers,
      marker,
      { condition: finding.condition },
      {
        action: 'update',
        reason: `联检第 ${String(inspection.round)} 轮发现（联检记录 ${inspection.id}）${note}`,
        actor,
      },
    );
  }
}

/**
 * One record of an import, inside the import's transaction: the same candidate building and
 * validation as a create or a PATCH (transitions, the 50 m rule, reasons), and — when `write` — the
 * same versioned write and history (an untouched record first gets its baseline version). Returns
 * the problems, or nothing when the record is (or would be) written.
 */
export async function checkAndWriteInTransaction(
  trx: Database,
  kind: KindDefinition,
  existing: RecordSnapshot | undefined,
  given: Record<string, unknown>,
  how: {
    reason: string | null;
    actor: Actor;
    write: boolean;
    meta?: HistoryMeta;
    /** Creates are marked imported unless the caller says they were made by hand (sync). */
    origin?: 'imported' | 'manual';
  },
): Promise<ErrorDetail[] | { action: 'create' | 'update' | 'unchanged'; record?: RecordSnapshot }> {
  let candidate: Record<string, unknown>;
  let problems: ErrorDetail[] = [];
  if (existing) {
    candidate = { ...existing };
    for (const name of editableFields(kind)) if (given[name] !== undefined) candidate[name] = given[name];
  } else ({ candidate, problems } = newCandidate(kind, given));
  await deriveFields(trx, kind, candidate, existing);
  const changed = changedFields(kind, existing, candidate);
  const details = [
    ...problems,
    ...(await validateRecord(trx, {
      kind,
      candidate,
      before: existing,
      changed,
      reason: how.reason,
      checkTransitions: existing !== undefined,
    })),
  ];
  if (details.length) return details;
  if (existing && changed.size === 0) return { action: 'unchanged' };
  if (!how.write) return { action: existing ? 'update' : 'create' };
  if (existing) {
    const changes = Object.fromEntries([...changed].map((name) => [name, candidate[name]]));
    const after = await applyVersion(trx, kind, existing, changes, {
      action: 'update',
      reason: how.reason,
      actor: how.actor,
      meta: how.meta,
    });
    await assertLinksHold(trx, kind, after);
    await afterWrite(trx, kind, after, how.actor, existing);
    return { action: 'update', record: after };
  }
  const record = await insertWithHistory(trx, kind, candidate, {
    reason: how.reason,
    actor: how.actor,
    origin: how.origin === 'manual' ? undefined : 'imported',
    meta: how.meta,
  });
  return { action: 'create', record };
}

/**
 * Inside a caller's transaction: puts a record back as it was at `version` (an import's undo), or
 * deletes it when it did not exist before (`version` null). Refused (409) when the record moved on
 * since `expected`, or when deleting a line that still has markers: an undo never overwrites a
 * later edit. Written as a new version with its history row, like every write.
 */
export async function revertInTransaction(
  trx: Database,
  kind: KindDefinition,
  id: number,
  expected: number,
  version: number | null,
  how: { reason: string; actor: Actor },
): Promise<void> {
  const current = (await loadRecord(trx, kind, id, { forUpdate: true }))?.record;
  if (!current) throw notFound(`${kind.nameEn} ${id}`);
  if (current.version !== expected)
    throw new AppError(
      409,
      'conflict',
      `${kind.nameEn} ${id} was changed after the import (now version ${current.version}); undo that change first.`,
    );
  if (version === null) {
    if (kind.id === 'boundary-lines') {
      const { n } = await trx
        .selectFrom('boundary_markers')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('line_id', '=', String(id))
        .where('deleted_at', 'is', null)
        .executeTakeFirstOrThrow();
      if (Number(n) > 0)
        throw new AppError(409, 'conflict', `Line ${id} now has ${n} marker(s); undo or move them first.`);
    }
    await applyVersion(
      trx,
      kind,
      current,
      {},
      { action: 'delete', reason: how.reason, actor: how.actor, deleted: true },
    );
    return;
  }
  const target = await findVersion(trx, kind, current, version);
  const changes: Record<string, unknown> = {};
  for (const name of writableFields(kind))
    if (!sameValue(current[name], target[name])) changes[name] = target[name];
  await applyVersion(trx, kind, current, changes, {
    action: 'restore',
    reason: how.reason,
    actor: how.actor,
  });
}
