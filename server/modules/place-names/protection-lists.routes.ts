// 历史地名保护名录: lists in batches (重庆市第一批…), names added and removed with a reason. Each
// change is an entry row (who, when, why) and a new version of the name's record (its protection
// field follows the lists), written in one transaction. Public: the lists, and per list the names
// on it now and the ones taken off, with the reasons.
//   GET    /api/protection-lists                         every list with its count
//   GET    /api/protection-lists/{id}                    one list: names on it, names removed
//   POST   /api/protection-lists                         a new list (approver)
//   POST   /api/protection-lists/{id}/entries            {placeNameId, reason}: add a name (approver)
//   DELETE /api/protection-lists/{id}/entries/{nameId}   {reason}: take a name off (approver)
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import { type Static, Type } from 'typebox';
import { problemDetail } from '../../contract/problems.ts';
import { Changed, Entry, List } from '../../contract/protection-lists.schemas.ts';
import { PLACE_NAME_APPROVERS, type Role } from '../../contract/roles.ts';
import type { Database } from '../../db/database.ts';
import { AppError, notFound } from '../../errors.ts';
import { requireRole } from '../auth/guard.ts';
import { KINDS } from '../records/kinds.ts';
import { loadRecord } from '../records/records.repository.ts';
import { type Actor, actorOf, checkAndWriteInTransaction } from '../records/records.service.ts';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) });
const Reason = Type.String({ minLength: 1, maxLength: 500, description: 'why (列入/移出的理由)' });
const APPROVERS = PLACE_NAME_APPROVERS as unknown as Role[];

interface ListRow {
  id: string;
  name: string;
  batch: number | null;
  year: number;
  authority: string | null;
  document: string | null;
  count: number;
}

async function lists(db: Database, id?: number): Promise<ListRow[]> {
  const { rows } = await sql<ListRow>`
    SELECT l.id::text AS id, l.name, l.batch, l.year, l.authority, l.document,
      (SELECT count(*)::int FROM protection_list_entries e JOIN place_names p ON p.id = e.place_name_id
        WHERE e.list_id = l.id AND e.removed_at IS NULL) AS count
    FROM protection_lists l ${id === undefined ? sql`` : sql`WHERE l.id = ${id}`}
    ORDER BY l.year, l.batch NULLS LAST, l.id`.execute(db);
  return rows;
}

/** The name's record gets a new version whose protection field follows the lists (derive). */
async function refreshName(trx: Database, placeNameId: number, reason: string, actor: Actor): Promise<void> {
  const kind = KINDS['place-names'];
  const existing = (await loadRecord(trx, kind, placeNameId, { forUpdate: true }))?.record;
  if (!existing || existing.deletedAt) throw notFound(`place name ${placeNameId}`);
  const result = await checkAndWriteInTransaction(trx, kind, existing, {}, { reason, actor, write: true });
  if (Array.isArray(result))
    throw new AppError(
      422,
      'validation_failed',
      result.map((d) => `${d.field} ${d.problem}`).join('; '),
      result,
    );
}

