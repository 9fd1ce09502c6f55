// The shape of the demo data set: what data/generate.ts produces and server/db/seed.ts loads.
// Field names mirror the database columns (snake_case) so the loader is a plain mapping.
// `*_origin` fields say which values are real (from a published source) and which synthetic.
import type { Geometry, LineString, MultiLineString, MultiPolygon, Point } from 'geojson';

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
  category: 'elderly_care' | 'funeral' | 'community';
  subtype: string; // one of the API codes in migrations/0001_core.sql facility_subtypes
  name: string;
  address: string | null;
  operator: 'public' | 'private' | 'public_built_private_run';
  status: 'operating' | 'under_construction' | 'planned';
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

export interface DemoPlaceNameAlias {
  name: string;
  kind: 'former' | 'alias';
  valid_from: string | null; // YYYY-MM-DD
  valid_to: string | null;
  note: string | null;
}

export interface DemoPlaceName {
  code: string;
  name: string;
  pinyin: string; // with tone marks
  pinyin_overridden: boolean;
  category: string; // one of place_name_categories
  district_code: string;
  town_code: string | null;
  village_code: string | null;
  geom: Geometry;
  label_point: Point;
  name_origin: string | null;
  name_meaning: string | null;
  name_history: string | null;
  is_historical: boolean;
  protection_list: string | null;
  protection_batch: number | null;
  protection_year: number | null;
  approved_by: string | null;
  approved_date: string | null;
  approval_document: string | null;
  source: string;
  origin: Origin;
  aliases: DemoPlaceNameAlias[];
}

export interface DemoBoundaryMarker {
  number: string; // e.g. 001Q, 002A
  marker_type: 'single' | 'double' | 'triple';
  material: 'granite' | 'concrete' | 'steel' | 'composite' | 'other';
  condition: 'intact' | 'damaged' | 'missing' | 'displaced' | 'illegible';
  geom: Point;
  elevation_m: number | null;
  date_set: string | null;
  responsible_side: string | null;
}

export interface DemoBoundaryLine {
  code: string;
  name: string;
  level: 'provincial' | 'county' | 'township';
  district_code: string;
  left_unit_code: string;
  left_unit_name: string;
  right_unit_code: string;
  right_unit_name: string;
  status: 'undelimited' | 'delimiting' | 'delimited' | 'disputed';
  agreement_number: string | null;
  approving_authority: string | null;
  agreement_date: string | null;
  description: string | null;
  last_inspection_date: string | null;
  geom: MultiLineString;
  markers: DemoBoundaryMarker[];
}

/** A synthetic road line (data/roads.ts); the loader nodes the lines into the walking network. */
export interface DemoRoad {
  code: string; // e.g. 500111-R00001
  name: string | null;
  kind: string; // a road kind of server/contract/network.ts
  oneway: 'no' | 'yes' | 'reverse';
  noded: boolean;
  district_code: string;
  geom: LineString;
  origin: Origin;
}

export interface DemoDataset {
  districts: DemoDistrict[];
  towns: DemoTown[];
  villages: DemoVillage[];
  facilities: DemoFacility[];
  placeNames: DemoPlaceName[];
  boundaryLines: DemoBoundaryLine[];
  roads: DemoRoad[];
}
