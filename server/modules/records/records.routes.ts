// The editing API, the same for each kind in KINDS (boundary-lines, boundary-markers, inspections,
// disputes, facilities, place-names, village-figures, vanished-names):
//   GET    /api/{kind}?district=&line=&deleted=   list (anonymous callers see public fields and rows only);
//          markers also &condition=damaged,missing; lines &inspection=overdue,due_soon
//   GET    /api/{kind}/{id}                       one record, with ETag
//   POST   /api/{kind}                            create (the kind's writer roles)
//   PATCH  /api/{kind}/{id}                       update; If-Match required (428), stale → 412
//   DELETE /api/{kind}/{id}                       soft delete; If-Match and {"reason"} required
//   GET    /api/{kind}/{id}/history               every version: who, when, why, before, after (staff)
//   POST   /api/{kind}/{id}/restore               {"version": n} → a new version equal to version n;
//                                                  If-Match required (428), stale → 412
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type TSchema, Type } from 'typebox';
import { DistrictCode } from '../../contract/common.ts';
import { INSPECTION_STATES } from '../../contract/field-kit.ts';
import { haversineMetres } from '../../contract/geodesy.ts';
import { type Change, HistoryResponse } from '../../contract/records.schemas.ts';
import { isRecordKind, withoutStaffOnly } from '../../contract/staff-only.ts';
import { LIMITS, MARKER_CONDITIONS } from '../../contract/vocabularies.ts';
import { AppError, invalid, notFound } from '../../errors.ts';
import { isStaff, requireRole, requireUser, unauthorized } from '../auth/guard.ts';
import type { Role } from '../auth/roles.ts';
import {
  editableFields,
  type FieldSpec,
  KIND_IDS,
  KINDS,
  type KindDefinition,
  writableFields,
} from './kinds.ts';
import { recordSchema } from './record-schema.ts';
import {
  isPublicRecord,
  listHistory,
  listRecords,
  loadRecord,
  type RecordSnapshot,
} from './records.repository.ts';
import {
  actorOf,
  createRecord,
  deleteRecord,
  restoreRecord,
  updateRecordWithVersion,
} from './records.service.ts';

function fieldSchema(spec: FieldSpec): TSchema {
  switch (spec.type) {
    case 'text':
    case 'date':
      return Type.Unsafe({ type: ['string', 'null'], maxLength: 20_000 });
    case 'integer':
    case 'id':
      return Type.Unsafe({ type: ['integer', 'null'] });
    case 'number':
      return Type.Unsafe({ type: ['number', 'null'] });
    case 'boolean':
      return Type.Boolean();
    case 'json':
      return Type.Array(Type.Unknown(), { maxItems: 1000 });
    case 'idArray':
      return Type.Array(Type.Integer({ minimum: 1 }), { maxItems: LIMITS.photoIds });
    case 'geometry':
    case 'composite':
      return Type.Unsafe({ type: ['object', 'null'] });
  }
}

const Reason = Type.Optional(
  Type.String({
    maxLength: LIMITS.reasonChars,
    description: 'Why: needed for status changes, moves and deletes',
  }),
);

function bodySchema(kind: KindDefinition) {
  const properties: Record<string, TSchema> = { reason: Reason };
  for (const name of editableFields(kind)) properties[name] = Type.Optional(fieldSchema(kind.fields[name]!));
  return Type.Object(properties, { additionalProperties: false });
}

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) });

/** The version named by If-Match: `"3"`, `W/"3"` or `3`. Every write needs it: missing → 428. */
export function versionFromIfMatch(request: FastifyRequest): number {
  const header = request.headers['if-match'];
  if (header === undefined || header === '' || header === '*') {
    throw new AppError(
      428,
      'precondition_required',
      'Send If-Match with the version you edited (the ETag you received), so no one else’s change is overwritten.',
    );
  }
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(String(header));
  if (!match) throw invalid('headers.if-match', 'if_match_format');
  return Number(match[1]);
}

export const etag = (record: { version: number }) => `"${record.version}"`;

/** What a caller may see: anonymous callers get public fields only; deleted records are staff-only. */
function present(
  kind: KindDefinition,
  request: FastifyRequest,
  record: RecordSnapshot,
  extras: Record<string, unknown> = {},
) {
  const body = { kind: kind.id, ...record, ...extras };
  return isRecordKind(kind.id) ? withoutStaffOnly(kind.id, body, isStaff(request)) : body;
}

