// The admin page's calls: accounts (/api/admin/users…) and the audit log (/api/admin/audit…), one
// line each through the one API client. Changes send the version the page showed (If-Match).
import type {
  AdminUser,
  AuditFilters,
  AuditPage,
  UpdateUserBody,
  UserActionResult,
} from '../../../server/contract/admin.schemas.ts';
import type { Role } from '../../../server/contract/roles.ts';
import { queryString, request } from '../../api/client.ts';

export type { AdminUser, AuditFilters, AuditPage, UserActionResult };

const users = '/api/admin/users';
const post = (path: string, body: object = {}, ifMatch?: number) =>
  request<UserActionResult>(path, { method: 'POST', body, ifMatch });

export const adminApi = {
  users: (signal?: AbortSignal) => request<{ users: AdminUser[] }>(users, { signal }).then((r) => r.users),
  add: (body: { username: string; displayName?: string; role: Role; password?: string }) =>
    request<UserActionResult>(users, { method: 'POST', body }),
  update: (user: AdminUser, body: UpdateUserBody) =>
    request<UserActionResult>(`${users}/${user.username}`, { method: 'PATCH', body, ifMatch: user.version }),
  setDisabled: (user: AdminUser, disabled: boolean) =>
    post(`${users}/${user.username}/${disabled ? 'disable' : 'enable'}`, {}, user.version),
  resetPassword: (user: AdminUser, password?: string) =>
    post(`${users}/${user.username}/password`, password ? { password } : {}, user.version),
  revokeSessions: (user: AdminUser) => post(`${users}/${user.username}/revoke-sessions`),
  unlock: (user: AdminUser) => post(`${users}/${user.username}/unlock`),
  audit: (filters: AuditFilters, before: number | undefined, signal?: AbortSignal) =>
    request<AuditPage>(`/api/admin/audit${queryString({ ...filters, before, limit: 100 })}`, { signal }),
  auditExportUrl: (filters: AuditFilters, format: 'csv' | 'xlsx') =>
    `/api/admin/audit.${format}${queryString(filters)}`,
};
