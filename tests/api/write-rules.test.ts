// One set of rules for every boundary write: restore needs If-Match like PATCH and DELETE, restoring
// a deleted version obeys the delete rules, and parallel creates of the same marker number or
// inspection round give exactly one 201 and clear 409/422 answers — never a 500, never two rows.
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { signIn } from '../helpers/auth.ts';
import { json, lineBody, markerBody, type Place, placeInDistrict } from './boundaries-helpers.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useTestApp();
let editor: string;
let place: Place;

beforeAll(async () => {
  editor = await signIn(ctx.app, 'boundary_editor');
  place = await placeInDistrict(ctx.app);
});

async function create(url: string, body: unknown): Promise<{ id: number; version: number }> {
  const response = await ctx.app.inject(json('POST', url, editor, body));
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

const expectErrorShape = (response: { statusCode: number; json: () => unknown }) =>
  expect(response.json()).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });

describe('restore', () => {
  it('needs If-Match: 428 without it, 412 with the current record when stale; nothing written', async () => {
    const line = await create('/api/boundary-lines', lineBody(place));
    const marker = await create('/api/boundary-markers', markerBody(place, line.id, { note: '原始' }));
    const url = `/api/boundary-markers/${marker.id}`;
    const patched = await ctx.app.inject(json('PATCH', url, editor, { note: '改过' }, { 'if-match': '"1"' }));
    expect(patched.statusCode).toBe(200);

    const missing = await ctx.app.inject(json('POST', `${url}/restore`, editor, { version: 1 }));
    expect(missing.statusCode).toBe(428);
    expect(missing.json().error.code).toBe('precondition_required');
    const stale = await ctx.app.inject(
      json('POST', `${url}/restore`, editor, { version: 1 }, { 'if-match': '"1"' }),
    );
    expect(stale.statusCode).toBe(412);
    expect(stale.json().error.details.current).toMatchObject({ version: 2, note: '改过' });
    const unchanged = await ctx.app.inject({ method: 'GET', url, headers: { cookie: editor } });
    expect(unchanged.json()).toMatchObject({ version: 2, note: '改过' });

    const ok = await ctx.app.inject(
      json('POST', `${url}/restore`, editor, { version: 1 }, { 'if-match': '"2"' }),
    );
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ version: 3, note: '原始' });
  });

  it('restoring a deleted version of a line obeys the delete rules (no live markers)', async () => {
    const line = await create('/api/boundary-lines', lineBody(place));
    const url = `/api/boundary-lines/${line.id}`;
    const deleted = await ctx.app.inject(
      json('DELETE', url, editor, { reason: '测试删除' }, { 'if-match': '"1"' }),
    );
    expect(deleted.statusCode, deleted.body).toBe(200);
    const back = await ctx.app.inject(
      json('POST', `${url}/restore`, editor, { version: 1, reason: '误删' }, { 'if-match': '"2"' }),
    );
    expect(back.json()).toMatchObject({ version: 3, deletedAt: null });
    await create('/api/boundary-markers', markerBody(place, line.id));

    const viaRestore = await ctx.app.inject(
      json('POST', `${url}/restore`, editor, { version: 2 }, { 'if-match': '"3"' }),
    );
    expect(viaRestore.statusCode, viaRestore.body).toBe(409);
    expectErrorShape(viaRestore);
    expect(viaRestore.json().error.message).toMatch(/marker/);
    const still = await ctx.app.inject({ method: 'GET', url });
    expect(still.json()).toMatchObject({ version: 3, deletedAt: null });
  });
});

