// The place-naming workflow through the API: an editor proposes a name and sends it to review, an
// approver approves (with 批准机关、日期、文号) and publishes it, the public then reads and finds it;
// editing a published record (hand-corrected pinyin kept), 更名/注销, every step in the history, and
// every refusal by role, transition and missing field. Then protection lists and vanished names.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { asUser, signIn } from '../helpers/auth.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useTestApp();

// The records made here leave the shared demo data as it was (other files count its rows).
afterAll(async () => {
  await sql`UPDATE place_name_records SET deleted_at = now() WHERE deleted_at IS NULL AND origin = 'manual' AND name LIKE '鹭栖%'`.execute(
    ctx.app.db,
  );
  await sql`UPDATE vanished_names SET deleted_at = now() WHERE deleted_at IS NULL AND name = '老鸦场'`.execute(
    ctx.app.db,
  );
});
let editor: string;
let approver: string;
let point: [number, number];

beforeAll(async () => {
  editor = await signIn(ctx.app, 'place_name_editor');
  approver = await signIn(ctx.app, 'place_name_approver');
  const { rows } = await sql<{ lon: number; lat: number }>`
    SELECT ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat
    FROM towns WHERE district_code = '500112' ORDER BY code LIMIT 1`.execute(ctx.app.db);
  point = [rows[0]!.lon, rows[0]!.lat];
});

const send = (...args: Parameters<ReturnType<typeof asUser>>) => asUser(ctx.app)(...args);

let serial = 0;
/** A name no demo record has, so search finds exactly this one. */
const freshName = () =>
  `鹭栖${['湾', '坪', '坝', '岭'][serial++ % 4]}${process.pid % 1000}${serial}号`.replace(
    /\d/g,
    (d) => '零一二三四五六七八九'[Number(d)]!,
  );

function proposal(name: string, overrides: Record<string, unknown> = {}) {
  return {
    name,
    category: 'settlement',
    origin: '因白鹭栖息于此得名',
    meaning: '白鹭栖息之地',
    history: '原为某村一组，2026年申报命名',
    geometry: { type: 'Point', coordinates: point },
    ...overrides,
  };
}

async function step(id: number, cookie: string, version: number, payload: Record<string, unknown>) {
  return send('PATCH', `/api/place-names/${id}`, cookie, payload, `"${version}"`);
}

const ids = (results: { id: string }[]) => results.map((r) => r.id);

async function search(q: string) {
  const r = await send('GET', `/api/place-names/search?q=${encodeURIComponent(q)}`, null);
  expect(r.statusCode, r.body).toBe(200);
  return r.json().results as { id: string; name: string; isHistorical: boolean }[];
}

const APPROVAL = { by: '重庆市渝北区人民政府', date: '2026-03-02', document: '渝北府地名〔2026〕3号' };

