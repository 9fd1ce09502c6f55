// The audit log's one way in. A route says what it audits in its config:
//
//   app.delete('/things/:id', { onRequest: requireRole('x'), config: { audit: 'record.delete' }, … })
//   app.get('/admin/audit.:format', { config: { audit: { action: 'export.download', kind: 'audit-log' } } })
//
// and the hooks here record it: after the handler, before the answer leaves (so a client that has
// its answer finds the entry), one row with who (the signed-in user, or the account a sign-in
// names), when, from where (request.ip: behind TRUST_PROXY the right-most untrusted hop) and what
// (audit.describe.ts: kind, record or import id, a few details). Only successful requests are
// recorded, and the refusals an action lists (a failed sign-in). The commands that change accounts
// record through recordCommand(). An action name that is not in the vocabulary stops the app at
// start-up.
import os from 'node:os';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type AuditAction, type AuditKind, isAuditAction } from '../../contract/audit.ts';
import type { Database } from '../../db/database.ts';
import { type AuditOutcome, describe } from './audit.describe.ts';
import { insertAuditEntry } from './audit.repository.ts';

export type AuditDeclaration = AuditAction | { action: AuditAction; kind?: AuditKind };

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What a successful request of this route adds to the audit log (server/modules/audit/). */
    audit?: AuditDeclaration;
  }
  interface FastifyRequest {
    /** The handler's JSON answer, kept for the audit entry of an audited route. */
    auditAnswer: unknown;
  }
  interface FastifyInstance {
    /** `METHOD /url` → the action each audited route declared (the route-walk test reads it). */
    auditedRoutes: Map<string, AuditAction>;
  }
}

const actionOf = (declared: AuditDeclaration) => (typeof declared === 'string' ? declared : declared.action);
const asRecord = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

function outcomeOf(request: FastifyRequest, reply: FastifyReply, declared: AuditDeclaration): AuditOutcome {
  const user = request.user;
  const answer = request.auditAnswer;
  return {
    status: reply.statusCode,
    url: request.routeOptions.url ?? request.url,
    params: asRecord(request.params),
    query: asRecord(request.query),
    body: asRecord(request.body),
    response: answer === undefined ? undefined : asRecord(answer),
    user: user && { id: user.id, username: user.username, displayName: user.displayName, role: user.role },
    kind: typeof declared === 'string' ? undefined : declared.kind,
  };
}

/** Adds the hooks; call from buildApp before any route is registered (like registerAuth). */
export function registerAudit(app: FastifyInstance): void {
  app.decorate('auditedRoutes', new Map<string, AuditAction>());
  app.decorateRequest('auditAnswer', undefined);

  app.addHook('onRoute', (route) => {
    const declared = route.config?.audit;
    if (!declared) return;
    const action = actionOf(declared);
    if (!isAuditAction(action)) throw new Error(`${route.url}: unknown audit action '${action}'`);
    for (const method of [route.method].flat()) app.auditedRoutes.set(`${method} ${route.url}`, action);
  });

  app.addHook('preSerialization', async (request, _reply, payload) => {
    if (request.routeOptions.config?.audit) request.auditAnswer = payload;
    return payload;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const declared = request.routeOptions.config?.audit;
    if (!declared || request.method === 'HEAD') return payload; // a HEAD downloads nothing
    const facts = describe(actionOf(declared), outcomeOf(request, reply, declared));
    if (facts) {
      // The action is done; a log that cannot be written is reported loudly but does not turn the
      // answer into an error the user would retry.
      await insertAuditEntry(app.db, facts, { address: request.ip, status: reply.statusCode }).catch(
        (error: unknown) => request.log.error({ err: error, audit: facts.action }, 'audit entry not written'),
      );
    }
    return payload;
  });
}

/** Records what an account command did (npm run user:…): the same entry as the API's, by "the command line". */
export async function recordCommand(
  db: Database,
  action: AuditAction,
  outcome: { username: string; response: Record<string, unknown>; body?: Record<string, unknown> },
): Promise<void> {
  const facts = describe(action, {
    status: 200,
    url: 'cli',
    params: { username: outcome.username },
    query: {},
    body: outcome.body ?? {},
    response: outcome.response,
    user: null,
  });
  if (!facts) return;
  const operator = os.userInfo().username;
  await insertAuditEntry(
    db,
    {
      ...facts,
      actor: {
        id: null,
        username: null,
        displayName: `${operator}@${os.hostname()}`.slice(0, 80),
        role: null,
      },
      details: { ...facts.details, via: 'cli' },
    },
    { address: 'localhost', status: 200 },
  );
}