function sendRecord(
  kind: KindDefinition,
  request: FastifyRequest,
  reply: FastifyReply,
  record: RecordSnapshot,
  extras: Record<string, unknown> = {},
) {
  reply.header('ETag', etag(record)).header('Cache-Control', 'no-store');
  return present(kind, request, record, extras);
}

const splitBody = (body: Record<string, unknown> | undefined) => {
  const { reason, ...fields } = body ?? {};
  return { reason: typeof reason === 'string' && reason.trim() ? reason.trim() : null, fields };
};

/** Metres between two GeoJSON points, for the readable diff of a moved marker. */
function metresMoved(a: unknown, b: unknown): number | undefined {
  const pa = (a as { type?: string; coordinates?: number[] } | null) ?? null;
  const pb = (b as { type?: string; coordinates?: number[] } | null) ?? null;
  if (pa?.type !== 'Point' || pb?.type !== 'Point' || !pa.coordinates || !pb.coordinates) return undefined;
  return Math.round(haversineMetres(pa.coordinates, pb.coordinates) * 10) / 10;
}

function diff(kind: KindDefinition, before: RecordSnapshot | null, after: RecordSnapshot) {
  const names = [...writableFields(kind), 'deletedAt'];
  return names
    .filter((name) => JSON.stringify(before?.[name] ?? null) !== JSON.stringify(after[name] ?? null))
    .map((name) => {
      const change: Change = {
        field: name,
        before: before?.[name] ?? null,
        after: after[name] ?? null,
      };
      if (kind.fields[name]?.type === 'geometry') {
        const moved = metresMoved(before?.[name], after[name]);
        if (moved !== undefined) change.movedM = moved;
      }
      return change;
    });
}

