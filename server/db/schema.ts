// Kysely table types: the database as the server sees it (snake_case, mapped to camelCase in each
// module's repository). Geometry columns are typed `Geometry` and only ever read through the
// helpers in postgis.ts, never selected raw.

import type { ColumnType, Generated } from 'kysely';
import type {
  FacilityCategory,
  FacilityOperator,
  FacilityStatus,
  LineLevel,
  LineStatus,
  MarkerCondition,
  MarkerMaterial,
  MarkerType,
  Role,
} from '../contract/vocabularies.ts';
import type { KindId } from '../modules/records/kinds.ts';

/** A PostGIS geometry column; written with ST_* expressions, read as GeoJSON via postgis.ts. */
export type Geometry = ColumnType<unknown, never, never>;
/** A generated column (e.g. the 3857 copy): readable, never written. */
type Derived<T> = ColumnType<T, never, never>;
type Origin = 'real' | 'synthetic' | 'imported' | 'manual';

export interface AppMetaTable {
  key: string;
  value: unknown;
}

export interface DistrictsTable {
  code: string;
  name: string;
  outline: Geometry;
  outline_3857: Derived<unknown>;
  outline_origin: Origin;
  outline_source: string;
}

export interface TownsTable {
  code: string;
  name: string;
  kind: 'town' | 'township' | 'subdistrict';
  district_code: string;
  geom: Geometry;
  geom_3857: Derived<unknown>;
  seat: Geometry;
  geom_origin: Origin;
}

export interface VillagesTable {
  code: string;
  name: string;
  kind: 'village' | 'community';
  town_code: string;
  district_code: string;
  geom: Geometry;
  geom_3857: Derived<unknown>;
  population: number;
  elderly_population: number;
  households: number;
  geom_origin: Origin;
  population_origin: Origin;
  /** The year of the figures in population…households (the latest in village_figures). */
  figures_year: number | null;
}

export interface VillageFiguresTable {
  id: Generated<string>;
  village_code: string;
  year: number;
  population: number;
  elderly_population: number;
  households: number;
  source: string | null;
  origin: Generated<Origin>;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  deleted_at: Date | null;
}

export interface FacilitySubtypesTable {
  subtype: string;
  category: FacilityCategory;
  name_zh: string;
  name_en: string;
  tier: number;
  default_radius_m: number;
  sort_order: number;
}

export interface FacilitiesTable {
  id: Generated<string>; // bigint arrives as string from pg
  code: string;
  category: FacilityCategory;
  subtype: string;
  name: string;
  address: string | null;
  operator: FacilityOperator;
  status: FacilityStatus;
  beds: number | null;
  nursing_beds: number | null;
  floor_area_m2: string | null; // numeric
  opened_year: number | null;
  phone: string | null;
  town_code: string | null;
  village_code: string | null;
  district_code: string;
  geom: Geometry;
  geom_3857: Derived<unknown>;
  origin: Origin;
  updated_at: Generated<Date>;
  version: Generated<number>;
  created_at: Generated<Date>;
  deleted_at: Date | null;
}

export interface PlaceNameCategoriesTable {
  category: string;
  name_zh: string;
  name_en: string;
  importance: number;
  sort_order: number;
}

export interface PlaceNamesTable {
  id: Generated<string>;
  code: string;
  name: string;
  pinyin: string;
  pinyin_overridden: Generated<boolean>;
  category: string;
  district_code: string;
  town_code: string | null;
  village_code: string | null;
  geom: Geometry;
  label_point: Geometry;
  label_point_3857: Derived<unknown>;
  name_origin: string | null;
  name_meaning: string | null;
  name_history: string | null;
  is_historical: Generated<boolean>;
  protection_list: string | null;
  protection_batch: number | null;
  protection_year: number | null;
  approved_by: string | null;
  approved_date: string | null;
  approval_document: string | null;
  source: string;
  origin: Origin;
  updated_at: Generated<Date>;
  version: Generated<number>;
  created_at: Generated<Date>;
  deleted_at: Date | null;
  status: Generated<'proposed' | 'reviewing' | 'approved' | 'published' | 'retired'>;
  valid_from: string | null;
  valid_to: string | null;
}

export interface ProtectionListsTable {
  id: Generated<string>;
  name: string;
  batch: number | null;
  year: number;
  authority: string | null;
  document: string | null;
  created_at: Generated<Date>;
}

export interface ProtectionListEntriesTable {
  id: Generated<string>;
  list_id: string;
  place_name_id: string;
  added_at: Generated<Date>;
  added_by: string;
  added_reason: string;
  removed_at: Date | null;
  removed_by: string | null;
  removed_reason: string | null;
}

export interface PlaceNameAliasesTable {
  id: Generated<string>;
  place_name_id: string;
  name: string;
  kind: 'former' | 'alias';
  valid_from: string | null;
  valid_to: string | null;
  note: string | null;
}

export type BoundaryLineStatus = LineStatus;
export type { FacilityCategory, MarkerCondition };

