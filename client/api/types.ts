// API shapes the client reads: the Static<> types of the server's TypeBox schemas and the
// contract's vocabularies, re-exported so client imports stay short; OGC collections below.
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { Static } from 'typebox';
import type {
  District as DistrictSchema,
  Meta as MetaSchema,
} from '../../server/contract/districts.schemas.ts';
import type {
  FacilityCategory,
  FacilityStatus,
  LineStatus,
  MarkerCondition,
} from '../../server/contract/vocabularies.ts';

export type { FacilityCategory, FacilityStatus, MarkerCondition };
export type District = Static<typeof DistrictSchema>;
export type Meta = Static<typeof MetaSchema>;
export type FacilitySubtype = Meta['facilitySubtypes'][number];
export type PlaceNameCategory = Meta['placeNameCategories'][number];

export { COLLECTION_IDS, type CollectionId } from '../../server/contract/collections.ts';

export type Properties = Record<string, unknown>;

export type ApiFeature = Feature<Geometry, Properties>;

export interface ApiFeatureCollection extends FeatureCollection<Geometry, Properties> {
  numberMatched: number;
  numberReturned: number;
}

export type BoundaryLineStatus = LineStatus;
