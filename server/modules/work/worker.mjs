// A thread of the work pool (pool.ts). Plain JavaScript that loads the TypeScript jobs (tasks.ts)
// through tsx, the app's own TypeScript runner, and runs the one a message names. Bytes go back
// moved (no copy); an error goes back as plain data that pool.ts turns into the same error again.
import { move } from 'piscina';
import { tsImport } from 'tsx/esm/api';

const { TASKS } = await tsImport('./tasks.ts', import.meta.url);

/** A Uint8Array that owns its whole buffer, so moving it detaches nothing else (Buffer pools). */
const owned = (bytes) =>
  bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes);

export default async function run({ task, input }) {
  const job = TASKS[task];
  try {
    if (!job) throw new Error(`no task '${task}' in the work pool`);
    const result = await job(input);
    return result instanceof Uint8Array ? move(owned(result)) : result;
  } catch (error) {
    const e = error ?? {};
    throw {
      workError: true,
      name: e.name ?? 'Error',
      message: e.message ?? String(error),
      code: typeof e.code === 'string' ? e.code : undefined,
      // An AppError (a 4xx the job decided on) crosses as such.
      status: typeof e.status === 'number' ? e.status : undefined,
      appCode: typeof e.status === 'number' ? e.code : undefined,
      details: e.details,
    };
  }
}
