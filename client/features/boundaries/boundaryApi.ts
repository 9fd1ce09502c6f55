// Typed calls to the record editing API (server/modules/records: boundary records, facilities,
// place names, village figures, vanished names). Every record carries a version; PATCH and restore send it as If-Match, and a 412 becomes a ConflictError (client/api)
// holding the current record.
import type { Static } from 'typebox';
import type { KindId } from '../../../server/contract/record-kinds.ts';
import type {
  BoundaryStats,
  BoundarySummary,
  Change,
  HistoryEntry as HistoryEntrySchema,
} from '../../../server/contract/records.schemas.ts';
import { queryString, request } from '../../api/client.ts';

export { ConflictError } from '../../api/client.ts';

export type { BoundaryStats, Change };
export type Summary = Static<typeof BoundarySummary>;
/** One version in a record's history (`after` is the record as it was then). */
export type HistoryEntry = Omit<HistoryEntrySchema, 'after'> & { after: BoundaryRecord };

export type Kind = KindId;

export interface BoundaryRecord {
  id: number;
  version: number;
  deletedAt: string | null;
  updatedAt?: string;
  [field: string]: unknown;
}

export const boundaryApi = {
  list: (kind: Kind, query: Record<string, string | number | undefined>) =>
    request<{ items: BoundaryRecord[] }>(`/api/${kind}${queryString(query)}`).then((r) => r.items),
  get: (kind: Kind, id: number) => request<BoundaryRecord>(`/api/${kind}/${id}`),
  create: (kind: Kind, body: Record<string, unknown>) =>
    request<BoundaryRecord>(`/api/${kind}`, { method: 'POST', body }),
  /** Soft delete with the reason (If-Match: the version the user saw). */
  remove: (kind: Kind, id: number, version: number, reason: string) =>
    request<BoundaryRecord>(`/api/${kind}/${id}`, { method: 'DELETE', body: { reason }, ifMatch: version }),
  update: (kind: Kind, id: number, version: number, changes: Record<string, unknown>, reason?: string) =>
    request<BoundaryRecord>(`/api/${kind}/${id}`, {
      method: 'PATCH',
      body: { ...changes, ...(reason ? { reason } : {}) },
      ifMatch: version,
    }),
  history: (kind: Kind, id: number) =>
    request<{ currentVersion: number; items: HistoryEntry[] }>(`/api/${kind}/${id}/history`),
  /** `currentVersion` is the version the user saw (If-Match): a newer one meanwhile → ConflictError. */
  restore: (kind: Kind, id: number, version: number, currentVersion: number, reason?: string) =>
    request<BoundaryRecord>(`/api/${kind}/${id}/restore`, {
      method: 'POST',
      body: { version, ...(reason ? { reason } : {}) },
      ifMatch: currentVersion,
    }),
  stats: (district: string) => request<BoundaryStats>(`/api/boundaries/stats${queryString({ district })}`),
  uploadPhoto: (file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return request<{ id: number; thumbnailUrl: string; url: string }>('/api/photos', {
      method: 'POST',
      body: form,
    });
  },
};
