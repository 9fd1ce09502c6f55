// The feature collections the server publishes as vector tiles and OGC API – Features, in the order
// /api/collections lists them (the place names split by geometry type follow there, for GIS
// clients that want one geometry type per layer), and the ones a user may export, in the order the
// export menu offers.
export const COLLECTION_IDS = [
  'towns',
  'villages',
  'facilities',
  'place-names',
  'boundary-lines',
  'boundary-markers',
] as const;
export type CollectionId = (typeof COLLECTION_IDS)[number];

export const EXPORT_COLLECTIONS = [
  'facilities',
  'villages',
  'place-names',
  'boundary-markers',
  'boundary-lines',
  'towns',
] as const satisfies readonly CollectionId[];
export type ExportCollectionId = (typeof EXPORT_COLLECTIONS)[number];
