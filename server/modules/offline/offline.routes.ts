// GET /api/offline-package?district= | ?town= | ?line= — what a device keeps to work in that area
// without signal (records, photo thumbnails for staff, tile list z10–z17, size estimate).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DistrictCode } from '../../contract/common.ts';
import { OfflinePackageResponse } from '../../contract/field-kit.schemas.ts';
import { invalid } from '../../errors.ts';
import { isStaff } from '../auth/guard.ts';
import type { TileFile } from '../basemaps/tile-file.ts';
import { perMinute } from '../security/load-limits.ts';
import { offlinePackage } from './offline.service.ts';

export function offlineRoutes(basemapFile: TileFile | null): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/offline-package',
      {
        // Heavy (tile cover, sample tiles): a budget per caller, like exports.
        config: { rateLimit: perMinute(20) },
        schema: {
          summary: 'Everything a device needs to work in a line, town or district offline, with its size',
          tags: ['offline'],
          querystring: Type.Object(
            {
              district: Type.Optional(DistrictCode),
              town: Type.Optional(Type.String({ pattern: '^[0-9]{9}$' })),
              line: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
            },
            { additionalProperties: false },
          ),
          response: { 200: OfflinePackageResponse },
        },
      },
      async (request, reply) => {
        const q = request.query;
        const given = (['district', 'town', 'line'] as const).filter((k) => q[k] !== undefined);
        if (given.length !== 1) throw invalid('query', 'one_area');
        const kind = given[0]!;
        reply.header('Cache-Control', 'no-store');
        return offlinePackage(app.db, kind, String(q[kind]), { staff: isStaff(request), basemapFile });
      },
    );
  };
}