export const protectionListRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['place-names'];

  app.get(
    '/protection-lists',
    {
      schema: {
        summary: 'Historical place-name protection lists',
        tags,
        response: { 200: Type.Object({ items: Type.Array(List) }) },
      },
    },
    async () => ({
      items: await lists(app.db),
    }),
  );

  app.get(
    '/protection-lists/:id',
    {
      schema: {
        summary: 'One protection list: the names on it and the ones removed',
        tags,
        params: IdParams,
        response: {
          200: Type.Object({ ...List.properties, names: Type.Array(Entry), removed: Type.Array(Entry) }),
        },
      },
    },
    async (request) => {
      const [list] = await lists(app.db, request.params.id);
      if (!list) throw notFound(`protection list ${request.params.id}`);
      // Public names only (the view): a deleted name leaves the public page.
      const { rows } = await sql<Static<typeof Entry>>`
        SELECT p.id::text AS "placeNameId", p.name, p.pinyin, p.category, c.name_zh AS "categoryName",
          t.name AS "townName", d.name AS "districtName", p.status,
          json_build_array(round(ST_X(p.label_point)::numeric, 6), round(ST_Y(p.label_point)::numeric, 6)) AS point,
          e.added_at AS "addedAt", e.added_by AS "addedBy", e.added_reason AS "addedReason",
          e.removed_at AS "removedAt", e.removed_by AS "removedBy", e.removed_reason AS "removedReason"
        FROM protection_list_entries e
        JOIN place_names p ON p.id = e.place_name_id
        JOIN place_name_categories c ON c.category = p.category
        JOIN districts d ON d.code = p.district_code
        LEFT JOIN towns t ON t.code = p.town_code
        WHERE e.list_id = ${request.params.id}
        ORDER BY e.removed_at NULLS FIRST, p.name`.execute(app.db);
      return {
        ...list,
        names: rows.filter((r) => r.removedAt === null),
        removed: rows.filter((r) => r.removedAt !== null),
      };
    },
  );

  app.post(
    '/protection-lists',
    {
      onRequest: requireRole(...APPROVERS),
      schema: {
        summary: 'A new protection list (batch)',
        tags,
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 100 }),
            batch: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
            year: Type.Integer({ minimum: 1949, maximum: 2100 }),
            authority: Type.Optional(Type.String({ maxLength: 100 })),
            document: Type.Optional(Type.String({ maxLength: 100 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: List },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const row = await app.db
        .insertInto('protection_lists')
        .values({
          name: b.name.trim(),
          batch: b.batch ?? null,
          year: b.year,
          authority: b.authority ?? null,
          document: b.document ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      reply.status(201).header('Location', `/api/protection-lists/${row.id}`);
      return (await lists(app.db, Number(row.id)))[0];
    },
  );

  app.post(
    '/protection-lists/:id/entries',
    {
      onRequest: requireRole(...APPROVERS),
      schema: {
        summary: 'Add a name to a list, with the reason',
        tags,
        params: IdParams,
        body: Type.Object(
          { placeNameId: Type.Integer({ minimum: 1 }), reason: Reason },
          { additionalProperties: false },
        ),
        response: { 201: Changed },
      },
    },
    async (request, reply) => {
      const [list] = await lists(app.db, request.params.id);
      if (!list) throw notFound(`protection list ${request.params.id}`);
      const { placeNameId, reason } = request.body;
      const actor = actorOf(request.user!);
      await app.db.transaction().execute(async (trx) => {
        const name = await trx
          .selectFrom('place_names')
          .select('id')
          .where('id', '=', String(placeNameId))
          .executeTakeFirst();
        if (!name)
          throw new AppError(422, 'validation_failed', 'Only a published or historical name can be listed.', [
            problemDetail('body.placeNameId', 'not_publishable', { id: placeNameId }),
          ]);
        // The unique index on live entries answers a second add with 409.
        await trx
          .insertInto('protection_list_entries')
          .values({
            list_id: String(request.params.id),
            place_name_id: String(placeNameId),
            added_by: actor.name,
            added_reason: reason.trim(),
          })
          .execute();
        await refreshName(trx, placeNameId, `列入${list.name}：${reason.trim()}`, actor);
      });
      reply.status(201);
      return { listId: list.id, placeNameId };
    },
  );

  app.delete(
    '/protection-lists/:id/entries/:nameId',
    {
      onRequest: requireRole(...APPROVERS),
      schema: {
        summary: 'Take a name off a list, with the reason (kept on the list page as removed)',
        tags,
        params: Type.Object({
          id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
          nameId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
        }),
        body: Type.Object({ reason: Reason }, { additionalProperties: false }),
        response: { 200: Changed },
      },
    },
    async (request) => {
      const [list] = await lists(app.db, request.params.id);
      if (!list) throw notFound(`protection list ${request.params.id}`);
      const actor = actorOf(request.user!);
      const reason = request.body.reason.trim();
      await app.db.transaction().execute(async (trx) => {
        const result = await trx
          .updateTable('protection_list_entries')
          .set({ removed_at: new Date(), removed_by: actor.name, removed_reason: reason })
          .where('list_id', '=', String(request.params.id))
          .where('place_name_id', '=', String(request.params.nameId))
          .where('removed_at', 'is', null)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0)
          throw notFound(`place name ${request.params.nameId} on ${list.name}`);
        await refreshName(trx, request.params.nameId, `移出${list.name}：${reason}`, actor);
      });
      return { listId: list.id, placeNameId: request.params.nameId, removed: true };
    },
  );
};
