// Response schemas of the record API (and the boundary statistics), built from the kinds registry
// so a new field is declared once (kinds.ts). The client imports the Static<> types. Staff-only fields are optional: anonymous
// callers get records without them.
import { type Static, type TSchema, Type } from 'typebox';
import { isRecordKind, isStaffOnlyField } from '../../contract/staff-only.ts';
import { DISPUTE_STAGES, LINE_STATUSES, MARKER_CONDITIONS } from '../../contract/vocabularies.ts';
import type { FieldSpec, KindDefinition } from '../records/kinds.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

function valueSchema(spec: FieldSpec): TSchema {
  switch (spec.type) {
    case 'text':
    case 'date':
      return Nullable(Type.String());
    case 'integer':
    case 'id':
      return Nullable(Type.Integer());
    case 'number':
      return Nullable(Type.Number());
    case 'boolean':
      return Type.Boolean();
    case 'idArray':
      return Type.Array(Type.Integer());
    case 'json':
    case 'geometry':
    case 'composite':
      return Type.Unknown();
  }
}

/** One record of a kind as the API answers it: fields, bookkeeping and the kind's read-only extras. */
export function recordSchema(kind: KindDefinition) {
  const properties: Record<string, TSchema> = {
    kind: Type.Literal(kind.id),
    id: Type.Integer(),
    version: Type.Integer(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
    deletedAt: Nullable(Type.String()),
  };
  for (const [name, spec] of Object.entries(kind.fields)) {
    const schema = valueSchema(spec);
    properties[name] =
      isRecordKind(kind.id) && isStaffOnlyField(kind.id, name) ? Type.Optional(schema) : schema;
  }
  // Extras come with reads, not with the answer to a write.
  for (const name of Object.keys(kind.extras ?? {})) properties[name] = Type.Optional(Type.Unknown());
  return Type.Object(properties);
}

/** Any boundary record (the client's view: every kind, fields by name). */
export const BoundaryRecord = Type.Object(
  { id: Type.Integer(), version: Type.Integer(), deletedAt: Nullable(Type.String()) },
  { additionalProperties: true },
);

export const Change = Type.Object({
  field: Type.String(),
  before: Type.Unknown(),
  after: Type.Unknown(),
  movedM: Type.Optional(Type.Number()),
});
export type Change = Static<typeof Change>;

export const HistoryEntry = Type.Object({
  version: Type.Integer(),
  action: Type.Enum(['create', 'update', 'delete', 'restore']),
  reason: Nullable(Type.String()),
  userName: Type.String(),
  at: Type.String(),
  before: Type.Unknown(),
  after: Type.Unknown(),
  changes: Type.Array(Change),
  // An edit that arrived through sync (server/contract/field-kit.ts): made offline, when on the
  // device, from which version, and the fields both sides changed (both values kept).
  offline: Type.Optional(Type.Boolean()),
  editedAt: Type.Optional(Type.String()),
  baseVersion: Type.Optional(Type.Integer()),
  conflicts: Type.Optional(Type.Array(Type.Unknown())),
});
export type HistoryEntry = Static<typeof HistoryEntry>;

export const HistoryResponse = Type.Object({
  kind: Type.String(),
  id: Type.Integer(),
  currentVersion: Type.Integer(),
  items: Type.Array(HistoryEntry),
});

const countsOf = (codes: readonly string[]) =>
  Type.Object(Object.fromEntries(codes.map((c) => [c, Type.Number()])));

export const BoundarySummary = Type.Object({
  lineCount: Type.Integer(),
  totalKm: Type.Number(),
  kmByStatus: countsOf(LINE_STATUSES),
  /** Delimited (已勘定) length / total length, 0..1. */
  delimitedShare: Type.Number(),
  markerCount: Type.Integer(),
  markersByCondition: countsOf(MARKER_CONDITIONS),
  inspectionsOverdue: Type.Integer(),
  inspectionsDueWithin12Months: Type.Integer(),
  openDisputes: Type.Integer(),
  openDisputesByStage: countsOf(DISPUTE_STAGES),
});

export const BoundaryStats = Type.Object({
  code: Type.String(),
  name: Type.String(),
  asOf: Type.String(),
  district: BoundarySummary,
  towns: Type.Array(
    Type.Object({
      ...BoundarySummary.properties,
      code: Type.String(),
      name: Type.String(),
      kind: Type.String(),
    }),
  ),
});
export type BoundaryStats = Static<typeof BoundaryStats>;
