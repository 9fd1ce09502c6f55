// GET /api/districts and GET /api/meta (demo-data flag, facility and place-name taxonomies).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { FACILITY_CATEGORIES } from '../../contract/vocabularies.ts';
import { layerProvenance, listDistricts, loadMeta } from './districts.repository.ts';

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

export const districtRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/districts',
    {
      schema: {
        summary: 'Districts with extent and layer counts',
        response: { 200: Type.Object({ districts: Type.Array(District) }) },
      },
    },
    async () => {
      const [districts, provenance] = await Promise.all([listDistricts(app.db), layerProvenance(app.db)]);
      return {
        districts: districts.map((d) => {
          const layers = provenance.get(d.code) ?? [];
          return { ...d, demo: layers.some((l) => l.synthetic > 0), layers };
        }),
      };
    },
  );
  app.get(
    '/meta',
    {
      schema: {
        summary: 'Dataset flags and taxonomies (facility subtypes, place-name categories)',
        response: { 200: Meta },
      },
    },
    async () => loadMeta(app.db),
  );
};
