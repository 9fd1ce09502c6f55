// An install for a bureau's own district: DEMO_DATA=off leaves the database empty (and it stays so
// on the next plain start), `npm run user:add` creates the first admin, the demo accounts are never
// added to data of another provenance, and the real server process refuses a public HOST while the
// demo accounts (public passwords) still sign in, unless ALLOW_DEMO_ACCOUNTS=yes.
// The empty database is this file's own; the shared test database (demo data) is only read.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLoopbackHost } from '../../server/config.ts';
import { type DatabaseHandle, openDatabase } from '../../server/db/database.ts';
import { activeDemoAccounts, addDemoAccounts } from '../../server/modules/auth/demo-accounts.ts';
import { createDatabase, npmRun, runCommand, tsxArgs } from '../helpers/cluster.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
let empty: Awaited<ReturnType<typeof createDatabase>>;
let database: DatabaseHandle;

const setup = (env: Record<string, string>) =>
  runCommand(process.execPath, tsxArgs('scripts/db.ts', 'setup'), { ...env, DATABASE_URL: empty.url });

async function count(table: 'districts' | 'towns' | 'facilities' | 'users'): Promise<number> {
  const row = await database.db
    .selectFrom(table)
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

/** Starts server/main.ts as `npm start` does; resolves once it exits or answers /api/health. */
async function startServer(
  env: Record<string, string>,
): Promise<{ listening: boolean; code: number | null; output: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, tsxArgs('server/main.ts'), {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', PORT: String(port), ...env },
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 40_000;
  let code: number | null | undefined;
  void exited.then((c) => (code = c));
  while (code === undefined && Date.now() < deadline) {
    const health = await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => undefined);
    if (health?.status === 200) {
      child.kill('SIGTERM');
      await exited;
      return { listening: true, code: null, output };
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  if (code === undefined) {
    child.kill('SIGKILL');
    throw new Error(`server neither listened nor exited within 40 s:\n${output}`);
  }
  return { listening: false, code, output };
}

beforeAll(async () => {
  empty = await createDatabase('civic_ops_empty_install');
  database = openDatabase(empty.url, 2);
});

afterAll(async () => {
  await database?.close();
  await empty?.drop();
});

describe('DEMO_DATA=off', () => {
  it('migrates and loads nothing, creates no account, and a later default start keeps it empty', async () => {
    const first = setup({ DEMO_DATA: 'off' });
    expect(first.status, first.output).toBe(0);
    expect(first.output).toContain('DEMO_DATA=off');
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM schema_migrations`.execute(
      database.db,
    );
    expect(rows[0]?.n).toBeGreaterThanOrEqual(8);
    expect([await count('districts'), await count('towns'), await count('facilities')]).toEqual([0, 0, 0]);
    expect(await count('users')).toBe(0);

    // `npm start` without DEMO_DATA on the same, still empty database: no demo data sneaks in.
    const second = setup({ DEMO_DATA: '' });
    expect(second.status, second.output).toBe(0);
    expect(second.output).toContain('not loading the demo data');
    expect(await count('districts')).toBe(0);
    expect(await count('users')).toBe(0);
    const meta = await database.db.selectFrom('app_meta').select('value').executeTakeFirst();
    expect(meta?.value).toEqual({ demo: false });
  });

  it('says which values DEMO_DATA takes', () => {
    const result = setup({ DEMO_DATA: 'maybe' });
    expect(result.status).toBe(1);
    expect(result.output).toContain('DEMO_DATA must be on or off, got "maybe"');
  });

  it('npm run user:add creates the first admin, with the password from USER_PASSWORD', async () => {
    const result = npmRun('user:add', ['--username', 'chief', '--role', 'admin'], {
      DATABASE_URL: empty.url,
      USER_PASSWORD: 'a-long-enough-secret',
    });
    expect(result.status, result.output).toBe(0);
    expect(result.output).toContain('created user chief (admin)');
    const user = await database.db
      .selectFrom('users')
      .select(['username', 'role'])
      .where('username', '=', 'chief')
      .executeTakeFirst();
    expect(user).toEqual({ username: 'chief', role: 'admin' });
    expect(await activeDemoAccounts(database.db)).toEqual([]);
  });

  it('never gets the demo accounts: not empty-but-real, not demo data mixed with imported rows', async () => {
    await expect(addDemoAccounts(database.db)).rejects.toThrow(/does not hold the demo data set/);
    // A database marked demo that has imported rows all the same.
    await database.db.transaction().execute(async (trx) => {
      await sql`UPDATE app_meta SET value = '{"demo": true}' WHERE key = 'dataset'`.execute(trx);
      await sql`INSERT INTO districts (code, name, outline, outline_origin, outline_source)
        VALUES ('510104', '锦江区', ST_Multi(ST_MakeEnvelope(104.0, 30.6, 104.1, 30.7, 4326)), 'imported', 'test')`.execute(
        trx,
      );
    });
    try {
      await expect(addDemoAccounts(database.db)).rejects.toThrow(/imported or hand-entered districts/);
      expect(await count('users')).toBe(1);
    } finally {
      await sql`DELETE FROM districts`.execute(database.db);
      await sql`UPDATE app_meta SET value = '{"demo": false}' WHERE key = 'dataset'`.execute(database.db);
    }
  });
});

describe('the server on a public HOST', () => {
  it('knows which HOST values only this machine can reach', () => {
    for (const host of ['localhost', '127.0.0.1', '127.0.1.1', '::1', '[::1]'])
      expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'atlas.example.org'])
      expect(isLoopbackHost(host)).toBe(false);
  });

  it('refuses to listen while demo accounts sign in with their public passwords', async () => {
    const shared = openDatabase(undefined, 1);
    try {
      expect(
        await activeDemoAccounts(shared.db),
        'the shared test database has the demo accounts',
      ).not.toEqual([]);
    } finally {
      await shared.close();
    }
    const result = await startServer({ HOST: '0.0.0.0' });
    expect(result.listening, result.output).toBe(false);
    expect(result.code).toBe(1);
    expect(result.output).toContain('refusing to listen on HOST=0.0.0.0');
    expect(result.output).toContain('public passwords');
    expect(result.output).toContain('ALLOW_DEMO_ACCOUNTS=yes');
  });

  it('listens with ALLOW_DEMO_ACCOUNTS=yes, with a loud warning', async () => {
    const result = await startServer({ HOST: '0.0.0.0', ALLOW_DEMO_ACCOUNTS: 'yes' });
    expect(result.listening, result.output).toBe(true);
    expect(result.output).toContain('WARNING: ALLOW_DEMO_ACCOUNTS=yes');
  });

  it('listens on a public HOST when the database has only real accounts', async () => {
    const result = await startServer({ HOST: '0.0.0.0', DATABASE_URL: empty.url });
    expect(result.listening, result.output).toBe(true);
    expect(result.output).not.toContain('WARNING');
  });
});
