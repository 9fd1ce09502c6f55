// GET /api/boundaries/stats?district= — public aggregate figures for the boundary dashboard.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DistrictCode } from '../../contract/common.ts';
import { notFound } from '../../errors.ts';
import { findDistrict } from '../districts/districts.repository.ts';
import { BoundaryStats } from './boundaries.schemas.ts';
import { boundaryStats } from './stats.repository.ts';

export const boundaryStatsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/boundaries/stats',
    {
      schema: {
        summary: 'Boundary statistics per town and for the district',
        tags: ['boundaries'],
        querystring: Type.Object({ district: DistrictCode }, { additionalProperties: false }),
        response: { 200: BoundaryStats },
      },
    },
    async (request, reply) => {
      const district = await findDistrict(app.db, request.query.district);
      if (!district) throw notFound(`district ${request.query.district}`);
      const stats = await boundaryStats(app.db, district.code);
      reply.header('Cache-Control', 'no-store');
      return {
        code: district.code,
        name: district.name,
        asOf: new Date().toISOString().slice(0, 10),
        ...stats,
      };
    },
  );
};
