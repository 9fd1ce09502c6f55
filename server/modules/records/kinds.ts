// Every kind of record staff edit one by one — boundary lines, markers, inspections, disputes,
// coverage scenarios, facilities, place names, village figures, vanished names — as data: table, camelCase field →
// column and type, who writes it, which changes need a reason, the allowed status changes. The one
// edit/history mechanism (records.service.ts), its routes (records.routes.ts) and imports work from
// this. Everything here is trusted code; request values are always bound as parameters.

import type { KindId } from '../../contract/record-kinds.ts';
import type { Role } from '../../contract/roles.ts';
import { BOUNDARY_KINDS } from '../boundaries/kinds.ts';
import { FACILITY_KIND, VILLAGE_FIGURES_KIND } from '../facilities/facility.kind.ts';
import { PLACE_NAME_KIND, VANISHED_NAME_KIND } from '../place-names/place-name.kind.ts';
import { SCENARIO_KIND } from '../scenarios/scenario.kind.ts';

export type { KindId };

export type FieldType =
  | 'text'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'date'
  | 'json'
  | 'id'
  | 'idArray'
  | 'geometry'
  | 'composite';

export interface FieldSpec {
  column: string;
  type: FieldType;
  /** Stored as this geometry; the single form (LineString, Polygon) is accepted on input. 'Any' keeps the type. */
  geometry?: 'Point' | 'MultiLineString' | 'MultiPolygon' | 'Any';
  /** Set by the server (e.g. origin), never written by the machinery. */
  readOnly?: boolean;
  /** Worked out by the server from other fields (e.g. the town a facility stands in) and written. */
  derived?: boolean;
  /** Must be present when creating. */
  required?: boolean;
  /** Value a new record gets when the request leaves the field out. */
  default?: unknown;
  /** 'composite': an object whose keys are stored in these columns, e.g. approval {by, date, document}. */
  parts?: Record<string, { column: string; type: 'text' | 'date' | 'integer' }>;
  /** Read with this SQL expression (alias r) instead of the column, e.g. rows of a child table. */
  readSql?: string;
  /** Stored in a child table by this writer instead of a column (called after the row is written). */
  writeChild?: 'place-name-aliases';
}

export interface KindDefinition {
  id: KindId;
  table: string;
  nameZh: string;
  /** In English messages and API docs (a message never mixes languages). */
  nameEn: string;
  /** Roles that create, edit, delete and restore (admins always may). Imports use the same. */
  writerRoles: readonly Role[];
  /** OpenAPI tag. */
  tag: string;
  fields: Record<string, FieldSpec>;
  /** Changing any of these needs a reason (a status change, or moving a marker). */
  reasonRequiredFor: readonly string[];
  /** The field holding the status whose transitions are checked. */
  statusField?: string;
  /** Allowed status changes (from → to); absent: any value of the vocabulary. */
  transitions?: Readonly<Record<string, readonly string[]>>;
  /** Who may move a record into each status (a 403 for others); absent: every writer. */
  statusRoles?: Readonly<Record<string, readonly Role[]>>;
  /** The status every new record starts in, whatever the request says. */
  initialStatus?: string;
  /** Columns a new row gets that are not fields, e.g. origin. */
  insertDefaults?: Record<string, string>;
  /** Expression for the district a row belongs to (alias r = the table). */
  districtExpr: string;
  /** Extra read-only values in API responses (not in history snapshots), alias r. */
  extras?: Record<string, string>;
  /** Rows anonymous callers may read (alias r); absent: every live row. */
  publicWhere?: string;
  /** List filters a request may use besides district, mapped to the column they compare. */
  listFilters?: Record<string, string>;
  /** Routes of this kind are registered elsewhere (the kind's own module), e.g. a public GET. */
  skipRoutes?: readonly ('getOne' | 'list')[];
  /** The kind's module registers every route of it (none from records.routes.ts). */
  ownRoutes?: boolean;
}

export const KINDS: Record<KindId, KindDefinition> = {
  ...BOUNDARY_KINDS,
  scenarios: SCENARIO_KIND,
  facilities: FACILITY_KIND,
  'village-figures': VILLAGE_FIGURES_KIND,
  'place-names': PLACE_NAME_KIND,
  'vanished-names': VANISHED_NAME_KIND,
};
export const KIND_IDS = Object.keys(KINDS) as KindId[];

/** Fields a request may set. */
export const editableFields = (kind: KindDefinition): string[] =>
  Object.entries(kind.fields)
    .filter(([, f]) => !f.readOnly && !f.derived)
    .map(([name]) => name);

/** Fields the machinery writes: the editable ones and the derived ones. */
export const writableFields = (kind: KindDefinition): string[] =>
  Object.entries(kind.fields)
    .filter(([, f]) => !f.readOnly)
    .map(([name]) => name);
