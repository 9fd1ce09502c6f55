// The page's offline modules (client/offline: IndexedDB store, outbox, sync runner, area download)
// against the real server over real HTTP. IndexedDB is fake-indexeddb (Node has none); everything
// else — the API, PostGIS, photo uploads — is real.
import 'fake-indexeddb/auto';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { fetchPackage, takeAreaOffline } from '../../client/offline/area.ts';
import { type OfflineDb, offlineRecords, openOfflineDb, recordKey } from '../../client/offline/db.ts';
import { outboxEntries, pendingCount, queueEdit } from '../../client/offline/outbox.ts';
import { type Fetch, SyncRunner } from '../../client/offline/sync.ts';
import { useTestApp } from '../helpers/app.ts';
import { signIn } from '../helpers/auth.ts';
import { json, lineBody, markerBody, type Place, placeInDistrict } from './boundaries-helpers.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useTestApp();
let base = '';
let cookie = '';
let place: Place;
let dbCount = 0;

beforeAll(async () => {
  await ctx.app.listen({ host: '127.0.0.1', port: 0 });
  const address = ctx.app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  base = `http://127.0.0.1:${address.port}`;
  cookie = await signIn(ctx.app, 'boundary_editor', 'test-field-device');
  place = await placeInDistrict(ctx.app);
});

/** The page's fetch: same-origin paths, the session cookie, the Origin a browser sends. */
const pageFetch: Fetch = (path, init = {}) =>
  fetch(`${base}${path}`, { ...init, headers: { ...(init.headers as object), cookie, origin: base } });

const freshDb = (): Promise<OfflineDb> => openOfflineDb(`test-offline-${process.pid}-${++dbCount}`);

async function newMarker() {
  const line = await ctx.app.inject(json('POST', '/api/boundary-lines', cookie, lineBody(place)));
  const marker = await ctx.app.inject(
    json('POST', '/api/boundary-markers', cookie, markerBody(place, line.json().id)),
  );
  expect(marker.statusCode, marker.body).toBe(201);
  return {
    lineId: line.json().id as number,
    marker: marker.json() as { id: number; version: number; number: string },
  };
}

async function takeLineOffline(db: OfflineDb, lineId: number) {
  const pack = await fetchPackage(pageFetch, 'line', String(lineId));
  return takeAreaOffline(db, pageFetch, pack, { persist: async () => true });
}

/** Queues an update of `marker` as the form would offline. */
const queueUpdate = (
  db: OfflineDb,
  marker: { id: number; version: number },
  changes: Record<string, unknown>,
  extra = {},
) =>
  queueEdit(db, {
    kind: 'boundary-markers',
    action: 'update',
    recordId: marker.id,
    baseVersion: marker.version,
    changes,
    label: '界桩',
    ...extra,
  });

const photo = async () =>
  new Blob(
    [
      await sharp({ create: { width: 40, height: 30, channels: 3, background: '#357' } })
        .jpeg()
        .toBuffer(),
    ],
    {
      type: 'image/jpeg',
    },
  );

describe('offline area', () => {
  it('keeps a line’s records and every tile and thumbnail of its package', async () => {
    const db = await freshDb();
    const { lineId, marker } = await newMarker();
    const pack = await fetchPackage(pageFetch, 'line', String(lineId));
    const seen: number[] = [];
    const area = await takeAreaOffline(db, pageFetch, pack, {
      persist: async () => true,
      onProgress: (p) => seen.push(p.done),
    });
    expect(area).toMatchObject({ id: `line:${lineId}`, persisted: true });
    expect(area.files).toBe(seen.at(-1));
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(await db.count('files')).toBe(area.files);
    const tile = await db.get(
      'files',
      `/tiles/boundary-lines/10/${pack.tiles.zooms[0]!.rows[0]![1]}/${pack.tiles.zooms[0]!.rows[0]![0]}.mvt`,
    );
    expect(tile?.type).toBe('application/vnd.mapbox-vector-tile');
    const markers = await offlineRecords(db, 'boundary-markers', { district: place.district, line: lineId });
    expect(markers.map((m) => m.id)).toEqual([marker.id]);
  });
});

