// Sends the outbox to the server (POST /api/sync) and records each answer: saved and merged edits
// leave the outbox, conflicts and refusals stay with what the server said, and the device's copy of
// the record becomes the server's. Photos taken offline are uploaded first and their ids put where
// the edit referred to them. Runs by itself when the connection comes back (`online`), and by hand.
// A lost connection halfway leaves the rest queued; a resent operation is answered once by the
// server, so nothing is applied twice.
import type { SyncResult } from '../../server/contract/field-kit.ts';
import { type OfflineDb, type OutboxEntry, recordKey } from './db.ts';

/** fetch as the page has it; tests pass one that adds their server's address and cookie. */
export type Fetch = (path: string, init?: RequestInit) => Promise<Response>;

export interface SyncReport {
  sent: number;
  saved: number;
  merged: number;
  conflicts: number;
  rejected: number;
  /** Why sync stopped early: no connection, signed out, the server refused the whole request. */
  stopped?: 'offline' | 'unauthorized' | 'server';
}

const BATCH = 50;
const APP_HEADERS = { 'x-requested-with': 'civic-atlas' };

class Stop extends Error {
  constructor(readonly why: NonNullable<SyncReport['stopped']>) {
    super(why);
  }
}

async function send(fetcher: Fetch, path: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetcher(path, { credentials: 'same-origin', ...init });
  } catch {
    throw new Stop('offline');
  }
  if (response.status === 401 || response.status === 403) throw new Stop('unauthorized');
  return response;
}

/** Uploads the photos an entry refers to as "local:<id>" and returns its changes with real ids. */
async function withUploadedPhotos(db: OfflineDb, fetcher: Fetch, entry: OutboxEntry) {
  const replace = async (value: unknown): Promise<unknown> => {
    if (typeof value === 'string' && value.startsWith('local:')) {
      const photo = await db.get('photos', value.slice('local:'.length));
      if (!photo) return undefined;
      if (photo.uploadedId === undefined) {
        const form = new FormData();
        form.append('file', photo.blob, photo.name);
        const response = await send(fetcher, '/api/photos', {
          method: 'POST',
          body: form,
          headers: { accept: 'application/json', ...APP_HEADERS },
        });
        if (!response.ok) throw new Stop('server');
        photo.uploadedId = ((await response.json()) as { id: number }).id;
        await db.put('photos', photo);
      }
      return photo.uploadedId;
    }
    if (Array.isArray(value)) return (await Promise.all(value.map(replace))).filter((v) => v !== undefined);
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = await replace(v);
      return out;
    }
    return value;
  };
  return (await replace(entry.changes)) as Record<string, unknown>;
}

async function applyResult(db: OfflineDb, entry: OutboxEntry, result: SyncResult, syncedAt: string) {
  const tx = db.transaction(['outbox', 'records', 'photos'], 'readwrite');
  if (result.record && result.id !== undefined) {
    const key = recordKey(entry.kind, result.id);
    const stored = await tx.objectStore('records').get(key);
    await tx.objectStore('records').put({
      key,
      kind: entry.kind,
      id: result.id,
      areaIds: stored?.areaIds ?? [],
      record: result.record as OutboxEntry['changes'] & { id: number; version: number },
    });
  }
  if (result.outcome === 'saved' || result.outcome === 'merged') {
    await tx.objectStore('outbox').delete(entry.seq!);
    for (const ref of JSON.stringify(entry.changes).match(/local:[0-9a-f-]{36}/g) ?? [])
      await tx.objectStore('photos').delete(ref.slice('local:'.length));
  } else {
    await tx.objectStore('outbox').put({
      ...entry,
      state: result.outcome,
      ...(result.id !== undefined ? { recordId: result.id } : {}),
      ...(result.conflict ? { conflict: result.conflict } : {}),
      ...(result.error ? { error: result.error as OutboxEntry['error'] } : {}),
      syncedAt,
    });
  }
  await tx.done;
}

export class SyncRunner extends EventTarget {
  private running: Promise<SyncReport> | null = null;
  lastReport: SyncReport | null = null;

  constructor(
    private readonly db: OfflineDb,
    private readonly fetcher: Fetch = (path, init) => fetch(path, init),
  ) {
    super();
  }

  /** Sync whenever the browser says the connection is back; returns the stop function. */
  start(target: Pick<Window, 'addEventListener' | 'removeEventListener'> = window): () => void {
    const onOnline = () => void this.run();
    target.addEventListener('online', onOnline);
    return () => target.removeEventListener('online', onOnline);
  }

  /** One pass over the outbox; a second call while one runs gets the same pass. */
  run(): Promise<SyncReport> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async setState(entries: OutboxEntry[], state: OutboxEntry['state']) {
    const tx = this.db.transaction('outbox', 'readwrite');
    for (const entry of entries) {
      const now = await tx.store.get(entry.seq!);
      if (now) await tx.store.put({ ...now, state });
    }
    await tx.done;
  }

  private async pass(): Promise<SyncReport> {
    const report: SyncReport = { sent: 0, saved: 0, merged: 0, conflicts: 0, rejected: 0 };
    // Left "syncing" by a page closed mid-sync: send again (the server answers a resend once).
    await this.setState(await this.db.getAllFromIndex('outbox', 'byState', 'syncing'), 'pending');
    const pending = (await this.db.getAllFromIndex('outbox', 'byState', 'pending')).sort(
      (a, b) => (a.seq ?? 0) - (b.seq ?? 0),
    );
    this.dispatchEvent(new Event('change'));
    try {
      for (let i = 0; i < pending.length; i += BATCH) {
        const batch = pending.slice(i, i + BATCH);
        // Marked as being sent, so an edit made meanwhile queues on its own instead of joining one
        // whose answer is about to remove it.
        await this.setState(batch, 'syncing');
        const operations = [];
        for (const entry of batch) {
          operations.push({
            opId: entry.opId,
            kind: entry.kind,
            action: entry.action,
            ...(entry.action === 'update' ? { id: entry.recordId, baseVersion: entry.baseVersion } : {}),
            changes: await withUploadedPhotos(this.db, this.fetcher, entry),
            ...(entry.reason ? { reason: entry.reason } : {}),
            editedAt: entry.editedAt,
            offline: true,
          });
        }
        const response = await send(this.fetcher, '/api/sync', {
          method: 'POST',
          headers: { accept: 'application/json', 'content-type': 'application/json', ...APP_HEADERS },
          body: JSON.stringify({ operations }),
        });
        if (!response.ok) throw new Stop('server');
        const body = (await response.json()) as { syncedAt: string; results: SyncResult[] };
        for (const [j, result] of body.results.entries()) {
          await applyResult(this.db, batch[j]!, result, body.syncedAt);
          report.sent++;
          if (result.outcome === 'saved') report.saved++;
          else if (result.outcome === 'merged') report.merged++;
          else if (result.outcome === 'conflict') report.conflicts++;
          else report.rejected++;
        }
        this.dispatchEvent(new Event('change'));
      }
    } catch (error) {
      await this.setState(await this.db.getAllFromIndex('outbox', 'byState', 'syncing'), 'pending');
      if (!(error instanceof Stop)) throw error;
      report.stopped = error.why;
    }
    this.lastReport = report;
    this.dispatchEvent(new Event('change'));
    return report;
  }
}
