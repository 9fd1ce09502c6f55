// npm run db:backup / db:restore, for real: dump a database holding the demo data, change it,
// restore the dump, and every table is as it was. Bad input (no file, not a dump, a file that
// exists) is refused with a message and changes nothing. Uses a database of its own.
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../server/db/database.ts';
import { createDatabase, npmRun, runCommand, tsxArgs } from '../helpers/cluster.ts';

const BACKUPS = path.resolve(import.meta.dirname, '../../backups');
let target: Awaited<ReturnType<typeof createDatabase>>;
let database: DatabaseHandle;
let scratch: string;

/** A digest of every row of every table, per table: equal digests mean equal contents. */
async function fingerprint(): Promise<Record<string, string>> {
  const { rows: tables } = await sql<{ name: string }>`
    SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`.execute(
    database.db,
  );
  const result: Record<string, string> = {};
  for (const { name } of tables) {
    const { rows } = await sql<{ digest: string | null; n: number }>`
      SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest, count(*)::int AS n
      FROM ${sql.table(name)} t`.execute(database.db);
    result[name] = `${rows[0]?.n}:${rows[0]?.digest ?? ''}`;
  }
  return result;
}

const run = (script: 'db:backup' | 'db:restore', args: string[]) =>
  npmRun(script, args, { DATABASE_URL: target.url });

beforeAll(async () => {
  target = await createDatabase('civic_ops_backup');
  const reset = runCommand(process.execPath, tsxArgs('scripts/db.ts', 'reset'), {
    DATABASE_URL: target.url,
    DEMO_DATA: 'on',
  });
  expect(reset.status, reset.output).toBe(0);
  database = openDatabase(target.url, 2);
  scratch = mkdtempSync(path.join(tmpdir(), 'civic-backup-'));
}, 120_000);

afterAll(async () => {
  await database?.close();
  await target?.drop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('db:backup and db:restore', () => {
  it('restores exactly what was backed up', async () => {
    const before = await fingerprint();
    // facilities is a view over facility_records (the table that keeps every row).
    expect(Number(before.facility_records?.split(':')[0])).toBeGreaterThan(1000);
    const file = path.join(scratch, 'atlas.dump');
    const backup = run('db:backup', [file]);
    expect(backup.status, backup.output).toBe(0);
    expect(backup.output).toContain(`backup written: ${file}`);
    expect(statSync(file).size).toBeGreaterThan(10_000);

    // Another day's work: rows deleted, changed and added.
    await sql`DELETE FROM facility_records WHERE subtype = 'village_point'`.execute(database.db);
    await sql`UPDATE districts SET name = name || '（改）'`.execute(database.db);
    await sql`INSERT INTO app_meta (key, value) VALUES ('backup-test', '{"changed": true}')`.execute(
      database.db,
    );
    await sql`DELETE FROM users WHERE username = 'viewer'`.execute(database.db);
    const changed = await fingerprint();
    for (const table of ['facility_records', 'districts', 'app_meta', 'users'])
      expect(changed[table], table).not.toBe(before[table]);

    const restore = run('db:restore', [file]);
    expect(restore.status, restore.output).toBe(0);
    expect(restore.output).toContain(`restored ${file}`);
    expect(await fingerprint()).toEqual(before);
  });

  it('writes to backups/civic-atlas-<date>.dump by default and never overwrites a backup', () => {
    const earlier = new Set(existsSync(BACKUPS) ? readdirSync(BACKUPS) : []);
    const backup = run('db:backup', []);
    expect(backup.status, backup.output).toBe(0);
    const made = readdirSync(BACKUPS).filter((f) => !earlier.has(f));
    try {
      expect(made).toHaveLength(1);
      expect(made[0]).toMatch(/^civic-atlas-\d{4}-\d{2}-\d{2}-\d{6}\.dump$/);
      const again = run('db:backup', [path.join(BACKUPS, made[0] ?? '')]);
      expect(again.status).not.toBe(0);
      expect(again.output).toContain('exists already');
    } finally {
      for (const f of made) rmSync(path.join(BACKUPS, f));
    }
  });

  it('refuses to restore without a file, from a missing file or from something that is not a backup', async () => {
    const before = await fingerprint();
    const none = run('db:restore', []);
    expect(none.status).not.toBe(0);
    expect(none.output).toContain('usage: npm run db:restore -- FILE');

    const missing = run('db:restore', [path.join(scratch, 'nope.dump')]);
    expect(missing.status).not.toBe(0);
    expect(missing.output).toContain('no such backup file');

    const text = path.join(scratch, 'notes.txt');
    writeFileSync(text, 'not a dump\n');
    const wrong = run('db:restore', [text]);
    expect(wrong.status).not.toBe(0);
    expect(wrong.output).toContain('is not a backup made by npm run db:backup');
    expect(await fingerprint()).toEqual(before);
  });
});
