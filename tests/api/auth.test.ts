// Accounts: login/logout/me, the session cookie's attributes, expiry, failed-login limits, and the
// 415 rule for mutating requests that are not JSON.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { ensureTestUser, signIn, signOut, TEST_PASSWORD } from '../helpers/auth.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useTestApp();
const randomAddress = () =>
  `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

describe('auth', () => {
  it('logs in with a HttpOnly SameSite=Strict cookie, answers me, logs out', async () => {
    const username = await ensureTestUser(ctx.app, 'boundary_editor');
    const login = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password: TEST_PASSWORD },
    });
    expect(login.statusCode).toBe(200);
    expect(login.json().user).toMatchObject({ username, role: 'boundary_editor' });
    const setCookie = String(login.headers['set-cookie']);
    expect(setCookie).toMatch(/civic_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).not.toMatch(/Secure/i); // plain http here; Secure is set over https
    const cookie = `civic_session=${login.cookies[0]!.value}`;

    const me = await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(me.json().user).toMatchObject({ username, role: 'boundary_editor' });

    const logout = await signOut(ctx.app, cookie);
    expect(logout.statusCode).toBe(204);
    const after = await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(after.json().user).toBeNull();
  });

  it('sets Secure on the cookie when the request came over https', async () => {
    // inject() has no TLS socket, so call the cookie writer with an https request directly.
    const { setSessionCookie } = await import('../../server/modules/auth/auth.plugin.ts');
    let options: Record<string, unknown> = {};
    const reply = { setCookie: (_name: string, _value: string, o: Record<string, unknown>) => (options = o) };
    setSessionCookie({ protocol: 'https' } as never, reply as never, 'token');
    expect(options).toMatchObject({ secure: true, sameSite: 'strict', httpOnly: true, path: '/' });
  });

  it('stores passwords as argon2id', async () => {
    const username = await ensureTestUser(ctx.app, 'planner');
    const { rows } = await sql<{
      password_hash: string;
    }>`SELECT password_hash FROM users WHERE username = ${username}`.execute(ctx.app.db);
    expect(rows[0]!.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('refuses a wrong password and an unknown user with the same answer', async () => {
    const username = await ensureTestUser(ctx.app, 'viewer');
    const remoteAddress = randomAddress();
    const wrong = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress,
      payload: { username, password: 'nope-nope' },
    });
    const unknown = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress,
      payload: { username: 'no-such-user', password: 'nope-nope' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error.message).toBe(unknown.json().error.message);
    expect(wrong.cookies).toHaveLength(0);
  });

  it('limits failed logins per account and address, without locking the account out elsewhere', async () => {
    const username = await ensureTestUser(ctx.app, 'viewer', 'test-ratelimit');
    const remoteAddress = randomAddress();
    const attempt = (password: string, address = remoteAddress) =>
      ctx.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: address,
        payload: { username, password },
      });
    for (let i = 0; i < 5; i++) expect((await attempt('wrong-password')).statusCode).toBe(401);
    const limited = await attempt('wrong-password');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Even the right password is refused from that address while limited …
    expect((await attempt(TEST_PASSWORD)).statusCode).toBe(429);
    // … but the owner can still sign in from another address.
    expect((await attempt(TEST_PASSWORD, randomAddress())).statusCode).toBe(200);
  });

  it('limits one address trying many accounts', async () => {
    const remoteAddress = randomAddress();
    let last = 0;
    for (let i = 0; i < 21; i++) {
      const response = await ctx.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress,
        payload: { username: `spray-${i}`, password: 'guess-guess' },
      });
      last = response.statusCode;
    }
    expect(last).toBe(429);
  });

  it('ends expired sessions', async () => {
    const cookie = await signIn(ctx.app, 'viewer');
    const token = cookie.split('=')[1]!;
    const { createHash } = await import('node:crypto');
    await sql`UPDATE sessions SET expires_at = now() - interval '1 minute' WHERE token_hash = ${createHash('sha256').update(token).digest()}`.execute(
      ctx.app.db,
    );
    const me = await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(me.json().user).toBeNull();
  });

  it('keeps only a hash of the session token in the database', async () => {
    const cookie = await signIn(ctx.app, 'viewer');
    const token = cookie.split('=')[1]!;
    const { rows } = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM sessions WHERE encode(token_hash, 'escape') = ${token}`.execute(
      ctx.app.db,
    );
    expect(rows[0]!.n).toBe(0);
  });

  it('answers 415 to mutating requests that are not JSON', async () => {
    const notJson = [
      ['/api/auth/login', 'application/x-www-form-urlencoded', 'username=a&password=b'],
      ['/api/auth/logout', 'text/plain', 'x'],
    ];
    for (const [url, type, payload] of notJson) {
      const response = await ctx.app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': type },
        payload,
      });
      expect(response.statusCode, url).toBe(415);
      expect(response.json().error.code, url).toBe('unsupported_media_type');
    }
    const none = await ctx.app.inject({ method: 'DELETE', url: '/api/boundary-markers/1' });
    expect(none.statusCode).toBe(415);
  });
});
