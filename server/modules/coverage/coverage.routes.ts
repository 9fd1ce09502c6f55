// POST /api/coverage, POST /api/coverage/suggestions, GET /api/coverage/radii,
// PUT /api/coverage/radii/:subtype (planner or admin), GET /api/indicators.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DistrictCode, ErrorBody } from '../../contract/common.ts';
import {
  CoverageBody,
  CoverageResponse,
  IndicatorsResponse,
  RadiusSetting,
  SuggestionsBody,
  SuggestionsResponse,
} from '../../contract/coverage.schemas.ts';
import type { Database } from '../../db/database.ts';
import { notFound } from '../../errors.ts';
import { requireRole } from '../auth/guard.ts';
import { findDistrict } from '../districts/districts.repository.ts';
import { rateLimitOf, withinBudget } from '../work/budgets.ts';
import { lastRadiusChanges, listSubtypes, setDefaultRadius } from './coverage.repository.ts';
import { coverageServiceFor, Timings } from './coverage.service.ts';
import { computeIndicators } from './indicators.repository.ts';

const errors = { 400: ErrorBody, 404: ErrorBody };

/** The years of the village figures coverage counted (each village's latest; usually one year). */
async function populationYears(db: Database, district: string): Promise<number[]> {
  const rows = await db
    .selectFrom('villages')
    .select('figures_year')
    .distinct()
    .where('district_code', '=', district)
    .where('figures_year', 'is not', null)
    .orderBy('figures_year')
    .execute();
  return rows.map((r) => r.figures_year as number);
}

export const coverageRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = coverageServiceFor(app.db, app.pool);

  app.post(
    '/coverage',
    {
      schema: {
        summary: 'Coverage of villages by facilities within a life circle or radius, with what-if sites',
        tags: ['coverage'],
        body: CoverageBody,
        response: { 200: CoverageResponse, ...errors },
      },
    },
    async (request, reply) => {
      const timings = new Timings();
      const result = await service.coverage(request.body, timings);
      reply.header('Server-Timing', timings.header());
      return { ...result, populationYears: await populationYears(app.db, result.district.code) };
    },
  );

  // Greedy site suggestions are the heaviest computation we serve: within the `suggestions` budget.
  app.post(
    '/coverage/suggestions',
    {
      config: { rateLimit: rateLimitOf('suggestions') },
      schema: {
        summary: 'The k best new sites, chosen greedily to cover the most still-uncovered elderly people',
        tags: ['coverage'],
        body: SuggestionsBody,
        response: { 200: SuggestionsResponse, ...errors },
      },
    },
    async (request, reply) => {
      const timings = new Timings();
      const result = await withinBudget('suggestions', request, reply, () =>
        service.suggestions(request.body, timings),
      );
      reply.header('Server-Timing', timings.header());
      return result;
    },
  );

  const radiusSettings = async () => {
    const [subtypes, changes] = await Promise.all([listSubtypes(app.db), lastRadiusChanges(app.db)]);
    return subtypes.map((s) => {
      const change = changes.get(s.subtype);
      return {
        ...s,
        changedBy: change?.changedBy ?? null,
        changedAt: change?.changedAt.toISOString() ?? null,
      };
    });
  };

  app.get(
    '/coverage/radii',
    {
      schema: {
        summary: 'Default service radius per facility subtype, with who last changed it',
        tags: ['coverage'],
        response: { 200: Type.Object({ radii: Type.Array(RadiusSetting) }) },
      },
    },
    async () => ({ radii: await radiusSettings() }),
  );

  app.put(
    '/coverage/radii/:subtype',
    {
      onRequest: requireRole('planner'),
      schema: {
        summary: "Change a subtype's default service radius (planner or admin)",
        tags: ['coverage'],
        params: Type.Object({ subtype: Type.String({ pattern: '^[a-z_]{1,40}$' }) }),
        body: Type.Object(
          { radiusMeters: Type.Integer({ minimum: 50, maximum: 50_000 }) },
          { additionalProperties: false },
        ),
        response: { 200: RadiusSetting, 401: ErrorBody, 403: ErrorBody, ...errors },
      },
    },
    async (request) => {
      const user = request.user!;
      const change = await setDefaultRadius(app.db, request.params.subtype, request.body.radiusMeters, user);
      if (!change) throw notFound(`facility subtype '${request.params.subtype}'`);
      const setting = (await radiusSettings()).find((s) => s.subtype === change.subtype)!;
      request.log.info(
        { subtype: change.subtype, from: change.oldRadiusM, to: change.newRadiusM, by: user.username },
        'radius changed',
      );
      return setting;
    },
  );

  app.get(
    '/indicators',
    {
      schema: {
        summary: 'Plan indicators computed live: value, target, met, failing towns',
        tags: ['coverage'],
        querystring: Type.Object({ district: DistrictCode }, { additionalProperties: false }),
        response: { 200: IndicatorsResponse, ...errors },
      },
    },
    async (request) => {
      const district = await findDistrict(app.db, request.query.district);
      if (!district) throw notFound(`district '${request.query.district}'`);
      return {
        district: { code: district.code, name: district.name },
        ...(await computeIndicators(app.db, district.code)),
      };
    },
  );
};
