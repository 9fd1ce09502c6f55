// Who may call a route. Every route that changes data declares a guard; the route-table test
// (tests/api/route-guards.test.ts) fails when one does not.
//
//   app.post('/things', { onRequest: requireRole('planner'), schema: … }, handler)
//
// Use it as `onRequest` so an anonymous caller gets 401 before the body is parsed or validated.
// `admin` passes every role check. `request.user` is the signed-in user or null.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { problemDetail } from '../../contract/problems.ts';
import { AppError } from '../../errors.ts';
import type { Role, SessionUser } from './roles.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, or null for anonymous callers. Set by registerAuth's onRequest hook. */
    user: SessionUser | null;
  }
}

export const unauthorized = () => {
  const detail = problemDetail('session', 'sign_in_required');
  return new AppError(401, 'unauthorized', `${detail.problem}.`, [detail]);
};

export type Guard = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/** Whether the user has one of `roles` (admins have every role). */
export const hasRole = (user: { role: Role }, ...roles: Role[]): boolean =>
  user.role === 'admin' || roles.includes(user.role);

/** Allows signed-in users whose role is one of `roles` (admin always): 401 anonymous, 403 others. */
export function requireRole(...roles: Role[]): Guard {
  if (roles.length === 0)
    throw new Error('requireRole needs at least one role; use requireUser for any signed-in user');
  return async (request) => {
    const user = request.user;
    if (!user) throw unauthorized();
    if (user.role !== 'admin' && !roles.includes(user.role)) {
      const detail = problemDetail('session', 'role_required', { roles, role: user.role });
      throw new AppError(403, 'forbidden', `This ${detail.problem}.`, [detail]);
    }
  };
}

/** Allows any signed-in user (staff of any role); 401 for anonymous callers. */
export const requireUser: Guard = async (request) => {
  if (!request.user) throw unauthorized();
};

/** Staff may see people's names, phone numbers, notes, photos and dispute details. */
export const isStaff = (request: FastifyRequest): boolean => request.user !== null;
