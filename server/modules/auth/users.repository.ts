// Accounts as an administrator sees and changes them (user-admin.ts holds the rules): the list with
// lock state and sessions, one account by name, and the writes, each bumping `version` so a change
// made from a stale list is refused (If-Match). Sign-in's own reads and writes stay in
// auth.repository.ts.
import { sql } from 'kysely';
import type { AdminUser } from '../../contract/admin.schemas.ts';
import type { Database } from '../../db/database.ts';
import { ACCOUNT_LOCK_WINDOW_MS, MAX_FAILURES_PER_ACCOUNT } from './login-limits.ts';
import type { Role } from './roles.ts';

const LOCK_WINDOW = `${ACCOUNT_LOCK_WINDOW_MS} milliseconds`;

function summaries(db: Database) {
  const since = sql<Date>`now() - ${LOCK_WINDOW}::interval`;
  return db.selectFrom('users as u').select([
    'u.id',
    'u.username',
    'u.display_name',
    'u.role',
    'u.disabled',
    'u.last_login_at',
    'u.created_at',
    'u.version',
    sql<number>`(SELECT count(*)::int FROM sessions s WHERE s.user_id = u.id AND s.expires_at > now())`.as(
      'active_sessions',
    ),
    sql<number>`(SELECT count(*)::int FROM login_failures f WHERE f.username = u.username AND f.failed_at > ${since})`.as(
      'failed_sign_ins',
    ),
    // Locked (auth.routes.ts) while MAX failures stand in the window: until the MAX-th newest leaves it.
    sql<Date | null>`(SELECT f.failed_at + ${LOCK_WINDOW}::interval FROM login_failures f
        WHERE f.username = u.username AND f.failed_at > ${since}
        ORDER BY f.failed_at DESC OFFSET ${MAX_FAILURES_PER_ACCOUNT - 1} LIMIT 1)`.as('locked_until'),
  ]);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaries>['executeTakeFirstOrThrow']>>;

const toAdminUser = (r: SummaryRow): AdminUser => ({
  id: Number(r.id),
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  disabled: r.disabled,
  lockedUntil: r.locked_until ? new Date(r.locked_until).toISOString() : null,
  failedSignIns: r.failed_sign_ins,
  lastLoginAt: r.last_login_at ? r.last_login_at.toISOString() : null,
  activeSessions: r.active_sessions,
  createdAt: r.created_at.toISOString(),
  version: r.version,
});

export async function listAdminUsers(db: Database): Promise<AdminUser[]> {
  const rows = await summaries(db).orderBy('u.username').execute();
  return rows.map(toAdminUser);
}

export async function findAdminUser(db: Database, username: string): Promise<AdminUser | undefined> {
  const row = await summaries(db).where('u.username', '=', username).executeTakeFirst();
  return row ? toAdminUser(row) : undefined;
}

/** Active administrators other than `username`. */
export async function countOtherActiveAdmins(db: Database, username: string): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('role', '=', 'admin')
    .where('disabled', '=', false)
    .where('username', '<>', username)
    .executeTakeFirstOrThrow();
  return row.n;
}

export interface UserWrite {
  displayName?: string;
  role?: Role;
  disabled?: boolean;
  passwordHash?: string;
}

/** Writes the given columns and bumps the version. */
export async function writeUser(db: Database, username: string, changes: UserWrite): Promise<void> {
  await db
    .updateTable('users')
    .set({
      ...(changes.displayName !== undefined ? { display_name: changes.displayName } : {}),
      ...(changes.role !== undefined ? { role: changes.role } : {}),
      ...(changes.disabled !== undefined ? { disabled: changes.disabled } : {}),
      ...(changes.passwordHash !== undefined ? { password_hash: changes.passwordHash } : {}),
      version: sql<number>`version + 1`,
    })
    .where('username', '=', username)
    .execute();
}
