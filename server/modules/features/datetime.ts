// The `datetime` parameter of OGC API – Features: an RFC 3339 instant or interval, as a condition on
// the collection's time property (an instant inside the interval, an interval overlapping it).
import { type RawBuilder, sql } from 'kysely';
import { badRequest } from '../../errors.ts';
import type { CollectionDefinition } from './collections.ts';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/** `datetime` (RFC 3339 instant, or interval with `..`/empty open ends) → inclusive [from, to]. */
function parseDatetime(value: string): [string | null, string | null] {
  const bound = (part: string, end: boolean): string | null => {
    if (part === '' || part === '..') return null;
    if (DATE_ONLY.test(part) && !Number.isNaN(Date.parse(part)))
      return end ? `${part}T23:59:59.999Z` : `${part}T00:00:00Z`;
    if (DATE_TIME.test(part) && !Number.isNaN(Date.parse(part))) return part;
    throw badRequest(
      'query.datetime',
      'must be RFC 3339 dates or date-times (e.g. 2024-05-01 or 2024-05-01T08:00:00Z)',
    );
  };
  const parts = value.split('/');
  if (parts.length === 1) {
    if (value === '..' || value === '') throw badRequest('query.datetime', 'an instant cannot be open');
    return [bound(value, false), bound(value, true)];
  }
  if (parts.length !== 2) throw badRequest('query.datetime', 'must be an instant or an interval start/end');
  const [from, to] = [bound(parts[0]!, false), bound(parts[1]!, true)];
  if (from === null && to === null) throw badRequest('query.datetime', 'an interval needs at least one end');
  if (from && to && Date.parse(from) > Date.parse(to))
    throw badRequest('query.datetime', 'the start is after the end');
  return [from, to];
}

export function datetimeCondition(def: CollectionDefinition, value: string): RawBuilder<unknown> {
  if (!def.temporal) throw badRequest('query.datetime', `collection '${def.id}' has no time property`);
  const [from, to] = parseDatetime(value);
  const ts = (expr: string) => sql.raw(`(${expr})::timestamp AT TIME ZONE 'UTC'`);
  const start = def.temporal.start;
  const parts: RawBuilder<unknown>[] = [];
  if (def.temporal.end === undefined) {
    // An instant: it must fall inside the requested interval.
    if (from) parts.push(sql`${ts(start)} >= ${from}::timestamptz`);
    if (to) parts.push(sql`${ts(start)} <= ${to}::timestamptz`);
  } else {
    // An interval (null ends open): it must overlap the requested one.
    if (to) parts.push(sql`(${sql.raw(start)} IS NULL OR ${ts(start)} <= ${to}::timestamptz)`);
    if (from && def.temporal.end)
      parts.push(
        sql`(${sql.raw(def.temporal.end)} IS NULL OR ${ts(def.temporal.end)} >= ${from}::timestamptz)`,
      );
  }
  return parts.length ? sql.join(parts, sql` AND `) : sql`true`;
}
