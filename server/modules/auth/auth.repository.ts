// Users, sessions and failed-login counts in PostgreSQL. Session tokens are stored only as their
// SHA-256, so reading this table does not let anyone sign in.
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { Role, SessionUser } from './roles.ts';

/** A session lives 12 hours from its last use, and never more than 7 days. */
export const SESSION_IDLE_MS = 12 * 3600_000;
export const SESSION_MAX_MS = 7 * 24 * 3600_000;
/** Only push the expiry forward when it moved by at least this much, so reads rarely write. */
const SESSION_REFRESH_MS = 3600_000;

export interface UserRecord extends SessionUser {
  passwordHash: string;
  disabled: boolean;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest();

export async function findUserByUsername(db: Database, username: string): Promise<UserRecord | undefined> {
  const row = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  return row
    ? {
        id: Number(row.id),
        username: row.username,
        displayName: row.display_name,
        role: row.role,
        passwordHash: row.password_hash,
        disabled: row.disabled,
      }
    : undefined;
}

export async function createUser(
  db: Database,
  user: { username: string; displayName: string; role: Role; passwordHash: string },
): Promise<number> {
  const row = await db
    .insertInto('users')
    .values({
      username: user.username,
      display_name: user.displayName,
      role: user.role,
      password_hash: user.passwordHash,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function updateUserCredentials(
  db: Database,
  username: string,
  changes: { role: Role; passwordHash: string; displayName: string },
): Promise<void> {
  await db
    .updateTable('users')
    .set({
      role: changes.role,
      password_hash: changes.passwordHash,
      display_name: changes.displayName,
      disabled: false,
    })
    .where('username', '=', username)
    .execute();
}

export async function createSession(
  db: Database,
  userId: number,
  meta: { address: string; userAgent: string | undefined },
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const now = Date.now();
  const expiresAt = new Date(now + SESSION_IDLE_MS);
  await db
    .insertInto('sessions')
    .values({
      token_hash: hashToken(token),
      user_id: String(userId),
      expires_at: expiresAt,
      max_expires_at: new Date(now + SESSION_MAX_MS),
      address: meta.address,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return { token, expiresAt };
}

/** The user a live session token belongs to; slides the session's expiry forward. */
export async function findSessionUser(db: Database, token: string): Promise<SessionUser | undefined> {
  const tokenHash = hashToken(token);
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['u.id', 'u.username', 'u.display_name', 'u.role', 's.expires_at', 's.max_expires_at'])
    .where('s.token_hash', '=', tokenHash)
    .where('s.expires_at', '>', sql<Date>`now()`)
    .where('u.disabled', '=', false)
    .executeTakeFirst();
  if (!row) return undefined;
  const wanted = Math.min(Date.now() + SESSION_IDLE_MS, row.max_expires_at.getTime());
  if (wanted - row.expires_at.getTime() > SESSION_REFRESH_MS) {
    await db
      .updateTable('sessions')
      .set({ expires_at: new Date(wanted) })
      .where('token_hash', '=', tokenHash)
      .execute();
  }
  return { id: Number(row.id), username: row.username, displayName: row.display_name, role: row.role };
}

export async function deleteSession(db: Database, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', hashToken(token)).execute();
  // Expired sessions are useless; clear them out while we are here.
  await db.deleteFrom('sessions').where('expires_at', '<', sql<Date>`now() - interval '1 day'`).execute();
}

export interface FailureCounts {
  account: number; // failures for this username from this address
  address: number; // failures from this address for any username
  oldestAccountFailure: Date | null;
  oldestAddressFailure: Date | null;
}

export async function countLoginFailures(
  db: Database,
  username: string,
  address: string,
  windowMs: number,
): Promise<FailureCounts> {
  const since = new Date(Date.now() - windowMs);
  const row = await db
    .selectFrom('login_failures')
    .select([
      sql<number>`count(*) FILTER (WHERE username = ${username})::int`.as('account'),
      sql<number>`count(*)::int`.as('address'),
      sql<Date | null>`min(failed_at) FILTER (WHERE username = ${username})`.as('oldestAccountFailure'),
      sql<Date | null>`min(failed_at)`.as('oldestAddressFailure'),
    ])
    .where('address', '=', address)
    .where('failed_at', '>', since)
    .executeTakeFirstOrThrow();
  return row;
}

/** Records a failed (or not yet checked) sign-in; returns its id so it can be taken back. */
export async function recordLoginFailure(db: Database, username: string, address: string): Promise<string> {
  const row = await db
    .insertInto('login_failures')
    .values({ username, address })
    .returning('id')
    .executeTakeFirstOrThrow();
  return String(row.id);
}

export async function forgetLoginFailure(db: Database, id: string): Promise<void> {
  await db.deleteFrom('login_failures').where('id', '=', id).execute();
}

export async function clearLoginFailures(db: Database, username: string, address: string): Promise<void> {
  await db
    .deleteFrom('login_failures')
    .where('username', '=', username)
    .where('address', '=', address)
    .execute();
}
