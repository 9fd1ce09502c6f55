// GET /api/boundaries/stats?district= — public aggregate figures for the boundary dashboard;
// GET /api/boundaries/search?district=&q= — markers by number, lines by name (public fields only).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DistrictCode } from '../../contract/common.ts';
import { BoundarySearchResponse } from '../../contract/field-kit.schemas.ts';
import { BoundaryStats } from '../../contract/records.schemas.ts';
import { notFound } from '../../errors.ts';
import { findDistrict } from '../districts/districts.repository.ts';
import { parseBoundaryQuery, searchBoundaries } from './search.repository.ts';
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

export const boundarySearchRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/boundaries/search',
    {
      schema: {
        summary: 'Find markers by number (界桩 004Q) and lines by name or units (玉龙镇—雍溪镇界线)',
        tags: ['boundaries'],
        querystring: Type.Object(
          {
            district: DistrictCode,
            q: Type.String({ minLength: 1, maxLength: 100 }),
            limit: Type.Integer({ minimum: 1, maximum: 50, default: 20 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: BoundarySearchResponse },
      },
    },
    async (request, reply) => {
      const { district, q, limit } = request.query;
      reply.header('Cache-Control', 'no-store');
      return { query: parseBoundaryQuery(q), items: await searchBoundaries(app.db, district, q, limit) };
    },
  );
};
