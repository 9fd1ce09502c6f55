// One demo account per role, created together with the synthetic demo data (scripts/db.ts).
// The passwords are public (README "Demo accounts") and only for the demo data set: they are never
// created in a database that holds data of any other provenance, and server/main.ts will not serve
// them on an address other machines can reach (see activeDemoAccounts).
import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import { createUser, findUserByUsername } from './auth.repository.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import type { Role } from './roles.ts';

export const DEMO_ACCOUNTS: { username: string; displayName: string; role: Role; password: string }[] = [
  { username: 'admin', displayName: '系统管理员（示例）', role: 'admin', password: 'demo-admin' },
  { username: 'editor', displayName: '界管员（示例）', role: 'boundary_editor', password: 'demo-editor' },
  { username: 'planner', displayName: '规划人员（示例）', role: 'planner', password: 'demo-planner' },
  { username: 'viewer', displayName: '只读人员（示例）', role: 'viewer', password: 'demo-viewer' },
  { username: 'namer', displayName: '地名编辑（示例）', role: 'place_name_editor', password: 'demo-namer' },
  {
    username: 'approver',
    displayName: '地名审批（示例）',
    role: 'place_name_approver',
    password: 'demo-approver',
  },
];

/** Why the database is not a pure demo database, or null when it holds the demo data and nothing
 * else: the data set is marked demo in app_meta and no row was imported or entered by hand. */
export async function nonDemoDataReason(db: Database): Promise<string | null> {
  const dataset = await db
    .selectFrom('app_meta')
    .select('value')
    .where('key', '=', 'dataset')
    .executeTakeFirst();
  if ((dataset?.value as { demo?: unknown } | undefined)?.demo !== true)
    return 'the database does not hold the demo data set';
  const { rows } = await sql<{ layer: string }>`
    SELECT 'districts' AS layer WHERE EXISTS (SELECT 1 FROM districts WHERE outline_origin IN ('imported', 'manual'))
    UNION ALL SELECT 'towns' WHERE EXISTS (SELECT 1 FROM towns WHERE geom_origin IN ('imported', 'manual'))
    UNION ALL SELECT 'villages' WHERE EXISTS (SELECT 1 FROM villages
      WHERE geom_origin IN ('imported', 'manual') OR population_origin IN ('imported', 'manual'))
    UNION ALL SELECT 'facilities' WHERE EXISTS (SELECT 1 FROM facilities WHERE origin IN ('imported', 'manual'))
    UNION ALL SELECT 'place-names' WHERE EXISTS (SELECT 1 FROM place_names WHERE origin IN ('imported', 'manual'))
    UNION ALL SELECT 'boundary-lines' WHERE EXISTS (SELECT 1 FROM boundary_lines WHERE origin IN ('imported', 'manual'))
    UNION ALL SELECT 'boundary-markers' WHERE EXISTS (SELECT 1 FROM boundary_markers WHERE origin IN ('imported', 'manual'))
  `.execute(db);
  return rows.length > 0 ? `it holds imported or hand-entered ${rows.map((r) => r.layer).join(', ')}` : null;
}

export async function addDemoAccounts(db: Database): Promise<void> {
  const reason = await nonDemoDataReason(db);
  if (reason) throw new Error(`not creating the demo accounts (public passwords): ${reason}`);
  for (const account of DEMO_ACCOUNTS) {
    if (await findUserByUsername(db, account.username)) continue;
    await createUser(db, { ...account, passwordHash: await hashPassword(account.password) });
  }
}

/** Usernames that still sign in with their public demo password (enabled, password not reset). */
export async function activeDemoAccounts(db: Database): Promise<string[]> {
  const rows = await db
    .selectFrom('users')
    .select(['username', 'password_hash as passwordHash'])
    .where(
      'username',
      'in',
      DEMO_ACCOUNTS.map((a) => a.username),
    )
    .where('disabled', '=', false)
    .execute();
  const active: string[] = [];
  for (const row of rows) {
    const account = DEMO_ACCOUNTS.find((a) => a.username === row.username);
    if (account && (await verifyPassword(row.passwordHash, account.password))) active.push(row.username);
  }
  return active;
}
