// Roles and the signed-in user as request handlers see them. The vocabulary is in
// server/contract/roles.ts.
import { ROLE_NAMES, ROLES, type Role } from '../../contract/roles.ts';

export { ROLES, type Role };

export const ROLE_NAMES_ZH = Object.fromEntries(ROLES.map((r) => [r, ROLE_NAMES[r].zh])) as Record<
  Role,
  string
>;

/** The signed-in user on `request.user` (null for anonymous callers). */
export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
}

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);
