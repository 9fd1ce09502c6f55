// Typed fetch client over the Civic Atlas API. Every failure becomes an ApiError carrying the
// server's `{"error":{"code","message","details"}}` so the UI can show it next to what caused it.
import type { ApiFeature, ApiFeatureCollection, CollectionId, District, Meta } from './types.ts';

export interface ErrorDetail {
  field?: string;
  problem?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

function isErrorBody(
  value: unknown,
): value is { error: { code: string; message: string; details?: unknown } } {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && 'message' in error && 'code' in error;
}

/** Sent on every request that changes data. Browsers add Origin themselves; this header covers a
 * signed-in request without one (the server's CSRF rule, README "CSRF"). A page elsewhere cannot
 * add it without a CORS preflight, which the server never grants. */
export const APP_HEADERS = { 'x-requested-with': 'civic-atlas' } as const;

/**
 * The RequestInit of every POST/PUT/PATCH/DELETE the client sends: a JSON body (or FormData for
 * uploads, with the browser's multipart boundary), the session cookie, and APP_HEADERS.
 */
export function writeRequest(
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  body: unknown,
  options: { headers?: Record<string, string>; signal?: AbortSignal } = {},
): RequestInit {
  const form = typeof FormData !== 'undefined' && body instanceof FormData;
  return {
    method,
    signal: options.signal,
    credentials: 'same-origin',
    headers: {
      accept: 'application/json',
      ...(form ? {} : { 'content-type': 'application/json' }),
      ...APP_HEADERS,
      ...options.headers,
    },
    body: form ? body : JSON.stringify(body ?? {}),
  };
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { signal, headers: { accept: 'application/json, application/geo+json' } });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', 'network');
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    if (isErrorBody(body)) {
      const details = Array.isArray(body.error.details) ? (body.error.details as ErrorDetail[]) : undefined;
      throw new ApiError(response.status, body.error.code, body.error.message, details);
    }
    throw new ApiError(response.status, 'http', `HTTP ${response.status}`);
  }
  return body as T;
}

export interface ItemsQuery {
  district?: string;
  bbox?: [number, number, number, number];
  limit?: number;
  offset?: number;
  town?: string;
  category?: string;
  subtype?: string;
  status?: string;
  kind?: string;
  line?: string;
  /** Any queryable of the collection as name=value, e.g. place names' isHistorical. */
  isHistorical?: boolean;
}

export function itemsUrl(collection: CollectionId, query: ItemsQuery = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    params.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  const qs = params.toString();
  return `/api/collections/${collection}/items${qs ? `?${qs}` : ''}`;
}

export const api = {
  districts: (signal?: AbortSignal) =>
    getJson<{ districts: District[] }>('/api/districts', signal).then((r) => r.districts),
  meta: (signal?: AbortSignal) => getJson<Meta>('/api/meta', signal),
  items: (collection: CollectionId, query: ItemsQuery = {}, signal?: AbortSignal) =>
    getJson<ApiFeatureCollection>(itemsUrl(collection, query), signal),
  item: (collection: CollectionId, featureId: string, signal?: AbortSignal) =>
    getJson<ApiFeature>(`/api/collections/${collection}/items/${encodeURIComponent(featureId)}`, signal),
};
