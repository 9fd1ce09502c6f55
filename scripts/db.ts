// Database chores for the npm scripts: `setup` (migrate, then demo data if empty), `reset` (drop
// everything, migrate, demo data), `migrate`. DEMO_DATA=off leaves the database empty instead: an
// install for a bureau's own district, with no data and no demo accounts.
import { openDatabase } from '../server/db/database.ts';
import { dropEverything, migrate } from '../server/db/migrate.ts';
import { isEmpty, loadDataset } from '../server/db/seed.ts';

const log = (line: string) => console.error(`[civic-atlas] ${line}`);

/** DEMO_DATA: on (the default, so a fresh clone opens on the demo) or off. */
function demoDataWanted(value: string | undefined): boolean {
  const normalised = (value ?? '').trim().toLowerCase();
  if (['', 'on', 'yes', 'true', '1'].includes(normalised)) return true;
  if (['off', 'no', 'false', '0'].includes(normalised)) return false;
  throw new Error(`DEMO_DATA must be on or off, got "${value}"`);
}

async function loadDemo(handle: ReturnType<typeof openDatabase>): Promise<void> {
  const started = Date.now();
  // Imported lazily: the generator is only needed when the database is empty.
  const { generateDemo } = await import('../data/generate.ts');
  const data = generateDemo();
  await loadDataset(handle.pool, data, { demo: true, districts: data.districts.map((d) => d.code) });
  // One sign-in per role for the demo only (passwords in README "Demo accounts").
  const { addDemoAccounts } = await import('../server/modules/auth/demo-accounts.ts');
  await addDemoAccounts(handle.db);
  log(
    `loaded demo data (${data.towns.length} towns, ${data.villages.length} villages, ${data.facilities.length} facilities, ` +
      `${data.placeNames.length} place names, ${data.boundaryLines.length} boundary lines) in ${Date.now() - started} ms`,
  );
}

/** Whether an earlier DEMO_DATA=off setup claimed this database for real data. */
async function keptEmptyOnPurpose(handle: ReturnType<typeof openDatabase>): Promise<boolean> {
  const { rows } = await handle.pool.query<{ demo: unknown }>(
    "SELECT value->'demo' AS demo FROM app_meta WHERE key = 'dataset'",
  );
  return rows[0]?.demo === false;
}

async function main(command: string | undefined): Promise<void> {
  if (command !== 'setup' && command !== 'reset' && command !== 'migrate')
    throw new Error(`unknown command ${command ?? '(none)'}; use setup, reset or migrate`);
  const demo = command === 'migrate' || demoDataWanted(process.env.DEMO_DATA);
  const handle = openDatabase(undefined, 2);
  try {
    if (command === 'reset') await dropEverything(handle.pool);
    await migrate(handle.pool, log);
    if (command === 'migrate' || !(await isEmpty(handle.pool))) return;
    if (!demo) {
      // Remembered, so a later plain `npm start` on the still-empty database does not load the demo
      // (and its public accounts) into what is meant to become the bureau's own map.
      await handle.pool.query(
        `INSERT INTO app_meta (key, value) VALUES ('dataset', '{"demo": false}')
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
      );
      log('DEMO_DATA=off: the database stays empty (no demo data, no demo accounts).');
      log('next: npm run user:add -- --username NAME --role admin, sign in, then 数据 → 导入数据');
    } else if (await keptEmptyOnPurpose(handle)) {
      log('the database was set up with DEMO_DATA=off: not loading the demo data (npm run db:reset would)');
    } else {
      await loadDemo(handle);
    }
  } finally {
    await handle.close();
  }
}

main(process.argv[2]).catch((error: unknown) => {
  log(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
