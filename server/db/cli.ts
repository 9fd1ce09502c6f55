// Database chores for the npm scripts: `setup` (migrate, then demo data if empty), `reset` (drop
// everything, migrate, demo data), `migrate`.
import { openDatabase } from './database.ts';
import { dropEverything, migrate } from './migrate.ts';
import { isEmpty, loadDataset } from './seed.ts';

const log = (line: string) => console.error(`[civic-atlas] ${line}`);

async function loadDemo(handle: ReturnType<typeof openDatabase>): Promise<void> {
  const started = Date.now();
  // Imported lazily: the generator is only needed when the database is empty.
  const { generateDemo } = await import('../../data/generate.ts');
  const data = generateDemo();
  await loadDataset(handle.pool, data, { demo: true, districts: data.districts.map((d) => d.code) });
  // One sign-in per role for the demo only (passwords in README "Demo accounts").
  const { addDemoAccounts } = await import('../modules/auth/demo-accounts.ts');
  await addDemoAccounts(handle.db);
  log(
    `loaded demo data (${data.towns.length} towns, ${data.villages.length} villages, ${data.facilities.length} facilities, ` +
      `${data.placeNames.length} place names, ${data.boundaryLines.length} boundary lines) in ${Date.now() - started} ms`,
  );
}

async function main(command: string | undefined): Promise<void> {
  const handle = openDatabase(undefined, 2);
  try {
    if (command === 'reset') await dropEverything(handle.pool);
    if (command === 'setup' || command === 'reset' || command === 'migrate') {
      await migrate(handle.pool, log);
    } else {
      throw new Error(`unknown command ${command ?? '(none)'}; use setup, reset or migrate`);
    }
    if ((command === 'setup' || command === 'reset') && (await isEmpty(handle.pool))) await loadDemo(handle);
  } finally {
    await handle.close();
  }
}

main(process.argv[2]).catch((error: unknown) => {
  log(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
