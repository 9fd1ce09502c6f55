// Editing boundary records: ETag / If-Match (428, 412 with the current record), 20 simultaneous
// PATCHes → exactly one wins, history (who, when, why, before, after), restore, soft delete.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { signIn } from '../helpers/auth.ts';
import { boundaryTestApp, json, lineBody, markerBody } from './boundaries-helpers.ts';

const who = boundaryTestApp();
const ctx = who.ctx;

async function newLine(overrides: Record<string, unknown> = {}) {
  const response = await ctx.app.inject(
    json('POST', '/api/boundary-lines', who.editor, lineBody(who.place, overrides)),
  );
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function newMarker(lineId: number, overrides: Record<string, unknown> = {}) {
  const response = await ctx.app.inject(
    json('POST', '/api/boundary-markers', who.editor, markerBody(who.place, lineId, overrides)),
  );
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function historyOf(kind: string, id: number) {
  const response = await ctx.app.inject({
    method: 'GET',
    url: `/api/${kind}/${id}/history`,
    headers: { cookie: who.editor },
  });
  expect(response.statusCode).toBe(200);
  return response.json().items as {
    version: number;
    action: string;
    reason: string | null;
    userName: string;
    before: Record<string, unknown> | null;
    after: Record<string, unknown>;
    changes: { field: string; before: unknown; after: unknown; movedM?: number }[];
  }[];
}

describe('boundary editing', () => {
  it('creates a line with version 1, an ETag, a Location and a history entry', async () => {
    const response = await ctx.app.inject(
      json('POST', '/api/boundary-lines', who.editor, { ...lineBody(who.place), reason: '新建测试界线' }),
    );
    expect(response.statusCode).toBe(201);
    expect(response.headers.etag).toBe('"1"');
    const line = response.json();
    expect(response.headers.location).toBe(`/api/boundary-lines/${line.id}`);
    expect(line).toMatchObject({ version: 1, status: 'delimiting', origin: 'manual', deletedAt: null });
    expect(line.geometry.type).toBe('MultiLineString');
    const history = await historyOf('boundary-lines', line.id);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ version: 1, action: 'create', reason: '新建测试界线', before: null });
    expect(history[0]!.userName).toContain('boundary_editor');
  });

  it('PATCH needs If-Match: 428 without it, 412 with the current record when stale', async () => {
    const line = await newLine();
    const marker = await newMarker(line.id);
    const url = `/api/boundary-markers/${marker.id}`;
    const missing = await ctx.app.inject(json('PATCH', url, who.editor, { note: 'x' }));
    expect(missing.statusCode).toBe(428);
    expect(missing.json().error.code).toBe('precondition_required');

    const first = await ctx.app.inject(
      json('PATCH', url, who.editor, { note: '第一次' }, { 'if-match': '"1"' }),
    );
    expect(first.statusCode).toBe(200);
    expect(first.headers.etag).toBe('"2"');

    const stale = await ctx.app.inject(
      json('PATCH', url, who.editor, { note: '过期' }, { 'if-match': '"1"' }),
    );
    expect(stale.statusCode).toBe(412);
    const body = stale.json();
    expect(body.error.code).toBe('precondition_failed');
    expect(body.error.details.current).toMatchObject({ id: marker.id, version: 2, note: '第一次' });

    const get = await ctx.app.inject({ method: 'GET', url, headers: { cookie: who.viewer } });
    expect(get.headers.etag).toBe('"2"');
  });

  it('20 simultaneous PATCHes with the same If-Match: exactly one succeeds, 19 get 412, one new version', async () => {
    const line = await newLine();
    const marker = await newMarker(line.id);
    const url = `/api/boundary-markers/${marker.id}`;
    const before = await historyOf('boundary-markers', marker.id);
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        ctx.app.inject(
          json(
            'PATCH',
            url,
            who.editor,
            { note: `并发修改 ${i}`, condition: 'damaged', reason: `客户端 ${i}` },
            { 'if-match': '"1"' },
          ),
        ),
      ),
    );
    const codes = responses.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 412)).toHaveLength(19);
    const winner = responses.find((r) => r.statusCode === 200)!.json();
    expect(winner.version).toBe(2);
    for (const loser of responses.filter((r) => r.statusCode === 412)) {
      expect(loser.json().error.details.current).toMatchObject({ version: 2, note: winner.note });
    }
    const after = await historyOf('boundary-markers', marker.id);
    expect(after.length - before.length).toBe(1);
    expect(after[0]).toMatchObject({ version: 2, action: 'update' });
    const { rows } = await sql<{
      version: number;
    }>`SELECT version FROM boundary_markers WHERE id = ${marker.id}`.execute(ctx.app.db);
    expect(rows[0]!.version).toBe(2);
  });

  it('records who, when, why and the full before and after; a moved marker shows metres moved', async () => {
    const line = await newLine();
    const marker = await newMarker(line.id);
    const moved = markerBody(who.place, line.id, {}, 25).geometry;
    const response = await ctx.app.inject(
      json(
        'PATCH',
        `/api/boundary-markers/${marker.id}`,
        who.editor,
        { geometry: moved, reason: '复测后移位' },
        { 'if-match': '"1"' },
      ),
    );
    expect(response.statusCode, response.body).toBe(200);
    const [latest] = await historyOf('boundary-markers', marker.id);
    expect(latest).toMatchObject({ version: 2, action: 'update', reason: '复测后移位' });
    expect(latest!.before).toMatchObject({ version: 1, number: '001Q', condition: 'intact' });
    expect(latest!.after).toMatchObject({ version: 2, number: '001Q', condition: 'intact' });
    const change = latest!.changes.find((c) => c.field === 'geometry');
    expect(change?.movedM).toBeGreaterThan(15);
    expect(change?.movedM).toBeLessThan(25);
    expect(latest!.changes.map((c) => c.field)).toEqual(['geometry']);
  });

  it('restore makes a new version equal to the chosen one (round trip)', async () => {
    const line = await newLine();
    const marker = await newMarker(line.id, { note: '原始' });
    const url = `/api/boundary-markers/${marker.id}`;
    const edits = [
      { condition: 'damaged', note: '碰损', reason: '巡查发现' },
      { condition: 'missing', note: '丢失', reason: '再次巡查' },
    ];
    for (const [i, edit] of edits.entries()) {
      const saved = await ctx.app.inject(json('PATCH', url, who.editor, edit, { 'if-match': `"${i + 1}"` }));
      expect(saved.statusCode, saved.body).toBe(200);
    }

    const restore = await ctx.app.inject(
      json('POST', `${url}/restore`, who.editor, { version: 1 }, { 'if-match': '"3"' }),
    );
    expect(restore.statusCode, restore.body).toBe(200);
    const restored = restore.json();
    expect(restored).toMatchObject({ version: 4, condition: 'intact', note: '原始' });
    expect(restored.geometry).toEqual(marker.geometry);
    const history = await historyOf('boundary-markers', marker.id);
    expect(history.map((h) => h.version)).toEqual([4, 3, 2, 1]);
    expect(history[0]).toMatchObject({ action: 'restore', reason: '恢复到第 1 版' });
    const fields = [
      'lineId',
      'number',
      'markerType',
      'material',
      'condition',
      'geometry',
      'note',
      'offLineException',
    ];
    for (const f of fields) expect(history[0]!.after[f]).toEqual(history[3]!.after[f]);

    // And forward again to version 3.
    const again = await ctx.app.inject(
      json('POST', `${url}/restore`, who.editor, { version: 3, reason: '撤销恢复' }, { 'if-match': '"4"' }),
    );
    expect(again.json()).toMatchObject({ version: 5, condition: 'missing', note: '丢失' });
    const unknown = await ctx.app.inject(
      json('POST', `${url}/restore`, who.editor, { version: 99 }, { 'if-match': '"5"' }),
    );
    expect(unknown.statusCode).toBe(404);
  });

  it('soft-deletes with a reason and If-Match; the record stays in history and can be restored', async () => {
    const line = await newLine();
    const marker = await newMarker(line.id);
    const url = `/api/boundary-markers/${marker.id}`;
    const noReason = await ctx.app.inject(
      json('DELETE', url, who.editor, { reason: '' }, { 'if-match': '"1"' }),
    );
    expect(noReason.statusCode).toBe(422);
    const noIfMatch = await ctx.app.inject(json('DELETE', url, who.editor, { reason: '重复录入' }));
    expect(noIfMatch.statusCode).toBe(428);
    const deleted = await ctx.app.inject(
      json('DELETE', url, who.editor, { reason: '重复录入' }, { 'if-match': '"1"' }),
    );
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json().deletedAt).not.toBeNull();

    const { rows } = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM boundary_markers WHERE id = ${marker.id}`.execute(ctx.app.db);
    expect(rows[0]!.n).toBe(1); // still there
    expect((await ctx.app.inject({ method: 'GET', url })).statusCode).toBe(404); // hidden from the public
    const list = await ctx.app.inject({ method: 'GET', url: `/api/boundary-markers?line=${line.id}` });
    expect(list.json().items).toHaveLength(0);
    const bin = await ctx.app.inject({
      method: 'GET',
      url: `/api/boundary-markers?line=${line.id}&deleted=true`,
      headers: { cookie: who.viewer },
    });
    expect(bin.json().items.map((m: { id: number }) => m.id)).toEqual([marker.id]);
    const editDeleted = await ctx.app.inject(
      json('PATCH', url, who.editor, { note: 'x' }, { 'if-match': '"2"' }),
    );
    expect(editDeleted.statusCode).toBe(409);

    const restored = await ctx.app.inject(
      json('POST', `${url}/restore`, who.editor, { version: 1, reason: '误删' }, { 'if-match': '"2"' }),
    );
    expect(restored.json()).toMatchObject({ version: 3, deletedAt: null });
    const history = await historyOf('boundary-markers', marker.id);
    expect(history.map((h) => h.action)).toEqual(['restore', 'delete', 'create']);
    expect(history[1]!.reason).toBe('重复录入');
  });

  it('refuses to delete a line that still has markers', async () => {
    const line = await newLine();
    await newMarker(line.id);
    const response = await ctx.app.inject(
      json('DELETE', `/api/boundary-lines/${line.id}`, who.editor, { reason: 'x' }, { 'if-match': '"1"' }),
    );
    expect(response.statusCode).toBe(409);
  });

  it('a demo record edited for the first time keeps its original state as version 1 in history', async () => {
    const { rows } = await sql<{ id: string }>`SELECT m.id FROM boundary_markers m
      WHERE m.deleted_at IS NULL AND m.origin = 'synthetic' AND m.version = 1
        AND NOT EXISTS (SELECT 1 FROM boundary_history h WHERE h.kind = 'boundary-markers' AND h.record_id = m.id)
      ORDER BY m.id DESC LIMIT 1`.execute(ctx.app.db);
    const id = Number(rows[0]!.id);
    const listed = await historyOf('boundary-markers', id);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ version: 1, userName: '初始数据' });
    const response = await ctx.app.inject(
      json('PATCH', `/api/boundary-markers/${id}`, who.editor, { note: '测试备注' }, { 'if-match': '"1"' }),
    );
    expect(response.statusCode, response.body).toBe(200);
    const history = await historyOf('boundary-markers', id);
    expect(history.map((h) => h.version)).toEqual([2, 1]);
    const back = await ctx.app.inject(
      json('POST', `/api/boundary-markers/${id}/restore`, who.editor, { version: 1 }, { 'if-match': '"2"' }),
    );
    expect(back.json()).toMatchObject({ version: 3, note: null });
  });

  it('a completed inspection moves its line’s last inspection date and next due date', async () => {
    const line = await newLine({ status: 'delimiting' });
    const marker = await newMarker(line.id);
    const body = {
      lineId: line.id,
      round: 1,
      status: 'completed',
      startDate: '2024-04-01',
      endDate: '2024-04-03',
      ourSidePeople: [{ name: '张三', unit: '测试甲镇民政办', phone: '023-1234567' }],
      otherSidePeople: [{ name: '李四', unit: '测试乙镇民政办' }],
      findings: [{ markerId: marker.id, condition: 'damaged', note: '桩体裂缝' }],
      problems: '一处界桩裂缝',
      settlement: '双方商定由甲镇负责修复',
    };
    const created = await ctx.app.inject(json('POST', '/api/inspections', who.editor, body));
    expect(created.statusCode, created.body).toBe(201);
    const after = (await ctx.app.inject({ method: 'GET', url: `/api/boundary-lines/${line.id}` })).json();
    expect(after).toMatchObject({
      version: 2,
      lastInspectionDate: '2024-04-03',
      nextInspectionDue: '2029-04-03',
    });
    const history = await historyOf('boundary-lines', line.id);
    expect(history[0]!.reason).toContain('联检第 1 轮完成');
  });

  it('history is staff-only; writes need the boundary_editor role', async () => {
    const line = await newLine();
    expect(
      (await ctx.app.inject({ method: 'GET', url: `/api/boundary-lines/${line.id}/history` })).statusCode,
    ).toBe(401);
    expect(
      (
        await ctx.app.inject({
          method: 'GET',
          url: `/api/boundary-lines/${line.id}/history`,
          headers: { cookie: who.viewer },
        })
      ).statusCode,
    ).toBe(200);
    const asViewer = await ctx.app.inject(
      json('PATCH', `/api/boundary-lines/${line.id}`, who.viewer, { name: 'x' }, { 'if-match': '"1"' }),
    );
    expect(asViewer.statusCode).toBe(403);
    const admin = await signIn(ctx.app, 'admin');
    const asAdmin = await ctx.app.inject(
      json('PATCH', `/api/boundary-lines/${line.id}`, admin, { name: '改名' }, { 'if-match': '"1"' }),
    );
    expect(asAdmin.statusCode).toBe(200);
  });
});
