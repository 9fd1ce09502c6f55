// GET /api/quality?district= — the data-quality report of one district, for signed-in staff.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody } from '../../contract/common.ts';
import { QualityQuery, QualityReport } from '../../contract/quality.schemas.ts';
import { requireUser } from '../auth/guard.ts';
import { checkQuality } from './quality.repository.ts';

export const qualityRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/quality',
    {
      // Staff only: the report names records and places before they are published or corrected.
      onRequest: requireUser,
      schema: {
        summary:
          'Data-quality check of a district: gaps, overlaps, codes that do not nest, duplicates, lines and markers off',
        tags: ['quality'],
        querystring: QualityQuery,
        response: { 200: QualityReport, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (request, reply) => {
      const report = await checkQuality(app.db, request.query.district);
      reply.header('Cache-Control', 'no-store');
      reply.header('Server-Timing', `quality;dur=${report.durationMs}`);
      return report;
    },
  );
};