describe('the naming workflow', () => {
  it('proposed → reviewing → approved → published, each by its role; the public finds it only when published', async () => {
    const name = freshName();
    const created = await send('POST', '/api/place-names', editor, proposal(name));
    expect(created.statusCode, created.body).toBe(201);
    const p = created.json();
    expect(p).toMatchObject({
      status: 'proposed',
      districtCode: '500112',
      version: 1,
      pinyinOverridden: false,
    });
    expect(p.pinyin).toMatch(/^Lù/);
    const id = p.id as number;

    // Hidden from the public while proposed; staff read it with its ETag.
    expect((await send('GET', `/api/place-names/${id}`, null)).statusCode).toBe(404);
    const staff = await send('GET', `/api/place-names/${id}`, editor);
    expect(staff.statusCode).toBe(200);
    expect(staff.headers.etag).toBe('"1"');
    expect(staff.json().status).toBe('proposed');
    expect(ids(await search(name))).not.toContain(String(id));
    const queue = await send('GET', '/api/place-names?status=proposed&district=500112', editor);
    expect(queue.json().items.map((i: { id: number }) => i.id)).toContain(id);
    expect((await send('GET', '/api/place-names?status=proposed', null)).json().items).toEqual([]);

    // The editor submits it for review (a reason is needed, and If-Match).
    expect(
      (await send('PATCH', `/api/place-names/${id}`, editor, { status: 'reviewing', reason: '材料齐全' }))
        .statusCode,
    ).toBe(428);
    const noReason = await step(id, editor, 1, { status: 'reviewing' });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().error.details).toMatchObject([{ field: 'body.reason', code: 'reason_required' }]);
    const reviewing = await step(id, editor, 1, { status: 'reviewing', reason: '材料齐全，提交审核' });
    expect(reviewing.statusCode, reviewing.body).toBe(200);

    // Only an approver approves; approval needs by, date and document.
    const byEditor = await step(id, editor, 2, { status: 'approved', reason: '同意', approval: APPROVAL });
    expect(byEditor.statusCode).toBe(403);
    expect(byEditor.json().error.details).toMatchObject([
      {
        field: 'body.status',
        code: 'role_required',
        params: { roles: ['place_name_approver'], role: 'place_name_editor' },
      },
    ]);
    const incomplete = await step(id, approver, 2, { status: 'approved', reason: '同意' });
    expect(incomplete.statusCode).toBe(422);
    expect((incomplete.json().error.details as { field: string }[]).map((d) => d.field)).toEqual([
      'body.approval.by',
      'body.approval.date',
      'body.approval.document',
    ]);
    const skip = await step(id, approver, 2, { status: 'published', reason: '直接公告', approval: APPROVAL });
    expect(skip.statusCode).toBe(422);
    expect(skip.json().error.details[0].problem).toBe(
      'cannot change from reviewing to published; allowed: proposed, approved',
    );
    const approved = await step(id, approver, 2, {
      status: 'approved',
      reason: '符合命名规则',
      approval: APPROVAL,
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(ids(await search(name))).not.toContain(String(id));

    const publishByEditor = await step(id, editor, 3, { status: 'published', reason: '公告' });
    expect(publishByEditor.statusCode).toBe(403);
    const published = await step(id, approver, 3, { status: 'published', reason: '区政府公告' });
    expect(published.statusCode, published.body).toBe(200);

    // Now public: the record, the search, and the map tile's source (the view).
    const pub = await send('GET', `/api/place-names/${id}`, null);
    expect(pub.statusCode).toBe(200);
    expect(pub.json()).toMatchObject({
      name,
      status: 'published',
      approval: APPROVAL,
      district: { code: '500112' },
    });
    const found = await search(name);
    expect(found[0]).toMatchObject({ id: String(id), name });

    const history = (await send('GET', `/api/place-names/${id}/history`, approver)).json();
    expect(history.items.map((h: { after: { status: string } }) => h.after.status)).toEqual([
      'published',
      'approved',
      'reviewing',
      'proposed',
    ]);
    expect(history.items.map((h: { userName: string }) => h.userName)).toEqual([
      '测试 place_name_approver',
      '测试 place_name_approver',
      '测试 place_name_editor',
      '测试 place_name_editor',
    ]);
  });

  it('a new proposal always starts as proposed', async () => {
    const r = await send('POST', '/api/place-names', editor, proposal(freshName(), { status: 'published' }));
    expect(r.statusCode).toBe(422);
    expect(r.json().error.details).toMatchObject([
      { field: 'body.status', code: 'starts_as', params: { status: 'proposed' } },
    ]);
  });

  it('refuses bad input field by field', async () => {
    const r = await send(
      'POST',
      '/api/place-names',
      editor,
      proposal('', {
        category: 'castle',
        pinyin: '鹭栖',
        aliases: [{ name: '旧名', kind: 'nickname' }],
        geometry: { type: 'Point', coordinates: [2.35, 48.85] },
      }),
    );
    expect(r.statusCode).toBe(422);
    expect((r.json().error.details as { field: string }[]).map((d) => d.field).sort()).toEqual(
      ['body.aliases[0].kind', 'body.category', 'body.geometry', 'body.name', 'body.pinyin'].sort(),
    );
  });

  it.each([
    ['viewer', 403],
    ['planner', 403],
    ['boundary_editor', 403],
  ] as const)('%s may not propose (%i)', async (role, status) => {
    const cookie = await signIn(ctx.app, role);
    expect((await send('POST', '/api/place-names', cookie, proposal(freshName()))).statusCode).toBe(status);
  });

  it('anonymous callers may not propose (401)', async () => {
    expect((await send('POST', '/api/place-names', null, proposal(freshName()))).statusCode).toBe(401);
  });
});

async function publishedName(name = freshName()): Promise<number> {
  const p = (await send('POST', '/api/place-names', editor, proposal(name))).json();
  await step(p.id, editor, 1, { status: 'reviewing', reason: '提交' });
  await step(p.id, approver, 2, { status: 'approved', reason: '同意', approval: APPROVAL });
  const r = await step(p.id, approver, 3, { status: 'published', reason: '公告' });
  expect(r.statusCode, r.body).toBe(200);
  return p.id;
}

describe('a published name', () => {
  it('keeps a hand-corrected pinyin and refuses renaming in place', async () => {
    const id = await publishedName();
    const fixed = await step(id, editor, 4, { pinyin: 'Lùqī Wān', history: '2026年公告' });
    expect(fixed.statusCode, fixed.body).toBe(200);
    expect(fixed.json()).toMatchObject({ pinyin: 'Lùqī Wān', pinyinOverridden: true });
    const renamed = await step(id, editor, 5, { name: '新鹭栖湾', reason: '改名' });
    expect(renamed.statusCode).toBe(422);
    expect(renamed.json().error.details[0]).toMatchObject({
      field: 'body.name',
      code: 'name_decided',
      params: { status: 'published' },
    });
    // An edit of another field keeps the correction.
    const again = await step(id, editor, 5, { meaning: '白鹭栖息之湾' });
    expect(again.json().pinyin).toBe('Lùqī Wān');
  });

  it('retired (更名/注销) by an approver becomes historical with valid_to, still public and found', async () => {
    const name = freshName();
    const id = await publishedName(name);
    expect((await step(id, editor, 4, { status: 'retired', reason: '撤并' })).statusCode).toBe(403);
    const retired = await step(id, approver, 4, { status: 'retired', reason: '行政区划调整，撤销该地名' });
    expect(retired.statusCode, retired.body).toBe(200);
    expect(retired.json()).toMatchObject({ status: 'retired', isHistorical: true });
    expect(retired.json().validTo).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await send('GET', `/api/place-names/${id}`, null)).json().status).toBe('retired');
    expect((await search(name))[0]).toMatchObject({ id: String(id), isHistorical: true });
    const final = await step(id, approver, 5, { status: 'published', reason: '恢复' });
    expect(final.statusCode).toBe(422);
  });

  it('deleted, it leaves the public record and search; restored, it is back', async () => {
    const name = freshName();
    const id = await publishedName(name);
    const del = await send('DELETE', `/api/place-names/${id}`, editor, { reason: '重复录入' }, '"4"');
    expect(del.statusCode, del.body).toBe(200);
    expect((await send('GET', `/api/place-names/${id}`, null)).statusCode).toBe(404);
    expect(ids(await search(name))).not.toContain(String(id));
    const back = await send('POST', `/api/place-names/${id}/restore`, editor, { version: 4 }, '"5"');
    expect(back.statusCode, back.body).toBe(200);
    expect((await search(name))[0]?.id).toBe(String(id));
  });
});

