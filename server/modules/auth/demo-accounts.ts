// One demo account per role, created together with the synthetic demo data (server/db/cli.ts).
// The passwords are public (README "Demo accounts") and only for the demo data set.
import type { Database } from '../../db/database.ts';
import { createUser, findUserByUsername } from './auth.repository.ts';
import { hashPassword } from './passwords.ts';
import type { Role } from './roles.ts';

export const DEMO_ACCOUNTS: { username: string; displayName: string; role: Role; password: string }[] = [
  { username: 'admin', displayName: '系统管理员（示例）', role: 'admin', password: 'demo-admin' },
  { username: 'editor', displayName: '界管员（示例）', role: 'boundary_editor', password: 'demo-editor' },
  { username: 'planner', displayName: '规划人员（示例）', role: 'planner', password: 'demo-planner' },
  { username: 'viewer', displayName: '只读人员（示例）', role: 'viewer', password: 'demo-viewer' },
];

export async function addDemoAccounts(db: Database): Promise<void> {
  for (const account of DEMO_ACCOUNTS) {
    if (await findUserByUsername(db, account.username)) continue;
    await createUser(db, { ...account, passwordHash: await hashPassword(account.password) });
  }
}
