// What the account commands do (scripts/user-add.ts, scripts/user-admin.ts): create or reset a
// user under the password policy, disable/enable, end sessions, unlock, list. Kept apart from the
// scripts so the API tests run the same code.
import type { Database } from '../../db/database.ts';
import {
  createUser,
  deleteAccountFailures,
  deleteUserSessions,
  findUserByUsername,
  listUserSummaries,
  setDisabled,
  type UserSummary,
  updateUserCredentials,
} from './auth.repository.ts';
import { hashPassword, passwordProblems } from './passwords.ts';
import type { Role } from './roles.ts';

function checkPolicy(username: string, password: string): void {
  const problems = passwordProblems(password, username);
  if (problems.length) throw new Error(`the password ${problems.join('; ')}`);
}

export async function addUser(
  db: Database,
  username: string,
  user: { role: Role; password: string; displayName: string },
): Promise<void> {
  checkPolicy(username, user.password);
  await createUser(db, { username, ...user, passwordHash: await hashPassword(user.password) });
}

/** user:add --reset: new password, role and name; the user is enabled and every session ends. */
export async function resetUserCredentials(
  db: Database,
  username: string,
  changes: { role: Role; password: string; displayName: string },
): Promise<{ sessionsEnded: number }> {
  checkPolicy(username, changes.password);
  if (!(await findUserByUsername(db, username))) throw new Error(`no user ${username}`);
  const passwordHash = await hashPassword(changes.password);
  return updateUserCredentials(db, username, { ...changes, passwordHash });
}

export const setUserDisabled = setDisabled;
export const endUserSessions = deleteUserSessions;
export const unlockUser = deleteAccountFailures;
export const listUsers = (db: Database): Promise<UserSummary[]> => listUserSummaries(db);
