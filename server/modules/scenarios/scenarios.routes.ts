// Saved coverage scenarios, written through the same edit and history mechanism as the boundary
// records (server/modules/records/records.service.ts: versions, If-Match, soft delete, restore, boundary_history):
//   GET    /api/scenarios?district=        list (signed-in staff)
//   GET    /api/scenarios/{id}             one, with ETag: what a shared link opens
//   POST   /api/scenarios                  save (planner)
//   PATCH  /api/scenarios/{id}             change; If-Match required (428), stale → 412 (planner)
//   DELETE /api/scenarios/{id}             soft delete; If-Match and {"reason"} (planner)
//   GET    /api/scenarios/{id}/history     every version: who, when, why
//   POST   /api/scenarios/{id}/restore     {"version": n}; If-Match (planner)
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { sql } from 'kysely';
import { type Static, Type } from 'typebox';
import { DistrictCode, ErrorBody } from '../../contract/common.ts';
import type { Role } from '../../contract/roles.ts';
import { Scenario, ScenarioCreate, ScenarioPatch } from '../../contract/scenarios.schemas.ts';
import type { Database } from '../../db/database.ts';
import { notFound } from '../../errors.ts';
import { requireRole, requireUser } from '../auth/guard.ts';
import { KINDS } from '../records/kinds.ts';
import { listHistory, listRecords, loadRecord, type RecordSnapshot } from '../records/records.repository.ts';
import { versionFromIfMatch } from '../records/records.routes.ts';
import {
  actorOf,
  createRecord,
  deleteRecord,
  restoreRecord,
  updateRecordWithVersion,
} from '../records/records.service.ts';

const kind = KINDS.scenarios;
/** Who saves, changes, deletes and restores scenarios: the kind's writers (planners; admins always). */
const WRITERS = kind.writerRoles as Role[];
const tags = ['scenarios'];
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) });
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const versionErrors = { 409: ErrorBody, 412: ErrorBody, 422: ErrorBody, 428: ErrorBody };
const ScenarioHistory = Type.Object({
  id: Type.Integer(),
  history: Type.Array(
    Type.Object({
      version: Type.Integer(),
      action: Type.String(),
      reason: Type.Union([Type.String(), Type.Null()]),
      userName: Type.String(),
      at: Type.String(),
      before: Type.Unknown(),
      after: Type.Unknown(),
    }),
  ),
});

/** Who saved each scenario first and last (from its history). */
async function authors(db: Database, ids: number[]) {
  if (ids.length === 0) return new Map<number, { createdBy: string | null; updatedBy: string | null }>();
  const { rows } = await sql<{ id: string; created_by: string | null; updated_by: string | null }>`
    SELECT record_id AS id,
      (array_agg(user_name ORDER BY version))[1] AS created_by,
      (array_agg(user_name ORDER BY version DESC))[1] AS updated_by
    FROM boundary_history WHERE kind = 'scenarios' AND record_id = ANY(${ids}::bigint[]) GROUP BY record_id`.execute(
    db,
  );
  return new Map(rows.map((r) => [Number(r.id), { createdBy: r.created_by, updatedBy: r.updated_by }]));
}

/** The scenario as sent (the snapshot's fields are the kind's: name, districtCode, params, note). */
async function send(
  db: Database,
  reply: FastifyReply,
  record: RecordSnapshot,
): Promise<Static<typeof Scenario>> {
  reply.header('ETag', `"${record.version}"`).header('Cache-Control', 'no-store');
  return { ...record, ...(await authors(db, [record.id])).get(record.id) } as unknown as Static<
    typeof Scenario
  >;
}

const reasonOf = (body: { reason?: string }) => body.reason?.trim() || null;

