// The audit log: every route that signs in, imports, undoes, exports, deletes or restores declares
// its action (walked from the route table), and after each such action the entry is there with
// who, when, from where (TRUST_PROXY honoured) and what; a dry run and a refused request leave
// nothing. The log cannot be changed through SQL as the app's role, only administrators read it,
// and it filters and exports (CSV, XLSX) with Chinese headers and labels. Entries made by other
// test files at the same time are told apart by this file's own users and records.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { csvFile } from '../fixtures/imports/writers.ts';
import { useTestApp } from '../helpers/app.ts';
import { asUser, FROM_APP, signIn, TEST_PASSWORD } from '../helpers/auth.ts';
import { readCsvText } from '../helpers/csv.ts';
import { importer } from '../helpers/imports.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useTestApp();
const send = (...args: Parameters<ReturnType<typeof asUser>>) => asUser(ctx.app)(...args);
const PLANNER = 'audit-planner';
const ADMIN = 'audit-admin';
let planner = '';
let admin = '';
let scratch = '';

beforeAll(async () => {
  await sql`DELETE FROM facilities WHERE code LIKE 'AUDT-%'`.execute(ctx.app.db);
  planner = await signIn(ctx.app, 'planner', PLANNER);
  admin = await signIn(ctx.app, 'admin', ADMIN);
  scratch = await mkdtemp(path.join(tmpdir(), 'civic-audit-'));
});

afterAll(async () => {
  await sql`UPDATE facility_records SET deleted_at = now() WHERE deleted_at IS NULL AND origin = 'manual' AND name = '审计测试站'`.execute(
    ctx.app.db,
  );
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** The newest entry matching `where` (action, username, kind, target …). */
async function newest(where: Record<string, string | null>) {
  let query = ctx.app.db.selectFrom('audit_log').selectAll();
  for (const [column, value] of Object.entries(where))
    query =
      value === null
        ? query.where(column as 'action', 'is', null)
        : query.where(column as 'action', '=', value);
  return query.orderBy('id', 'desc').executeTakeFirst();
}
const maxId = async () =>
  Number(
    (await sql<{ id: string | null }>`SELECT max(id) AS id FROM audit_log`.execute(ctx.app.db)).rows[0]?.id ??
      0,
  );
/** Entries after `since` concerning `target` or made by `username`. */
async function since(id: number, where: { username?: string; target?: string }) {
  let query = ctx.app.db.selectFrom('audit_log').selectAll().where('id', '>', String(id));
  if (where.username) query = query.where('username', '=', where.username);
  if (where.target) query = query.where('target', '=', where.target);
  return query.orderBy('id').execute();
}

describe('routes declare what they audit', () => {
  it('every delete, restore, export, import, undo, sign-in and account change of the route table', () => {
    const declared = ctx.app.auditedRoutes;
    const expected = new Map<string, string>();
    for (const { method, url } of ctx.app.routeTable) {
      const key = `${method} ${url}`;
      if (method === 'DELETE' && /^\/api\/[a-z-]+\/:id$/.test(url)) expected.set(key, 'record.delete');
      else if (method === 'POST' && /^\/api\/[a-z-]+\/:id\/restore$/.test(url))
        expected.set(key, 'record.restore');
      else if (method === 'GET' && url.startsWith('/api/exports/')) expected.set(key, 'export.download');
      else if (method !== 'GET' && method !== 'HEAD' && url.startsWith('/api/admin/users'))
        expected.set(key, declared.get(key)?.startsWith('user.') ? declared.get(key)! : 'user.*');
    }
    expected.set('POST /api/auth/login', 'auth.sign_in');
    expected.set('POST /api/auth/logout', 'auth.sign_out');
    expected.set('POST /api/imports', 'import.commit');
    expected.set('POST /api/imports/:id/undo', 'import.undo');
    expected.set('GET /api/admin/audit.:format', 'export.download');
    // The walk found the record kinds' routes, the scenarios' own and the seven account changes.
    const keys = [...expected.keys()];
    expect(keys).toEqual(
      expect.arrayContaining([
        'DELETE /api/boundary-markers/:id',
        'POST /api/facilities/:id/restore',
        'DELETE /api/scenarios/:id',
        'GET /api/exports/:collection.:format',
        'POST /api/admin/users/:username/unlock',
      ]),
    );
    expect(keys.filter((k) => k.includes('/api/admin/users'))).toHaveLength(7);
    const found = Object.fromEntries(keys.map((k) => [k, declared.get(k) ?? 'nothing']));
    expect(found).toEqual(Object.fromEntries(expected));
  });
});

describe('signing in', () => {
  it('records a sign-in with the account and address, and a failure with the name tried', async () => {
    const from = await maxId();
    const ok = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: '10.77.0.1',
      payload: { username: PLANNER, password: TEST_PASSWORD },
    });
    expect(ok.statusCode).toBe(200);
    const tried = `audit-nobody-${Date.now()}`;
    const bad = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: '10.77.0.2',
      payload: { username: ` ${tried.toUpperCase()} `, password: 'not the password' },
    });
    expect(bad.statusCode).toBe(401);
    const [signIn] = await since(from, { username: PLANNER });
    expect(signIn).toMatchObject({
      action: 'auth.sign_in',
      role: 'planner',
      address: '10.77.0.1',
      status: 200,
    });
    expect(signIn?.user_id).not.toBeNull();
    expect(Date.now() - signIn!.at.getTime()).toBeLessThan(60_000);
    const [failed] = await since(from, { username: tried });
    expect(failed).toMatchObject({
      action: 'auth.sign_in_failed',
      user_id: null,
      address: '10.77.0.2',
      status: 401,
      details: { refusal: 'wrong_credentials' },
    });
    // A malformed request is not a sign-in attempt: nothing recorded.
    const malformed = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: tried, password: '' },
    });
    expect(malformed.statusCode).toBe(400);
    expect(await since(from, { username: tried })).toHaveLength(1);
  });

  describe('behind a proxy (TRUST_PROXY=true)', () => {
    let proxied: App;
    beforeAll(async () => {
      const { trustProxy } = loadConfig({ DATABASE_URL: 'postgres://unused', TRUST_PROXY: 'true' });
      proxied = await buildApp({ db: ctx.database.db, pool: ctx.database.pool, trustProxy });
      await proxied.ready();
    });
    afterAll(() => proxied?.close());

    it('records the right-most untrusted hop, not a forged first one', async () => {
      const from = await maxId();
      const response = await proxied.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: '127.0.0.1',
        headers: { 'x-forwarded-for': '1.2.3.4, 198.51.100.7' },
        payload: { username: PLANNER, password: TEST_PASSWORD },
      });
      expect(response.statusCode).toBe(200);
      const [entry] = await since(from, { username: PLANNER });
      expect(entry?.address).toBe('198.51.100.7');
    });
  });
});