function registerKind(app: Parameters<FastifyPluginAsyncTypebox>[0], kind: KindDefinition): void {
  const base = `/${kind.id}`;
  const tags = [kind.tag];
  const Body = bodySchema(kind);
  const Record = recordSchema(kind);
  const one = { 200: Record };
  const EDITORS = kind.writerRoles as Role[];
  const filters = Object.fromEntries(
    Object.keys(kind.listFilters ?? {}).map((name) => [name, Type.Optional(Type.String({ maxLength: 40 }))]),
  );
  // What needs fixing in the field: markers by condition, lines by joint-inspection state.
  const fieldFilters = {
    ...('condition' in kind.fields && kind.id === 'boundary-markers'
      ? {
          condition: Type.Optional(
            Type.String({
              pattern: `^(${MARKER_CONDITIONS.join('|')})(,(${MARKER_CONDITIONS.join('|')}))*$`,
              description: 'Markers: one or more conditions, comma-separated (damaged,missing)',
            }),
          ),
        }
      : {}),
    ...(kind.extras?.inspectionState
      ? {
          inspection: Type.Optional(
            Type.String({
              pattern: `^(${INSPECTION_STATES.join('|')})(,(${INSPECTION_STATES.join('|')}))*$`,
              description: 'Lines: joint inspection state(s), e.g. overdue',
            }),
          ),
        }
      : {}),
  };

  if (!kind.skipRoutes?.includes('list'))
    app.get(
      base,
      {
        schema: {
          summary: `List ${kind.id} (${kind.nameZh})`,
          tags,
          querystring: Type.Object(
            {
              district: Type.Optional(DistrictCode),
              line: Type.Optional(Type.Integer({ minimum: 1 })),
              deleted: Type.Boolean({
                default: false,
                description: 'Staff only: list deleted records instead',
              }),
              limit: Type.Integer({ minimum: 1, maximum: 5000, default: 2000 }),
              ...filters,
              ...fieldFilters,
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ items: Type.Array(Record) }) },
        },
      },
      async (request, reply) => {
        const q = request.query;
        if (q.deleted && !isStaff(request)) throw unauthorized();
        const given = q as Record<string, unknown>;
        const rows = await listRecords(app.db, kind, {
          district: q.district,
          lineId: q.line,
          conditions: typeof given.condition === 'string' ? given.condition.split(',') : undefined,
          inspectionStates: typeof given.inspection === 'string' ? given.inspection.split(',') : undefined,
          deleted: q.deleted,
          limit: q.limit,
          publicOnly: !isStaff(request),
          filters: Object.fromEntries(
            Object.keys(kind.listFilters ?? {})
              .filter((name) => typeof given[name] === 'string')
              .map((name) => [name, given[name] as string]),
          ),
        });
        reply.header('Cache-Control', 'no-store');
        return { items: rows.map((r) => present(kind, request, r.record, r.extras)) };
      },
    );

  if (!kind.skipRoutes?.includes('getOne'))
    app.get(
      `${base}/:id`,
      { schema: { summary: `One ${kind.nameEn}`, tags, params: IdParams, response: one } },
      async (request, reply) => {
        const row = await loadRecord(app.db, kind, request.params.id, { withExtras: true });
        const hidden =
          !isStaff(request) &&
          (row?.record.deletedAt || !(await isPublicRecord(app.db, kind, request.params.id)));
        if (!row || hidden) throw notFound(`${kind.nameEn} ${request.params.id}`);
        return sendRecord(kind, request, reply, row.record, row.extras);
      },
    );

  app.post(
    base,
    {
      onRequest: requireRole(...EDITORS),
      schema: { summary: `Create a ${kind.nameEn}`, tags, body: Body, response: { 201: Record } },
    },
    async (request, reply) => {
      const { reason, fields } = splitBody(request.body as Record<string, unknown>);
      const record = await createRecord(app.db, kind, fields, reason, actorOf(request.user!));
      reply.status(201).header('Location', `/api${base}/${record.id}`);
      return sendRecord(kind, request, reply, record);
    },
  );

  app.patch(
    `${base}/:id`,
    {
      onRequest: requireRole(...EDITORS),
      schema: {
        summary: `Update a ${kind.nameEn} (If-Match required)`,
        tags,
        params: IdParams,
        body: Body,
        response: one,
      },
    },
    async (request, reply) => {
      const expected = versionFromIfMatch(request);
      const { reason, fields } = splitBody(request.body as Record<string, unknown>);
      const record = await updateRecordWithVersion(
        app.db,
        kind,
        request.params.id,
        expected,
        fields,
        reason,
        actorOf(request.user!),
      );
      return sendRecord(kind, request, reply, record);
    },
  );

  app.delete(
    `${base}/:id`,
    {
      onRequest: requireRole(...EDITORS),
      config: { audit: 'record.delete' },
      schema: {
        summary: `Delete a ${kind.nameEn} (soft: kept in history, restorable)`,
        tags,
        params: IdParams,
        body: Type.Object(
          { reason: Type.String({ maxLength: LIMITS.reasonChars }) },
          { additionalProperties: false },
        ),
        response: one,
      },
    },
    async (request, reply) => {
      const expected = versionFromIfMatch(request);
      const record = await deleteRecord(
        app.db,
        kind,
        request.params.id,
        expected,
        request.body.reason.trim() || null,
        actorOf(request.user!),
      );
      return sendRecord(kind, request, reply, record);
    },
  );

  app.get(
    `${base}/:id/history`,
    {
      onRequest: requireUser,
      schema: {
        summary: `Every version of a ${kind.nameEn}`,
        tags,
        params: IdParams,
        response: { 200: HistoryResponse },
      },
    },
    async (request, reply) => {
      const row = await loadRecord(app.db, kind, request.params.id);
      if (!row) throw notFound(`${kind.nameEn} ${request.params.id}`);
      const entries = await listHistory(app.db, kind.id, request.params.id);
      // A record never edited here (demo or imported data) has no rows yet: show its state as version n.
      if (!entries.some((e) => e.version === row.record.version)) {
        entries.unshift({
          version: row.record.version,
          action: 'create',
          reason: '编辑前的原始数据（导入或示例数据）',
          userName: '初始数据',
          at: String(row.record.updatedAt),
          before: null,
          after: row.record,
        });
      }
      reply.header('Cache-Control', 'no-store');
      return {
        kind: kind.id,
        id: request.params.id,
        currentVersion: row.record.version,
        items: entries.map((e) => ({ ...e, changes: diff(kind, e.before, e.after) })),
      };
    },
  );

  app.post(
    `${base}/:id/restore`,
    {
      onRequest: requireRole(...EDITORS),
      config: { audit: 'record.restore' },
      schema: {
        summary: `Restore a ${kind.nameEn} to an earlier version (as a new version; If-Match required)`,
        tags,
        params: IdParams,
        body: Type.Object(
          {
            version: Type.Integer({ minimum: 1 }),
            reason: Type.Optional(Type.String({ maxLength: LIMITS.reasonChars })),
          },
          { additionalProperties: false },
        ),
        response: one,
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
        request.body.reason?.trim() || null,
        actorOf(request.user!),
      );
      return sendRecord(kind, request, reply, record);
    },
  );
}

export const recordRoutes: FastifyPluginAsyncTypebox = async (app) => {
  for (const id of KIND_IDS) if (!KINDS[id].ownRoutes) registerKind(app, KINDS[id]);
};
