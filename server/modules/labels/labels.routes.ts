// Label printing: every boundary marker and every published (or historical) place name has a
// label with a QR code of its permalink; batch sheets for a line's markers and a town's names.
//   GET /api/labels/boundary-markers/{id}.png|pdf
//   GET /api/labels/place-names/{id}.png|pdf
//   GET /api/labels/boundary-lines/{id}/markers.pdf     A4, every live marker of the line
//   GET /api/labels/towns/{code}/place-names.pdf        A4, every public name of the town
// Labels carry public fields only (number, line, position; name, pinyin, category, approval).
// The queries run here; the rendering runs in the work pool within the `labels` budget
// (server/modules/work/): two at a time on the server, one per caller, 60 a minute per caller.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { sql } from 'kysely';
import { Type } from 'typebox';
import type { Database } from '../../db/database.ts';
import { notFound } from '../../errors.ts';
import { asDownload } from '../http/download.ts';
import { publicBaseUrl } from '../security/origin.ts';
import { rateLimitOf, withinBudget } from '../work/budgets.ts';
import { runTask } from '../work/pool.ts';
import type { Label, LabelJob } from './labels.ts';

const MATERIAL_ZH: Record<string, string> = {
  granite: '花岗岩',
  concrete: '混凝土',
  steel: '钢质',
  composite: '复合材料',
  other: '其他',
};
const TYPE_ZH: Record<string, string> = { single: '单立', double: '同号双立', triple: '同号三立' };

/** The permalinks a QR code holds: the public card (staff are taken on to the edit form). */
export const markerPermalink = (base: string, district: string, id: string) =>
  `${base}/#/map?mode=public&district=${district}&sel=boundary-markers:${id}`;
export const placeNamePermalink = (base: string, id: string) => `${base}/#/place/${id}`;

async function markerLabels(
  db: Database,
  base: string,
  where: { id?: number; lineId?: number },
): Promise<Label[]> {
  const { rows } = await sql<{
    id: string;
    number: string;
    marker_type: string;
    material: string;
    line_code: string;
    line_name: string;
    district_code: string;
    lon: number;
    lat: number;
  }>`SELECT m.id::text AS id, m.number, m.marker_type, m.material, l.code AS line_code, l.name AS line_name,
      l.district_code, ST_X(m.geom) AS lon, ST_Y(m.geom) AS lat
    FROM boundary_markers m JOIN boundary_lines l ON l.id = m.line_id
    WHERE m.deleted_at IS NULL AND l.deleted_at IS NULL
      ${where.id !== undefined ? sql`AND m.id = ${where.id}` : sql``}
      ${where.lineId !== undefined ? sql`AND m.line_id = ${where.lineId}` : sql``}
    ORDER BY m.number, m.id`.execute(db);
  return rows.map((m) => ({
    kindZh: '界桩 · Boundary marker',
    title: m.number,
    subtitle: m.line_name,
    lines: [
      `界线编号 ${m.line_code}`,
      `${TYPE_ZH[m.marker_type] ?? m.marker_type} · ${MATERIAL_ZH[m.material] ?? m.material}`,
      `E ${m.lon.toFixed(6)}  N ${m.lat.toFixed(6)}`,
    ],
    url: markerPermalink(base, m.district_code, m.id),
  }));
}

async function placeNameLabels(
  db: Database,
  base: string,
  where: { id?: number; town?: string },
): Promise<Label[]> {
  // The view holds the public names only: a proposal has no sign yet.
  const { rows } = await sql<{
    id: string;
    name: string;
    pinyin: string;
    category_name: string;
    district_name: string;
    town_name: string | null;
    approval_document: string | null;
    is_historical: boolean;
  }>`SELECT p.id::text AS id, p.name, p.pinyin, c.name_zh AS category_name, d.name AS district_name,
      t.name AS town_name, p.approval_document, p.is_historical
    FROM place_names p JOIN place_name_categories c ON c.category = p.category
    JOIN districts d ON d.code = p.district_code LEFT JOIN towns t ON t.code = p.town_code
    WHERE true ${where.id !== undefined ? sql`AND p.id = ${where.id}` : sql``}
      ${where.town !== undefined ? sql`AND p.town_code = ${where.town}` : sql``}
    ORDER BY c.importance DESC, p.name, p.id`.execute(db);
  return rows.map((p) => ({
    kindZh: p.is_historical ? '历史地名 · Historical name' : '标准地名 · Place name',
    title: p.name,
    subtitle: p.pinyin,
    lines: [
      `${p.category_name}`,
      `${p.district_name}${p.town_name && p.town_name !== p.name ? ` ${p.town_name}` : ''}`,
      ...(p.approval_document ? [`批准文号 ${p.approval_document}`] : []),
    ],
    url: placeNamePermalink(base, p.id),
  }));
}

