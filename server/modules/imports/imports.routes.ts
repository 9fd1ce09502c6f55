// POST /api/imports: multipart upload (fields collection, crs, encoding?, district?, mode, then
// the file) → a row-by-row report; GET /api/imports lists committed imports. Staff only: admin,
// boundary_editor and planner may import (viewers may not); the import is recorded under their name.

import type { MultipartFile } from '@fastify/multipart';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import { Type } from 'typebox';
import { AppError, badRequest } from '../../errors.ts';
import { requireRole, unauthorized } from '../auth/guard.ts';
import { CRS_IDS, type Crs } from './coordinates.ts';
import { IMPORT_COLLECTIONS, type ImportCollectionId } from './import-collections.ts';
import { type ImportMode, runImport } from './imports.service.ts';
import { formatOf } from './sources.ts';
import { StepTimer } from './step-timer.ts';

export const IMPORT_LIMIT_BYTES = 50 * 1024 * 1024;
export const IMPORT_ROLES = ['boundary_editor', 'planner'] as const; // and admin, who passes every check

const MODES: readonly ImportMode[] = ['dry-run', 'commit', 'commit-valid'];
const ENCODINGS = ['auto', 'utf-8', 'gbk'] as const;

const tooLarge = () =>
  new AppError(
    413,
    'payload_too_large',
    'The file is larger than the 50 MB import limit (导入文件不能超过 50 MB). Split it into smaller files, or zip a Shapefile.',
    { limitBytes: IMPORT_LIMIT_BYTES },
  );

const Problem = Type.Object({
  row: Type.Integer(),
  field: Type.String(),
  code: Type.String(),
  problem: Type.String(),
});
const ImportReport = Type.Object({
  importId: Type.Union([Type.Integer(), Type.Null()]),
  collection: Type.String(),
  mode: Type.String(),
  format: Type.String(),
  encoding: Type.Union([Type.String(), Type.Null()]),
  crs: Type.String(),
  fileName: Type.String(),
  committed: Type.Boolean(),
  rowsRead: Type.Integer(),
  rowsValid: Type.Integer(),
  rowsInvalid: Type.Integer(),
  inserted: Type.Integer(),
  updated: Type.Integer(),
  ignoredColumns: Type.Array(Type.String()),
  problems: Type.Array(Problem),
  problemsTruncated: Type.Boolean(),
  preview: Type.Array(
    Type.Object({
      row: Type.Integer(),
      key: Type.String(),
      name: Type.Union([Type.String(), Type.Null()]),
      geometry: Type.Unknown(),
    }),
  ),
  message: Type.String(),
});

const ImportRun = Type.Object({
  id: Type.Integer(),
  collection: Type.String(),
  mode: Type.String(),
  format: Type.String(),
  fileName: Type.String(),
  crs: Type.String(),
  userName: Type.String(),
  finishedAt: Type.String(),
  rowsRead: Type.Integer(),
  rowsValid: Type.Integer(),
  rowsInvalid: Type.Integer(),
  inserted: Type.Integer(),
  updated: Type.Integer(),
});

function pick<T extends string>(
  fields: Map<string, string>,
  name: string,
  allowed: readonly T[],
  fallback?: T,
): T {
  const value = fields.get(name) ?? fallback;
  if (value === undefined) throw badRequest(`body.${name}`, `is required (one of ${allowed.join(', ')})`);
  if (!(allowed as readonly string[]).includes(value))
    throw badRequest(`body.${name}`, `must be one of ${allowed.join(', ')}`);
  return value as T;
}

/** The file's bytes as they arrive, counted; a file over the limit is a 413 before anything is written. */
async function* counted(file: MultipartFile, counter: { bytes: number }): AsyncGenerator<Buffer> {
  for await (const chunk of file.file as AsyncIterable<Buffer>) {
    counter.bytes += chunk.length;
    if (counter.bytes > IMPORT_LIMIT_BYTES) throw tooLarge();
    yield chunk;
  }
  if (file.file.truncated) throw tooLarge();
}

