// "Take this area offline": fetch the area's package (records, photo thumbnails, tile list), then
// every tile and thumbnail into the offline store, with progress; ask the browser to keep the
// data (navigator.storage.persist()) and remember whether it agreed.
import { expandTiles, type ZoomTiles } from '../../server/contract/field-kit.ts';
import { type OfflineArea, type OfflineDb, type RecordKind, recordKey, type StoredFile } from './db.ts';
import type { Fetch } from './sync.ts';

export interface OfflinePackage {
  area: { kind: OfflineArea['kind']; key: string; name: string; district: string; bbox: OfflineArea['bbox'] };
  records: Record<RecordKind, (Record<string, unknown> & { id: number; version: number })[]>;
  photos: { id: number; thumbnailUrl: string; bytes: number }[];
  tiles: {
    layers: { id: string; template: string; minzoom: number; maxzoom: number }[];
    basemap?: { template: string; minzoom: number; maxzoom: number };
    zooms: ZoomTiles[];
  };
  estimate: { bytes: number };
}

export interface Progress {
  done: number;
  total: number;
  bytes: number;
}

const CONCURRENCY = 6;

export function packageUrl(kind: OfflineArea['kind'], key: string): string {
  return `/api/offline-package?${kind}=${encodeURIComponent(key)}`;
}

export async function fetchPackage(
  fetcher: Fetch,
  kind: OfflineArea['kind'],
  key: string,
): Promise<OfflinePackage> {
  const response = await fetcher(packageUrl(kind, key), {
    credentials: 'same-origin',
    headers: { accept: 'application/json' },
  });
  if (!response.ok) throw new Error(`offline package: HTTP ${response.status}`);
  return (await response.json()) as OfflinePackage;
}

/** Every URL path the area needs: our tiles up to their zoom, the base map's, the thumbnails. */
export function packagePaths(pack: OfflinePackage): string[] {
  const paths: string[] = [];
  const fill = (template: string, z: number, x: number, y: number) =>
    template.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y));
  for (const [z, x, y] of expandTiles(pack.tiles.zooms)) {
    for (const layer of pack.tiles.layers)
      if (z >= layer.minzoom && z <= layer.maxzoom) paths.push(fill(layer.template, z, x, y));
    const base = pack.tiles.basemap;
    if (base && z >= base.minzoom && z <= base.maxzoom) paths.push(fill(base.template, z, x, y));
  }
  for (const photo of pack.photos) paths.push(photo.thumbnailUrl);
  return paths;
}

export async function takeAreaOffline(
  db: OfflineDb,
  fetcher: Fetch,
  pack: OfflinePackage,
  options: {
    onProgress?: (p: Progress) => void;
    signal?: AbortSignal;
    persist?: () => Promise<boolean>;
  } = {},
): Promise<OfflineArea> {
  const areaId = `${pack.area.kind}:${pack.area.key}`;
  const paths = packagePaths(pack);
  const progress: Progress = { done: 0, total: paths.length, bytes: 0 };
  let next = 0;
  const worker = async () => {
    while (next < paths.length) {
      if (options.signal?.aborted) throw new DOMException('aborted', 'AbortError');
      const path = paths[next++]!;
      const response = await fetcher(path, { credentials: 'same-origin', signal: options.signal });
      // 204: an empty vector tile; kept too, so offline it is known to be empty.
      if (response.ok) {
        const data = await response.arrayBuffer();
        const file: StoredFile = {
          path,
          type: response.headers.get('content-type') ?? 'application/octet-stream',
          data,
          areaIds: [areaId],
        };
        const existing = await db.get('files', path);
        if (existing) file.areaIds = [...new Set([...existing.areaIds, areaId])];
        await db.put('files', file);
        progress.bytes += data.byteLength;
      }
      progress.done++;
      options.onProgress?.({ ...progress });
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, paths.length) }, worker));

  const tx = db.transaction(['records', 'outbox'], 'readwrite');
  // The device's queued edits stay on top of the fresh copy.
  const queued = new Map<string, Record<string, unknown>>();
  for (const entry of await tx.objectStore('outbox').getAll())
    if (entry.recordId !== undefined && (entry.state === 'pending' || entry.state === 'syncing'))
      queued.set(recordKey(entry.kind, entry.recordId), entry.changes);
  for (const [kind, records] of Object.entries(pack.records) as [
    RecordKind,
    OfflinePackage['records'][RecordKind],
  ][]) {
    for (const record of records) {
      const key = recordKey(kind, record.id);
      const stored = await tx.objectStore('records').get(key);
      await tx.objectStore('records').put({
        key,
        kind,
        id: record.id,
        areaIds: [...new Set([...(stored?.areaIds ?? []), areaId])],
        record: { ...record, ...(queued.get(key) ?? {}) },
      });
    }
  }
  await tx.done;
  const persist = options.persist ?? (() => navigator.storage?.persist?.() ?? Promise.resolve(false));
  const area: OfflineArea = {
    id: areaId,
    ...pack.area,
    savedAt: new Date().toISOString(),
    bytes: progress.bytes,
    files: progress.done,
    persisted: await persist().catch(() => null),
  };
  await db.put('areas', area);
  return area;
}
