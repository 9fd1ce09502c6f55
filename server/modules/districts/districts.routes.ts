// GET /api/districts and GET /api/meta (demo-data flag, facility and place-name taxonomies).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { District, Meta } from '../../contract/districts.schemas.ts';
import { layerProvenance, listDistricts, loadMeta } from './districts.repository.ts';

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
