// The one way the client talks to the API: `request<T>()` sends (with the CSRF header and JSON or
// multipart body on writes) and maps every failure through errors.ts, so each feature's calls are
// one line of path and type.
import { ApiError, errorFromResponse } from './errors.ts';
import type { ApiFeature, ApiFeatureCollection, CollectionId, District, Meta } from './types.ts';

export { ApiError, ConflictError, type ErrorDetail } from './errors.ts';

/** Sent on every request that changes data. Browsers add Origin themselves; this header covers a
 * signed-in request without one (the server's CSRF rule, README "CSRF"). A page elsewhere cannot
 * add it without a CORS preflight, which the server never grants. */
export const APP_HEADERS = { 'x-requested-with': 'civic-atlas' } as const;

export type WriteMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * The RequestInit of every POST/PUT/PATCH/DELETE the client sends: a JSON body (or FormData for
 * uploads, with the browser's multipart boundary), the session cookie, and APP_HEADERS.
 */
export function writeRequest(
  method: WriteMethod,
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

export interface RequestOptions {
  method?: 'GET' | WriteMethod;
  /** JSON-serialisable, or FormData for an upload. Writes without one send `{}`. */
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** The record version the user saw: sent as If-Match (a newer one answers 412 → ConflictError). */
  ifMatch?: number;
}

/**
 * Calls the API. Resolves with the parsed body; rejects with ApiError (`code` 'network' when the
 * server cannot be reached), ConflictError on a 412 carrying the current record, or the AbortError
 * of a cancelled call.
 */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', body, signal, ifMatch } = options;
  const headers = { ...options.headers, ...(ifMatch !== undefined ? { 'if-match': `"${ifMatch}"` } : {}) };
  const init: RequestInit =
    method === 'GET'
      ? {
          signal,
          credentials: 'same-origin',
          headers: { accept: 'application/json, application/geo+json', ...headers },
        }
      : writeRequest(method, body, { headers, signal });
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', 'network');
  }
  const parsed: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw errorFromResponse(response.status, parsed);
  return parsed as T;
}

/** GET shorthand. */
export const getJson = <T>(path: string, signal?: AbortSignal) => request<T>(path, { signal });

/** A query string from the defined values (arrays comma-joined), with its `?`, or ''. */
export function queryString(query: object): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    params.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  const qs = params.toString();
  return qs ? `?${qs}` : '';
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
  return `/api/collections/${collection}/items${queryString(query)}`;
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
