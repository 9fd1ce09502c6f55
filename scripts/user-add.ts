// npm run user:add -- --username NAME --role ROLE [--name 显示名] [--reset]
// Creates a user (or, with --reset, sets an existing user's password and role and ends their
// sessions). The password comes from USER_PASSWORD when set, otherwise it is asked for on the
// terminal without echo; it must pass the policy in server/modules/auth/passwords.ts.
import { parseArgs } from 'node:util';
import { openDatabase } from '../server/db/database.ts';
import { findUserByUsername } from '../server/modules/auth/auth.repository.ts';
import { isRole, ROLES } from '../server/modules/auth/roles.ts';
import { addUser, resetUserCredentials } from '../server/modules/auth/user-admin.ts';

const USAGE = `usage: npm run user:add -- --username NAME --role ${ROLES.join('|')} [--name DISPLAY_NAME] [--reset]
  password: from USER_PASSWORD, otherwise prompted; at least 12 characters, not the username,
  not a commonly guessed password`;

async function promptPassword(question: string): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) throw new Error('no terminal to ask for the password on; set USER_PASSWORD');
  process.stderr.write(question);
  input.setRawMode(true);
  input.resume();
  input.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let value = '';
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') {
          input.setRawMode(false);
          input.pause();
          input.off('data', onData);
          process.stderr.write('\n');
          resolve(value);
          return;
        }
        if (char === '\u0003') {
          input.setRawMode(false);
          reject(new Error('cancelled'));
          return;
        }
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else value += char;
      }
    };
    input.on('data', onData);
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      username: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      reset: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const username = values.username?.trim().toLowerCase();
  if (!username || !/^[a-z0-9][a-z0-9_.-]{1,39}$/.test(username)) {
    throw new Error(
      `--username must be 2-40 characters: a-z 0-9 _ . - (starting with a letter or digit)\n${USAGE}`,
    );
  }
  const role = values.role ?? '';
  if (!isRole(role)) throw new Error(`--role must be one of ${ROLES.join(', ')}\n${USAGE}`);

  let password = process.env.USER_PASSWORD;
  if (password === undefined) {
    password = await promptPassword(`Password for ${username}: `);
    const again = await promptPassword('Again: ');
    if (again !== password) throw new Error('the two passwords differ');
  }

  const handle = openDatabase(undefined, 1);
  try {
    const existing = await findUserByUsername(handle.db, username);
    const displayName = values.name?.trim() || existing?.displayName || username;
    if (existing) {
      if (!values.reset)
        throw new Error(`user ${username} exists; add --reset to set a new password and role`);
      const { sessionsEnded } = await resetUserCredentials(handle.db, username, {
        role,
        password,
        displayName,
      });
      console.error(`updated user ${username} (${role}); ended ${sessionsEnded} session(s)`);
    } else {
      await addUser(handle.db, username, { role, password, displayName });
      console.error(`created user ${username} (${role})`);
    }
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  // 42P01 undefined_table: a database nobody has migrated yet (user:add before the first npm start).
  if ((error as { code?: string }).code === '42P01') {
    console.error(
      'the database has no tables yet: start the app once first (DEMO_DATA=off npm start), then add users',
    );
  } else {
    console.error(error instanceof Error ? error.message : String(error));
  }
  process.exit(1);
});
