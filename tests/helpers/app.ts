// Builds the real app against the test database (DATABASE_URL, set by npm test) for inject() tests.
import { afterAll, beforeAll } from 'vitest';
import { type App, type AppOptions, buildApp } from '../../server/app.ts';
import { type DatabaseHandle, openDatabase } from '../../server/db/database.ts';

export interface TestContext {
  app: App;
  database: DatabaseHandle;
}

/** Call at the top of a test file: builds one app for the file and closes it afterwards.
 * `options` (e.g. base maps) is called first, in the same beforeAll. */
export function useTestApp(options?: () => Promise<Partial<AppOptions>> | Partial<AppOptions>): TestContext {
  const context = {} as TestContext;
  beforeAll(async () => {
    const extra = options ? await options() : {};
    context.database = openDatabase(undefined, 5);
    context.app = await buildApp({ ...extra, db: context.database.db, pool: context.database.pool });
    await context.app.ready();
  });
  afterAll(async () => {
    await context.app?.close();
    await context.database?.close();
  });
  return context;
}