describe('imports and undo', () => {
  const { upload, send: sendImport } = importer(ctx, () => planner);
  const header = ['code', 'name', 'subtype', 'operator', 'beds', 'lon', 'lat'];
  const file = {
    name: '审计导入.csv',
    data: csvFile(header, [
      ['AUDT-1', '审计导入甲', 'canteen', '公办', 10, 105.7175, 29.7074],
      ['AUDT-2', '审计导入乙', 'canteen', '公办', 12, 105.7176, 29.7075],
    ]),
  };

  it('a dry run records nothing; a commit records collection, import id and counts; an undo names the import', async () => {
    const from = await maxId();
    const dry = await sendImport({ collection: 'facilities', mode: 'dry-run' }, file);
    expect(dry.statusCode, dry.body).toBe(200);
    expect(await since(from, { username: PLANNER })).toEqual([]);

    const commit = await upload({ collection: 'facilities', mode: 'commit' }, file);
    expect(commit.statusCode, commit.body).toBe(200);
    const report = commit.json();
    const entries = await since(from, { username: PLANNER });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'import.commit',
      kind: 'facilities',
      target: String(report.importId),
      details: { mode: 'commit', fileName: '审计导入.csv', inserted: 2, updated: 0 },
    });

    const undo = await ctx.app.inject({
      method: 'POST',
      url: `/api/imports/${report.importId}/undo`,
      payload: {},
      headers: { cookie: planner, ...FROM_APP },
    });
    expect(undo.statusCode, undo.body).toBe(200);
    expect(await newest({ action: 'import.undo', target: String(report.importId) })).toMatchObject({
      username: PLANNER,
      details: { undoRun: undo.json().importId, removed: 2, restored: 0 },
    });
    // Undone once: a second undo is refused (409) and recorded nowhere.
    const again = await ctx.app.inject({
      method: 'POST',
      url: `/api/imports/${report.importId}/undo`,
      payload: {},
      headers: { cookie: planner, ...FROM_APP },
    });
    expect(again.statusCode).toBe(409);
    expect(await since(from, { target: String(report.importId) })).toHaveLength(2);
  });
});

