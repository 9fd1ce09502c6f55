// Response schemas of the record API shared by every kind (a record, its history) and the boundary
// statistics. The client imports the Static<> types; each kind's own record schema is built from its
// definition on the server (server/modules/records/record-schema.ts).
import { type Static, type TSchema, Type } from 'typebox';
import { DISPUTE_STAGES, LINE_STATUSES, MARKER_CONDITIONS } from './vocabularies.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

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
