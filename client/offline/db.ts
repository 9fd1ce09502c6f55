// The device's offline store (IndexedDB through idb), shared by the page and the service worker:
// - areas: what was taken offline (a line, town or district), when, how big, whether the browser
//   promised to keep it (navigator.storage.persist());
// - records: the boundary records of those areas, with the device's own queued edits applied;
// - files: tiles and photo thumbnails by URL path, so the service worker answers them offline;
// - outbox: edits waiting to sync, each with the record version it started from;
// - photos: photos taken offline, as Blobs until they are uploaded.
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type {
  ConflictField,
  OfflineAreaKind,
  OutboxState,
  SyncAction,
} from '../../server/contract/field-kit.ts';

export const OFFLINE_KINDS = ['boundary-lines', 'boundary-markers', 'inspections', 'disputes'] as const;
export type RecordKind = (typeof OFFLINE_KINDS)[number];
export const isOfflineKind = (kind: string): kind is RecordKind =>
  (OFFLINE_KINDS as readonly string[]).includes(kind);

export interface OfflineArea {
  /** e.g. "district:500111", "line:12" */
  id: string;
  kind: OfflineAreaKind;
  key: string;
  name: string;
  district: string;
  bbox: [number, number, number, number];
  savedAt: string;
  bytes: number;
  files: number;
  /** navigator.storage.persist(): true when the browser will not evict it under storage pressure. */
  persisted: boolean | null;
}

export interface StoredRecord {
  key: string; // `${kind}/${id}`
  kind: RecordKind;
  id: number;
  areaIds: string[];
  record: Record<string, unknown> & { id: number; version: number };
}

export interface StoredFile {
  /** URL path and query, e.g. /tiles/towns/12/3250/1697.mvt */
  path: string;
  type: string;
  data: ArrayBuffer;
  areaIds: string[];
}

export interface OutboxEntry {
  seq?: number;
  opId: string;
  kind: RecordKind;
  action: SyncAction;
  /** The record edited (updates); for a new record, the id it gets once synced. */
  recordId?: number;
  baseVersion?: number;
  /** Fields changed; a photo taken offline appears in photoIds as "local:<id>" until uploaded. */
  changes: Record<string, unknown>;
  reason?: string;
  editedAt: string;
  state: OutboxState;
  /** A short text for the outbox list, e.g. "界桩 004Q". */
  label: string;
  error?: { code: string; message: string; details?: { field?: string; problem?: string }[] };
  conflict?: { id: number; fields: ConflictField[] };
  syncedAt?: string;
}

export interface LocalPhoto {
  localId: string;
  blob: Blob;
  name: string;
  takenAt: string;
  uploadedId?: number;
}

interface OfflineSchema extends DBSchema {
  areas: { key: string; value: OfflineArea };
  records: { key: string; value: StoredRecord; indexes: { byKind: string } };
  files: { key: string; value: StoredFile };
  outbox: { key: number; value: OutboxEntry; indexes: { byState: string; byOp: string } };
  photos: { key: string; value: LocalPhoto };
}

export type OfflineDb = IDBPDatabase<OfflineSchema>;

export const OFFLINE_DB_NAME = 'civic-atlas-offline';

export function openOfflineDb(name = OFFLINE_DB_NAME): Promise<OfflineDb> {
  return openDB<OfflineSchema>(name, 1, {
    upgrade(db) {
      db.createObjectStore('areas', { keyPath: 'id' });
      db.createObjectStore('records', { keyPath: 'key' }).createIndex('byKind', 'kind');
      db.createObjectStore('files', { keyPath: 'path' });
      const outbox = db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
      outbox.createIndex('byState', 'state');
      outbox.createIndex('byOp', 'opId', { unique: true });
      db.createObjectStore('photos', { keyPath: 'localId' });
    },
  });
}

export const recordKey = (kind: RecordKind, id: number) => `${kind}/${id}`;

/** The records of one kind kept offline, filtered as the list API filters them. */
export async function offlineRecords(
  db: OfflineDb,
  kind: RecordKind,
  filter: { district?: string; line?: number; condition?: string[] } = {},
): Promise<StoredRecord['record'][]> {
  const all = await db.getAllFromIndex('records', 'byKind', kind);
  let lineDistrict: Map<number, string> | undefined;
  if (filter.district && (kind === 'boundary-markers' || kind === 'inspections')) {
    const lines = await db.getAllFromIndex('records', 'byKind', 'boundary-lines');
    lineDistrict = new Map(lines.map((l) => [l.id, String(l.record.districtCode)]));
  }
  return all
    .map((r) => r.record)
    .filter((r) => !r.deletedAt)
    .filter((r) => {
      if (filter.line !== undefined && r.lineId !== filter.line) return false;
      if (filter.condition?.length && !filter.condition.includes(String(r.condition))) return false;
      if (!filter.district) return true;
      if (lineDistrict) return lineDistrict.get(r.lineId as number) === filter.district;
      return r.districtCode === filter.district;
    })
    .sort((a, b) => a.id - b.id);
}
