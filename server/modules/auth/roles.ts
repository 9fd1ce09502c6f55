// Roles and the signed-in user as request handlers see them.
import type { UserRole } from '../../db/schema.ts';

export type Role = UserRole;
export const ROLES: readonly Role[] = ['admin', 'boundary_editor', 'planner', 'viewer'];

export const ROLE_NAMES_ZH: Record<Role, string> = {
  admin: '管理员',
  boundary_editor: '界线编辑',
  planner: '规划人员',
  viewer: '只读人员',
};

/** The signed-in user on `request.user` (null for anonymous callers). */
export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
}

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);
