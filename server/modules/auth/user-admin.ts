// Account administration, the one implementation behind the admin page's API
// (server/modules/auth/users.routes.ts) and the commands (scripts/user-add.ts, scripts/user-admin.ts):
// add, change name or role, disable/enable, reset the password, end sessions, unlock, list.
// The rules, whoever asks:
// - a username is 2-40 of a-z 0-9 _ . - (trimmed, lower-cased); a chosen password passes
//   passwordDetails() (passwords.ts), and a missing one is generated and answered once;
// - no change may leave the system without an active administrator (demoting or disabling the
//   last one), and an administrator cannot change their own role or disable themselves;
// - disabling, a new password and --reset end every session of the account;
// - a change sent with the version the administrator saw is refused (412) when another got there
//   first. Account changes run one at a time (an advisory lock), so two administrators demoting
//   each other cannot both pass the last-administrator check.
// Errors are AppErrors with coded problems (zh/en); the commands print their English message.
import { sql } from 'kysely';
import {
  type AdminUser,
  type CreateUserBody,
  type UpdateUserBody,
  USERNAME_PATTERN,
  type UserActionResult,
} from '../../contract/admin.schemas.ts';
import { problemDetail } from '../../contract/problems.ts';
import { textLength } from '../../contract/text.ts';
import type { Database } from '../../db/database.ts';
import { AppError, invalid } from '../../errors.ts';
import { createUser, deleteAccountFailures, deleteUserSessions } from './auth.repository.ts';
import { generatePassword, hashPassword, passwordDetails } from './passwords.ts';
import type { Role } from './roles.ts';
import {
  countOtherActiveAdmins,
  findAdminUser,
  listAdminUsers,
  type UserWrite,
  writeUser,
} from './users.repository.ts';

/** Who asks: the signed-in administrator, or null for the command line (whoever runs it on the server). */
export type Actor = { username: string } | null;

/** The fields PATCH changes, in the order changes are reported; a new editable field goes here. */
const USER_FIELDS = ['displayName', 'role'] as const;

export const listUsers = (db: Database): Promise<AdminUser[]> => listAdminUsers(db);

/** `name` trimmed and lower-cased, or 400 username_format. */
export function normaliseUsername(name: string, field = 'body.username'): string {
  const username = name.trim().toLowerCase();
  if (!USERNAME_PATTERN.test(username)) throw invalid(field, 'username_format');
  return username;
}

function checkDisplayName(name: string, field = 'body.displayName'): string {
  const trimmed = name.trim();
  if (!trimmed) throw invalid(field, 'empty_text');
  if (textLength(trimmed) > 60) throw invalid(field, 'too_long', { max: 60 });
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point.
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) throw invalid(field, 'control_characters');
  return trimmed;
}

/** The password to set: the one given (checked against the policy) or a generated one. */
function choosePassword(
  username: string,
  given: string | undefined,
): { password: string; generated: boolean } {
  if (given === undefined || given === '') return { password: generatePassword(username), generated: true };
  const problems = passwordDetails(given, username);
  if (problems.length)
    throw new AppError(
      400,
      'bad_request',
      `the password ${problems.map((p) => p.problem).join('; ')}`,
      problems,
    );
  return { password: given, generated: false };
}

const noSuchUser = (username: string) => {
  const detail = problemDetail('params.username', 'no_such_user', { username });
  return new AppError(404, 'not_found', detail.problem, [detail]);
};

const refused = (field: string, code: 'last_admin' | 'own_role' | 'own_disable') => {
  const detail = problemDetail(field, code);
  return new AppError(409, 'conflict', `${field === 'body.role' ? 'role ' : ''}${detail.problem}`, [detail]);
};

function stale(current: AdminUser): AppError {
  return new AppError(
    412,
    'precondition_failed',
    `Another administrator changed ${current.username} (now version ${current.version}); review and try again.`,
    { current },
  );
}

/** Runs `work` with account changes serialised, on the account as it is now. */
async function withUser<T>(
  db: Database,
  username: string,
  expectedVersion: number | undefined,
  work: (trx: Database, user: AdminUser) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext('civic-atlas:accounts'))`.execute(trx);
    const user = await findAdminUser(trx, username);
    if (!user) throw noSuchUser(username);
    if (expectedVersion !== undefined && user.version !== expectedVersion) throw stale(user);
    return work(trx, user);
  });
}

/** Refuses a change that would leave no active administrator. */
async function keepAnAdmin(
  trx: Database,
  user: AdminUser,
  after: { role: Role; disabled: boolean },
  field: string,
) {
  const activeAdminNow = user.role === 'admin' && !user.disabled;
  const activeAdminAfter = after.role === 'admin' && !after.disabled;
  if (activeAdminNow && !activeAdminAfter && (await countOtherActiveAdmins(trx, user.username)) === 0)
    throw refused(field, 'last_admin');
}

async function answer(trx: Database, username: string, extra: Omit<UserActionResult, 'user'> = {}) {
  const user = await findAdminUser(trx, username);
  if (!user) throw noSuchUser(username);
  return { user, ...extra };
}

export async function addUser(db: Database, input: CreateUserBody): Promise<UserActionResult> {
  const username = normaliseUsername(input.username);
  const displayName = input.displayName === undefined ? username : checkDisplayName(input.displayName);
  const { password, generated } = choosePassword(username, input.password);
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext('civic-atlas:accounts'))`.execute(trx);
    if (await findAdminUser(trx, username)) {
      const detail = problemDetail('body.username', 'user_exists', { username });
      throw new AppError(409, 'conflict', detail.problem, [detail]);
    }
    await createUser(trx, { username, displayName, role: input.role, passwordHash });
    return answer(trx, username, generated ? { generatedPassword: password } : {});
  });
}

