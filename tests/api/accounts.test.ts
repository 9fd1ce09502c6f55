// Accounts (OWASP ASVS L2): a per-account failed-login limit whatever the address, with the lock's
// end in the answer and an admin unlock; the client address behind a proxy is the right-most
// untrusted hop of X-Forwarded-For; the password policy; and the account commands (reset ends
// sessions, disable/enable, list, revoke sessions, unlock) — as functions and through the CLI.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { MAX_FAILURES_PER_ACCOUNT } from '../../server/modules/auth/auth.routes.ts';
import { passwordProblems } from '../../server/modules/auth/passwords.ts';
import {
  endUserSessions,
  listUsers,
  resetUserCredentials,
  setUserDisabled,
  unlockUser,
} from '../../server/modules/auth/user-admin.ts';
import { useTestApp } from '../helpers/app.ts';
import { ensureTestUser, FROM_APP, TEST_PASSWORD } from '../helpers/auth.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useTestApp();

const randomAddress = () => `10.${[0, 0, 0].map(() => Math.floor(Math.random() * 250)).join('.')}`;

async function login(app: App, username: string, password: string, extra: Record<string, unknown> = {}) {
  return app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress: randomAddress(),
    payload: { username, password },
    ...extra,
  });
}
const cookieOf = (response: { cookies: { name: string; value: string }[] }) =>
  `civic_session=${response.cookies.find((c) => c.name === 'civic_session')?.value}`;
const me = async (cookie: string) =>
  (await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).json().user;

describe('per-account failed-login limit', () => {
  it(`locks an account after ${MAX_FAILURES_PER_ACCOUNT} failures from any addresses, says until when; unlock lifts it`, async () => {
    expect(MAX_FAILURES_PER_ACCOUNT).toBeLessThanOrEqual(100);
    const username = await ensureTestUser(ctx.app, 'viewer', 'acct-lock');
    await unlockUser(ctx.app.db, username);
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i += 10) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(10, MAX_FAILURES_PER_ACCOUNT - i) }, () =>
          login(ctx.app, username, 'wrong-guess'),
        ),
      );
      for (const r of batch) expect(r.statusCode).toBe(401);
    }
    const locked = await login(ctx.app, username, TEST_PASSWORD); // right password, fresh address
    expect(locked.statusCode, locked.body).toBe(423);
    const error = locked.json().error;
    expect(error.code).toBe('account_locked');
    expect(error.message).toMatch(/locked/i);
    const until = new Date(error.details.lockedUntil).getTime();
    expect(until).toBeGreaterThan(Date.now());
    expect(until).toBeLessThanOrEqual(Date.now() + 3600_000 + 5000);
    expect(error.message).toContain(new Date(until).toISOString().slice(11, 16)); // HH:MM in the text
    expect(locked.cookies).toHaveLength(0);

    const other = await ensureTestUser(ctx.app, 'viewer', 'acct-lock-other');
    expect((await login(ctx.app, other, TEST_PASSWORD)).statusCode).toBe(200); // others unaffected

    expect((await unlockUser(ctx.app.db, username)).failuresCleared).toBeGreaterThan(0);
    expect((await login(ctx.app, username, TEST_PASSWORD)).statusCode).toBe(200);
  });
});

describe('client address behind a proxy', () => {
  for (const [label, env] of [
    ['TRUST_PROXY=true', 'true'],
    ['TRUST_PROXY=<proxy address>', '127.0.0.1'],
  ] as const) {
    describe(label, () => {
      let app: App;
      beforeAll(async () => {
        const { trustProxy } = loadConfig({ DATABASE_URL: 'postgres://unused', TRUST_PROXY: env });
        app = await buildApp({ db: ctx.database.db, pool: ctx.database.pool, trustProxy });
        await app.ready();
      });
      afterAll(async () => {
        await app?.close();
      });

      it('a forged first hop in X-Forwarded-For does not reset the per-address limit', async () => {
        const username = await ensureTestUser(ctx.app, 'viewer', `acct-xff-${env === 'true' ? 'a' : 'b'}`);
        await unlockUser(ctx.app.db, username);
        const client = randomAddress();
        const statuses: number[] = [];
        for (let i = 0; i < 7; i++) {
          const response = await login(app, username, 'wrong', {
            remoteAddress: '127.0.0.1', // the proxy
            headers: { 'x-forwarded-for': `${randomAddress()}, ${client}` },
          });
          statuses.push(response.statusCode);
        }
        expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
        expect(statuses.slice(5)).toEqual([429, 429]);
        const { rows } = await sql<{ address: string }>`SELECT DISTINCT address FROM login_failures
          WHERE username = ${username}`.execute(ctx.app.db);
        expect(rows.map((r) => r.address)).toEqual([client]);
      });
    });
  }
});

