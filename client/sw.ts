// The service worker (built by vite-plugin-pwa, injectManifest): the app shell is precached so the
// app opens with no connection after one visit; tiles and photo thumbnails come from the network
// and, without one, from the offline areas in IndexedDB; API reads fall back to the device's copy
// of the boundary records (with its queued edits) or to the last answer seen.
/// <reference lib="webworker" />
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { type OfflineDb, offlineRecords, openOfflineDb, type RecordKind, recordKey } from './offline/db.ts';

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: (string | { url: string; revision: string | null })[];
};

const API_CACHE = 'civic-atlas-api-v1';

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// What the app asks first on every start: kept at install, since the first visit's own requests
// were made before this worker was there to keep them.
const START_READS = ['/api/districts', '/api/meta', '/api/auth/me', '/api/basemaps'];
self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(API_CACHE);
      await Promise.all(
        START_READS.map(async (path) => {
          const response = await fetch(path, { credentials: 'same-origin' }).catch(() => undefined);
          if (response?.ok) await cache.put(path, response);
        }),
      );
      await self.skipWaiting();
    })(),
  );
});
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

registerRoute(
  new NavigationRoute(createHandlerBoundToURL('/index.html'), {
    denylist: [/^\/api\//, /^\/tiles\//, /^\/basemap\//, /^\/docs/],
  }),
);

let dbPromise: Promise<OfflineDb> | null = null;
const offlineDb = () => {
  dbPromise ??= openOfflineDb();
  return dbPromise;
};

const RECORD_KINDS = new Set<RecordKind>(['boundary-lines', 'boundary-markers', 'inspections', 'disputes']);

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'x-civic-offline': '1' },
  });

/** A tile or thumbnail: the network, else the offline area's copy, else an empty tile. */
async function fileFirstNetwork(request: Request, url: URL): Promise<Response> {
  try {
    return await fetch(request);
  } catch {
    const db = await offlineDb();
    // A refreshed tile asks with ?v=…: the area's copy is kept by path.
    const file = (await db.get('files', url.pathname + url.search)) ?? (await db.get('files', url.pathname));
    if (file)
      return new Response(file.data, { headers: { 'content-type': file.type, 'x-civic-offline': '1' } });
    // No tile kept here: drawn as empty rather than as a failed request.
    return url.pathname.startsWith('/api/')
      ? json({ error: { code: 'offline', message: 'offline' } }, 503)
      : new Response(null, { status: 204 });
  }
}

/** GET /api/{kind} and /api/{kind}/{id} answered from the device's copy. */
async function fromOfflineRecords(url: URL): Promise<Response | undefined> {
  const [, , kind, id, rest] = url.pathname.split('/');
  if (!kind || !RECORD_KINDS.has(kind as RecordKind) || rest) return undefined;
  const db = await offlineDb();
  if (id) {
    const stored = await db.get('records', recordKey(kind as RecordKind, Number(id)));
    return stored ? json(stored.record) : undefined;
  }
  if (url.searchParams.get('deleted') === 'true') return undefined;
  const line = url.searchParams.get('line');
  const items = await offlineRecords(db, kind as RecordKind, {
    district: url.searchParams.get('district') ?? undefined,
    line: line ? Number(line) : undefined,
    condition: url.searchParams.get('condition')?.split(','),
  });
  return json({ items });
}

async function apiRead(request: Request, url: URL): Promise<Response> {
  const cache = await caches.open(API_CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch {
    const local = await fromOfflineRecords(url);
    if (local) return local;
    const cached = await cache.match(request);
    if (cached) return cached;
    return json(
      { error: { code: 'offline', message: 'No connection, and this was not kept for offline use.' } },
      503,
    );
  }
}

const NEVER_CACHED = /^\/api\/(photos\/\d+$|exports|imports|offline-package|sync|auth\/login)/;

/** Who is signed in, kept fresh after a sign-in or out, so the app offline knows the user. */
async function refreshSignedIn(): Promise<void> {
  const response = await fetch('/api/auth/me', { credentials: 'same-origin' }).catch(() => undefined);
  if (response?.ok) await (await caches.open(API_CACHE)).put('/api/auth/me', response);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method === 'POST' && /^\/api\/auth\/(login|logout)$/.test(url.pathname)) {
    event.respondWith(
      fetch(request).then((response) => {
        event.waitUntil(refreshSignedIn());
        return response;
      }),
    );
    return;
  }
  if (request.method !== 'GET') return;
  if (url.origin !== self.location.origin) return;
  if (
    url.pathname.startsWith('/tiles/') ||
    url.pathname.startsWith('/basemap/tiles/') ||
    /^\/api\/photos\/\d+\/thumbnail$/.test(url.pathname)
  ) {
    event.respondWith(fileFirstNetwork(request, url));
  } else if (url.pathname.startsWith('/api/') && !NEVER_CACHED.test(url.pathname)) {
    event.respondWith(apiRead(request, url));
  }
});
