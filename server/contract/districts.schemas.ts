// What GET /api/districts and GET /api/meta answer: the districts on the map and the vocabularies
// that come with the data (facility subtypes, place-name categories).
import { Type } from 'typebox';
import { FACILITY_CATEGORIES } from './vocabularies.ts';

export const District = Type.Object({
  code: Type.String(),
  name: Type.String(),
  bbox: Type.Tuple([Type.Number(), Type.Number(), Type.Number(), Type.Number()]),
  outlineOrigin: Type.String(),
  outlineSource: Type.String(),
  towns: Type.Integer(),
  villages: Type.Integer(),
  facilities: Type.Integer(),
  placeNames: Type.Integer(),
  boundaryLines: Type.Integer(),
  boundaryMarkers: Type.Integer(),
  population: Type.Integer(),
  elderlyPopulation: Type.Integer(),
  /** Whether any layer still holds synthetic demo rows (the 示例数据 badge). */
  demo: Type.Boolean(),
  layers: Type.Array(
    Type.Object({
      layer: Type.String(),
      rows: Type.Integer(),
      synthetic: Type.Integer(),
      lastImport: Type.Union([
        Type.Object({ id: Type.Integer(), fileName: Type.String(), at: Type.String(), by: Type.String() }),
        Type.Null(),
      ]),
    }),
  ),
});

export const Meta = Type.Object({
  demoData: Type.Boolean(),
  facilitySubtypes: Type.Array(
    Type.Object({
      subtype: Type.String(),
      category: Type.Enum(FACILITY_CATEGORIES),
      nameZh: Type.String(),
      nameEn: Type.String(),
      tier: Type.Integer(),
      defaultRadiusM: Type.Integer(),
    }),
  ),
  placeNameCategories: Type.Array(
    Type.Object({
      category: Type.String(),
      nameZh: Type.String(),
      nameEn: Type.String(),
      importance: Type.Integer(),
    }),
  ),
});
