// POST /api/imports: multipart upload (fields collection, crs?, encoding?, district?, mode, and
// the file, in any order) → a row-by-row report; GET /api/imports lists committed imports. Each
// collection has one writer role (WRITER_ROLE), the same as for editing one of its records; the
// import is recorded under the user's name. The upload is spooled to disk first: no database
// transaction is open while it arrives.

import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import { Type } from 'typebox';
import {
  IMPORT_COLLECTIONS,
  type ImportCollectionId,
  WRITER_ROLE,
} from '../../contract/import-collections.ts';
import { IMPORT_MODES, ImportReport } from '../../contract/imports.schemas.ts';
import { AppError, badRequest } from '../../errors.ts';
import { hasRole, requireRole, unauthorized } from '../auth/guard.ts';
import { rateLimitOf, withinBudget } from '../work/budgets.ts';
import { CRS_CHOICE_HELP, CRS_CHOICE_PATTERN } from './coordinates.ts';
import { type SpooledFile, spool } from './files/spool.ts';
import { runImport } from './imports.service.ts';
import { StepTimer } from './step-timer.ts';
import { undoImport } from './undo.ts';

export const IMPORT_LIMIT_BYTES = 50 * 1024 * 1024;
export const IMPORT_ROLES = ['boundary_editor', 'planner', 'place_name_approver'] as const; // and admin, who passes every check

const MODES = IMPORT_MODES;
const ENCODINGS = ['auto', 'utf-8', 'gbk'] as const;

const tooLarge = () =>
  new AppError(
    413,
    'payload_too_large',
    'The file is larger than the 50 MB import limit. Split it into smaller files, or zip a Shapefile.',
    { limitBytes: IMPORT_LIMIT_BYTES },
  );

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

export const importRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // @fastify/multipart may already be registered app-wide (photo uploads); only add it when not.
  if (!app.hasContentTypeParser('multipart/form-data')) await app.register(multipart);

  app.post(
    '/imports',
    {
      onRequest: requireRole(...IMPORT_ROLES),
      config: { rateLimit: rateLimitOf('imports'), audit: 'import.commit' },
      schema: {
        summary:
          'Import a zipped Shapefile, GeoPackage, KML/KMZ, GeoJSON, CSV or Excel file into a collection (dry-run, commit or commit-valid)',
        description:
          `multipart/form-data with the fields collection, mode, optional crs (${CRS_CHOICE_HELP}; a file that declares its own ` +
          'coordinate system is read in it), encoding (auto | utf-8 | gbk) and district (6-digit code), and the file. Limit 50 MB.',
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
      let file: SpooledFile | undefined;
      let report: Awaited<ReturnType<typeof runImport>> | undefined;
      try {
        const parts = request.parts({
          limits: { fileSize: IMPORT_LIMIT_BYTES, files: 1, fields: 20, fieldSize: 1000 },
        });
        for await (const part of parts) {
          if (part.type === 'field') {
            fields.set(part.fieldname, String(part.value));
            continue;
          }
          if (file) {
            part.file.resume();
            throw badRequest('body.file', 'send one file per import');
          }
          file = await spool(part.file, part.filename || 'upload', IMPORT_LIMIT_BYTES, tooLarge);
          if (part.file.truncated) throw tooLarge();
        }
        timer.lap('upload');
        if (!file) throw badRequest('body.file', 'is required');
        if (file.bytes === 0) throw badRequest('body.file', 'the file is empty');
        const collection = pick(fields, 'collection', IMPORT_COLLECTIONS) as ImportCollectionId;
        // The collection's one writer role, as for editing one of its records.
        if (!hasRole(user, WRITER_ROLE[collection]))
          throw new AppError(
            403,
            'forbidden',
            `Importing ${collection} needs the ${WRITER_ROLE[collection]} role (the role that edits them).`,
          );
        const mode = pick(fields, 'mode', MODES);
        const crs = fields.get('crs') || 'auto';
        if (!CRS_CHOICE_PATTERN.test(crs)) throw badRequest('body.crs', `must be one of ${CRS_CHOICE_HELP}`);
        const encoding = pick(fields, 'encoding', ENCODINGS, 'auto');
        const district = fields.get('district') || null;
        if (district !== null && !/^[0-9]{6}$/.test(district))
          throw badRequest('body.district', 'must be a 6-digit district code');
        const spooled = file;
        // A whole file is read and checked: within the `imports` budget (server/modules/work/).
        report = await withinBudget('imports', request, reply, () =>
          runImport(app.db, {
            collection,
            mode,
            crs,
            encoding,
            district,
            file: spooled,
            preview: fields.get('preview') || null,
            confirmOverlaps: fields.get('confirm') === 'overlaps',
            user: { id: user.id, name: user.displayName || user.username },
            timer,
          }),
        );
      } finally {
        await file?.dispose();
      }
      if (!report) throw badRequest('body.file', 'is required');
      timer.lap('respond');
      reply.header('server-timing', timer.header());
      return report;
    },
  );

  app.post(
    '/imports/:id/undo',
    {
      onRequest: requireRole(...IMPORT_ROLES),
      config: { audit: 'import.undo' },
      schema: {
        summary:
          'Undo a committed import: created records go, changed ones return to their version before it',
        description:
          'Refused with 409 (nothing undone) when any of its records was changed after the import, or the import was undone already. Needs the role that edits the collection.',
        tags: ['imports'],
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        response: {
          200: Type.Object({
            importId: Type.Integer(),
            undone: Type.Integer(),
            removed: Type.Integer(),
            restored: Type.Integer(),
          }),
        },
      },
    },
    async (request) => {
      const user = request.user;
      if (!user) throw unauthorized();
      return undoImport(
        app.db,
        request.params.id,
        { id: user.id, name: user.displayName || user.username },
        (c) => hasRole(user, WRITER_ROLE[c]),
      );
    },
  );

  app.get(
    '/imports',
    {
      onRequest: requireRole(...IMPORT_ROLES),
      config: { rateLimit: rateLimitOf('imports') },
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
