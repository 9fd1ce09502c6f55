// npm run user:list | user:disable | user:enable | user:unlock | user:revoke-sessions -- --username NAME
//   list             username, role, disabled, locked, last login, active sessions
//   disable          the user cannot sign in; every session ends at once
//   enable           the user may sign in again
//   unlock           forget the failed sign-ins that locked the account
//   revoke-sessions  end every session of the user (e.g. a lost laptop); the password stays
// The same rules as the admin page (server/modules/auth/user-admin.ts: e.g. the last active
// administrator cannot be disabled), and every change goes into the audit log.
import { parseArgs } from 'node:util';
import { openDatabase } from '../server/db/database.ts';
import { recordCommand } from '../server/modules/audit/audit.plugin.ts';
import {
  endUserSessions,
  listUsers,
  setUserDisabled,
  unlockUser,
} from '../server/modules/auth/user-admin.ts';

const COMMANDS = ['list', 'disable', 'enable', 'unlock', 'revoke-sessions'] as const;
const USAGE = `usage: tsx scripts/user-admin.ts ${COMMANDS.join('|')} [--username NAME]`;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { username: { type: 'string' }, help: { type: 'boolean', default: false } },
  });
  const command = positionals[0] as (typeof COMMANDS)[number] | undefined;
  if (values.help || !command || !COMMANDS.includes(command)) {
    console.log(USAGE);
    if (!values.help) process.exitCode = 1;
    return;
  }
  const username = values.username?.trim().toLowerCase();
  if (command !== 'list' && !username) throw new Error(`--username is required\n${USAGE}`);
  const handle = openDatabase(undefined, 1);
  try {
    const db = handle.db;
    if (command === 'list') {
      const users = await listUsers(db);
      const rows = [
        ['username', 'role', 'disabled', 'locked', 'last login (UTC)', 'sessions'],
        ...users.map((u) => [
          u.username,
          u.role,
          u.disabled ? 'yes' : 'no',
          u.lockedUntil ? `until ${u.lockedUntil.slice(0, 16).replace('T', '_')}` : 'no',
          u.lastLoginAt ? u.lastLoginAt.slice(0, 16).replace('T', '_') : 'never',
          String(u.activeSessions),
        ]),
      ];
      const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
      for (const r of rows)
        console.log(
          r
            .map((cell, i) => cell.padEnd(widths[i]!))
            .join('  ')
            .trimEnd(),
        );
      return;
    }
    const name = username!;
    if (command === 'disable' || command === 'enable') {
      const result = await setUserDisabled(db, null, name, command === 'disable');
      await recordCommand(db, command === 'disable' ? 'user.disable' : 'user.enable', {
        username: name,
        response: result,
      });
      console.error(
        command === 'disable'
          ? `disabled ${name}; ended ${result.sessionsEnded} session(s)`
          : `enabled ${name}`,
      );
    } else if (command === 'unlock') {
      const result = await unlockUser(db, name);
      await recordCommand(db, 'user.unlock', { username: name, response: result });
      console.error(`unlocked ${name} (forgot ${result.failuresCleared} failed sign-in(s))`);
    } else {
      const result = await endUserSessions(db, name);
      await recordCommand(db, 'user.sessions_revoke', { username: name, response: result });
      console.error(`ended ${result.sessionsEnded} session(s) of ${name}`);
    }
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
