// The audit log for administrators: GET /api/admin/audit (filtered by user, action, kind and dates,
// newest first, paged by id) and GET /api/admin/audit.{csv|xlsx} (the same filters, Chinese headers
// and labels, times in Beijing time). Nothing here or anywhere changes an entry; downloading the log
// is itself an audited export.
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { type AuditEntry, AuditFilters, AuditPage, AuditQuery } from '../../contract/admin.schemas.ts';
import {
  type AuditDetails,
  auditActionLabel,
  auditKindLabel,
  auditSummary,
  beijingTime,
} from '../../contract/audit.ts';
import { CSV_BOM, csvLine } from '../../contract/csv.ts';
import { termLabel } from '../../contract/terms.ts';
import { ROLE_TERMS } from '../../contract/vocabularies.ts';
import { invalid } from '../../errors.ts';
import { requireRole } from '../auth/guard.ts';
import { gdalExport } from '../exports/gdal.ts';
import { perMinute } from '../security/load-limits.ts';
import { auditEntryBatches, countAuditEntries, listAuditEntries } from './audit.repository.ts';

/** XLSX holds about a million rows; a log that long is exported a month at a time. */
export const MAX_AUDIT_EXPORT = 100_000;

const HEADERS = [
  '时间',
  '用户名',
  '姓名',
  '角色',
  '操作',
  '对象',
  '编号',
  '摘要',
  'IP 地址',
  '结果',
] as const;

/** One entry as the export's row, in Chinese. */
export function exportRow(entry: AuditEntry): (string | number)[] {
  return [
    beijingTime(entry.at),
    entry.username ?? '',
    entry.displayName ?? '',
    entry.role ? termLabel(ROLE_TERMS, entry.role, 'zh') : '',
    auditActionLabel(entry.action, 'zh'),
    entry.kind ? auditKindLabel(entry.kind, 'zh') : '',
    entry.target ?? '',
    auditSummary({ action: entry.action, details: entry.details as AuditDetails }, 'zh'),
    entry.address ?? '',
    entry.status < 400 ? '成功' : `拒绝（${entry.status}）`,
  ];
}

async function* csvChunks(batches: AsyncIterable<AuditEntry[]>): AsyncGenerator<string> {
  yield CSV_BOM + csvLine(HEADERS);
  for await (const batch of batches) yield batch.map((e) => csvLine(exportRow(e))).join('');
}

async function* xlsxFeatures(batches: AsyncIterable<AuditEntry[]>) {
  for await (const batch of batches)
    yield batch.map((e) => {
      const row = exportRow(e);
      return { geometry: null, properties: Object.fromEntries(HEADERS.map((h, i) => [h, row[i]])) };
    });
}

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
      config: { audit: { action: 'export.download', kind: 'audit-log' }, rateLimit: perMinute(30) },
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
              'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
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
      const stamp = beijingTime(new Date()).slice(0, 10);
      const format = request.params.format;
      reply.header('Content-Disposition', `attachment; filename="audit-log-${stamp}.${format}"`);
      reply.header('Cache-Control', 'no-store');
      const batches = auditEntryBatches(app.db, filters);
      if (format === 'csv') {
        reply.type('text/csv; charset=utf-8');
        return sendStream(reply, Readable.from(csvChunks(batches), { objectMode: false }));
      }
      const result = await gdalExport({ format: 'xlsx', layer: '审计日志', batches: xlsxFeatures(batches) });
      reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      reply.header('Content-Length', String(result.size));
      return sendStream(reply, result.file.createReadStream());
    },
  );
};
