// Sync of edits queued on a device (boundary editors):
//   POST /api/sync                              {operations:[…]} → {results:[…]}: each saved, merged,
//                                               left as a conflict or refused with the reason
//   GET  /api/sync/conflicts                    the caller's open conflicts (an admin: everyone's)
//   POST /api/sync/conflicts/{id}/resolve       {choices:{field:"theirs"|"mine"}}; If-Match: the
//                                               record version the reviewer saw
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  ConflictList,
  ResolveResponse,
  SyncRequest,
  SyncResponse,
} from '../../contract/field-kit.schemas.ts';
import { CONFLICT_CHOICES, type ConflictChoice, type SyncResult } from '../../contract/field-kit.ts';
import { requireRole } from '../auth/guard.ts';
import { versionFromIfMatch } from '../records/records.routes.ts';
import { openConflicts, resolveConflict, syncOperation } from './sync.service.ts';

const EDITORS = ['boundary_editor'] as const;

export const syncRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/sync',
    {
      onRequest: requireRole(...EDITORS),
      schema: {
        summary: 'Sync edits queued on a device (field-by-field merge against their base versions)',
        tags: ['sync'],
        body: SyncRequest,
        response: { 200: SyncResponse },
      },
    },
    async (request, reply) => {
      const results: SyncResult[] = [];
      // In order: a device's later edit of a record builds on its earlier one.
      for (const [i, op] of request.body.operations.entries())
        results.push(await syncOperation(app.db, op, request.user!, `body.operations[${i}]`));
      reply.header('Cache-Control', 'no-store');
      return { syncedAt: new Date().toISOString(), results };
    },
  );

  app.get(
    '/sync/conflicts',
    {
      onRequest: requireRole(...EDITORS),
      schema: { summary: 'Open sync conflicts', tags: ['sync'], response: { 200: ConflictList } },
    },
    async (request, reply) => {
      reply.header('Cache-Control', 'no-store');
      return { items: await openConflicts(app.db, request.user!) };
    },
  );

  app.post(
    '/sync/conflicts/:id/resolve',
    {
      onRequest: requireRole(...EDITORS),
      schema: {
        summary: 'Choose theirs or mine per field (If-Match: the record version shown)',
        tags: ['sync'],
        params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) }),
        body: Type.Object(
          {
            choices: Type.Record(
              Type.String({ maxLength: 64 }),
              Type.Unsafe<ConflictChoice>({ type: 'string', enum: [...CONFLICT_CHOICES] }),
            ),
            reason: Type.Optional(Type.String({ maxLength: 2000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: ResolveResponse },
      },
    },
    async (request, reply) => {
      const expected = versionFromIfMatch(request);
      const result = await resolveConflict(
        app.db,
        request.params.id,
        request.body.choices,
        expected,
        request.body.reason?.trim() || null,
        request.user!,
      );
      reply.header('ETag', `"${result.record.version}"`).header('Cache-Control', 'no-store');
      return result;
    },
  );
};
