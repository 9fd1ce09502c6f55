// Sync of offline edits: saved as they are when nobody else changed the record, merged field by
// field when someone did, conflicts kept for review (theirs vs mine) and settled per field, resent
// operations answered once, refused edits write nothing; the history says the edit was made
// offline and when; inspection findings set their markers' conditions.
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { FROM_APP, signIn } from '../helpers/auth.ts';
import { json, lineBody, markerBody, type Place, placeInDistrict } from './boundaries-helpers.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useTestApp();
let fieldOfficer: string;
let office: string;
let place: Place;

beforeAll(async () => {
  fieldOfficer = await signIn(ctx.app, 'boundary_editor', 'test-field-officer');
  office = await signIn(ctx.app, 'boundary_editor', 'test-office-editor');
  place = await placeInDistrict(ctx.app);
});

async function newMarker(overrides: Record<string, unknown> = {}) {
  const line = await ctx.app.inject(json('POST', '/api/boundary-lines', office, lineBody(place)));
  expect(line.statusCode, line.body).toBe(201);
  const marker = await ctx.app.inject(
    json('POST', '/api/boundary-markers', office, markerBody(place, line.json().id, overrides)),
  );
  expect(marker.statusCode, marker.body).toBe(201);
  return { lineId: line.json().id as number, marker: marker.json() as { id: number; version: number } };
}

