// Typed calls to the boundary editing API (server/modules/boundaries). Every record carries a
// version; PATCH and restore send it as If-Match, and a 412 becomes a ConflictError (client/api)
// holding the current record.
import { queryString, request } from '../../api/client.ts';

export { ConflictError } from '../../api/client.ts';

export type Kind = 'boundary-lines' | 'boundary-markers' | 'inspections' | 'disputes';

export interface BoundaryRecord {
  id: number;
  version: number;
  deletedAt: string | null;
  updatedAt?: string;
  [field: string]: unknown;
}

export interface Change {
  field: string;
  before: unknown;
  after: unknown;
  movedM?: number;
}

export interface HistoryEntry {
  version: number;
  action: 'create' | 'update' | 'delete' | 'restore';
  reason: string | null;
  userName: string;
  at: string;
  changes: Change[];
  after: BoundaryRecord;
}

export const boundaryApi = {
  list: (kind: Kind, query: Record<string, string | number | undefined>) =>
    request<{ items: BoundaryRecord[] }>(`/api/${kind}${queryString(query)}`).then((r) => r.items),
  get: (kind: Kind, id: number) => request<BoundaryRecord>(`/api/${kind}/${id}`),
  create: (kind: Kind, body: Record<string, unknown>) =>
    request<BoundaryRecord>(`/api/${kind}`, { method: 'POST', body }),
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

export interface Summary {
  lineCount: number;
  totalKm: number;
  kmByStatus: Record<string, number>;
  delimitedShare: number;
  markerCount: number;
  markersByCondition: Record<string, number>;
  inspectionsOverdue: number;
  inspectionsDueWithin12Months: number;
  openDisputes: number;
  openDisputesByStage: Record<string, number>;
}

export interface BoundaryStats {
  code: string;
  name: string;
  asOf: string;
  district: Summary;
  towns: (Summary & { code: string; name: string })[];
}
