// The contract's vocabularies (server/contract/vocabularies.ts) against the migrated database: every
// `column IN (…)` CHECK constraint listed below must allow exactly the contract's codes, the
// facility_subtypes rows must be the contract's subtypes with the same category, labels, tier and
// order, and the marker-number CHECK must allow exactly the letters of MARKER_LETTERS. A new code
// on one side without a migration (or the reverse) fails here.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../../server/contract/audit.ts';
import { ROAD_ONEWAY } from '../../server/contract/network.ts';
import { PLACE_NAME_STATUSES } from '../../server/contract/place-name-statuses.ts';
import { STAFF_ONLY_FIELDS } from '../../server/contract/staff-only.ts';
import * as v from '../../server/contract/vocabularies.ts';
import {
  BOUNDARY_KIND_IDS as KIND_IDS,
  BOUNDARY_KINDS as KINDS,
} from '../../server/modules/boundaries/kinds.ts';
import { KIND_IDS as RECORD_KIND_IDS } from '../../server/modules/records/kinds.ts';
import { useTestApp } from '../helpers/app.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useTestApp();

const ENUM_COLUMNS: [table: string, column: string, codes: readonly string[]][] = [
  ['facility_subtypes', 'category', v.FACILITY_CATEGORIES],
  ['facility_records', 'category', v.FACILITY_CATEGORIES],
  ['facility_records', 'operator', v.FACILITY_OPERATORS],
  ['facility_records', 'status', v.FACILITY_STATUSES],
  ['place_name_records', 'status', PLACE_NAME_STATUSES],
  ['boundary_lines', 'level', v.LINE_LEVELS],
  ['boundary_lines', 'status', v.LINE_STATUSES],
  ['boundary_markers', 'marker_type', v.MARKER_TYPES],
  ['boundary_markers', 'material', v.MARKER_MATERIALS],
  ['boundary_markers', 'condition', v.MARKER_CONDITIONS],
  ['boundary_inspections', 'kind', v.INSPECTION_KINDS],
  ['boundary_inspections', 'status', v.INSPECTION_STATUSES],
  ['boundary_disputes', 'cause_type', v.DISPUTE_CAUSES],
  ['boundary_disputes', 'stage', v.DISPUTE_STAGES],
  ['boundary_disputes', 'risk_level', v.RISK_LEVELS],
  // Every kind the edit mechanism writes history for.
  ['boundary_history', 'kind', RECORD_KIND_IDS],
  ['roads', 'oneway', ROAD_ONEWAY],
  ['users', 'role', v.ROLES],
  ['audit_log', 'action', AUDIT_ACTIONS],
];

/** The CHECK constraints of a table as PostgreSQL prints them. */
async function checks(table: string): Promise<string[]> {
  const { rows } = await sql<{ def: string }>`
    SELECT pg_get_constraintdef(c.oid) AS def FROM pg_constraint c
    WHERE c.contype = 'c' AND c.conrelid = ${table}::regclass`.execute(ctx.database.db);
  return rows.map((r) => r.def);
}

/** The values a CHECK allows for `column`, from "column = ANY (ARRAY['a'::text, …])". */
function allowedValues(defs: string[], column: string): string[] | undefined {
  const pattern = new RegExp(`\\(${column} = ANY \\(ARRAY\\[([^\\]]*)\\]\\)\\)`);
  for (const def of defs) {
    const list = pattern.exec(def)?.[1];
    if (list) return [...list.matchAll(/'((?:[^']|'')*)'::text/g)].map((m) => m[1]!.replaceAll("''", "'"));
  }
  return undefined;
}

describe('contract vocabularies = database CHECK constraints', () => {
  it.each(ENUM_COLUMNS)('%s.%s allows exactly the contract codes', async (table, column, codes) => {
    const allowed = allowedValues(await checks(table), column);
    expect(allowed, `no "${column} IN (…)" CHECK on ${table}`).toBeDefined();
    expect([...allowed!].sort()).toEqual([...codes].sort());
  });

  it('the marker-number CHECK allows exactly the letters of MARKER_LETTERS', async () => {
    const defs = await checks('boundary_markers');
    const numberCheck = defs.find((d) => d.includes('number ~'));
    const letters = /\[([A-Z]+)\]\$/.exec(numberCheck ?? '')?.[1];
    expect(letters, numberCheck).toBeDefined();
    expect([...letters!].sort()).toEqual([...Object.values(v.MARKER_LETTERS).join('')].sort());
  });

  it('facility_subtypes rows are the contract subtypes, with the same category, labels, tier and order', async () => {
    const rows = await ctx.database.db
      .selectFrom('facility_subtypes')
      .select([
        'subtype as code',
        'category',
        'name_zh as zh',
        'name_en as en',
        'tier',
        'sort_order as sortOrder',
      ])
      .orderBy('sort_order')
      .execute();
    const contract = [...v.FACILITY_SUBTYPE_TERMS].sort((a, b) => a.sortOrder - b.sortOrder);
    expect(rows).toEqual(contract.map((t) => ({ ...t })));
  });
});

describe('contract rules name real fields', () => {
  it('every transition goes to a code of the same vocabulary', () => {
    const vocabularies = {
      'boundary-lines': v.LINE_STATUSES,
      inspections: v.INSPECTION_STATUSES,
      disputes: v.DISPUTE_STAGES,
    } as const;
    for (const [kind, table] of Object.entries(v.TRANSITIONS)) {
      const codes: readonly string[] = vocabularies[kind as keyof typeof vocabularies];
      expect(Object.keys(table).sort(), kind).toEqual([...codes].sort());
      for (const targets of Object.values(table) as readonly string[][])
        for (const to of targets) expect(codes, `${kind} → ${to}`).toContain(to);
    }
  });

  it.each(KIND_IDS)('%s: status field, reason fields and staff-only fields are fields of the kind', (id) => {
    const fields = Object.keys(KINDS[id].fields);
    expect(fields).toContain(v.STATUS_FIELDS[id]);
    for (const f of v.REASON_REQUIRED_FOR[id]) expect(fields).toContain(f);
    for (const f of STAFF_ONLY_FIELDS[id]) expect(fields).toContain(f);
  });
});
