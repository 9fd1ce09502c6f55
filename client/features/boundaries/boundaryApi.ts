// Typed calls to the boundary editing API (server/modules/boundaries). Every record carries a
// version; PATCH and restore send it as If-Match, and a 412 becomes a ConflictError holding their
// record.
import type { Static } from 'typebox';
import type {
  BoundaryStats,
  BoundarySummary,
  Change,
  HistoryEntry as HistoryEntrySchema,
} from '../../../server/modules/boundaries/boundaries.schemas.ts';
import { ApiError, type ErrorDetail, writeRequest } from '../../api/client.ts';

export type { BoundaryStats, Change };
export type Summary = Static<typeof BoundarySummary>;
/** One version in a record's history (`after` is the record as it was then). */
export type HistoryEntry = Omit<HistoryEntrySchema, 'after'> & { after: BoundaryRecord };

export type Kind = 'boundary-lines' | 'boundary-markers' | 'inspections' | 'disputes';

export interface BoundaryRecord {
  id: number;
  version: number;
  deletedAt: string | null;
  updatedAt?: string;
  [field: string]: unknown;
}

/** The server refused a stale write: `theirs` is the record as it is now. */
export class ConflictError extends Error {
  constructor(readonly theirs: BoundaryRecord) {
    super('conflict');
    this.name = 'ConflictError';
  }
}

async function call<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(
      path,
      method === 'GET'
        ? { credentials: 'same-origin', headers: { accept: 'application/json', ...headers } }
        : writeRequest(method, body, { headers }),
    );
  } catch {
    throw new ApiError(0, 'network', 'network');
  }
  const data: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = (data as { error?: { code: string; message: string; details?: unknown } } | undefined)
      ?.error;
    if (
      response.status === 412 &&
      error?.details &&
      typeof error.details === 'object' &&
      'current' in error.details
    ) {
      throw new ConflictError((error.details as { current: BoundaryRecord }).current);
    }
    const details = Array.isArray(error?.details) ? (error.details as ErrorDetail[]) : undefined;
    throw new ApiError(
      response.status,
      error?.code ?? 'http',
      error?.message ?? `HTTP ${response.status}`,
      details,
    );
  }
  return data as T;
}

export const boundaryApi = {
  list: (kind: Kind, query: Record<string, string | number | undefined>) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
    return call<{ items: BoundaryRecord[] }>('GET', `/api/${kind}?${params}`).then((r) => r.items);
  },
  get: (kind: Kind, id: number) => call<BoundaryRecord>('GET', `/api/${kind}/${id}`),
  create: (kind: Kind, body: Record<string, unknown>) => call<BoundaryRecord>('POST', `/api/${kind}`, body),
  update: (kind: Kind, id: number, version: number, changes: Record<string, unknown>, reason?: string) =>
    call<BoundaryRecord>(
      'PATCH',
      `/api/${kind}/${id}`,
      { ...changes, ...(reason ? { reason } : {}) },
      { 'if-match': `"${version}"` },
    ),
  history: (kind: Kind, id: number) =>
    call<{ currentVersion: number; items: HistoryEntry[] }>('GET', `/api/${kind}/${id}/history`),
  /** `currentVersion` is the version the user saw (If-Match): a newer one meanwhile → ConflictError. */
  restore: (kind: Kind, id: number, version: number, currentVersion: number, reason?: string) =>
    call<BoundaryRecord>(
      'POST',
      `/api/${kind}/${id}/restore`,
      { version, ...(reason ? { reason } : {}) },
      { 'if-match': `"${currentVersion}"` },
    ),
  stats: (district: string) => call<BoundaryStats>('GET', `/api/boundaries/stats?district=${district}`),
  uploadPhoto: async (file: File): Promise<{ id: number; thumbnailUrl: string; url: string }> => {
    const form = new FormData();
    form.append('file', file, file.name);
    const response = await fetch('/api/photos', writeRequest('POST', form));
    const data: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const error = (data as { error?: { code: string; message: string } } | undefined)?.error;
      throw new ApiError(response.status, error?.code ?? 'http', error?.message ?? `HTTP ${response.status}`);
    }
    return data as { id: number; thumbnailUrl: string; url: string };
  },
};
