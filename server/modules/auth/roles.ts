// Roles and the signed-in user as request handlers see them.
import { ROLES, type Role } from '../../contract/vocabularies.ts';

export { ROLES, type Role };

/** The cookie that carries a session (auth.plugin.ts sets it; security/origin.ts checks writes that carry it). */
export const SESSION_COOKIE = 'civic_session';

/** The signed-in user on `request.user` (null for anonymous callers). */
export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
}

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);