/** Name and role; reports what changed (nothing changed: no new version). */
export async function updateUser(
  db: Database,
  actor: Actor,
  username: string,
  changes: UpdateUserBody,
  expectedVersion?: number,
): Promise<UserActionResult> {
  const wanted: UpdateUserBody = {
    ...(changes.displayName !== undefined ? { displayName: checkDisplayName(changes.displayName) } : {}),
    ...(changes.role !== undefined ? { role: changes.role } : {}),
  };
  return withUser(db, username, expectedVersion, async (trx, user) => {
    const changed = USER_FIELDS.filter((f) => wanted[f] !== undefined && wanted[f] !== user[f]).map(
      (field) => ({ field, before: user[field], after: wanted[field] }),
    );
    if (changed.length === 0) return { user, changes: [] };
    const role = wanted.role ?? user.role;
    if (role !== user.role && actor?.username === user.username) throw refused('body.role', 'own_role');
    await keepAnAdmin(trx, user, { role, disabled: user.disabled }, 'body.role');
    await writeUser(trx, username, Object.fromEntries(changed.map((c) => [c.field, c.after])) as UserWrite);
    return answer(trx, username, { changes: changed });
  });
}

/** Disabling ends every session at once; the account keeps its history and can be enabled again. */
export async function setUserDisabled(
  db: Database,
  actor: Actor,
  username: string,
  disabled: boolean,
  expectedVersion?: number,
): Promise<UserActionResult> {
  return withUser(db, username, expectedVersion, async (trx, user) => {
    if (disabled && actor?.username === user.username) throw refused('params.username', 'own_disable');
    await keepAnAdmin(trx, user, { role: user.role, disabled }, 'params.username');
    if (user.disabled !== disabled) await writeUser(trx, username, { disabled });
    const sessionsEnded = disabled ? await deleteUserSessions(trx, username) : 0;
    return answer(trx, username, { sessionsEnded });
  });
}

/** A new password (given, or generated and answered once); every session of the account ends. */
export async function resetPassword(
  db: Database,
  username: string,
  given: string | undefined,
  expectedVersion?: number,
): Promise<UserActionResult> {
  const { password, generated } = choosePassword(username, given);
  const passwordHash = await hashPassword(password);
  return withUser(db, username, expectedVersion, async (trx) => {
    await writeUser(trx, username, { passwordHash });
    const sessionsEnded = await deleteUserSessions(trx, username);
    return answer(trx, username, { sessionsEnded, ...(generated ? { generatedPassword: password } : {}) });
  });
}

/** user:add --reset: password, role and name at once; the account is enabled and its sessions end. */
export async function resetUserCredentials(
  db: Database,
  username: string,
  changes: { role: Role; password: string; displayName: string },
): Promise<UserActionResult> {
  const displayName = checkDisplayName(changes.displayName);
  const { password } = choosePassword(username, changes.password);
  const passwordHash = await hashPassword(password);
  return withUser(db, username, undefined, async (trx, user) => {
    await keepAnAdmin(trx, user, { role: changes.role, disabled: false }, 'body.role');
    await writeUser(trx, username, { role: changes.role, displayName, disabled: false, passwordHash });
    const sessionsEnded = await deleteUserSessions(trx, username);
    return answer(trx, username, { sessionsEnded });
  });
}

/** Ends every session of the account (a lost laptop); the password stays. */
export async function endUserSessions(db: Database, username: string): Promise<UserActionResult> {
  return withUser(db, username, undefined, async (trx) =>
    answer(trx, username, { sessionsEnded: await deleteUserSessions(trx, username) }),
  );
}

/** Forgets the failed sign-ins that locked (or slowed) the account. */
export async function unlockUser(db: Database, username: string): Promise<UserActionResult> {
  return withUser(db, username, undefined, async (trx) =>
    answer(trx, username, { failuresCleared: await deleteAccountFailures(trx, username) }),
  );
}
