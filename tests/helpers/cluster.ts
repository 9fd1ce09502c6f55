// A throwaway PostgreSQL cluster for tests that stop and start the database (fault tests), or a
// database of its own on the test cluster, so they never disturb the shared test database other
// test files are using at the same time; and the npm scripts run as a person runs them.
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { databaseUrl } from '../../server/db/database.ts';
import { dropEverything, migrate } from '../../server/db/migrate.ts';

const LIB = path.resolve(import.meta.dirname, '../../scripts/lib.sh');

function lib(command: string): string {
  return execFileSync('bash', ['-c', `source "${LIB}"; ${command}`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export interface ThrowawayCluster {
  url: string;
  start(): void;
  stop(mode?: 'fast' | 'immediate'): void;
}

/** Ports of throwaway clusters sit just above the test cluster's (CIVIC_PG_TEST_PORT, default 54330). */
export function throwawayPort(offset: number): number {
  return Number(process.env.CIVIC_PG_TEST_PORT ?? 54330) + offset;
}

/** Creates (or reuses) cluster .data/<name> on the given port with a freshly migrated, empty database. */
export async function createCluster(name: string, port: number): Promise<ThrowawayCluster> {
  const database = `civic_${name.replaceAll('-', '_')}`;
  const start = () => void lib(`ensure_postgis; cluster_up ${name} ${port} ${database}`);
  start();
  const url = `postgres://postgres@127.0.0.1:${port}/${database}`;
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    await dropEverything(pool);
    await migrate(pool);
  } finally {
    await pool.end();
  }
  return {
    url,
    start,
    stop: (mode = 'fast') =>
      void lib(
        `dir="$(cluster_dir ${name})"; as_pg_owner "$PG_BIN/pg_ctl" -D "$dir" -m ${mode} -w stop >/dev/null`,
      ),
  };
}

/** A database of its own on the test cluster (DATABASE_URL's server), dropped and created afresh,
 * for tests that need a database in a state other files must not see (empty, restored, …). */
export async function createDatabase(name: string): Promise<{ url: string; drop(): Promise<void> }> {
  const base = new URL(databaseUrl());
  const admin = new URL(base);
  admin.pathname = '/postgres';
  const run = async (statement: string) => {
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  const quoted = `"${name.replaceAll('"', '')}"`;
  await run(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
  await run(`CREATE DATABASE ${quoted}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`) };
}

export interface CommandResult {
  status: number;
  output: string;
}

/** Runs a command from the checkout with `env` added (DATABASE_URL …); stdout and stderr together. */
export function runCommand(command: string, args: string[], env: Record<string, string>): CommandResult {
  const result = spawnSync(command, args, {
    cwd: path.resolve(import.meta.dirname, '../..'),
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}

/** Runs one of the npm scripts (package.json) the way a person would. */
export function npmRun(script: string, args: string[], env: Record<string, string>): CommandResult {
  return runCommand('npm', ['run', '--silent', script, '--', ...args], env);
}

/** Runs a TypeScript entry point (scripts/db.ts, server/main.ts …) in one node process. */
export function tsxArgs(entry: string, ...args: string[]): string[] {
  return ['--import', 'tsx', entry, ...args];
}