describe('protection lists', () => {
  it('an approver lists a name with a reason; the name gets a new version; the list page shows it', async () => {
    const id = await publishedName();
    const list = await send('POST', '/api/protection-lists', approver, {
      name: `渝北区第${serial}批历史地名保护名录（测试）${Date.now()}`,
      batch: 1,
      year: 2026,
      document: '渝北民政〔2026〕8号',
    });
    expect(list.statusCode, list.body).toBe(201);
    const listId = list.json().id;
    expect(
      (
        await send('POST', `/api/protection-lists/${listId}/entries`, editor, {
          placeNameId: id,
          reason: '百年古地名',
        })
      ).statusCode,
    ).toBe(403);
    const add = await send('POST', `/api/protection-lists/${listId}/entries`, approver, {
      placeNameId: id,
      reason: '百年古地名',
    });
    expect(add.statusCode, add.body).toBe(201);
    const twice = await send('POST', `/api/protection-lists/${listId}/entries`, approver, {
      placeNameId: id,
      reason: '再次',
    });
    expect(twice.statusCode).toBe(409);

    const record = (await send('GET', `/api/place-names/${id}`, null)).json();
    expect(record.protection).toEqual({ list: list.json().name, batch: 1, year: 2026 });
    expect(record.version).toBe(5);
    const page = (await send('GET', `/api/protection-lists/${listId}`, null)).json();
    expect(
      page.names.map((n: { placeNameId: string; addedReason: string }) => [n.placeNameId, n.addedReason]),
    ).toEqual([[String(id), '百年古地名']]);

    const off = await send('DELETE', `/api/protection-lists/${listId}/entries/${id}`, approver, {
      reason: '经核实年代不足',
    });
    expect(off.statusCode, off.body).toBe(200);
    const after = (await send('GET', `/api/protection-lists/${listId}`, null)).json();
    expect(after.names).toEqual([]);
    expect(after.removed[0]).toMatchObject({ placeNameId: String(id), removedReason: '经核实年代不足' });
    expect((await send('GET', `/api/place-names/${id}`, null)).json().protection).toBeNull();
    const reasons = (await send('GET', `/api/place-names/${id}/history`, editor))
      .json()
      .items.map((h: { reason: string }) => h.reason);
    expect(reasons.slice(0, 2)).toEqual([
      `移出${list.json().name}：经核实年代不足`,
      `列入${list.json().name}：百年古地名`,
    ]);
  });

  it('a proposal cannot be listed', async () => {
    const p = (await send('POST', '/api/place-names', editor, proposal(freshName()))).json();
    const lists = (await send('GET', '/api/protection-lists', null)).json().items;
    const r = await send('POST', `/api/protection-lists/${lists[0].id}/entries`, approver, {
      placeNameId: p.id,
      reason: '试',
    });
    expect(r.statusCode).toBe(422);
  });

  it('the demo list holds its names', async () => {
    const lists = (await send('GET', '/api/protection-lists', null)).json().items as {
      id: string;
      count: number;
    }[];
    expect(lists.length).toBeGreaterThan(0);
    expect(lists.some((l) => l.count >= 5)).toBe(true);
  });
});

describe('vanished names (消失地名)', () => {
  it('are recorded with place and period by a place-name editor, and public', async () => {
    const noPeriod = await send('POST', '/api/vanished-names', editor, {
      name: '老鸦场',
      districtCode: '500111',
      place: '今龙水镇老街一带',
    });
    expect(noPeriod.statusCode).toBe(422);
    expect(noPeriod.json().error.details[0].field).toBe('body.periodTo');
    const r = await send('POST', '/api/vanished-names', editor, {
      name: '老鸦场',
      districtCode: '500111',
      place: '今龙水镇老街一带',
      periodFrom: '清代',
      periodTo: '1958',
      cause: '并入龙水镇',
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().pinyin).toBe('Lǎoyāchǎng');
    const planner = await signIn(ctx.app, 'planner');
    expect((await send('POST', '/api/vanished-names', planner, { name: 'x' })).statusCode).toBe(403);
    const list = (await send('GET', '/api/vanished-names?district=500111', null)).json().items;
    expect(list.map((v: { name: string }) => v.name)).toContain('老鸦场');
  });
});
