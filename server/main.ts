// Process entry: config, database, listen, and a clean shutdown on Ctrl-C / SIGTERM.
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/database.ts';

const config = loadConfig();
const database = openDatabase(config.databaseUrl, 20);
const app = await buildApp({
  db: database.db,
  pool: database.pool,
  logger: { level: config.logLevel, transport: undefined },
  trustProxy: config.trustProxy,
  publicUrl: config.publicUrl,
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
