// Runs greedySuggestions in one long-lived worker thread (greedy.worker.mjs). The route allows one
// run at a time (Slots), so one worker is enough; it is started on first use, does not keep the
// process alive, and is started again if it dies.
import { Worker } from 'node:worker_threads';
import type { Candidate, DemandPoints, Suggestion } from './engine/index.ts';

let worker: Worker | null = null;
let next = 0;
const pending = new Map<number, { resolve: (s: Suggestion[]) => void; reject: (e: Error) => void }>();

function start(): Worker {
  const started = new Worker(new URL('./greedy.worker.mjs', import.meta.url));
  started.unref();
  started.on('message', (message: { id: number; result?: Suggestion[]; error?: string }) => {
    const job = pending.get(message.id);
    pending.delete(message.id);
    if (message.error !== undefined) job?.reject(new Error(message.error));
    else job?.resolve(message.result!);
  });
  const fail = (error: Error) => {
    for (const job of pending.values()) job.reject(error);
    pending.clear();
    worker = null;
  };
  started.on('error', fail);
  started.on('exit', (code) => {
    if (worker === started) fail(new Error(`the suggestion worker stopped (exit code ${code})`));
  });
  return started;
}

export function greedySuggestionsOffLoop(
  points: DemandPoints,
  covered: Uint8Array,
  candidates: Candidate[],
  k: number,
): Promise<Suggestion[]> {
  worker ??= start();
  const id = next++;
  const running = worker;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    running.postMessage({ id, points, covered, candidates, k });
  });
}

/** Stops the worker (the app's onClose). */
export async function stopSuggestionWorker(): Promise<void> {
  const running = worker;
  worker = null;
  await running?.terminate();
}