export const importRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // @fastify/multipart may already be registered app-wide (photo uploads); only add it when not.
  if (!app.hasContentTypeParser('multipart/form-data')) await app.register(multipart);

  app.post(
    '/imports',
    {
      onRequest: requireRole(...IMPORT_ROLES),
      schema: {
        summary:
          'Import a CSV, GeoJSON or zipped Shapefile into a collection (dry-run, commit or commit-valid)',
        description:
          'multipart/form-data with the fields collection, crs (wgs84 | cgcs2000 | gcj02 | bd09), mode, optional encoding ' +
          '(auto | utf-8 | gbk) and district (6-digit code), sent before the file part. Limit 50 MB.',
        tags: ['imports'],
        consumes: ['multipart/form-data'],
        response: { 200: ImportReport },
      },
    },
    async (request, reply) => {
      const user = request.user;
      if (!user) throw unauthorized();
      const declared = Number(request.headers['content-length'] ?? 0);
      if (declared > IMPORT_LIMIT_BYTES + 64 * 1024) throw tooLarge();
      if (!request.isMultipart()) throw badRequest('body', 'send the file as multipart/form-data');

      const fields = new Map<string, string>();
      const timer = new StepTimer();
      let report: Awaited<ReturnType<typeof runImport>> | undefined;
      const parts = request.parts({
        limits: { fileSize: IMPORT_LIMIT_BYTES, files: 1, fields: 20, fieldSize: 1000 },
      });
      for await (const part of parts) {
        if (part.type === 'field') {
          fields.set(part.fieldname, String(part.value));
          continue;
        }
        if (report) {
          part.file.resume();
          throw badRequest('body.file', 'send one file per import');
        }
        // The file streams straight into the reader, so the fields must come first (the client does so).
        try {
          const collection = pick(fields, 'collection', IMPORT_COLLECTIONS) as ImportCollectionId;
          const mode = pick(fields, 'mode', MODES);
          const crs = pick(fields, 'crs', CRS_IDS) as Crs;
          const encoding = pick(fields, 'encoding', ENCODINGS, 'auto');
          const district = fields.get('district') || null;
          if (district !== null && !/^[0-9]{6}$/.test(district))
            throw badRequest('body.district', 'must be a 6-digit district code');
          const counter = { bytes: 0 };
          const chunks = counted(part, counter);
          const iterator = chunks[Symbol.asyncIterator]();
          const first = await iterator.next();
          const head = first.done ? Buffer.alloc(0) : first.value;
          if (head.length === 0) throw badRequest('body.file', 'the file is empty');
          async function* all(): AsyncGenerator<Buffer> {
            yield head;
            for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
          }
          report = await runImport(app.db, {
            collection,
            mode,
            crs,
            encoding: encoding === 'auto' ? 'auto' : encoding,
            district,
            format: formatOf(part.filename, head),
            fileName: part.filename || 'upload',
            chunks: all(),
            bytesRead: () => counter.bytes,
            user: { id: user.id, name: user.displayName || user.username },
            timer,
          });
        } catch (error) {
          part.file.resume(); // let the rest of the upload drain so the response can be sent
          throw error;
        }
      }
      if (!report) throw badRequest('body.file', 'is required: attach the file after the other fields');
      timer.lap('respond');
      reply.header('server-timing', timer.header());
      return report;
    },
  );

  app.get(
    '/imports',
    {
      onRequest: requireRole(...IMPORT_ROLES),
      schema: {
        summary: 'The 50 most recent committed imports',
        tags: ['imports'],
        response: { 200: Type.Object({ imports: Type.Array(ImportRun) }) },
      },
    },
    async () => {
      const { rows } = await sql<
        Record<string, unknown>
      >`SELECT id::int AS id, collection, mode, format, file_name AS "fileName", crs,
          user_name AS "userName", to_char(finished_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS "finishedAt",
          rows_read AS "rowsRead", rows_valid AS "rowsValid", rows_invalid AS "rowsInvalid", inserted, updated
        FROM import_runs ORDER BY id DESC LIMIT 50`.execute(app.db);
      return { imports: rows as never };
    },
  );
};
