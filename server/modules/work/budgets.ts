// The budgets of heavy work, declared in one place: for each kind of job a caller can start, how
// many may run at once on the server, how many at once per caller, and how many a caller may start
// per minute. A job past its budget is turned away at once (503 busy + Retry-After, or 429 for the
// minute budget), never queued: a queue would only make every caller wait. The jobs themselves run
// in the work pool (pool.ts), off the event loop.
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { callerKey, perMinute, RETRY_AFTER_SECONDS } from '../security/load-limits.ts';

interface Budget {
  /** What the caller is told is running ("Label renderings are running already"). */
  what: string;
  /** Jobs of this kind at once on the whole server. */
  atOnce: number;
  /** Jobs of this kind at once for one caller (a signed-in account, or an address). */
  perCaller: number;
  /** Requests of the routes that start such jobs, per caller and minute (429 past it). */
  perMinute: number;
}

export const BUDGETS = {
  // A sheet embeds a CJK font and draws hundreds of QR codes: seconds of work for one request.
  labels: { what: 'Label renderings', atOnce: 2, perCaller: 1, perMinute: 60 },
  // Greedy site suggestions are the heaviest computation we serve.
  suggestions: { what: 'Site suggestions', atOnce: 1, perCaller: 1, perMinute: 30 },
  // Shapefile, GeoPackage and XLSX exports (GeoJSON and CSV stream and are limited per minute only).
  exports: { what: 'Shapefile/GeoPackage/XLSX exports', atOnce: 2, perCaller: 1, perMinute: 120 },
  // An import reads, converts and checks a whole file.
  imports: { what: 'Imports', atOnce: 2, perCaller: 1, perMinute: 120 },
} as const satisfies Record<string, Budget>;

export type BudgetName = keyof typeof BUDGETS;

/** The per-minute budget as a route's `config: { rateLimit }` (@fastify/rate-limit). */
export const rateLimitOf = (name: BudgetName) => perMinute(BUDGETS[name].perMinute);

class Counter {
  private total = 0;
  private readonly byCaller = new Map<string, number>();
  constructor(private readonly budget: Budget) {}

  /** A release function, or why not: the server's or the caller's share is taken. */
  tryAcquire(caller: string): (() => void) | 'server' | 'caller' {
    const mine = this.byCaller.get(caller) ?? 0;
    if (mine >= this.budget.perCaller) return 'caller';
    if (this.total >= this.budget.atOnce) return 'server';
    this.total += 1;
    this.byCaller.set(caller, mine + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total -= 1;
      const left = (this.byCaller.get(caller) ?? 1) - 1;
      if (left > 0) this.byCaller.set(caller, left);
      else this.byCaller.delete(caller);
    };
  }
}

// One set of counters per process, like the pool they share.
const counters = new Map<BudgetName, Counter>();
const counter = (name: BudgetName) => {
  let found = counters.get(name);
  if (!found) {
    found = new Counter(BUDGETS[name]);
    counters.set(name, found);
  }
  return found;
};

function busy(name: BudgetName, whose: 'server' | 'caller'): AppError {
  const budget = BUDGETS[name];
  const message =
    whose === 'caller'
      ? `${budget.what} are running already: ${budget.perCaller} at a time for each caller, and yours is running; try again in ${RETRY_AFTER_SECONDS} seconds.`
      : `${budget.what} are running already (${budget.atOnce} at a time); try again in ${RETRY_AFTER_SECONDS} seconds.`;
  return new AppError(503, 'busy', message, { retryAfterSeconds: RETRY_AFTER_SECONDS });
}

/**
 * Runs `job` within the budget `name` for the request's caller, or answers 503 busy with
 * Retry-After when the server's or the caller's share is taken.
 */
export async function withinBudget<T>(
  name: BudgetName,
  request: FastifyRequest,
  reply: { header(name: string, value: string): unknown },
  job: () => Promise<T>,
): Promise<T> {
  const lease = counter(name).tryAcquire(callerKey(request));
  if (typeof lease === 'string') {
    reply.header('Retry-After', String(RETRY_AFTER_SECONDS));
    throw busy(name, lease);
  }
  try {
    return await job();
  } finally {
    lease();
  }
}
