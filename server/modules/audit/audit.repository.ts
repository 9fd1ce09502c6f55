// The audit log in PostgreSQL: one INSERT per entry (the table refuses UPDATE, DELETE and TRUNCATE,
// migration 0045) and the filtered reads of the admin page and its export, newest first. Dates in
// filters are days in Beijing time, the bureau's day.
import { type ExpressionBuilder, type Selectable, sql } from 'kysely';
import type { AuditEntry, AuditFilters } from '../../contract/admin.schemas.ts';
import { AUDIT_TIME_ZONE, type AuditAction } from '../../contract/audit.ts';
import type { Database } from '../../db/database.ts';
import type { AuditLogTable, DB } from '../../db/schema.ts';
import type { AuditFacts } from './audit.describe.ts';

export async function insertAuditEntry(
  db: Database,
  facts: AuditFacts,
  meta: { address: string | null; status: number },
): Promise<void> {
  const actor = facts.actor;
  await db
    .insertInto('audit_log')
    .values({
      user_id: actor?.id === null || actor?.id === undefined ? null : String(actor.id),
      username: actor?.username?.slice(0, 80) ?? null,
      display_name: actor?.displayName?.slice(0, 80) ?? null,
      role: actor?.role ?? null,
      action: facts.action,
      kind: facts.kind?.slice(0, 40) ?? null,
      target: facts.target?.slice(0, 80) ?? null,
      details: JSON.stringify(facts.details),
      address: meta.address?.slice(0, 100) ?? null,
      status: meta.status,
    })
    .execute();
}

function matches(filters: AuditFilters) {
  return (eb: ExpressionBuilder<DB, 'audit_log'>) => {
    const conditions = [];
    if (filters.user) conditions.push(eb('username', '=', filters.user.trim().toLowerCase()));
    if (filters.action) conditions.push(eb('action', 'in', filters.action.split(',')));
    if (filters.kind) conditions.push(eb('kind', '=', filters.kind));
    if (filters.from)
      conditions.push(
        eb('at', '>=', sql<Date>`(${filters.from}::date)::timestamp AT TIME ZONE ${AUDIT_TIME_ZONE}`),
      );
    if (filters.to)
      conditions.push(
        eb('at', '<', sql<Date>`(${filters.to}::date + 1)::timestamp AT TIME ZONE ${AUDIT_TIME_ZONE}`),
      );
    return eb.and(conditions);
  };
}

const toEntry = (r: Selectable<AuditLogTable>): AuditEntry => ({
  id: Number(r.id),
  at: r.at.toISOString(),
  userId: r.user_id === null ? null : Number(r.user_id),
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  action: r.action as AuditAction,
  kind: r.kind,
  target: r.target,
  details: r.details,
  address: r.address,
  status: r.status,
});

/** One page, newest first: entries older than `before` (an id), at most `limit`. */
export async function listAuditEntries(
  db: Database,
  filters: AuditFilters,
  page: { before?: number; limit: number },
): Promise<{ items: AuditEntry[]; next: number | null }> {
  const rows = await db
    .selectFrom('audit_log')
    .selectAll()
    .where(matches(filters))
    .$if(page.before !== undefined, (q) => q.where('id', '<', String(page.before)))
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute();
  const items = rows.slice(0, page.limit).map(toEntry);
  return { items, next: rows.length > page.limit ? (items.at(-1)?.id ?? null) : null };
}

export async function countAuditEntries(db: Database, filters: AuditFilters): Promise<number> {
  const row = await db
    .selectFrom('audit_log')
    .select(sql<number>`count(*)::int`.as('n'))
    .where(matches(filters))
    .executeTakeFirstOrThrow();
  return row.n;
}

/** Every matching entry, newest first, in batches (the export). */
export async function* auditEntryBatches(
  db: Database,
  filters: AuditFilters,
  batchSize = 2000,
): AsyncGenerator<AuditEntry[]> {
  let before: number | undefined;
  for (;;) {
    const page = await listAuditEntries(db, filters, { before, limit: batchSize });
    if (page.items.length) yield page.items;
    if (page.next === null) return;
    before = page.next;
  }
}