describe('parallel creates', () => {
  const N = 8;

  async function race(url: string, body: unknown) {
    const responses = await Promise.all(
      Array.from({ length: N }, () => ctx.app.inject(json('POST', url, editor, body))),
    );
    const statuses = responses.map((r) => r.statusCode).sort();
    for (const r of responses.filter((x) => x.statusCode !== 201)) expectErrorShape(r);
    return { statuses, responses };
  }

  it(`${N} creates of the same marker number on a line: one 201, the rest 409/422`, async () => {
    const line = await create('/api/boundary-lines', lineBody(place));
    const { statuses } = await race('/api/boundary-markers', markerBody(place, line.id, { number: '007Q' }));
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(
      statuses.filter((s) => s !== 201).every((s) => s === 409 || s === 422),
      String(statuses),
    ).toBe(true);
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM boundary_markers
      WHERE line_id = ${line.id} AND number = '007Q' AND deleted_at IS NULL`.execute(ctx.app.db);
    expect(rows[0]!.n).toBe(1);
  });

  it(`${N} creates of the same inspection round: one 201, the rest 409/422`, async () => {
    const line = await create('/api/boundary-lines', lineBody(place));
    const { statuses } = await race('/api/inspections', {
      lineId: line.id,
      round: 3,
      status: 'planned',
      startDate: '2024-05-01',
    });
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(
      statuses.filter((s) => s !== 201).every((s) => s === 409 || s === 422),
      String(statuses),
    ).toBe(true);
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM boundary_inspections
      WHERE line_id = ${line.id} AND round = 3 AND deleted_at IS NULL`.execute(ctx.app.db);
    expect(rows[0]!.n).toBe(1);
  });

  it(`${N} creates of the same line code: one 201, the rest 409/422`, async () => {
    const body = lineBody(place);
    const { statuses, responses } = await race('/api/boundary-lines', body);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(
      statuses.filter((s) => s !== 201).every((s) => s === 409 || s === 422),
      String(statuses),
    ).toBe(true);
    const conflict = responses.find((r) => r.statusCode === 409);
    if (conflict) expect(conflict.json().error.message).toMatch(/code/);
  });

  it('restoring a deleted marker whose number is taken again answers 409, not 500', async () => {
    const line = await create('/api/boundary-lines', lineBody(place));
    const first = await create('/api/boundary-markers', markerBody(place, line.id, { number: '011Q' }));
    const url = `/api/boundary-markers/${first.id}`;
    await ctx.app.inject(json('DELETE', url, editor, { reason: '重录' }, { 'if-match': '"1"' }));
    await create('/api/boundary-markers', markerBody(place, line.id, { number: '011Q' }));
    const restore = await ctx.app.inject(
      json('POST', `${url}/restore`, editor, { version: 1 }, { 'if-match': '"2"' }),
    );
    expect([409, 422]).toContain(restore.statusCode);
    expectErrorShape(restore);
    expect(restore.json().error.message).toMatch(/011Q|number/);
  });

  it('deleting a line while markers are being added never leaves a deleted line with live markers', async () => {
    for (let round = 0; round < 6; round++) {
      const line = await create('/api/boundary-lines', lineBody(place));
      const responses = await Promise.all([
        ctx.app.inject(
          json(
            'DELETE',
            `/api/boundary-lines/${line.id}`,
            editor,
            { reason: '并发删除' },
            { 'if-match': '"1"' },
          ),
        ),
        ...Array.from({ length: 3 }, (_, i) =>
          ctx.app.inject(
            json('POST', '/api/boundary-markers', editor, markerBody(place, line.id, { number: `02${i}Q` })),
          ),
        ),
      ]);
      for (const r of responses) expect(r.statusCode, r.body).toBeLessThan(500);
      const { rows } = await sql<{ deleted: boolean; markers: number }>`
        SELECT l.deleted_at IS NOT NULL AS deleted,
          (SELECT count(*)::int FROM boundary_markers m WHERE m.line_id = l.id AND m.deleted_at IS NULL) AS markers
        FROM boundary_lines l WHERE l.id = ${line.id}`.execute(ctx.app.db);
      const state = rows[0]!;
      expect(state.deleted && state.markers > 0, `round ${round}: ${JSON.stringify(state)}`).toBe(false);
      // Whoever lost was told so: the delete (409), or the marker creates that came after it (422).
      const created = responses.slice(1).filter((r) => r.statusCode === 201).length;
      if (responses[0]!.statusCode === 200) expect(created).toBe(0);
      else expect(responses[0]!.statusCode).toBe(409);
      expect(state.markers).toBe(created);
    }
  });
});