/** Renders in the work pool and sends the file to open in place (print preview). */
async function send(reply: FastifyReply, job: LabelJob, fileName: string) {
  const bytes = await runTask('render-labels', job);
  asDownload(reply, `${fileName}.${job.layout === 'png' ? 'png' : 'pdf'}`, 'inline');
  return reply
    .type(job.layout === 'png' ? 'image/png' : 'application/pdf')
    .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

const Format = Type.Union([Type.Literal('png'), Type.Literal('pdf')]);
const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });

export const labelRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['labels'];
  const one = async (
    reply: FastifyReply,
    labels: Label[],
    what: string,
    format: 'png' | 'pdf',
    fileName: string,
  ) => {
    if (labels.length === 0) throw notFound(what);
    return send(reply, { layout: format, labels: labels.slice(0, 1) }, fileName);
  };

  app.get(
    '/labels/boundary-markers/:id.:format',
    {
      config: { rateLimit: rateLimitOf('labels') },
      schema: {
        summary: 'A printable label of a boundary marker with the QR code of its permalink',
        tags,
        params: Type.Object({ id: Id, format: Format }),
      },
    },
    async (request, reply) =>
      withinBudget('labels', request, reply, async () => {
        const { id, format } = request.params;
        const labels = await markerLabels(app.db, publicBaseUrl(request), { id });
        return one(reply, labels, `boundary marker ${id}`, format, `marker-${id}`);
      }),
  );

  app.get(
    '/labels/place-names/:id.:format',
    {
      config: { rateLimit: rateLimitOf('labels') },
      schema: {
        summary: 'A printable label (name sign) of a published place name with the QR code of its permalink',
        tags,
        params: Type.Object({ id: Id, format: Format }),
      },
    },
    async (request, reply) =>
      withinBudget('labels', request, reply, async () => {
        const { id, format } = request.params;
        const labels = await placeNameLabels(app.db, publicBaseUrl(request), { id });
        return one(reply, labels, `published place name ${id}`, format, `place-name-${id}`);
      }),
  );

  app.get(
    '/labels/boundary-lines/:id/markers.pdf',
    {
      config: { rateLimit: rateLimitOf('labels') },
      schema: {
        summary: 'A4 sheets with the labels of every marker of a boundary line',
        tags,
        params: Type.Object({ id: Id }),
      },
    },
    async (request, reply) =>
      withinBudget('labels', request, reply, async () => {
        const line = await app.db
          .selectFrom('boundary_lines')
          .select('code')
          .where('id', '=', String(request.params.id))
          .where('deleted_at', 'is', null)
          .executeTakeFirst();
        if (!line) throw notFound(`boundary line ${request.params.id}`);
        const labels = await markerLabels(app.db, publicBaseUrl(request), { lineId: request.params.id });
        return send(reply, { layout: 'sheet', labels }, `markers-${line.code}`);
      }),
  );

  app.get(
    '/labels/towns/:code/place-names.pdf',
    {
      config: { rateLimit: rateLimitOf('labels') },
      schema: {
        summary: 'A4 sheets with the labels of every published place name of a town',
        tags,
        params: Type.Object({ code: Type.String({ pattern: '^[0-9]{9}$' }) }),
      },
    },
    async (request, reply) =>
      withinBudget('labels', request, reply, async () => {
        const town = await app.db
          .selectFrom('towns')
          .select('code')
          .where('code', '=', request.params.code)
          .executeTakeFirst();
        if (!town) throw notFound(`town ${request.params.code}`);
        const labels = await placeNameLabels(app.db, publicBaseUrl(request), { town: town.code });
        return send(reply, { layout: 'sheet', labels }, `place-names-${town.code}`);
      }),
  );
};
