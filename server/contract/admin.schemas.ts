// The administration API's shapes (/api/admin/users…, /api/admin/audit…), shared with the admin
// page: an account as an administrator sees it, what a change answers, an audit entry and the
// audit log's filters.
import { type Static, Type } from 'typebox';
import { AUDIT_ACTIONS, type AuditAction } from './audit.ts';
import { ROLES, type Role } from './roles.ts';

/** The account names the database allows (users_username_check); input is trimmed and lower-cased first. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9_.-]{1,39}$/;
export const DISPLAY_NAME_MAX = 60;

const RoleSchema = Type.Unsafe<Role>({ type: 'string', enum: [...ROLES] });
const Timestamp = Type.String({ description: 'ISO 8601, UTC' });

export const AdminUser = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  role: RoleSchema,
  disabled: Type.Boolean(),
  /** Until when sign-in is refused after too many failures (null: not locked). */
  lockedUntil: Type.Union([Timestamp, Type.Null()]),
  /** Failed sign-ins in the last hour, locked or not. */
  failedSignIns: Type.Integer(),
  lastLoginAt: Type.Union([Timestamp, Type.Null()]),
  activeSessions: Type.Integer(),
  createdAt: Timestamp,
  /** Send it as If-Match with a change: a newer one answers 412 with the account as it is now. */
  version: Type.Integer(),
});
export type AdminUser = Static<typeof AdminUser>;

export const UserList = Type.Object({ users: Type.Array(AdminUser) });

/** The fields an administrator edits (PATCH); a new field (e.g. a scope) is added here and in USER_FIELDS. */
export const UserFields = {
  displayName: Type.String({ minLength: 1, maxLength: DISPLAY_NAME_MAX }),
  role: RoleSchema,
};

export const CreateUserBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 60 }),
    displayName: Type.Optional(UserFields.displayName),
    role: UserFields.role,
    password: Type.Optional(
      Type.String({ maxLength: 200, description: 'Leave out to have one generated (shown once)' }),
    ),
  },
  { additionalProperties: false },
);
export type CreateUserBody = Static<typeof CreateUserBody>;

export const UpdateUserBody = Type.Object(
  { displayName: Type.Optional(UserFields.displayName), role: Type.Optional(UserFields.role) },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateUserBody = Static<typeof UpdateUserBody>;

export const PasswordBody = Type.Object(
  {
    password: Type.Optional(
      Type.String({ maxLength: 200, description: 'Leave out to have one generated (shown once)' }),
    ),
  },
  { additionalProperties: false },
);

export const UserChange = Type.Object({
  field: Type.String(),
  before: Type.Unknown(),
  after: Type.Unknown(),
});

/** What every account change answers: the account now, and what the change did. */
export const UserActionResult = Type.Object({
  user: AdminUser,
  changes: Type.Optional(Type.Array(UserChange)),
  sessionsEnded: Type.Optional(Type.Integer()),
  failuresCleared: Type.Optional(Type.Integer()),
  /** A generated password, sent this once and never stored or logged in clear. */
  generatedPassword: Type.Optional(Type.String()),
});
export type UserActionResult = Static<typeof UserActionResult>;

export const AuditEntry = Type.Object({
  id: Type.Integer(),
  at: Timestamp,
  userId: Type.Union([Type.Integer(), Type.Null()]),
  /** The account; for a failed sign-in, the name that was tried. */
  username: Type.Union([Type.String(), Type.Null()]),
  displayName: Type.Union([Type.String(), Type.Null()]),
  role: Type.Union([Type.String(), Type.Null()]),
  action: Type.Unsafe<AuditAction>({ type: 'string', enum: [...AUDIT_ACTIONS] }),
  kind: Type.Union([Type.String(), Type.Null()]),
  /** The record id, import id or account the action concerned. */
  target: Type.Union([Type.String(), Type.Null()]),
  details: Type.Record(Type.String(), Type.Unknown()),
  /** The client address (request.ip: behind TRUST_PROXY the right-most untrusted hop). */
  address: Type.Union([Type.String(), Type.Null()]),
  status: Type.Integer(),
});
export type AuditEntry = Static<typeof AuditEntry>;

const DateParam = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  description: 'YYYY-MM-DD (Beijing time)',
});

export const AuditFilters = {
  user: Type.Optional(Type.String({ minLength: 1, maxLength: 80, description: 'username (exact)' })),
  action: Type.Optional(
    Type.String({
      pattern: `^(${AUDIT_ACTIONS.map((a) => a.replace('.', '\\.')).join('|')})(,(${AUDIT_ACTIONS.map((a) => a.replace('.', '\\.')).join('|')}))*$`,
      description: 'one or more actions, comma-separated',
    }),
  ),
  kind: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  from: Type.Optional(DateParam),
  to: Type.Optional(DateParam),
};
export type AuditFilters = { [K in keyof typeof AuditFilters]?: string };

export const AuditQuery = Type.Object(
  {
    ...AuditFilters,
    before: Type.Optional(Type.Integer({ minimum: 1, description: 'entries older than this id (paging)' })),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  },
  { additionalProperties: false },
);

export const AuditPage = Type.Object({
  items: Type.Array(AuditEntry),
  /** Pass as `before` for the next (older) page; null at the end. */
  next: Type.Union([Type.Integer(), Type.Null()]),
});
export type AuditPage = Static<typeof AuditPage>;