describe('exports', () => {
  it('records each download with its format and filters, anonymous ones too', async () => {
    const from = await maxId();
    const staff = await send(
      'GET',
      '/api/exports/facilities.csv?district=500111&category=elderly_care',
      planner,
    );
    expect(staff.statusCode).toBe(200);
    const entry = (await since(from, { username: PLANNER })).find((e) => e.action === 'export.download');
    expect(entry).toMatchObject({
      kind: 'facilities',
      details: { format: 'csv', filters: { district: '500111', category: 'elderly_care' } },
    });
    const anonymous = await ctx.app.inject({
      method: 'GET',
      url: '/api/exports/towns.geojson?district=500111',
      remoteAddress: '10.77.0.3',
    });
    expect(anonymous.statusCode).toBe(200);
    expect(await newest({ action: 'export.download', address: '10.77.0.3' })).toMatchObject({
      username: null,
      kind: 'towns',
      details: { format: 'geojson' },
    });
  });
});

describe('deleting and restoring a record', () => {
  it('records the kind, id and reason of a delete, and the version a restore goes back to', async () => {
    const { rows } = await sql<{ lon: number; lat: number }>`SELECT ST_X(ST_PointOnSurface(geom)) AS lon,
      ST_Y(ST_PointOnSurface(geom)) AS lat FROM towns WHERE district_code = '500111' ORDER BY code LIMIT 1`.execute(
      ctx.app.db,
    );
    const created = await send('POST', '/api/facilities', planner, {
      name: '审计测试站',
      subtype: 'community_station',
      operator: 'public',
      status: 'operating',
      geometry: { type: 'Point', coordinates: [rows[0]!.lon, rows[0]!.lat] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = String(created.json().id);
    const refused = await send('DELETE', `/api/facilities/${id}`, planner, { reason: '重复录入' }, '"9"');
    expect(refused.statusCode).toBe(412);
    expect(await newest({ action: 'record.delete', kind: 'facilities', target: id })).toBeUndefined();

    const deleted = await send('DELETE', `/api/facilities/${id}`, planner, { reason: '重复录入' }, '"1"');
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect(await newest({ action: 'record.delete', kind: 'facilities', target: id })).toMatchObject({
      username: PLANNER,
      details: { reason: '重复录入' },
    });
    const restored = await send(
      'POST',
      `/api/facilities/${id}/restore`,
      planner,
      { version: 1, reason: '误删' },
      '"2"',
    );
    expect(restored.statusCode, restored.body).toBe(200);
    expect(await newest({ action: 'record.restore', kind: 'facilities', target: id })).toMatchObject({
      username: PLANNER,
      details: { version: 1, reason: '误删' },
    });
  });
});

describe('the log cannot be changed', () => {
  it('refuses UPDATE, DELETE and TRUNCATE through SQL as the app’s role, and keeps the row', async () => {
    const entry = await newest({ username: PLANNER });
    expect(entry).toBeDefined();
    const role = (await sql<{ r: string }>`SELECT current_user AS r`.execute(ctx.app.db)).rows[0]?.r;
    for (const statement of [
      sql`UPDATE audit_log SET username = 'someone-else' WHERE id = ${entry!.id}`,
      sql`DELETE FROM audit_log WHERE id = ${entry!.id}`,
      sql`TRUNCATE audit_log`,
    ])
      await expect(statement.execute(ctx.app.db), `as ${role}`).rejects.toMatchObject({ code: '42501' });
    expect(
      await ctx.app.db.selectFrom('audit_log').selectAll().where('id', '=', entry!.id).executeTakeFirst(),
    ).toEqual(entry);
  });

  it('has no route that writes it: only GET routes under /api/admin/audit', () => {
    const routes = ctx.app.routeTable.filter((r) => r.url.startsWith('/api/admin/audit'));
    expect(routes.length).toBeGreaterThan(0);
    expect(routes.filter((r) => r.method !== 'GET' && r.method !== 'HEAD')).toEqual([]);
  });
});

describe('reading the log', () => {
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const tomorrow = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(
    new Date(Date.now() + 86_400_000),
  );
  const list = (query: string, cookie = admin) => send('GET', `/api/admin/audit?${query}`, cookie);

  it('is not visible to anyone but administrators', async () => {
    for (const url of ['/api/admin/audit', '/api/admin/audit.csv', '/api/admin/audit.xlsx']) {
      expect((await send('GET', url, null)).statusCode, url).toBe(401);
      for (const role of ['viewer', 'planner', 'boundary_editor', 'place_name_approver'] as const) {
        const response = await send('GET', url, await signIn(ctx.app, role));
        expect(response.statusCode, `${role} ${url}`).toBe(403);
        expect(response.body).not.toContain(PLANNER);
      }
    }
  });

  it('filters by user, action, kind and Beijing dates, newest first, in pages', async () => {
    const mine = (await list(`user=${PLANNER}&limit=500`)).json();
    expect(mine.items.length).toBeGreaterThanOrEqual(6);
    expect(mine.items.every((e: { username: string }) => e.username === PLANNER)).toBe(true);
    const ids = mine.items.map((e: { id: number }) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const actions = new Set(mine.items.map((e: { action: string }) => e.action));
    for (const action of [
      'auth.sign_in',
      'import.commit',
      'import.undo',
      'export.download',
      'record.delete',
      'record.restore',
    ])
      expect(actions, action).toContain(action);

    const deletes = (
      await list(`user=${PLANNER}&action=record.delete,record.restore&kind=facilities`)
    ).json();
    expect(deletes.items.map((e: { action: string }) => e.action).sort()).toEqual(
      expect.arrayContaining(['record.delete', 'record.restore']),
    );
    expect(deletes.items.every((e: { kind: string }) => e.kind === 'facilities')).toBe(true);

    expect((await list(`user=${PLANNER}&from=${today}&to=${today}`)).json().items).toHaveLength(
      mine.items.length,
    );
    expect((await list(`user=${PLANNER}&from=${tomorrow}`)).json().items).toEqual([]);

    const first = (await list(`user=${PLANNER}&limit=2`)).json();
    expect(first.items).toHaveLength(2);
    const second = (await list(`user=${PLANNER}&limit=2&before=${first.next}`)).json();
    expect(second.items.map((e: { id: number }) => e.id)).toEqual(ids.slice(2, 4));

    const bad = await list('action=record.destroy');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('query.action');
  });

  it('exports as CSV and XLSX with Chinese headers and labels; the download is itself recorded', async () => {
    const from = await maxId();
    const csv = await send(
      'GET',
      `/api/admin/audit.csv?user=${PLANNER}&action=record.delete,record.restore`,
      admin,
    );
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const table = await readCsvText(csv.body);
    expect(table.header).toEqual([
      '时间',
      '用户名',
      '姓名',
      '角色',
      '操作',
      '对象',
      '编号',
      '摘要',
      'IP 地址',
      '结果',
    ]);
    const deleted = table.rows.find((r) => r[4] === '删除记录');
    expect(deleted).toBeDefined();
    expect(deleted!.slice(1, 6)).toEqual([PLANNER, '测试 planner', '规划人员', '删除记录', '民政设施']);
    expect(deleted![7]).toBe('理由：重复录入');
    expect(deleted![9]).toBe('成功');
    expect(deleted![0]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(table.rows.find((r) => r[4] === '恢复记录')?.[7]).toBe('恢复到第 1 版；理由：误删');

    const xlsx = await ctx.app.inject({
      method: 'GET',
      url: '/api/admin/audit.xlsx?action=auth.sign_in_failed&limit=5',
      headers: { cookie: admin },
    });
    expect(xlsx.statusCode, xlsx.body.slice(0, 200)).toBe(400); // limit is not an export filter
    const book = await ctx.app.inject({
      method: 'GET',
      url: `/api/admin/audit.xlsx?action=auth.sign_in_failed&from=${today}`,
      headers: { cookie: admin },
    });
    expect(book.statusCode).toBe(200);
    const file = path.join(scratch, 'audit.xlsx');
    await writeFile(file, book.rawPayload);
    const { stdout } = await promisify(execFile)(
      'ogr2ogr',
      ['-f', 'CSV', '/vsistdout/', file, '-oo', 'FIELD_TYPES=STRING', '-oo', 'HEADERS=FORCE'],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    const sheet = await readCsvText(stdout);
    expect(sheet.header).toEqual(table.header);
    expect(sheet.rows.length).toBeGreaterThan(0);
    expect(sheet.rows.every((r) => r[4] === '登录失败' && r[9]!.startsWith('拒绝'))).toBe(true);
    expect(sheet.rows.some((r) => r[7] === '用户名或密码错误')).toBe(true);

    const downloads = (await since(from, { username: ADMIN })).filter((e) => e.action === 'export.download');
    expect(downloads.map((e) => [e.kind, e.details])).toEqual([
      ['audit-log', { format: 'csv', filters: { user: PLANNER, action: 'record.delete,record.restore' } }],
      ['audit-log', { format: 'xlsx', filters: { action: 'auth.sign_in_failed', from: today } }],
    ]);
  }, 60_000);
});
