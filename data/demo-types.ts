// The shape of the demo data set: what data/generate.ts produces and server/db/seed.ts loads.
// Field names mirror the database columns (snake_case) so the loader is a plain mapping.
// `*_origin` fields say which values are real (from a published source) and which synthetic.

import type { Geometry, MultiLineString, MultiPolygon, Point } from 'geojson';
import type { Selectable } from 'kysely';
import type {
  FacilityCategory,
  FacilityOperator,
  FacilityStatus,
  LineLevel,
  LineStatus,
  MarkerCondition,
  MarkerMaterial,
  MarkerType,
} from '../server/contract/vocabularies.ts';
import type { PlaceNameAliasesTable, PlaceNamesTable } from '../server/db/schema.ts';

export type Origin = 'real' | 'synthetic';

export interface DemoDistrict {
  code: string; // 6 digits, e.g. 500111
  name: string; // 大足区
  outline: MultiPolygon;
  outline_origin: Origin;
  outline_source: string;
}

export interface DemoTown {
  code: string; // 9 digits
  name: string;
  kind: 'town' | 'township' | 'subdistrict'; // 镇 / 乡 / 街道
  district_code: string;
  geom: MultiPolygon;
  seat: Point;
  geom_origin: Origin;
}

export interface DemoVillage {
  code: string; // 12 digits
  name: string; // without the 村民委员会/居民委员会 suffix, e.g. 东方广场社区, 双河村
  kind: 'village' | 'community';
  town_code: string;
  district_code: string;
  geom: Point;
  population: number;
  elderly_population: number;
  households: number;
  geom_origin: Origin;
  population_origin: Origin;
}

export interface DemoFacility {
  code: string; // unique, e.g. 500111-F0001
  category: FacilityCategory;
  subtype: string; // one of the API codes in migrations/0001_core.sql facility_subtypes
  name: string;
  address: string | null;
  operator: FacilityOperator;
  status: FacilityStatus;
  beds: number | null;
  nursing_beds: number | null;
  floor_area_m2: number | null;
  opened_year: number | null;
  phone: string | null;
  town_code: string | null;
  village_code: string | null;
  district_code: string;
  geom: Point;
  origin: Origin;
}

/** A former name or alias: its database row without the keys. */
export type DemoPlaceNameAlias = Omit<Selectable<PlaceNameAliasesTable>, 'id' | 'place_name_id'>;

/** A place name: its database row (server/db/schema.ts) with GeoJSON geometry and its aliases. */
export type DemoPlaceName = Omit<
  Selectable<PlaceNamesTable>,
  | 'id'
  | 'geom'
  | 'label_point'
  | 'label_point_3857'
  | 'updated_at'
  | 'origin'
  // set by the database: versions and the naming workflow (the demo's names are published)
  | 'version'
  | 'created_at'
  | 'deleted_at'
  | 'status'
  | 'valid_from'
  | 'valid_to'
> & {
  geom: Geometry;
  label_point: Point;
  origin: Origin;
  aliases: DemoPlaceNameAlias[];
};

export interface DemoBoundaryMarker {
  number: string; // e.g. 001Q, 002A
  marker_type: MarkerType;
  material: MarkerMaterial;
  condition: MarkerCondition;
  geom: Point;
  elevation_m: number | null;
  date_set: string | null;
  responsible_side: string | null;
}

export interface DemoBoundaryLine {
  code: string;
  name: string;
  level: LineLevel;
  district_code: string;
  left_unit_code: string;
  left_unit_name: string;
  right_unit_code: string;
  right_unit_name: string;
  status: LineStatus;
  agreement_number: string | null;
  approving_authority: string | null;
  agreement_date: string | null;
  description: string | null;
  last_inspection_date: string | null;
  geom: MultiLineString;
  markers: DemoBoundaryMarker[];
}

export interface DemoDataset {
  districts: DemoDistrict[];
  towns: DemoTown[];
  villages: DemoVillage[];
  facilities: DemoFacility[];
  placeNames: DemoPlaceName[];
  boundaryLines: DemoBoundaryLine[];
}
