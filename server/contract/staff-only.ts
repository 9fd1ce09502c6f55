// Which fields of each kind of record only signed-in staff may see: people's names and phone
// numbers, notes, photos and dispute details. This is the one declaration; every read path (OGC
// items, /api/{kind}, nearest, search, tiles, exports, history) applies it through
// `withoutStaffOnly`, and tests/api/staff-only.test.ts walks every public GET route to prove it.
// Plain data, no server imports, so the client can import it too.
//
// Phone numbers: an institution's service number (a facility's `phone`, the number the public
// calls) is public; a person's number (in responsibleSide, inspection people, dispute parties) is
// staff-only, as is every field that can hold one.

export const STAFF_ONLY_FIELDS = {
  towns: [],
  villages: [],
  facilities: [],
  'place-names': [],
  'boundary-lines': [],
  'boundary-markers': ['responsibleSide', 'note', 'photoIds'],
  inspections: [
    'ourSidePeople',
    'otherSidePeople',
    'findings',
    'surveyNotes',
    'problems',
    'settlement',
    'report',
  ],
  disputes: ['title', 'parties', 'area', 'claims', 'cause', 'riskLevel', 'documents', 'resolution'],
} as const satisfies Record<string, readonly string[]>;

export type RecordKind = keyof typeof STAFF_ONLY_FIELDS;

export const isRecordKind = (value: string): value is RecordKind => Object.hasOwn(STAFF_ONLY_FIELDS, value);

export function isStaffOnlyField(kind: RecordKind, field: string): boolean {
  return (STAFF_ONLY_FIELDS[kind] as readonly string[]).includes(field);
}

/** `record` as a caller may see it: staff see everything; others lose the kind's staff-only fields. */
export function withoutStaffOnly<T extends Record<string, unknown>>(
  kind: RecordKind,
  record: T,
  staff: boolean,
): T {
  const hidden = STAFF_ONLY_FIELDS[kind] as readonly string[];
  if (staff || hidden.length === 0) return record;
  return Object.fromEntries(Object.entries(record).filter(([name]) => !hidden.includes(name))) as T;
}
