// The one pool of worker threads for heavy work (piscina): label rendering, the reading side of
// imports (unpacking, decoding, parsing GDAL's output), greedy site suggestions and GDAL exports.
// The event loop only hands a job over and gets its result back, so one large job never stalls the
// requests of everyone else. Threads start on first use, run at a lower CPU priority than the event
// loop (niceIncrement: on a busy machine the loop wins the CPU), and stop when idle. How many jobs
// of a kind a caller may start is decided before, by the budgets (budgets.ts). The jobs are named
// in tasks.ts; worker.mjs runs them.
import os from 'node:os';
import { Piscina } from 'piscina';
import { AppError, type ErrorCode } from '../../errors.ts';
import type { TaskInput, TaskName, TaskOutput } from './tasks.ts';

/** WORK_THREADS overrides; by default one thread per core, at least two, at most four. */
const THREADS = Number(process.env.WORK_THREADS) || Math.max(2, Math.min(4, os.availableParallelism()));

let pool: Piscina | null = null;

function workPool(): Piscina {
  pool ??= new Piscina({
    filename: new URL('./worker.mjs', import.meta.url).href,
    minThreads: 0,
    maxThreads: THREADS,
    idleTimeout: 60_000,
    // Above the event loop's niceness: worker threads yield the CPU to it.
    niceIncrement: 10,
    // Jobs await child processes, files and the database: workers keep a live event loop between
    // jobs instead of blocking in Atomics.wait.
    atomics: 'disabled',
  });
  return pool;
}

/** How an error crosses from a worker (worker.mjs marshals it; structured cloning keeps no class). */
export interface MarshalledError {
  workError: true;
  name: string;
  message: string;
  code?: string;
  status?: number;
  appCode?: ErrorCode;
  details?: unknown;
}

function unmarshal(error: unknown): Error {
  const e = error as Partial<MarshalledError> | undefined;
  if (e?.workError !== true) return error instanceof Error ? error : new Error(String(error));
  if (e.status !== undefined && e.appCode !== undefined)
    return new AppError(e.status, e.appCode, e.message ?? '', e.details as never);
  const rebuilt = new Error(e.message) as Error & { code?: string };
  rebuilt.name = e.name ?? 'Error';
  if (e.code !== undefined) rebuilt.code = e.code;
  return rebuilt;
}

/** Runs one job in the pool. Bytes (a Uint8Array result) come back moved, not copied. */
export async function runTask<N extends TaskName>(name: N, input: TaskInput<N>): Promise<TaskOutput<N>> {
  try {
    return (await workPool().run({ task: name, input })) as TaskOutput<N>;
  } catch (error) {
    throw unmarshal(error);
  }
}

/** Stops the threads (the app's onClose); the next job starts them again. */
export async function stopWorkPool(): Promise<void> {
  const running = pool;
  pool = null;
  await running?.destroy();
}
