// POST /api/auth/login, POST /api/auth/logout, GET /api/auth/me.
// Failed logins are limited per (account, address) and per address over a 15-minute window, and
// per account whatever the address over an hour (the account is locked: 423 with the time it
// opens again; `npm run user:unlock` lifts it). The address is request.ip: behind TRUST_PROXY the
// right-most untrusted hop of X-Forwarded-For (config.ts), so a forged first hop changes nothing.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problemDetail } from '../../contract/problems.ts';
import { ROLES, type Role } from '../../contract/vocabularies.ts';
import { AppError } from '../../errors.ts';
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie } from './auth.plugin.ts';
import {
  accountLockedUntil,
  clearLoginFailures,
  countLoginFailures,
  createSession,
  deleteSession,
  findUserByUsername,
  forgetLoginFailure,
  recordLogin,
  recordLoginFailure,
} from './auth.repository.ts';
import {
  ACCOUNT_LOCK_WINDOW_MS,
  LOGIN_WINDOW_MS,
  MAX_FAILURES_PER_ACCOUNT,
  MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS,
  MAX_FAILURES_PER_ADDRESS,
} from './login-limits.ts';
import { dummyVerify, verifyPassword } from './passwords.ts';

export {
  ACCOUNT_LOCK_WINDOW_MS,
  LOGIN_WINDOW_MS,
  MAX_FAILURES_PER_ACCOUNT,
  MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS,
  MAX_FAILURES_PER_ADDRESS,
};

const User = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  role: Type.Unsafe<Role>({ type: 'string', enum: [...ROLES] }),
});
const Me = Type.Object({ user: Type.Union([User, Type.Null()]) });

export const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/auth/login',
    {
      config: { audit: 'auth.sign_in' },
      schema: {
        summary: 'Sign in; sets an HttpOnly, SameSite=Strict session cookie',
        tags: ['auth'],
        body: Type.Object(
          {
            username: Type.String({ minLength: 1, maxLength: 40 }),
            password: Type.String({ minLength: 1, maxLength: 200 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Me },
      },
    },
    async (request, reply) => {
      const username = request.body.username.trim().toLowerCase();
      const address = request.ip;
      // Count this attempt as a failure before checking the password, then count: a burst of
      // parallel guesses cannot all see "under the limit" (the k-th to count sees at least k rows).
      // Taken back if refused unchecked; cleared with the others on success.
      const attempt = await recordLoginFailure(app.db, username, address);
      const failures = await countLoginFailures(
        app.db,
        username,
        address,
        LOGIN_WINDOW_MS,
        ACCOUNT_LOCK_WINDOW_MS,
      );
      if (failures.accountAnywhere > MAX_FAILURES_PER_ACCOUNT) {
        await forgetLoginFailure(app.db, attempt);
        const until =
          (await accountLockedUntil(app.db, username, MAX_FAILURES_PER_ACCOUNT, ACCOUNT_LOCK_WINDOW_MS)) ??
          new Date(Date.now() + 60_000);
        reply.header('Retry-After', String(Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000))));
        const at = `${until.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
        // details keeps lockedUntil for API clients and adds the coded detail the client renders.
        const detail = problemDetail('body.username', 'account_locked', { until: at });
        throw new AppError(423, 'account_locked', `This account ${detail.problem}.`, {
          lockedUntil: until.toISOString(),
          problems: [detail],
        });
      }
      const limited =
        failures.account > MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS
          ? failures.oldestAccountFailure
          : failures.address > MAX_FAILURES_PER_ADDRESS
            ? failures.oldestAddressFailure
            : null;
      if (limited) {
        await forgetLoginFailure(app.db, attempt);
        const retryAfter = Math.max(1, Math.ceil((limited.getTime() + LOGIN_WINDOW_MS - Date.now()) / 1000));
        reply.header('Retry-After', String(retryAfter));
        const detail = problemDetail('body', 'too_many_sign_ins', { minutes: Math.ceil(retryAfter / 60) });
        throw new AppError(429, 'rate_limited', `${detail.problem}.`, [detail]);
      }
      const user = await findUserByUsername(app.db, username);
      const ok =
        user && !user.disabled
          ? await verifyPassword(user.passwordHash, request.body.password)
          : await dummyVerify(request.body.password);
      if (!user || !ok) {
        const detail = problemDetail('body', 'wrong_credentials');
        throw new AppError(401, 'unauthorized', `${detail.problem}.`, [detail]);
      }
      await clearLoginFailures(app.db, username, address);
      await recordLogin(app.db, user.id);
      const session = await createSession(app.db, user.id, {
        address,
        userAgent: request.headers['user-agent'],
      });
      setSessionCookie(request, reply, session.token);
      return {
        user: { id: user.id, username: user.username, displayName: user.displayName, role: user.role },
      };
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { audit: 'auth.sign_out' },
      schema: {
        summary: 'Sign out: ends the session and clears the cookie',
        tags: ['auth'],
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await deleteSession(app.db, token);
      clearSessionCookie(request, reply);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/auth/me',
    { schema: { summary: 'The signed-in user, or null', tags: ['auth'], response: { 200: Me } } },
    async (request, reply) => {
      reply.header('Cache-Control', 'no-store');
      return { user: request.user };
    },
  );
};
