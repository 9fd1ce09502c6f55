// Signing in from API tests: makes (or refreshes) a test user with the given role and returns the
// Cookie header of a fresh session, e.g. `app.inject({ ..., headers: { cookie } })`.
import { sql } from 'kysely';
import type { App } from '../../server/app.ts';
import { hashPassword } from '../../server/modules/auth/passwords.ts';
import type { Role } from '../../server/modules/auth/roles.ts';

export const TEST_PASSWORD = 'test-password-123';

/** What the app's own client sends on every write (client/api/client.ts APP_HEADERS): a
 * cookie-authenticated write without Origin or Sec-Fetch-Site needs it (CSRF rule, README). */
export const FROM_APP = { 'x-requested-with': 'civic-atlas' } as const;
let passwordHash: Promise<string> | undefined;

export async function ensureTestUser(
  app: App,
  role: Role,
  username = `test-${role.replace('_', '-')}`,
): Promise<string> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const hash = await passwordHash;
  await sql`INSERT INTO users (username, display_name, role, password_hash) VALUES (${username}, ${`测试 ${role}`}, ${role}, ${hash})
    ON CONFLICT (username) DO UPDATE SET role = EXCLUDED.role, password_hash = EXCLUDED.password_hash, disabled = false`.execute(
    app.db,
  );
  return username;
}

/** Signs in as a test user with `role`; returns the Cookie header value. */
export async function signIn(app: App, role: Role, username?: string): Promise<string> {
  const name = await ensureTestUser(app, role, username);
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: name, password: TEST_PASSWORD },
  });
  if (response.statusCode !== 200)
    throw new Error(`sign-in as ${name} failed: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === 'civic_session');
  if (!cookie) throw new Error('sign-in set no session cookie');
  return `civic_session=${cookie.value}`;
}

/** A request as the app sends it: the session cookie (with FROM_APP) and the If-Match of the version edited. */
export function asUser(app: App) {
  return (
    method: 'POST' | 'PATCH' | 'DELETE' | 'GET',
    url: string,
    cookie: string | null,
    payload?: unknown,
    ifMatch?: string,
  ) => {
    const headers: Record<string, string> = cookie ? { cookie, ...FROM_APP } : {};
    if (ifMatch !== undefined) headers['if-match'] = ifMatch;
    return app.inject({ method, url, headers, payload: payload as Record<string, unknown> | undefined });
  };
}

/** Signs out the session of `cookie` (a Cookie header value); returns the response. */
export function signOut(app: App, cookie: string) {
  return app.inject({
    method: 'POST',
    url: '/api/auth/logout',
    headers: { cookie, ...FROM_APP },
    payload: {},
  });
}