describe('outbox and sync', () => {
  it('joins two edits of one record, uploads the photo, and empties the outbox on sync', async () => {
    const db = await freshDb();
    const { lineId, marker } = await newMarker();
    await takeLineOffline(db, lineId);
    await queueUpdate(
      db,
      marker,
      { condition: 'damaged' },
      { reason: '桩体开裂', photos: [{ blob: await photo(), name: '开裂.jpg' }] },
    );
    await queueUpdate(db, marker, { note: '需更换' });
    expect(await pendingCount(db)).toBe(1);
    const [entry] = await outboxEntries(db);
    expect(entry!.changes).toMatchObject({ condition: 'damaged', note: '需更换' });
    expect(String((entry!.changes.photoIds as unknown[])[0])).toMatch(/^local:/);
    // The device's copy shows the edit before any sync.
    expect((await db.get('records', recordKey('boundary-markers', marker.id)))!.record.condition).toBe(
      'damaged',
    );

    const report = await new SyncRunner(db, pageFetch).run();
    expect(report).toEqual({ sent: 1, saved: 1, merged: 0, conflicts: 0, rejected: 0 });
    expect(await db.count('outbox')).toBe(0);
    expect(await db.count('photos')).toBe(0);
    const server = (
      await ctx.app.inject({ url: `/api/boundary-markers/${marker.id}`, headers: { cookie } })
    ).json();
    expect(server).toMatchObject({ condition: 'damaged', note: '需更换', version: marker.version + 1 });
    expect(server.photoIds).toHaveLength(1);
    const thumb = await ctx.app.inject({
      url: `/api/photos/${server.photoIds[0]}/thumbnail`,
      headers: { cookie },
    });
    expect(thumb.statusCode).toBe(200);
    expect((await db.get('records', recordKey('boundary-markers', marker.id)))!.record.version).toBe(
      server.version,
    );
  });

  it('keeps a conflict with both values, and a refused edit with its reason', async () => {
    const db = await freshDb();
    const { lineId, marker } = await newMarker();
    await takeLineOffline(db, lineId);
    await queueUpdate(db, marker, { material: 'concrete' });
    await queueEdit(db, {
      kind: 'inspections',
      action: 'create',
      changes: { lineId, round: 1, status: 'planned', startDate: '1900-01-01' },
      label: '联检',
    });
    const online = await ctx.app.inject(
      json(
        'PATCH',
        `/api/boundary-markers/${marker.id}`,
        cookie,
        { material: 'steel' },
        { 'if-match': `"${marker.version}"` },
      ),
    );
    expect(online.statusCode).toBe(200);
    const report = await new SyncRunner(db, pageFetch).run();
    expect(report).toMatchObject({ sent: 2, conflicts: 1, rejected: 1 });
    const [conflict, refused] = await outboxEntries(db);
    expect(conflict).toMatchObject({
      state: 'conflict',
      conflict: { fields: [{ field: 'material', base: 'granite', theirs: 'steel', mine: 'concrete' }] },
    });
    expect(refused!.state).toBe('rejected');
    expect(refused!.error!.details![0]!.field).toBe('body.operations[1].changes.startDate');
  });

  it('stops without a connection and leaves everything queued', async () => {
    const db = await freshDb();
    const { marker } = await newMarker();
    await queueUpdate(db, marker, { note: '无信号' });
    const offline: Fetch = () => Promise.reject(new TypeError('Failed to fetch'));
    const report = await new SyncRunner(db, offline).run();
    expect(report.stopped).toBe('offline');
    expect((await outboxEntries(db)).map((e) => e.state)).toEqual(['pending']);
  });

  it('sends again when the answer was lost, and the server applies it once', async () => {
    const db = await freshDb();
    const { marker } = await newMarker();
    await queueUpdate(db, marker, { note: '信号时有时无' });
    // The request reaches the server, the answer never reaches the device.
    const lossy: Fetch = async (path, init) => {
      await pageFetch(path, init);
      throw new TypeError('network changed');
    };
    expect((await new SyncRunner(db, lossy).run()).stopped).toBe('offline');
    expect(await pendingCount(db)).toBe(1);
    const report = await new SyncRunner(db, pageFetch).run();
    expect(report).toMatchObject({ sent: 1, saved: 1 });
    const history = (
      await ctx.app.inject({ url: `/api/boundary-markers/${marker.id}/history`, headers: { cookie } })
    ).json();
    expect(history.currentVersion).toBe(marker.version + 1);
    expect(history.items[0]).toMatchObject({ offline: true });
  });

  it('runs by itself when the connection comes back', async () => {
    const db = await freshDb();
    const { marker } = await newMarker();
    await queueUpdate(db, marker, { note: '回到有信号处' });
    const runner = new SyncRunner(db, pageFetch);
    const target = new EventTarget();
    const stop = runner.start(target as unknown as Window);
    const done = new Promise((resolve) =>
      runner.addEventListener('change', () => runner.lastReport && resolve(null)),
    );
    target.dispatchEvent(new Event('online'));
    await done;
    stop();
    expect(await db.count('outbox')).toBe(0);
  });
});
