// A worker thread's own connection to the database, for jobs that read many rows (GDAL exports):
// the rows are parsed and shaped in the worker, never on the event loop. One small pg pool per
// thread and connection string, closed with the thread.
import { type DatabaseHandle, openDatabase } from '../../db/database.ts';

const handles = new Map<string, DatabaseHandle>();

export function workerDatabase(connectionString: string): DatabaseHandle['db'] {
  let handle = handles.get(connectionString);
  if (!handle) {
    handle = openDatabase(connectionString, 2);
    handles.set(connectionString, handle);
  }
  return handle.db;
}

/** The connection string of the app's pool, for a worker that reads with its own connection. */
export function connectionOf(pool: { options: { connectionString?: string } }): string {
  const connection = pool.options.connectionString;
  if (!connection) throw new Error('the database pool has no connection string');
  return connection;
}
