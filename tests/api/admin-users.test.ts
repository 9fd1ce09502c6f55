// Account administration through /api/admin/users, on a database of its own (the rules about the
// last administrator need to know every account): the first administrator made with the command
// (npm run user:add), then every action of the admin page and its refusals — username, password
// policy, existing user, stale version, own role, own account, the last active administrator (the
// command line, and two administrators demoting each other at once) — each followed by the audit
// entry it leaves; the commands run on the same rules and leave entries too.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../server/app.ts';
import { renderProblem } from '../../server/contract/problems.ts';
import { type DatabaseHandle, openDatabase } from '../../server/db/database.ts';
import { migrate } from '../../server/db/migrate.ts';
import { MAX_FAILURES_PER_ACCOUNT } from '../../server/modules/auth/login-limits.ts';
import { passwordProblems } from '../../server/modules/auth/passwords.ts';
import { FROM_APP } from '../helpers/auth.ts';
import { createDatabase, npmRun } from '../helpers/cluster.ts';

let target: Awaited<ReturnType<typeof createDatabase>>;
let database: DatabaseHandle;
let app: App;
let root = ''; // the first administrator's cookie

const ROOT = 'root-admin';
const ROOT_PASSWORD = 'first admin passphrase 2024';
let addressCounter = 0;
const nextAddress = () => `10.20.${Math.floor(++addressCounter / 250)}.${(addressCounter % 250) + 1}`;

async function login(username: string, password: string, remoteAddress = nextAddress()) {
  return app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress,
    payload: { username, password },
  });
}
const cookieOf = (response: { cookies: { name: string; value: string }[] }) =>
  `civic_session=${response.cookies.find((c) => c.name === 'civic_session')?.value}`;
async function signedIn(username: string, password: string): Promise<string> {
  const response = await login(username, password);
  expect(response.statusCode, response.body).toBe(200);
  return cookieOf(response);
}
const me = async (cookie: string) =>
  (await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).json().user;

/** A call of the admin API as the page makes it. */
function call(
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  cookie: string,
  payload?: object,
  version?: number,
) {
  return app.inject({
    method,
    url: `/api/admin/users${url}`,
    headers: { cookie, ...FROM_APP, ...(version !== undefined ? { 'if-match': `"${version}"` } : {}) },
    ...(method === 'GET' ? {} : { payload: payload ?? {} }),
  });
}
const account = async (username: string) =>
  (await call('GET', '', root)).json().users.find((u: { username: string }) => u.username === username);

/** The newest audit entry, optionally of one action. */
async function lastAudit(action?: string) {
  const row = await database.db
    .selectFrom('audit_log')
    .selectAll()
    .$if(action !== undefined, (q) => q.where('action', '=', action!))
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row;
}
const auditCount = async () =>
  Number((await sql<{ n: string }>`SELECT count(*) AS n FROM audit_log`.execute(database.db)).rows[0]?.n);

const codesOf = (response: { json(): { error: { details?: { code: string }[] } } }) =>
  (response.json().error.details ?? []).map((d) => d.code);

beforeAll(async () => {
  target = await createDatabase('civic_ops_admin_users');
  database = openDatabase(target.url, 4);
  await migrate(database.pool);
  app = await buildApp({ db: database.db, pool: database.pool });
  await app.ready();
  // The first administrator, as the README says: with the command.
  const made = npmRun('user:add', ['--username', ROOT, '--role', 'admin', '--name', '管理员甲'], {
    DATABASE_URL: target.url,
    USER_PASSWORD: ROOT_PASSWORD,
  });
  expect(made.status, made.output).toBe(0);
  root = await signedIn(ROOT, ROOT_PASSWORD);
}, 180_000);

afterAll(async () => {
  await app?.close();
  await database?.close();
  await target?.drop();
});

describe('the command made the first administrator', () => {
  it('with an audit entry from the command line, and the admin can sign in', async () => {
    const created = await database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'user.create')
      .where('target', '=', ROOT)
      .executeTakeFirstOrThrow();
    expect(created).toMatchObject({ kind: 'users', user_id: null, address: 'localhost', status: 200 });
    expect(created.details).toMatchObject({
      role: 'admin',
      displayName: '管理员甲',
      generated: false,
      via: 'cli',
    });
    expect(await lastAudit('auth.sign_in')).toMatchObject({
      username: ROOT,
      role: 'admin',
      display_name: '管理员甲',
    });
  });
});

