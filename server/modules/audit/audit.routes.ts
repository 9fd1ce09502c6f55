// The audit log for administrators: GET /api/admin/audit (filtered by user, action, kind and dates,
// newest first, paged by id) and GET /api/admin/audit.{csv|xlsx} (the same filters, Chinese headers
// and labels, times in Beijing time: audit.export.ts). Nothing here or anywhere changes an entry;
// downloading the log is itself an audited export.
import { open, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { AuditFilters, AuditPage, AuditQuery } from '../../contract/admin.schemas.ts';
import { beijingTime } from '../../contract/audit.ts';
import { invalid } from '../../errors.ts';
import { requireRole } from '../auth/guard.ts';
import { asDownload } from '../http/download.ts';
import { rateLimitOf, withinBudget } from '../work/budgets.ts';
import { runTask } from '../work/pool.ts';
import { connectionOf } from '../work/worker-db.ts';
import { auditCsvChunks, MAX_AUDIT_EXPORT } from './audit.export.ts';
import { countAuditEntries, listAuditEntries } from './audit.repository.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Streams are sent as they are (never serialised); the response schema only documents them. */
const sendStream = (reply: FastifyReply, stream: Readable) => reply.send(stream);

export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/admin/audit',
    {
      onRequest: requireRole('admin'),
      schema: {
        summary:
          'The audit log, newest first: sign-ins, account changes, imports, undos, exports, deletes, restores',
        tags: ['admin'],
        querystring: AuditQuery,
        response: { 200: AuditPage },
      },
    },
    async (request, reply) => {
      const { before, limit, ...filters } = request.query;
      reply.header('Cache-Control', 'no-store');
      return listAuditEntries(app.db, filters, { before, limit });
    },
  );

  app.get(
    '/admin/audit.:format',
    {
      onRequest: requireRole('admin'),
      config: { audit: { action: 'export.download', kind: 'audit-log' }, rateLimit: rateLimitOf('exports') },
      schema: {
        summary: 'Download the audit log (filtered) as CSV (UTF-8 with BOM) or XLSX, with Chinese headers',
        tags: ['admin'],
        params: Type.Object({ format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx')]) }),
        querystring: Type.Object(AuditFilters, { additionalProperties: false }),
        response: {
          200: {
            description: 'The file: CSV (UTF-8 with BOM) or an XLSX workbook, one row per entry',
            content: {
              'text/csv': { schema: Type.String() },
              [XLSX]: {
                schema: Type.String({ format: 'binary' }),
              },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const filters = request.query;
      const matched = await countAuditEntries(app.db, filters);
      if (matched > MAX_AUDIT_EXPORT)
        throw invalid('query', 'audit_export_too_many', { count: matched, max: MAX_AUDIT_EXPORT });
      const format = request.params.format;
      const name = `audit-log-${beijingTime(new Date()).slice(0, 10)}.${format}`;
      if (format === 'csv') {
        asDownload(reply, name);
        reply.type('text/csv; charset=utf-8');
        return sendStream(reply, Readable.from(auditCsvChunks(app.db, filters), { objectMode: false }));
      }
      // Read and written in the work pool, within the exports' budget, like the data exports.
      const result = await withinBudget('exports', request, reply, () =>
        runTask('audit-export', { connection: connectionOf(app.pool), filters }),
      );
      try {
        const file = await open(result.path, 'r');
        asDownload(reply, name);
        reply.type(XLSX).header('Content-Length', String(result.size));
        return sendStream(reply, file.createReadStream());
      } finally {
        await rm(result.dir, { recursive: true, force: true });
      }
    },
  );
};
