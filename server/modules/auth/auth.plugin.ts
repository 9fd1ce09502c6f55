// App-wide request handling for accounts: reads the session cookie into `request.user`, refuses
// mutating requests whose body is neither JSON nor multipart (415), and mutating requests that do
// not come from the app's own pages (403, security/origin.ts). SameSite=Strict alone is not enough:
// a page on another port of the same host is same-site and gets the cookie sent, and multipart is a
// type an HTML form may post. Called directly from buildApp (not registered) so its hooks cover
// every route.
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { assertSameOrigin } from '../security/origin.ts';
import { findSessionUser, SESSION_IDLE_MS } from './auth.repository.ts';

import { SESSION_COOKIE } from './roles.ts';

export { SESSION_COOKIE };

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const ALLOWED_BODY_TYPES = new Set(['application/json', 'multipart/form-data']);

export async function registerAuth(app: FastifyInstance): Promise<void> {
  await app.register(cookie);
  app.decorateRequest('user', null);

  app.addHook('onRequest', async (request) => {
    if (MUTATING.has(request.method)) {
      const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (!ALLOWED_BODY_TYPES.has(type)) {
        throw new AppError(
          415,
          'unsupported_media_type',
          'Requests that change data must send Content-Type: application/json (or multipart/form-data for uploads).',
        );
      }
      assertSameOrigin(request);
    }
    const token = request.cookies[SESSION_COOKIE];
    request.user = token && token.length <= 100 ? ((await findSessionUser(app.db, token)) ?? null) : null;
  });
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    maxAge: Math.floor(SESSION_IDLE_MS / 1000),
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
  });
}