describe('GET /api/admin/users', () => {
  it('lists role, name, disabled, lock, last sign-in, sessions and version; only for administrators', async () => {
    const response = await call('GET', '', root);
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const me = response.json().users.find((u: { username: string }) => u.username === ROOT);
    expect(me).toMatchObject({
      role: 'admin',
      displayName: '管理员甲',
      disabled: false,
      lockedUntil: null,
      activeSessions: 1,
      version: 1,
    });
    expect(Date.now() - new Date(me.lastLoginAt).getTime()).toBeLessThan(120_000);

    expect((await app.inject({ method: 'GET', url: '/api/admin/users' })).statusCode).toBe(401);
    await call('POST', '', root, {
      username: 'plain-viewer',
      role: 'viewer',
      password: 'a viewer passphrase 9',
    });
    const viewer = await signedIn('plain-viewer', 'a viewer passphrase 9');
    const refused = await call('GET', '', viewer);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().users).toBeUndefined();
  });
});

describe('POST /api/admin/users', () => {
  it('adds an account with a chosen password; the entry names who added whom, never the password', async () => {
    const password = 'planner passphrase 77';
    const response = await call('POST', '', root, {
      username: '  Zhang.Planner ',
      displayName: '张规划',
      role: 'planner',
      password,
    });
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json();
    expect(body.user).toMatchObject({
      username: 'zhang.planner',
      displayName: '张规划',
      role: 'planner',
      version: 1,
    });
    expect(body.generatedPassword).toBeUndefined();
    expect(await me(await signedIn('zhang.planner', password))).toMatchObject({ role: 'planner' });
    const entry = await lastAudit('user.create');
    expect(entry).toMatchObject({ username: ROOT, role: 'admin', kind: 'users', target: 'zhang.planner' });
    expect(entry?.details).toMatchObject({ role: 'planner', generated: false });
    expect(JSON.stringify(entry)).not.toContain(password);
  });

  it('generates a password that passes the policy when none is given, and shows it only in the answer', async () => {
    const response = await call('POST', '', root, { username: 'li-editor', role: 'boundary_editor' });
    expect(response.statusCode, response.body).toBe(201);
    const generated: string = response.json().generatedPassword;
    expect(passwordProblems(generated, 'li-editor')).toEqual([]);
    expect(response.json().user.displayName).toBe('li-editor'); // the name defaults to the username
    expect(await me(await signedIn('li-editor', generated))).toMatchObject({ role: 'boundary_editor' });
    const entry = await lastAudit('user.create');
    expect(entry?.details).toMatchObject({ generated: true });
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log
      WHERE details::text LIKE ${`%${generated}%`}`.execute(database.db);
    expect(rows[0]?.n).toBe(0);
    // Asked again, the list has no password anywhere.
    expect((await call('GET', '', root)).body).not.toContain(generated);
  });

  it('refuses a bad username, a weak password, an unknown role and an existing user, in Chinese too, writing nothing', async () => {
    const users = async () => (await call('GET', '', root)).json().users.length;
    const before = { users: await users(), audit: await auditCount() };

    const badName = await call('POST', '', root, {
      username: '-x',
      role: 'viewer',
      password: 'a fine passphrase 1',
    });
    expect(badName.statusCode).toBe(400);
    expect(codesOf(badName)).toEqual(['username_format']);
    expect(renderProblem(badName.json().error.details[0], 'zh')).toContain('2–40 个字符');

    const weak = await call('POST', '', root, {
      username: 'wang-wu',
      role: 'viewer',
      password: 'wang-wu-2024',
    });
    expect(weak.statusCode).toBe(400);
    expect(codesOf(weak)).toEqual(['password_has_username']);
    const short = await call('POST', '', root, { username: 'wang-wu', role: 'viewer', password: 'short1' });
    expect(codesOf(short)).toEqual(['password_too_short']);
    expect(renderProblem(short.json().error.details[0], 'zh')).toBe('至少需要 12 个字符（现有 6 个）');
    const common = await call('POST', '', root, {
      username: 'wang-wu',
      role: 'viewer',
      password: 'Password2024!',
    });
    expect(codesOf(common)).toEqual(['password_guessable']);

    const role = await call('POST', '', root, { username: 'wang-wu', role: 'superuser' });
    expect(role.statusCode).toBe(400);
    expect(role.json().error.details[0].field).toBe('body.role');

    const twice = await call('POST', '', root, { username: 'ZHANG.planner', role: 'viewer' });
    expect(twice.statusCode).toBe(409);
    expect(codesOf(twice)).toEqual(['user_exists']);
    expect(renderProblem(twice.json().error.details[0], 'zh')).toBe('用户 zhang.planner 已存在');

    expect({ users: await users(), audit: await auditCount() }).toEqual(before);
  });
});

describe('PATCH /api/admin/users/:username', () => {
  it('changes the role with the version seen (428 without, 412 when stale), reports before → after, takes effect at once', async () => {
    const cookie = await signedIn('zhang.planner', 'planner passphrase 77');
    const seen = await account('zhang.planner');
    expect((await call('PATCH', '/zhang.planner', root, { role: 'viewer' })).statusCode).toBe(428);
    const stale = await call('PATCH', '/zhang.planner', root, { role: 'viewer' }, seen.version + 5);
    expect(stale.statusCode).toBe(412);
    expect(stale.json().error.details.current).toMatchObject({
      username: 'zhang.planner',
      version: seen.version,
    });

    const changed = await call(
      'PATCH',
      '/zhang.planner',
      root,
      { role: 'viewer', displayName: '张三' },
      seen.version,
    );
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({
      user: { role: 'viewer', displayName: '张三', version: seen.version + 1 },
      changes: [
        { field: 'displayName', before: '张规划', after: '张三' },
        { field: 'role', before: 'planner', after: 'viewer' },
      ],
    });
    expect(await me(cookie)).toMatchObject({ role: 'viewer', displayName: '张三' });
    const entry = await lastAudit('user.update');
    expect(entry).toMatchObject({ username: ROOT, target: 'zhang.planner' });
    expect(entry?.details.changes).toEqual(changed.json().changes);

    // A second administrator working from the same list is refused: their version is old.
    const late = await call('PATCH', '/zhang.planner', root, { role: 'planner' }, seen.version);
    expect(late.statusCode).toBe(412);
    expect((await account('zhang.planner')).role).toBe('viewer');
  });

  it('refuses an administrator’s own role change and a missing account', async () => {
    const mine = await account(ROOT);
    const own = await call('PATCH', `/${ROOT}`, root, { role: 'viewer' }, mine.version);
    expect(own.statusCode).toBe(409);
    expect(codesOf(own)).toEqual(['own_role']);
    expect(renderProblem(own.json().error.details[0], 'zh')).toContain('不能修改自己的角色');
    expect(
      (await call('PATCH', `/${ROOT}`, root, { displayName: '管理员甲' }, mine.version)).statusCode,
    ).toBe(200);
    const missing = await call('PATCH', '/nobody-here', root, { role: 'viewer' }, 1);
    expect(missing.statusCode).toBe(404);
    expect(codesOf(missing)).toEqual(['no_such_user']);
    expect((await account(ROOT)).role).toBe('admin');
  });
});

describe('disable, enable, password, sessions, unlock', () => {
  it('disable ends every session and refuses sign-in; enable lets the user in again; not oneself', async () => {
    const cookie = await signedIn('li-editor', (await resetTo('li-editor', 'editor passphrase 42')).password);
    const seen = await account('li-editor');
    expect((await call('POST', '/li-editor/disable', root)).statusCode).toBe(428);
    const off = await call('POST', '/li-editor/disable', root, {}, seen.version);
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json()).toMatchObject({ user: { disabled: true, activeSessions: 0 }, sessionsEnded: 1 });
    expect(await me(cookie)).toBeNull();
    expect((await login('li-editor', 'editor passphrase 42')).statusCode).toBe(401);
    expect(await lastAudit('user.disable')).toMatchObject({
      target: 'li-editor',
      details: { sessionsEnded: 1 },
    });

    const on = await call('POST', '/li-editor/enable', root, {}, off.json().user.version);
    expect(on.json().user.disabled).toBe(false);
    expect((await login('li-editor', 'editor passphrase 42')).statusCode).toBe(200);
    expect(await lastAudit('user.enable')).toMatchObject({ username: ROOT, target: 'li-editor' });

    const self = await call('POST', `/${ROOT}/disable`, root, {}, (await account(ROOT)).version);
    expect(self.statusCode).toBe(409);
    expect(codesOf(self)).toEqual(['own_disable']);
  });

  it('a new password (chosen or generated) ends the sessions; the old one stops working', async () => {
    const cookie = await signedIn('li-editor', 'editor passphrase 42');
    const seen = await account('li-editor');
    const weak = await call('POST', '/li-editor/password', root, { password: '123456789012' }, seen.version);
    expect(weak.statusCode).toBe(400);
    expect(codesOf(weak)).toEqual(['password_guessable']);
    expect(await me(cookie)).not.toBeNull(); // refused: nothing changed

    const reset = await call('POST', '/li-editor/password', root, {}, seen.version);
    expect(reset.statusCode, reset.body).toBe(200);
    const generated: string = reset.json().generatedPassword;
    expect(seen.activeSessions).toBeGreaterThanOrEqual(1);
    expect(reset.json()).toMatchObject({
      sessionsEnded: seen.activeSessions,
      user: { version: seen.version + 1, activeSessions: 0 },
    });
    expect(await me(cookie)).toBeNull();
    expect((await login('li-editor', 'editor passphrase 42')).statusCode).toBe(401);
    expect((await login('li-editor', generated)).statusCode).toBe(200);
    const entry = await lastAudit('user.password_reset');
    expect(entry).toMatchObject({ username: ROOT, target: 'li-editor', details: { generated: true } });
    expect(JSON.stringify(entry)).not.toContain(generated);

    const chosen = await resetTo('li-editor', 'editor passphrase 43');
    expect(chosen.response.generatedPassword).toBeUndefined();
    expect((await lastAudit('user.password_reset'))?.details).toMatchObject({ generated: false });
  });

  it('revoke-sessions ends every session of the account and keeps the password', async () => {
    const a = await signedIn('li-editor', 'editor passphrase 43');
    const b = await signedIn('li-editor', 'editor passphrase 43');
    expect((await account('li-editor')).activeSessions).toBe(2);
    const response = await call('POST', '/li-editor/revoke-sessions', root);
    expect(response.json()).toMatchObject({ sessionsEnded: 2, user: { activeSessions: 0 } });
    expect([await me(a), await me(b)]).toEqual([null, null]);
    expect((await login('li-editor', 'editor passphrase 43')).statusCode).toBe(200);
    expect(await lastAudit('user.sessions_revoke')).toMatchObject({
      target: 'li-editor',
      details: { sessionsEnded: 2 },
    });
  });

  it('shows a locked account with its end; unlock lets it sign in at once', async () => {
    const address = nextAddress();
    // The failed sign-ins of the tests above forgotten first, so exactly MAX failures lock it.
    expect((await call('POST', '/li-editor/unlock', root)).statusCode).toBe(200);
    // Failures from many addresses, as a password-guessing run makes them (sign-in counts them all).
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i += 10)
      await Promise.all(
        Array.from({ length: Math.min(10, MAX_FAILURES_PER_ACCOUNT - i) }, () =>
          login('li-editor', 'a wrong guess'),
        ),
      );
    const locked = await login('li-editor', 'editor passphrase 43', address);
    expect(locked.statusCode).toBe(423);
    const listed = await account('li-editor');
    expect(listed.failedSignIns).toBe(MAX_FAILURES_PER_ACCOUNT);
    expect(new Date(listed.lockedUntil).getTime()).toBe(
      new Date(locked.json().error.details.lockedUntil).getTime(),
    );
    const failed = await lastAudit('auth.sign_in_failed');
    expect(failed).toMatchObject({ username: 'li-editor', user_id: null, address, status: 423 });
    expect(failed?.details).toEqual({ refusal: 'account_locked' });

    const response = await call('POST', '/li-editor/unlock', root);
    expect(response.json()).toMatchObject({
      failuresCleared: MAX_FAILURES_PER_ACCOUNT,
      user: { lockedUntil: null, failedSignIns: 0 },
    });
    expect((await login('li-editor', 'editor passphrase 43')).statusCode).toBe(200);
    expect(await lastAudit('user.unlock')).toMatchObject({
      target: 'li-editor',
      details: { failuresCleared: 50 },
    });
  }, 60_000);
});

describe('the last active administrator', () => {
  it('the command cannot disable or demote the last one (the same rule as the page)', async () => {
    const env = { DATABASE_URL: target.url };
    const disable = npmRun('user:disable', ['--username', ROOT], env);
    expect(disable.status).not.toBe(0);
    expect(disable.output).toContain('would leave no active administrator');
    const demote = npmRun('user:add', ['--username', ROOT, '--role', 'viewer', '--reset'], {
      ...env,
      USER_PASSWORD: 'another root phrase 8',
    });
    expect(demote.status).not.toBe(0);
    expect(demote.output).toContain('would leave no active administrator');
    expect(await account(ROOT)).toMatchObject({ role: 'admin', disabled: false });
    expect(await me(root)).toMatchObject({ username: ROOT }); // a refused command ends no session
  }, 120_000);

  it('two administrators demoting each other at once: one wins, the other is refused, one remains', async () => {
    await call('POST', '', root, { username: 'admin-b', role: 'admin', password: 'second admin phrase 5' });
    await call('POST', '', root, { username: 'admin-c', role: 'admin', password: 'third admin phrase 6' });
    const env = { DATABASE_URL: target.url };
    // With two others, the command may disable root: b and c are then the only administrators.
    const off = npmRun('user:disable', ['--username', ROOT], env);
    expect(off.status, off.output).toBe(0);
    expect(await lastAudit('user.disable')).toMatchObject({
      target: ROOT,
      user_id: null,
      details: { via: 'cli' },
    });
    expect(await me(root)).toBeNull();
    try {
      const b = await signedIn('admin-b', 'second admin phrase 5');
      const c = await signedIn('admin-c', 'third admin phrase 6');
      const version = async (name: string) =>
        (
          await database.db
            .selectFrom('users')
            .select('version')
            .where('username', '=', name)
            .executeTakeFirstOrThrow()
        ).version;
      const [vb, vc] = [await version('admin-b'), await version('admin-c')];
      const answers = await Promise.all([
        call('PATCH', '/admin-c', b, { role: 'viewer' }, vc),
        call('PATCH', '/admin-b', c, { role: 'viewer' }, vb),
      ]);
      const statuses = answers.map((r) => r.statusCode).sort();
      // The loser was either already demoted when it asked (403) or demoted the last one (409).
      expect([
        [200, 403],
        [200, 409],
      ]).toContainEqual(statuses);
      const loser = answers.find((r) => r.statusCode === 409);
      if (loser) expect(codesOf(loser)).toEqual(['last_admin']);
      const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM users
        WHERE role = 'admin' AND NOT disabled`.execute(database.db);
      expect(rows[0]?.n).toBe(1);
    } finally {
      const on = npmRun('user:enable', ['--username', ROOT], env);
      expect(on.status, on.output).toBe(0);
      root = await signedIn(ROOT, ROOT_PASSWORD);
    }
  }, 120_000);
});

describe('signing out', () => {
  it('is recorded for the user whose session ends; a request without a session records nothing', async () => {
    const cookie = await signedIn('admin-b', 'second admin phrase 5');
    const before = await auditCount();
    const out = await app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie, ...FROM_APP },
      payload: {},
    });
    expect(out.statusCode).toBe(204);
    expect(await lastAudit()).toMatchObject({ action: 'auth.sign_out', username: 'admin-b' });
    const again = await app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: FROM_APP,
      payload: {},
    });
    expect(again.statusCode).toBe(204);
    expect(await auditCount()).toBe(before + 1);
  });
});

/** Sets a chosen password through the API; returns it with the answer. */
async function resetTo(username: string, password: string) {
  const u = await account(username);
  const response = await call('POST', `/${username}/password`, root, { password }, u.version);
  expect(response.statusCode, response.body).toBe(200);
  return { password, response: response.json() };
}
