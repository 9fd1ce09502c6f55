// Roles and the signed-in user as request handlers see them.
import { ROLES, type Role } from '../../contract/vocabularies.ts';

export { ROLES, type Role };

/** The signed-in user on `request.user` (null for anonymous callers). */
export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
}

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);
