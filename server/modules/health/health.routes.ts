// GET /api/health: is the server up, and can it reach the database?
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ErrorBody } from '../../contract/common.ts';

const Health = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  db: Type.Union([Type.Literal('ok'), Type.Literal('down')]),
});

export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/health',
    {
      schema: {
        summary: 'Server and database health',
        response: { 200: Health, 503: Type.Union([Health, ErrorBody]) },
      },
    },
    async (_request, reply) => {
      try {
        await app.pool.query('SELECT 1');
        return { status: 'ok', db: 'ok' } as const;
      } catch {
        return reply.status(503).send({ status: 'degraded', db: 'down' });
      }
    },
  );
};