export interface BoundaryLinesTable {
  id: Generated<string>;
  code: string;
  name: string;
  level: LineLevel;
  district_code: string;
  left_unit_code: string;
  left_unit_name: string;
  right_unit_code: string;
  right_unit_name: string;
  status: BoundaryLineStatus;
  agreement_number: string | null;
  approving_authority: string | null;
  agreement_date: string | null;
  description: string | null;
  last_inspection_date: string | null;
  geom: Geometry;
  geom_3857: Derived<unknown>;
  origin: Origin;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  deleted_at: Date | null;
}

export interface BoundaryMarkersTable {
  id: Generated<string>;
  line_id: string;
  number: string;
  marker_type: MarkerType;
  material: MarkerMaterial;
  condition: MarkerCondition;
  geom: Geometry;
  geom_3857: Derived<unknown>;
  elevation_m: string | null;
  date_set: string | null;
  responsible_side: string | null;
  off_line_exception: Generated<boolean>;
  note: string | null;
  photo_ids: Generated<string[]>;
  position_accuracy_m: string | null;
  origin: Origin;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  deleted_at: Date | null;
}

export type UserRole = Role;

export interface UsersTable {
  id: Generated<string>;
  username: string;
  display_name: string;
  role: UserRole;
  password_hash: string;
  disabled: Generated<boolean>;
  created_at: Generated<Date>;
  last_login_at: Date | null;
  /** Bumped by each change an administrator makes (If-Match); not by signing in. */
  version: Generated<number>;
}

export interface SessionsTable {
  token_hash: Buffer;
  user_id: string;
  created_at: Generated<Date>;
  expires_at: Date;
  max_expires_at: Date;
  address: string | null;
  user_agent: string | null;
}

export interface LoginFailuresTable {
  id: Generated<string>;
  username: string;
  address: string;
  failed_at: Generated<Date>;
}

/** Append-only (migration 0045 refuses UPDATE, DELETE, TRUNCATE); written by server/modules/audit/. */
export interface AuditLogTable {
  id: Generated<string>;
  at: Generated<Date>;
  user_id: string | null;
  username: string | null;
  display_name: string | null;
  role: string | null;
  action: string;
  kind: string | null;
  target: string | null;
  details: ColumnType<Record<string, unknown>, string | undefined, never>;
  address: string | null;
  status: number;
}

export interface PhotosTable {
  id: Generated<string>;
  content_type: 'image/jpeg' | 'image/png';
  byte_size: number;
  sha256: string;
  width: number | null;
  height: number | null;
  original: Buffer;
  thumbnail: Buffer | null;
  file_name: string | null;
  uploaded_by: string;
  uploaded_at: Generated<Date>;
}

export interface BoundaryHistoryTable {
  id: Generated<string>;
  /** Every record kind's history (the name is older than the kinds beyond the boundary ones). */
  kind: KindId;
  record_id: string;
  version: number;
  action: 'create' | 'update' | 'delete' | 'restore';
  reason: string | null;
  user_id: string | null;
  user_name: string;
  at: Generated<Date>;
  before: unknown;
  after: unknown;
  offline: Generated<boolean>;
  edited_at: Date | null;
  base_version: number | null;
  conflicts: unknown;
}

export interface SyncOperationsTable {
  op_id: string;
  user_id: string;
  kind: string;
  record_id: string | null;
  result: unknown;
  created_at: Generated<Date>;
}

export interface SyncConflictsTable {
  id: Generated<string>;
  op_id: string;
  kind: BoundaryHistoryTable['kind'];
  record_id: string;
  user_id: string;
  base_version: number;
  server_version: number;
  fields: unknown;
  reason: string | null;
  edited_at: Date;
  created_at: Generated<Date>;
  resolved_at: Date | null;
  resolution: unknown;
}

export interface DB {
  app_meta: AppMetaTable;
  districts: DistrictsTable;
  towns: TownsTable;
  villages: VillagesTable;
  village_figures: VillageFiguresTable;
  facility_subtypes: FacilitySubtypesTable;
  /** The live facilities (a view); facility_records keeps the deleted ones too. */
  facilities: FacilitiesTable;
  facility_records: FacilitiesTable;
  place_name_categories: PlaceNameCategoriesTable;
  /** What the public sees (a view: live, published or retired); place_name_records has every name. */
  place_names: PlaceNamesTable;
  place_name_records: PlaceNamesTable;
  protection_lists: ProtectionListsTable;
  protection_list_entries: ProtectionListEntriesTable;
  place_name_aliases: PlaceNameAliasesTable;
  boundary_lines: BoundaryLinesTable;
  boundary_markers: BoundaryMarkersTable;
  users: UsersTable;
  sessions: SessionsTable;
  login_failures: LoginFailuresTable;
  audit_log: AuditLogTable;
  photos: PhotosTable;
  boundary_history: BoundaryHistoryTable;
  sync_operations: SyncOperationsTable;
  sync_conflicts: SyncConflictsTable;
}
