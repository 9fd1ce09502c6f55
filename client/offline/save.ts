// A save that cannot reach the server goes into the outbox instead of failing: the form shows the
// record with the edit applied and marked as waiting, and the sync runner sends it later.
import type { RecordKind } from './db.ts';
import { queueEdit } from './outbox.ts';
import { announceOutboxChange, offlineStore } from './useOffline.ts';

/** The request never got an answer (no signal), as opposed to a refusal from the server. */
export function isNoConnection(error: unknown): boolean {
  if (typeof navigator !== 'undefined' && navigator.onLine === false) return true;
  const status = (error as { status?: unknown } | null)?.status;
  return status === 0 || error instanceof TypeError;
}

type Record_ = Record<string, unknown> & { id: number; version: number; deletedAt: string | null };

/**
 * Queues a create (base null) or an update of `base`; returns the record as the device now shows
 * it: for a new record a temporary negative id, since the server gives the real one on sync.
 */
export async function queueSave(
  kind: RecordKind,
  base: Record_ | null,
  changes: Record<string, unknown>,
  options: { reason?: string; label: string },
): Promise<Record_ & { queued: true }> {
  const { db } = await offlineStore();
  const entry = await queueEdit(db, {
    kind,
    action: base ? 'update' : 'create',
    ...(base ? { recordId: base.id, baseVersion: base.version } : {}),
    changes,
    ...(options.reason ? { reason: options.reason } : {}),
    label: options.label,
  });
  announceOutboxChange();
  if (base) return { ...base, ...changes, queued: true };
  return { ...changes, id: -(entry.seq ?? 1), version: 0, deletedAt: null, queued: true } as Record_ & {
    queued: true;
  };
}
