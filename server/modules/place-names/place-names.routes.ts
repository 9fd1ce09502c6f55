// Place-name API: search, one record, the historical list, what is at a point, and the
// nearest civil-affairs facilities.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody } from '../../contract/common.ts';
import {
  AtQuery,
  AtResponse,
  HistoricalQuery,
  HistoricalResponse,
  NearestQuery,
  NearestResponse,
  PlaceNameParams,
  PlaceNameRecord,
  SearchQuery,
  SearchResponse,
} from '../../contract/place-names.schemas.ts';
import { withoutStaffOnly } from '../../contract/staff-only.ts';
import { notFound } from '../../errors.ts';
import { isStaff } from '../auth/guard.ts';
import { districtAt } from '../network/network.repository.ts';
import { networkServiceFor, walksFrom } from '../network/network.service.ts';
import { etag } from '../records/records.routes.ts';
import { historicalNames, nearest, placeNameRecord, searchNames, whatIsAt } from './place-names.service.ts';

const errors = { 400: ErrorBody, 404: ErrorBody };

export const placeNameRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/place-names/search',
    {
      schema: {
        summary: 'Search standard and historical place names (Hanzi, pinyin, initials, typos, former names)',
        tags: ['place-names'],
        querystring: SearchQuery,
        response: { 200: SearchResponse, ...errors },
      },
    },
    async (request) => {
      const { results, interpreted } = await searchNames(app.db, request.query);
      return {
        results: results.map((r) => withoutStaffOnly('place-names', r, isStaff(request))),
        interpreted,
      };
    },
  );

  app.get(
    '/place-names/historical',
    {
      schema: {
        summary: 'Names of historical value (历史地名), protection-list names first',
        tags: ['place-names'],
        querystring: HistoricalQuery,
        response: { 200: HistoricalResponse, ...errors },
      },
    },
    async (request) => historicalNames(app.db, request.query.district),
  );

  app.get(
    '/place-names/at',
    {
      schema: {
        summary: 'The town and village at a point and the nearest named places',
        tags: ['place-names'],
        querystring: AtQuery,
        response: { 200: AtResponse, ...errors },
      },
    },
    async (request) => whatIsAt(app.db, request.query.lon, request.query.lat, request.query.limit),
  );

  app.get(
    '/place-names/:id',
    {
      schema: {
        summary: 'One place-name record with its history, former names and protection status',
        tags: ['place-names'],
        params: PlaceNameParams,
        response: { 200: PlaceNameRecord, ...errors },
      },
    },
    async (request, reply) => {
      // Staff also see proposals under review and deleted names; the public, published and retired ones.
      const record = await placeNameRecord(app.db, request.params.id, isStaff(request));
      if (!record) throw notFound(`place name ${request.params.id}`);
      reply.header('ETag', etag(record)).header('Cache-Control', 'no-store');
      return withoutStaffOnly('place-names', record, isStaff(request));
    },
  );

  app.get(
    '/nearest',
    {
      schema: {
        summary: 'Nearest operating facilities by straight-line distance (KNN index)',
        tags: ['place-names'],
        querystring: NearestQuery,
        response: { 200: NearestResponse, ...errors },
      },
    },
    async (request) => {
      const { lon, lat, category, limit } = request.query;
      const { results } = await nearest(app.db, lon, lat, category, limit);
      const walks = await walksFrom(
        networkServiceFor(app.db, app.pool),
        await districtAt(app.db, lon, lat),
        { lon, lat },
        results.map((r) => ({ lon: r.point[0], lat: r.point[1] })),
      );
      return {
        results: results.map((r, i) =>
          withoutStaffOnly('facilities', { ...r, walk: walks[i] ?? null }, isStaff(request)),
        ),
      };
    },
  );
};
