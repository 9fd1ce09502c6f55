// What an audit entry says about each action: from a finished request's outcome (status, route,
// parameters, query, body, the handler's answer), which kind and record it concerns and the few
// details worth keeping. One describer per action; a route only names its action in its config.
// Describers pick fields one by one: a body may hold a password, which never reaches the log.
import type { AuditAction, AuditDetails, AuditKind } from '../../contract/audit.ts';

export interface AuditActor {
  id: number | null;
  username: string | null;
  displayName: string | null;
  role: string | null;
}

/** A finished request (or a command's result) as the describers read it. */
export interface AuditOutcome {
  status: number;
  /** The route's pattern, e.g. /api/boundary-markers/:id. */
  url: string;
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  body: Record<string, unknown>;
  /** The handler's answer when it was JSON (a stream or file: undefined). */
  response: Record<string, unknown> | undefined;
  /** Who was signed in when the request came (null: nobody). */
  user: AuditActor | null;
  /** The kind the route declared, if any. */
  kind?: AuditKind;
}

export interface AuditFacts {
  action: AuditAction;
  actor: AuditActor | null;
  kind: string | null;
  target: string | null;
  details: AuditDetails;
}

type Describer = (
  o: AuditOutcome,
) => Omit<AuditFacts, 'action' | 'actor'> & Partial<Pick<AuditFacts, 'action' | 'actor'>>;

interface ActionRule {
  describe: Describer;
  /** Also record these refusals (a failed sign-in); otherwise only 2xx answers are recorded. */
  refusals?: Record<number, string>;
  /** Nothing to record for this outcome (a dry run, signing out without a session). */
  skip?: (o: AuditOutcome) => boolean;
}

const text = (value: unknown, max = 200): string | undefined =>
  typeof value === 'string' && value.trim() ? value.trim().slice(0, max) : undefined;
const count = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
const idOf = (value: unknown): string | null =>
  typeof value === 'number' || (typeof value === 'string' && value !== '')
    ? String(value).slice(0, 80)
    : null;

/** A record route's kind: declared, or the path's first segment (/api/{kind}/:id). */
const kindOf = (o: AuditOutcome): string | null => o.kind ?? o.url.split('/')[2] ?? null;

/** Query filters as given (district, town, category, bbox; user, action, kind, from, to). */
function filtersOf(
  query: Record<string, unknown>,
  names: readonly string[],
): Record<string, string> | undefined {
  const entries = names.flatMap((name) => {
    const value = text(query[name], 100);
    return value ? [[name, value] as const] : [];
  });
  return entries.length ? Object.fromEntries(entries) : undefined;
}

function userFromAnswer(response: Record<string, unknown> | undefined): AuditActor | null {
  const user = response?.user as Record<string, unknown> | undefined;
  if (!user || typeof user.username !== 'string') return null;
  return {
    id: typeof user.id === 'number' ? user.id : null,
    username: user.username,
    displayName: typeof user.displayName === 'string' ? user.displayName : null,
    role: typeof user.role === 'string' ? user.role : null,
  };
}

/** An account change: the account, what changed, how many sessions or failures went. */
const accountChange: Describer = (o) => {
  const r = o.response ?? {};
  const account = userFromAnswer(r);
  return {
    kind: 'users',
    target: account?.username ?? idOf(o.params.username),
    details: {
      changes:
        Array.isArray(r.changes) && r.changes.length ? (r.changes as AuditDetails['changes']) : undefined,
      sessionsEnded: count(r.sessionsEnded),
      failuresCleared: count(r.failuresCleared),
    },
  };
};

export const ACTION_RULES: Record<AuditAction, ActionRule> = {
  'auth.sign_in': {
    refusals: { 401: 'wrong_credentials', 423: 'account_locked', 429: 'rate_limited' },
    describe: (o) => {
      if (o.status < 400) return { actor: userFromAnswer(o.response), kind: null, target: null, details: {} };
      const tried = text(o.body.username, 80)?.toLowerCase() ?? null;
      return {
        action: 'auth.sign_in_failed',
        actor: { id: null, username: tried, displayName: null, role: null },
        kind: null,
        target: null,
        details: {},
      };
    },
  },
  // Written by auth.sign_in's refusals; no route declares it.
  'auth.sign_in_failed': { describe: () => ({ kind: null, target: null, details: {} }) },
  'auth.sign_out': {
    skip: (o) => o.user === null,
    describe: () => ({ kind: null, target: null, details: {} }),
  },
  'user.create': {
    describe: (o) => {
      const account = userFromAnswer(o.response);
      return {
        kind: 'users',
        target: account?.username ?? null,
        details: {
          role: account?.role ?? undefined,
          displayName: account?.displayName ?? undefined,
          generated: typeof o.response?.generatedPassword === 'string',
        },
      };
    },
  },
  'user.update': { describe: accountChange },
  'user.disable': { describe: accountChange },
  'user.enable': { describe: accountChange },
  'user.password_reset': {
    describe: (o) => {
      const base = accountChange(o);
      return {
        ...base,
        details: { ...base.details, generated: typeof o.response?.generatedPassword === 'string' },
      };
    },
  },
  'user.sessions_revoke': { describe: accountChange },
  'user.unlock': { describe: accountChange },
  'import.commit': {
    // A dry run changes nothing; a commit whose rows were all refused neither.
    skip: (o) => o.response?.committed !== true,
    describe: (o) => {
      const r = o.response ?? {};
      return {
        kind: text(r.collection, 40) ?? null,
        target: idOf(r.importId),
        details: {
          mode: text(r.mode, 20),
          fileName: text(r.fileName),
          inserted: count(r.inserted),
          updated: count(r.updated),
          rowsInvalid: count(r.rowsInvalid),
        },
      };
    },
  },
  // The target is the import taken back; the undo is itself an import run (undoRun).
  'import.undo': {
    describe: (o) => {
      const r = o.response ?? {};
      return {
        kind: null,
        target: idOf(o.params.id),
        details: { undoRun: count(r.importId), removed: count(r.removed), restored: count(r.restored) },
      };
    },
  },
  'export.download': {
    describe: (o) => ({
      kind: o.kind ?? text(o.params.collection, 40) ?? null,
      target: null,
      details: {
        format: text(o.params.format, 10),
        filters: filtersOf(o.query, [
          'district',
          'town',
          'category',
          'bbox',
          'user',
          'action',
          'kind',
          'from',
          'to',
        ]),
      },
    }),
  },
  'record.delete': {
    describe: (o) => ({
      kind: kindOf(o),
      target: idOf(o.params.id),
      details: { reason: text(o.body.reason) },
    }),
  },
  'record.restore': {
    describe: (o) => ({
      kind: kindOf(o),
      target: idOf(o.params.id),
      details: { version: count(o.body.version), reason: text(o.body.reason) },
    }),
  },
};

/** Drops the details nobody gave, so entries stay small and read cleanly. */
function compact(details: AuditDetails): AuditDetails {
  return Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined)) as AuditDetails;
}

/** What to record for `action` after `outcome`, or null when there is nothing to record. */
export function describe(action: AuditAction, outcome: AuditOutcome): AuditFacts | null {
  const rule = ACTION_RULES[action];
  const refusal = rule.refusals?.[outcome.status];
  if (outcome.status >= 400 && !refusal) return null;
  if (rule.skip?.(outcome)) return null;
  const facts = rule.describe(outcome);
  return {
    action: facts.action ?? action,
    actor: facts.actor === undefined ? outcome.user : facts.actor,
    kind: facts.kind,
    target: facts.target,
    details: compact({ ...facts.details, ...(refusal ? { refusal } : {}) }),
  };
}