export const scenarioRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/scenarios',
    {
      onRequest: requireUser,
      schema: {
        summary: 'Saved coverage scenarios of a district',
        tags,
        querystring: Type.Object(
          {
            district: Type.Optional(DistrictCode),
            limit: Type.Integer({ minimum: 1, maximum: 2000, default: 500 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(Scenario) }), ...errors },
      },
    },
    async (request, reply) => {
      const rows = await listRecords(app.db, kind, {
        district: request.query.district,
        deleted: false,
        limit: request.query.limit,
      });
      const who = await authors(
        app.db,
        rows.map((r) => r.record.id),
      );
      reply.header('Cache-Control', 'no-store');
      return {
        items: rows
          .map((r): Record<string, unknown> => ({ ...r.record, ...who.get(r.record.id) }))
          .sort((a, b) =>
            String(b.updatedAt as string).localeCompare(String(a.updatedAt as string)),
          ) as never,
      };
    },
  );

  app.get(
    '/scenarios/:id',
    {
      onRequest: requireUser,
      schema: {
        summary: 'One saved scenario (what a shared link opens)',
        tags,
        params: IdParams,
        response: { 200: Scenario, ...errors },
      },
    },
    async (request, reply) => {
      const row = await loadRecord(app.db, kind, request.params.id);
      if (!row || row.record.deletedAt) throw notFound(`scenario ${request.params.id}`);
      return send(app.db, reply, row.record);
    },
  );

  app.post(
    '/scenarios',
    {
      onRequest: requireRole(...WRITERS),
      schema: {
        summary: 'Save a coverage scenario (planner)',
        tags,
        body: ScenarioCreate,
        response: { 201: Scenario, ...errors, 422: ErrorBody },
      },
    },
    async (request, reply) => {
      const { reason: _reason, ...fields } = request.body;
      const record = await createRecord(
        app.db,
        kind,
        { ...fields, name: fields.name.trim() },
        reasonOf(request.body),
        actorOf(request.user!),
      );
      reply.code(201);
      return send(app.db, reply, record);
    },
  );

  app.patch(
    '/scenarios/:id',
    {
      onRequest: requireRole(...WRITERS),
      schema: {
        summary: 'Change a scenario (If-Match required)',
        tags,
        params: IdParams,
        body: ScenarioPatch,
        response: { 200: Scenario, ...errors, ...versionErrors },
      },
    },
    async (request, reply) => {
      const expected = versionFromIfMatch(request);
      const { reason: _reason, ...patch } = request.body;
      const record = await updateRecordWithVersion(
        app.db,
        kind,
        request.params.id,
        expected,
        patch,
        reasonOf(request.body),
        actorOf(request.user!),
      );
      return send(app.db, reply, record);
    },
  );

  app.delete(
    '/scenarios/:id',
    {
      onRequest: requireRole(...WRITERS),
      config: { audit: 'record.delete' },
      schema: {
        summary: 'Delete a scenario (soft: kept in history, restorable)',
        tags,
        params: IdParams,
        body: Type.Object(
          { reason: Type.String({ minLength: 1, maxLength: 500 }) },
          { additionalProperties: false },
        ),
        response: { 200: Scenario, ...errors, ...versionErrors },
      },
    },
    async (request, reply) => {
      const expected = versionFromIfMatch(request);
      const record = await deleteRecord(
        app.db,
        kind,
        request.params.id,
        expected,
        reasonOf(request.body),
        actorOf(request.user!),
      );
      return send(app.db, reply, record);
    },
  );

  app.get(
    '/scenarios/:id/history',
    {
      onRequest: requireUser,
      schema: {
        summary: 'Every version of a scenario',
        tags,
        params: IdParams,
        response: { 200: ScenarioHistory, ...errors },
      },
    },
    async (request) => {
      const row = await loadRecord(app.db, kind, request.params.id);
      if (!row) throw notFound(`scenario ${request.params.id}`);
      return { id: request.params.id, history: await listHistory(app.db, kind.id, request.params.id) };
    },
  );

  app.post(
    '/scenarios/:id/restore',
    {
      onRequest: requireRole(...WRITERS),
      config: { audit: 'record.restore' },
      schema: {
        summary: 'Make a new version equal to an earlier one (If-Match required)',
        tags,
        params: IdParams,
        body: Type.Object(
          { version: Type.Integer({ minimum: 1 }), reason: Type.Optional(Type.String({ maxLength: 500 })) },
          { additionalProperties: false },
        ),
        response: { 200: Scenario, ...errors, ...versionErrors },
      },
    },
    async (request, reply) => {
      const expected = versionFromIfMatch(request);
      const record = await restoreRecord(
        app.db,
        kind,
        request.params.id,
        request.body.version,
        expected,
        reasonOf(request.body),
        actorOf(request.user!),
      );
      return send(app.db, reply, record);
    },
  );
};
