// Field-by-field merge of an edit made on a device against the record as the server has it now.
// The device says which version it started from (base); the server knows base and current, so
// for each field the device changed: unchanged on the server since base → the device's value;
// changed on the server to the same value → nothing to do; changed to something else → a conflict,
// the server's value stays and the device's waits for review. Fields only the server changed are
// never touched. Pure: no database, so the rules are tested alone.
import { type ConflictField, FIELD_COMPANIONS } from '../../contract/field-kit.ts';
import type { KindDefinition } from '../records/kinds.ts';

type Snapshot = Record<string, unknown>;

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

const ids = (value: unknown): number[] => (Array.isArray(value) ? value.filter(Number.isInteger) : []);

/**
 * Lists of photo ids merge as sets: what the device added is added, what it removed is removed,
 * and what someone else added meanwhile stays. Two people adding photos never conflict.
 */
export function mergeIdSets(base: unknown, current: unknown, mine: unknown): number[] {
  const before = new Set(ids(base));
  const wanted = new Set(ids(mine));
  const added = [...wanted].filter((id) => !before.has(id));
  const removed = new Set([...before].filter((id) => !wanted.has(id)));
  const result = ids(current).filter((id) => !removed.has(id));
  for (const id of added) if (!result.includes(id)) result.push(id);
  return result;
}

export interface Merge {
  /** What to write: the device's fields that do not conflict. */
  apply: Record<string, unknown>;
  /** Fields both sides changed to different values; the server's value stays. */
  conflicts: ConflictField[];
  /** Fields someone else changed since base (kept as they are). */
  theirs: string[];
}

export function mergeChanges(
  kind: KindDefinition,
  base: Snapshot,
  current: Snapshot,
  mine: Record<string, unknown>,
): Merge {
  const apply: Record<string, unknown> = {};
  const conflicts: ConflictField[] = [];
  const theirs = Object.keys(kind.fields).filter((f) => !same(base[f], current[f]));
  for (const [field, value] of Object.entries(mine)) {
    if (kind.fields[field]?.type === 'idArray') {
      const merged = mergeIdSets(base[field], current[field], value);
      if (!same(merged, current[field])) apply[field] = merged;
      continue;
    }
    if (same(value, current[field])) continue; // already so (either side)
    if (same(base[field], current[field]) || same(value, base[field])) {
      // only the device changed it (or the device left it as it was: then keep theirs)
      if (!same(value, base[field])) apply[field] = value;
      continue;
    }
    conflicts.push({ field, base: base[field] ?? null, theirs: current[field] ?? null, mine: value });
  }
  for (const [field, leader] of Object.entries(FIELD_COMPANIONS)) {
    if (!(field in apply) || !conflicts.some((c) => c.field === leader)) continue;
    conflicts.push({ field, base: base[field] ?? null, theirs: current[field] ?? null, mine: apply[field] });
    delete apply[field];
  }
  return { apply, conflicts, theirs };
}
