// The shape of the demo data set: what data/generate.ts produces and server/db/seed.ts loads.
// Field names mirror the database columns (snake_case) so the loader is a plain mapping.
// `*_origin` fields say which values are real (from a published source) and which synthetic.

import type { Geometry, LineString, MultiLineString, MultiPolygon, Point } from 'geojson';
import type { Selectable } from 'kysely';
import type {
  BoundaryLinesTable,
  BoundaryMarkersTable,
  DistrictsTable,
  FacilitiesTable,
  PlaceNameAliasesTable,
  PlaceNamesTable,
  TownsTable,
  VillagesTable,
} from './schema.ts';

export type Origin = 'real' | 'synthetic';

/**
 * A table's row as the generator writes it: the Kysely row without `Drop` (keys, derived and
 * bookkeeping columns the database fills in), with `Own` replacing columns (GeoJSON geometry,
 * the demo's origins, numbers the database stores as numeric).
 */
type DemoRow<Table, Own, Drop extends keyof Table = never> = Omit<Selectable<Table>, keyof Own | Drop> & Own;
/** Set by the database: the record's version and its life. */
type Versioned = 'version' | 'created_at' | 'deleted_at';
type Bookkeeping = 'id' | 'geom_3857' | 'origin' | 'updated_at' | Versioned;

export type DemoDistrict = DemoRow<
  DistrictsTable,
  { outline: MultiPolygon; outline_origin: Origin },
  'outline_3857'
>;
export type DemoTown = DemoRow<
  TownsTable,
  { geom: MultiPolygon; seat: Point; geom_origin: Origin },
  'geom_3857'
>;
export type DemoVillage = DemoRow<
  VillagesTable,
  { geom: Point; geom_origin: Origin; population_origin: Origin },
  'geom_3857' | 'figures_year' // figures_year: set from village_figures by the database
>;
export type DemoFacility = DemoRow<
  FacilitiesTable,
  { geom: Point; origin: Origin; floor_area_m2: number | null },
  'id' | 'geom_3857' | 'updated_at' | Versioned
>;

/** A former name or alias: its database row without the keys. */
export type DemoPlaceNameAlias = Omit<Selectable<PlaceNameAliasesTable>, 'id' | 'place_name_id'>;

/** A place name with GeoJSON geometry and its aliases. */
export type DemoPlaceName = DemoRow<
  PlaceNamesTable,
  { geom: Geometry; label_point: Point; origin: Origin; aliases: DemoPlaceNameAlias[] },
  // the demo's names are published: the workflow's columns are the database's defaults
  'id' | 'label_point_3857' | 'updated_at' | Versioned | 'status' | 'valid_from' | 'valid_to'
>;

export type DemoBoundaryMarker = DemoRow<
  BoundaryMarkersTable,
  { geom: Point; elevation_m: number | null },
  Bookkeeping | 'line_id' | 'off_line_exception' | 'note' | 'photo_ids' | 'position_accuracy_m'
>;
export type DemoBoundaryLine = DemoRow<
  BoundaryLinesTable,
  { geom: MultiLineString; markers: DemoBoundaryMarker[] },
  Bookkeeping
>;

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