describe('password policy', () => {
  it('refuses short, common and username-based passwords; accepts a long passphrase', () => {
    expect(passwordProblems('short1!', 'zhang')).toEqual([expect.stringMatching(/12 characters/)]);
    for (const common of [
      'password1234',
      'Password123456',
      'qwertyuiop123',
      '123456789012',
      'aaaaaaaaaaaaaa',
      '1q2w3e4r5t6y',
    ])
      expect(passwordProblems(common, 'zhang').join(' '), common).toMatch(/common|guess/);
    expect(passwordProblems('zhangwei-2024-atlas', 'zhangwei').join(' ')).toMatch(/username/);
    expect(passwordProblems('ZhangWei-2024-atlas', 'zhangwei').join(' ')).toMatch(/username/);
    expect(passwordProblems('明月松间照清泉石上流', 'zhang').join(' ')).toMatch(/12 characters/); // 10 code points
    expect(passwordProblems('correct horse battery staple', 'zhang')).toEqual([]);
    expect(passwordProblems('明月松间照，清泉石上流。竹喧归浣女', 'zhang')).toEqual([]);
  });
});

describe('account commands', () => {
  it('reset (user:add --reset) ends the user’s sessions', async () => {
    const username = await ensureTestUser(ctx.app, 'planner', 'acct-reset');
    const cookie = cookieOf(await login(ctx.app, username, TEST_PASSWORD));
    expect(await me(cookie)).toMatchObject({ username });
    await expect(
      resetUserCredentials(ctx.app.db, username, { role: 'planner', password: 'short', displayName: 'x' }),
    ).rejects.toThrow(/12 characters/);
    expect(await me(cookie)).toMatchObject({ username }); // a refused reset changes nothing
    await resetUserCredentials(ctx.app.db, username, {
      role: 'planner',
      password: TEST_PASSWORD.repeat(2),
      displayName: '测试 planner',
    });
    expect(await me(cookie)).toBeNull();
    await ensureTestUser(ctx.app, 'planner', 'acct-reset'); // back to the shared test password
  });

  it('disable ends sessions and refuses sign-in; enable lets the user in again', async () => {
    const username = await ensureTestUser(ctx.app, 'planner', 'acct-disable');
    await endUserSessions(ctx.app.db, username); // an earlier run's sessions
    const cookie = cookieOf(await login(ctx.app, username, TEST_PASSWORD));
    expect(await setUserDisabled(ctx.app.db, null, username, true)).toMatchObject({
      user: { username, disabled: true },
      sessionsEnded: 1,
    });
    expect(await me(cookie)).toBeNull();
    const refused = await login(ctx.app, username, TEST_PASSWORD);
    expect(refused.statusCode).toBe(401);
    expect(refused.cookies).toHaveLength(0);
    await setUserDisabled(ctx.app.db, null, username, false);
    expect((await login(ctx.app, username, TEST_PASSWORD)).statusCode).toBe(200);
    await expect(setUserDisabled(ctx.app.db, null, 'acct-no-such-user', true)).rejects.toThrow(
      'no user acct-no-such-user',
    );
  });

  it('list shows role, disabled, last login and active sessions; revoke ends every session', async () => {
    const username = await ensureTestUser(ctx.app, 'viewer', 'acct-list');
    await endUserSessions(ctx.app.db, username);
    const a = cookieOf(await login(ctx.app, username, TEST_PASSWORD));
    const b = cookieOf(await login(ctx.app, username, TEST_PASSWORD));
    const row = (await listUsers(ctx.app.db)).find((u) => u.username === username);
    expect(row).toMatchObject({ username, role: 'viewer', disabled: false, activeSessions: 2 });
    expect(Date.now() - new Date(row!.lastLoginAt!).getTime()).toBeLessThan(60_000);
    expect((await endUserSessions(ctx.app.db, username)).sessionsEnded).toBe(2);
    expect(await me(a)).toBeNull();
    expect(await me(b)).toBeNull();
    // The revoked cookie cannot write either.
    const write = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: a, ...FROM_APP },
      payload: {},
    });
    expect(write.statusCode).toBe(204);
  });

  it('the CLI: user:list, user:disable, user:enable, user:unlock, user:revoke-sessions', async () => {
    const run = promisify(execFile);
    const root = path.resolve(import.meta.dirname, '../..');
    const cli = (...args: string[]) =>
      run(process.execPath, ['--import', 'tsx', 'scripts/user-admin.ts', ...args], {
        cwd: root,
        env: process.env,
      });
    const username = await ensureTestUser(ctx.app, 'viewer', 'acct-cli');
    const cookie = cookieOf(await login(ctx.app, username, TEST_PASSWORD));
    const list = await cli('list');
    expect(list.stdout).toMatch(new RegExp(`^${username}\\s+viewer\\s+no\\s+\\S+.*\\s1$`, 'm'));
    await cli('disable', '--username', username);
    expect(await me(cookie)).toBeNull();
    expect((await login(ctx.app, username, TEST_PASSWORD)).statusCode).toBe(401);
    await cli('enable', '--username', username);
    const again = cookieOf(await login(ctx.app, username, TEST_PASSWORD));
    await cli('revoke-sessions', '--username', username);
    expect(await me(again)).toBeNull();
    await cli('unlock', '--username', username);
    await expect(cli('disable', '--username', 'acct-no-such-user')).rejects.toMatchObject({
      stderr: expect.stringMatching(/no user acct-no-such-user/),
    });
  }, 120_000);
});
