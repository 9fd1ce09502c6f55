// One user cannot take the service down. Three mechanisms, in one place:
// - timeouts (app.ts): a connection idle for a minute or a request not received in five is closed;
// - load shedding (@fastify/under-pressure): when the event loop lags or memory runs high, requests
//   get 503 + Retry-After at once instead of everyone waiting;
// - heavy routes (labels, imports, coverage suggestions, GDAL exports) are rate-limited per user or
//   address (@fastify/rate-limit) and run a bounded number at a time, overall and per caller, in the
//   work pool (server/modules/work/budgets.ts); the rest get 503 + Retry-After.
import rateLimit from '@fastify/rate-limit';
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';

export const RETRY_AFTER_SECONDS = 10;

/** Signed-in users are counted by account (wherever they connect from), others by address. */
export const callerKey = (request: FastifyRequest) =>
  request.user ? `user:${request.user.id}` : `ip:${request.ip}`;

/**
 * Per-route limits, per caller and minute: `config: { rateLimit: perMinute(n) }` opts a route in.
 * Set well above what a person does, so they only stop scripts and abuse.
 */
export const perMinute = (max: number) => ({ max, timeWindow: 60_000 });

/** Shed load when the event loop lags more than this (ms). MAX_EVENT_LOOP_DELAY_MS overrides it:
 * the test run raises it, as its files share a small machine and lag while another one works. */
const maxEventLoopDelay = Number(process.env.MAX_EVENT_LOOP_DELAY_MS) || 1000;

export async function registerLoadLimits(app: FastifyInstance): Promise<void> {
  await app.register(underPressure, {
    // A lagging event loop means every request is already waiting: shed, don't queue.
    maxEventLoopDelay,
    maxHeapUsedBytes: 3 * 1024 * 1024 * 1024,
    retryAfter: RETRY_AFTER_SECONDS,
    pressureHandler: (_request, reply) => {
      reply.header('Retry-After', String(RETRY_AFTER_SECONDS));
      throw new AppError(503, 'busy', 'The server is overloaded; try again shortly.');
    },
  });
  await app.register(rateLimit, {
    global: false,
    keyGenerator: callerKey,
    errorResponseBuilder: (_request, context) =>
      new AppError(
        429,
        'rate_limited',
        `Too many of these requests: at most ${context.max} per ${context.after}; try again in ${Math.ceil(context.ttl / 1000)} s.`,
      ),
  });
}
