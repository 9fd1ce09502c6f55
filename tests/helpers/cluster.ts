// A throwaway PostgreSQL cluster for tests that stop and start the database (fault tests), so
// they never disturb the shared test database other test files are using at the same time.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
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