async function uploadPhoto(): Promise<number> {
  const bytes = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#865' } })
    .jpeg()
    .toBuffer();
  const boundary = `----sync${Date.now()}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="现场.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const response = await ctx.app.inject({
    method: 'POST',
    url: '/api/photos',
    headers: {
      cookie: fieldOfficer,
      ...FROM_APP,
      'content-type': `multipart/form-data; boundary=${boundary}`,
    },
    payload,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id;
}

/** A queued update of `marker` as the device sends it. */
const update = (marker: { id: number; version: number }, changes: Record<string, unknown>, extra = {}) => ({
  opId: randomUUID(),
  kind: 'boundary-markers',
  action: 'update',
  id: marker.id,
  baseVersion: marker.version,
  changes,
  editedAt: new Date().toISOString(),
  ...extra,
});

const sync = (operations: unknown[], cookie = fieldOfficer) =>
  ctx.app.inject(json('POST', '/api/sync', cookie, { operations }));

const patch = (id: number, version: number, body: Record<string, unknown>) =>
  ctx.app.inject(json('PATCH', `/api/boundary-markers/${id}`, office, body, { 'if-match': `"${version}"` }));

const history = async (id: number) =>
  (
    await ctx.app.inject({
      method: 'GET',
      url: `/api/boundary-markers/${id}/history`,
      headers: { cookie: office },
    })
  ).json().items as Record<string, unknown>[];

describe('sync of offline edits', () => {
  it('saves an edit to a record nobody changed since, and says it was made offline and when', async () => {
    const { marker } = await newMarker();
    const editedAt = '2026-11-30T01:12:00.000Z';
    const response = await sync([
      {
        opId: randomUUID(),
        kind: 'boundary-markers',
        action: 'update',
        id: marker.id,
        baseVersion: marker.version,
        changes: { note: '北侧有新修便道', positionAccuracyM: 4.5 },
        editedAt,
        offline: true,
      },
    ]);
    expect(response.statusCode, response.body).toBe(200);
    const [result] = response.json().results;
    expect(result).toMatchObject({ outcome: 'saved', id: marker.id, applied: ['note', 'positionAccuracyM'] });
    expect(result.record).toMatchObject({
      note: '北侧有新修便道',
      positionAccuracyM: 4.5,
      version: marker.version + 1,
    });
    const [latest] = await history(marker.id);
    expect(latest).toMatchObject({
      offline: true,
      editedAt,
      baseVersion: marker.version,
      userName: '测试 boundary_editor',
    });
    expect(Date.parse(String(latest!.at))).toBeGreaterThan(Date.parse(editedAt));
  });

  it('merges a different field, keeps a field both changed as a conflict, and adds the photo', async () => {
    const { marker } = await newMarker();
    const photoId = await uploadPhoto();
    // Online, meanwhile: the office changes the note and the condition.
    const online = await patch(marker.id, marker.version, {
      note: '办公室：已通知乡镇',
      condition: 'damaged',
      reason: '村民来电反映桩体开裂',
    });
    expect(online.statusCode, online.body).toBe(200);
    // Offline, from the same base version: condition + photo.
    const op = update(
      marker,
      { condition: 'missing', photoIds: [photoId] },
      {
        reason: '现场查看：桩已不见',
        editedAt: new Date(Date.now() - 3_600_000).toISOString(),
        offline: true,
      },
    );
    const response = await sync([op]);
    expect(response.statusCode, response.body).toBe(200);
    const [result] = response.json().results;
    expect(result.outcome).toBe('conflict');
    expect(result.applied).toEqual(['photoIds']);
    expect(result.theirs).toEqual(expect.arrayContaining(['note', 'condition']));
    expect(result.conflict.fields).toEqual([
      { field: 'condition', base: 'intact', theirs: 'damaged', mine: 'missing' },
    ]);
    expect(result.record).toMatchObject({
      condition: 'damaged',
      note: '办公室：已通知乡镇',
      photoIds: [photoId],
    });

    // Both values are in the history: theirs as the office's version, mine in the synced row.
    const entries = await history(marker.id);
    expect(entries[0]).toMatchObject({
      offline: true,
      conflicts: [{ field: 'condition', theirs: 'damaged', mine: 'missing' }],
    });
    expect(entries[1]).toMatchObject({ reason: '村民来电反映桩体开裂' });
    expect((entries[1]!.after as { condition: string }).condition).toBe('damaged');

    // A resend (the answer was lost) is answered once: no second version, no second conflict.
    const again = (await sync([op])).json().results[0];
    expect(again).toMatchObject({ outcome: 'conflict', conflict: { id: result.conflict.id } });
    expect((await history(marker.id)).length).toBe(entries.length);

    // The conflict waits for review; the office cannot see the field officer's conflicts.
    const mine = (
      await ctx.app.inject({ method: 'GET', url: '/api/sync/conflicts', headers: { cookie: fieldOfficer } })
    ).json();
    const open = mine.items.find((c: { id: number }) => c.id === result.conflict.id);
    expect(open).toMatchObject({
      recordId: marker.id,
      fields: [{ field: 'condition', theirs: 'damaged', mine: 'missing' }],
    });
    const theirs = (
      await ctx.app.inject({ method: 'GET', url: '/api/sync/conflicts', headers: { cookie: office } })
    ).json();
    expect(theirs.items.some((c: { id: number }) => c.id === result.conflict.id)).toBe(false);

    // Settled: a stale If-Match is refused, then "mine" is written with both values in its history row.
    const resolveUrl = `/api/sync/conflicts/${result.conflict.id}/resolve`;
    const stale = await ctx.app.inject(
      json(
        'POST',
        resolveUrl,
        fieldOfficer,
        { choices: { condition: 'mine' } },
        { 'if-match': `"${marker.version}"` },
      ),
    );
    expect(stale.statusCode).toBe(412);
    const incomplete = await ctx.app.inject(
      json('POST', resolveUrl, fieldOfficer, { choices: {} }, { 'if-match': `"${open.currentVersion}"` }),
    );
    expect(incomplete.statusCode).toBe(422);
    expect(incomplete.json().error.details).toEqual([
      { field: 'body.choices.condition', problem: 'choose theirs or mine', code: 'conflict_choice_needed' },
    ]);
    const resolved = await ctx.app.inject(
      json(
        'POST',
        resolveUrl,
        fieldOfficer,
        { choices: { condition: 'mine' } },
        { 'if-match': `"${open.currentVersion}"` },
      ),
    );
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(resolved.json().record).toMatchObject({
      condition: 'missing',
      note: '办公室：已通知乡镇',
      photoIds: [photoId],
    });
    const [settled] = await history(marker.id);
    expect(settled).toMatchObject({
      reason: '现场查看：桩已不见',
      conflicts: [{ field: 'condition', theirs: 'damaged', mine: 'missing', chosen: 'mine' }],
    });
    const twice = await ctx.app.inject(
      json(
        'POST',
        resolveUrl,
        fieldOfficer,
        { choices: { condition: 'theirs' } },
        { 'if-match': `"${resolved.json().record.version}"` },
      ),
    );
    expect(twice.statusCode).toBe(409);
  });

  it('keeps photos both sides added, and a moved position conflicts together with its accuracy', async () => {
    const { marker } = await newMarker();
    const [a, b] = [await uploadPhoto(), await uploadPhoto()];
    const point = (northM: number) => ({
      type: 'Point',
      coordinates: [place.lon, place.lat + northM / 111_320],
    });
    const online = await patch(marker.id, marker.version, {
      photoIds: [a],
      geometry: point(12),
      reason: '复测',
    });
    expect(online.statusCode, online.body).toBe(200);
    const [result] = (
      await sync([
        update(
          marker,
          { photoIds: [b], geometry: point(20), positionAccuracyM: 6 },
          { reason: '现场定位', offline: true },
        ),
      ])
    ).json().results;
    expect(result.record.photoIds).toEqual([a, b]);
    expect(result.conflict.fields.map((f: { field: string }) => f.field)).toEqual([
      'geometry',
      'positionAccuracyM',
    ]);
    expect(result.record.positionAccuracyM).toBeNull();
  });

  it('refuses an edit that breaks a rule, writes nothing and says where', async () => {
    const { marker } = await newMarker();
    const far = { type: 'Point', coordinates: [place.lon, place.lat + 300 / 111_320] };
    const [result] = (await sync([update(marker, { geometry: far, colour: 'red' })])).json().results;
    expect(result).toMatchObject({ outcome: 'rejected', error: { code: 'validation_failed' } });
    expect(result.error.details).toEqual([
      { field: 'body.operations[0].changes.colour', problem: 'is not a known field', code: 'unknown_field' },
    ]);
    const [moved] = (await sync([update(marker, { geometry: far }, { reason: '现场定位' })])).json().results;
    expect(moved.outcome).toBe('rejected');
    expect(moved.error.details[0]).toMatchObject({ field: 'body.operations[0].changes.geometry' });
    expect(moved.error.details[0].problem).toMatch(/from its line/);
    const now = await ctx.app.inject({
      method: 'GET',
      url: `/api/boundary-markers/${marker.id}`,
      headers: { cookie: office },
    });
    expect(now.json().version).toBe(marker.version);
  });

  it('creates an inspection recorded offline, and its findings set the markers’ conditions', async () => {
    const { lineId, marker } = await newMarker();
    const [result] = (
      await sync([
        {
          opId: randomUUID(),
          kind: 'inspections',
          action: 'create',
          changes: {
            lineId,
            round: 1,
            status: 'in_progress',
            startDate: '2026-11-30',
            findings: [{ markerId: marker.id, condition: 'illegible', note: '字迹风化' }],
          },
          editedAt: new Date().toISOString(),
        },
      ])
    ).json().results;
    expect(result.outcome, JSON.stringify(result)).toBe('saved');
    const markerNow = await ctx.app.inject({
      method: 'GET',
      url: `/api/boundary-markers/${marker.id}`,
      headers: { cookie: office },
    });
    expect(markerNow.json().condition).toBe('illegible');
    const [latest] = await history(marker.id);
    expect(latest!.reason).toBe(`联检第 1 轮发现（联检记录 ${result.id}）：字迹风化`);
    // Editing the inspection's report later does not set the condition again.
    const fixed = await patch(marker.id, markerNow.json().version, {
      condition: 'intact',
      reason: '已重新描字',
    });
    expect(fixed.statusCode, fixed.body).toBe(200);
    const report = await ctx.app.inject(
      json(
        'PATCH',
        `/api/inspections/${result.id}`,
        office,
        { report: '已完成描字' },
        { 'if-match': `"${result.record.version}"` },
      ),
    );
    expect(report.statusCode, report.body).toBe(200);
    const after = await ctx.app.inject({
      method: 'GET',
      url: `/api/boundary-markers/${marker.id}`,
      headers: { cookie: office },
    });
    expect(after.json().condition).toBe('intact');
  });

  it('is for boundary editors only', async () => {
    const viewer = await signIn(ctx.app, 'viewer');
    const response = await sync([], viewer);
    expect(response.statusCode).toBe(403);
    const anonymous = await ctx.app.inject(json('POST', '/api/sync', undefined, { operations: [] }));
    expect(anonymous.statusCode).toBe(401);
  });
});
