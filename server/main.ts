// Process entry: config, database, listen, and a clean shutdown on Ctrl-C / SIGTERM.
import { buildApp } from './app.ts';
import { isLoopbackHost, loadConfig } from './config.ts';
import { openDatabase } from './db/database.ts';
import { activeDemoAccounts } from './modules/auth/demo-accounts.ts';

const config = loadConfig();
const database = openDatabase(config.databaseUrl, 20);

// The demo accounts' passwords are in the README: anyone who can reach the server could sign in as
// admin. So they are only served to this machine unless the operator says otherwise.
if (!isLoopbackHost(config.host)) {
  let demoAccounts: string[];
  try {
    demoAccounts = await activeDemoAccounts(database.db);
  } catch (error) {
    console.error(
      `[civic-atlas] refusing to listen on HOST=${config.host}: could not check the database for demo accounts ` +
        `(${error instanceof Error ? error.message : String(error)})`,
    );
    process.exit(1);
  }
  if (demoAccounts.length > 0 && !config.allowDemoAccounts) {
    console.error(
      `[civic-atlas] refusing to listen on HOST=${config.host}: the demo accounts ${demoAccounts.join(', ')} ` +
        'still sign in with their public passwords (README "Demo accounts"), so anyone who can reach this ' +
        'address could sign in as them. For real use start on an empty database (DEMO_DATA=off npm run db:reset) ' +
        'and create your own accounts with npm run user:add; to show the demo on a network on purpose set ' +
        'ALLOW_DEMO_ACCOUNTS=yes.',
    );
    await database.close();
    process.exit(1);
  }
  if (demoAccounts.length > 0)
    console.error(
      `[civic-atlas] WARNING: ALLOW_DEMO_ACCOUNTS=yes: serving on HOST=${config.host} while the demo accounts ` +
        `${demoAccounts.join(', ')} sign in with PUBLIC passwords. Anyone who can reach this address can sign in ` +
        'as admin. Use this only for a demo on a network you trust.',
    );
}
const app = await buildApp({
  db: database.db,
  pool: database.pool,
  logger: { level: config.logLevel, transport: undefined },
  trustProxy: config.trustProxy,
  publicUrl: config.publicUrl,
  corsOrigins: config.corsOrigins,
});

let closing = false;
async function shutdown(signal: string): Promise<void> {
  if (closing) return;
  closing = true;
  app.log.info(`${signal}: closing`);
  const force = setTimeout(() => process.exit(1), 5000);
  force.unref();
  await app.close();
  await database.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

await app.listen({ host: config.host, port: config.port });
