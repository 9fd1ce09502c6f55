// API shapes the client reads. They mirror the TypeBox schemas in server/modules/** (districts,
// meta, OGC API – Features collections); properties are camelCase as the server maps them.
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type {
  FacilityCategory,
  FacilityStatus,
  LineStatus,
  MarkerCondition,
} from '../../server/contract/vocabularies.ts';

export type { FacilityCategory, FacilityStatus, MarkerCondition };

export interface District {
  code: string;
  name: string;
  bbox: [number, number, number, number];
  outlineOrigin: string;
  outlineSource: string;
  towns: number;
  villages: number;
  facilities: number;
  placeNames: number;
  boundaryLines: number;
  boundaryMarkers: number;
  population: number;
  elderlyPopulation: number;
  /** Any layer still holds synthetic demo rows. */
  demo: boolean;
  layers: {
    layer: string;
    rows: number;
    synthetic: number;
    lastImport: { id: number; fileName: string; at: string; by: string } | null;
  }[];
}

export interface FacilitySubtype {
  subtype: string;
  category: FacilityCategory;
  nameZh: string;
  nameEn: string;
  tier: number;
  defaultRadiusM: number;
}

export interface PlaceNameCategory {
  category: string;
  nameZh: string;
  nameEn: string;
  importance: number;
}

export interface Meta {
  demoData: boolean;
  facilitySubtypes: FacilitySubtype[];
  placeNameCategories: PlaceNameCategory[];
}

/** The OGC API – Features collections the server publishes. */
export type CollectionId =
  | 'towns'
  | 'villages'
  | 'facilities'
  | 'place-names'
  | 'boundary-lines'
  | 'boundary-markers';

export const COLLECTION_IDS: readonly CollectionId[] = [
  'towns',
  'villages',
  'facilities',
  'place-names',
  'boundary-lines',
  'boundary-markers',
];

export type Properties = Record<string, unknown>;

export type ApiFeature = Feature<Geometry, Properties>;

export interface ApiFeatureCollection extends FeatureCollection<Geometry, Properties> {
  numberMatched: number;
  numberReturned: number;
}

export type BoundaryLineStatus = LineStatus;
