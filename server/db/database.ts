// One pg pool and one Kysely instance per process. Dates stay strings ('YYYY-MM-DD') because the
// API speaks ISO dates, and the pool fails fast so a lost database answers 503 quickly.
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.ts';

// DATE columns as plain 'YYYY-MM-DD' text instead of JS Dates shifted by the local time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

export type Database = Kysely<DB>;

export interface DatabaseHandle {
  db: Database;
  pool: pg.Pool;
  close(): Promise<void>;
}

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set (npm start and npm test set it for the local cluster)');
  return url;
}

export function openDatabase(connectionString = databaseUrl(), max = 10): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString,
    max,
    connectionTimeoutMillis: 800,
    idleTimeoutMillis: 10_000,
    // Scripts exit as soon as their work is done instead of waiting out the idle timer.
    allowExitOnIdle: true,
    application_name: 'civic-atlas',
  });
  // A client losing its server (idle in the pool, or checked out between queries) emits 'error';
  // unhandled, that would crash the process. The failing query reports it and the pool discards
  // the broken client, so here it is only swallowed.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    pool,
    close: () => db.destroy(),
  };
}
