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

/** Ends every session of a user; returns how many there were. */
export async function deleteUserSessions(db: Database, username: string): Promise<number> {
  const result = await db
    .deleteFrom('sessions')
    .where('user_id', 'in', db.selectFrom('users').select('id').where('username', '=', username))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function recordLogin(db: Database, userId: number): Promise<void> {
  await db
    .updateTable('users')
    .set({ last_login_at: sql<Date>`now()` })
    .where('id', '=', String(userId))
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
  account: number; // failures for this username from this address (short window)
  address: number; // failures from this address for any username (short window)
  oldestAccountFailure: Date | null;
  oldestAddressFailure: Date | null;
  accountAnywhere: number; // failures for this username from any address (lock window)
}

export async function countLoginFailures(
  db: Database,
  username: string,
  address: string,
  windowMs: number,
  lockWindowMs: number,
): Promise<FailureCounts> {
  const since = new Date(Date.now() - windowMs);
  const lockSince = new Date(Date.now() - Math.max(windowMs, lockWindowMs));
  const recent = sql<boolean>`failed_at > ${since}`;
  const row = await db
    .selectFrom('login_failures')
    .select([
      sql<number>`count(*) FILTER (WHERE username = ${username} AND address = ${address} AND ${recent})::int`.as(
        'account',
      ),
      sql<number>`count(*) FILTER (WHERE address = ${address} AND ${recent})::int`.as('address'),
      sql<Date | null>`min(failed_at) FILTER (WHERE username = ${username} AND address = ${address} AND ${recent})`.as(
        'oldestAccountFailure',
      ),
      sql<Date | null>`min(failed_at) FILTER (WHERE address = ${address} AND ${recent})`.as(
        'oldestAddressFailure',
      ),
      sql<number>`count(*) FILTER (WHERE username = ${username})::int`.as('accountAnywhere'),
    ])
    .where((eb) => eb.or([eb('address', '=', address), eb('username', '=', username)]))
    .where('failed_at', '>', lockSince)
    .executeTakeFirstOrThrow();
  return row;
}

/**
 * When an account with at least `max` failures in the lock window stops being locked: when its
 * max-th newest failure leaves the window (fewer than max remain). Null if it is not locked.
 */
export async function accountLockedUntil(
  db: Database,
  username: string,
  max: number,
  lockWindowMs: number,
): Promise<Date | null> {
  const row = await db
    .selectFrom('login_failures')
    .select('failed_at')
    .where('username', '=', username)
    .where('failed_at', '>', new Date(Date.now() - lockWindowMs))
    .orderBy('failed_at', 'desc')
    .offset(max - 1)
    .limit(1)
    .executeTakeFirst();
  return row ? new Date(row.failed_at.getTime() + lockWindowMs) : null;
}

/** Admin unlock: forgets every failed sign-in of the account; returns how many. */
export async function deleteAccountFailures(db: Database, username: string): Promise<number> {
  const result = await db.deleteFrom('login_failures').where('username', '=', username).executeTakeFirst();
  return Number(result.numDeletedRows);
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
