// Queueing an edit made without a connection: it goes into the outbox with the version of the
// record it started from, and the device's copy of the record shows it at once. A second edit of
// the same record before sync joins the first (one operation, the first base version), so the
// server merges once against what the person really started from.
import { type LocalPhoto, type OfflineDb, type OutboxEntry, recordKey } from './db.ts';

export type QueuedEdit = Pick<
  OutboxEntry,
  'kind' | 'action' | 'recordId' | 'baseVersion' | 'changes' | 'reason' | 'label'
> & {
  /** Photos taken with this edit: added to the record's photoIds once uploaded. */
  photos?: { blob: Blob; name: string }[];
  /** When the edit was made (default now). */
  editedAt?: string;
};

const localPhotoRef = (localId: string) => `local:${localId}`;

export async function queueEdit(db: OfflineDb, edit: QueuedEdit): Promise<OutboxEntry> {
  const editedAt = edit.editedAt ?? new Date().toISOString();
  const tx = db.transaction(['outbox', 'photos', 'records'], 'readwrite');
  const changes = { ...edit.changes };
  if (edit.photos?.length) {
    const stored = tx.objectStore('records');
    const current =
      edit.recordId !== undefined
        ? (await stored.get(recordKey(edit.kind, edit.recordId)))?.record
        : undefined;
    const ids = Array.isArray(changes.photoIds)
      ? [...(changes.photoIds as unknown[])]
      : [...((current?.photoIds as unknown[] | undefined) ?? [])];
    for (const photo of edit.photos) {
      const local: LocalPhoto = {
        localId: crypto.randomUUID(),
        blob: photo.blob,
        name: photo.name,
        takenAt: editedAt,
      };
      await tx.objectStore('photos').put(local);
      ids.push(localPhotoRef(local.localId));
    }
    changes.photoIds = ids;
  }
  let entry: OutboxEntry | undefined;
  if (edit.action === 'update' && edit.recordId !== undefined) {
    // Join a pending edit of the same record.
    for (const pending of await tx.objectStore('outbox').index('byState').getAll('pending')) {
      if (pending.kind === edit.kind && pending.recordId === edit.recordId && pending.action === 'update') {
        entry = {
          ...pending,
          changes: { ...pending.changes, ...changes },
          reason: [pending.reason, edit.reason].filter(Boolean).join('；') || undefined,
          editedAt,
        };
        break;
      }
    }
  }
  entry ??= {
    opId: crypto.randomUUID(),
    kind: edit.kind,
    action: edit.action,
    ...(edit.recordId !== undefined ? { recordId: edit.recordId } : {}),
    ...(edit.baseVersion !== undefined ? { baseVersion: edit.baseVersion } : {}),
    changes,
    ...(edit.reason ? { reason: edit.reason } : {}),
    editedAt,
    state: 'pending',
    label: edit.label,
  };
  entry.seq = await tx.objectStore('outbox').put(entry);
  if (edit.recordId !== undefined) {
    const records = tx.objectStore('records');
    const key = recordKey(edit.kind, edit.recordId);
    const stored = await records.get(key);
    if (stored) await records.put({ ...stored, record: { ...stored.record, ...changes } });
  }
  await tx.done;
  return entry;
}

/** What waits: every entry not yet accepted by the server, oldest first. */
export async function outboxEntries(db: OfflineDb): Promise<OutboxEntry[]> {
  return (await db.getAll('outbox')).sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
}

export async function pendingCount(db: OfflineDb): Promise<number> {
  return db.countFromIndex('outbox', 'byState', 'pending');
}

/** After the person fixed a refused edit: back in the queue with the new values. */
export async function requeue(db: OfflineDb, seq: number, changes: Record<string, unknown>, reason?: string) {
  const entry = await db.get('outbox', seq);
  if (!entry) return;
  await db.put('outbox', {
    ...entry,
    changes: { ...entry.changes, ...changes },
    ...(reason ? { reason } : {}),
    state: 'pending',
    error: undefined,
  });
}

export async function dropEntry(db: OfflineDb, seq: number): Promise<void> {
  await db.delete('outbox', seq);
}

/** A photo taken without a connection: kept as a Blob; the edit refers to it as "local:<id>". */
export async function storeLocalPhoto(db: OfflineDb, blob: Blob, name: string): Promise<string> {
  const localId = crypto.randomUUID();
  await db.put('photos', { localId, blob, name, takenAt: new Date().toISOString() });
  return localPhotoRef(localId);
}

/** An object URL for a photo still on the device ("local:<id>"), or null when it is gone. */
export async function localPhotoUrl(db: OfflineDb, ref: string): Promise<string | null> {
  const photo = await db.get('photos', ref.slice('local:'.length));
  return photo ? URL.createObjectURL(photo.blob) : null;
}
