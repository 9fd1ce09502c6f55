// POST /api/photos (multipart, one file field; boundary editors), GET /api/photos/{id} and
// /api/photos/{id}/thumbnail (staff only: photos can show people and private land).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problemDetail } from '../../contract/problems.ts';
import { AppError, notFound } from '../../errors.ts';
import { requireRole, requireUser } from '../auth/guard.ts';
import { MAX_PHOTO_BYTES, readPhoto, storePhoto } from './photos.service.ts';

const StoredPhotoResponse = Type.Object({
  id: Type.Integer(),
  contentType: Type.String(),
  byteSize: Type.Integer(),
  width: Type.Union([Type.Integer(), Type.Null()]),
  height: Type.Union([Type.Integer(), Type.Null()]),
  hasThumbnail: Type.Boolean(),
  url: Type.String(),
  thumbnailUrl: Type.String(),
});

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) });

export const photoRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/photos',
    {
      onRequest: requireRole('boundary_editor'),
      schema: {
        summary: 'Upload a JPEG/PNG photo (multipart field "file", ≤ 10 MB)',
        tags: ['boundaries'],
        consumes: ['multipart/form-data'],
        response: { 201: StoredPhotoResponse },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) {
        throw new AppError(
          415,
          'unsupported_media_type',
          'Upload the photo as multipart/form-data with a field named "file".',
        );
      }
      const file = await request.file({ limits: { fileSize: MAX_PHOTO_BYTES, files: 1 } });
      if (!file)
        throw new AppError(422, 'validation_failed', 'file: is required', [
          problemDetail('body.file', 'required'),
        ]);
      const bytes = await file.toBuffer().catch((error: unknown) => {
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
          throw new AppError(413, 'payload_too_large', 'Photos may be at most 10 MB.');
        }
        throw error;
      });
      const photo = await storePhoto(app.db, bytes, file.filename, request.user!.id);
      reply.status(201).header('Location', `/api/photos/${photo.id}`);
      return { ...photo, url: `/api/photos/${photo.id}`, thumbnailUrl: `/api/photos/${photo.id}/thumbnail` };
    },
  );

  for (const variant of ['original', 'thumbnail'] as const) {
    app.get(
      variant === 'original' ? '/photos/:id' : '/photos/:id/thumbnail',
      {
        onRequest: requireUser,
        schema: { summary: `A photo (${variant}); staff only`, tags: ['boundaries'], params: IdParams },
      },
      async (request, reply) => {
        const photo = await readPhoto(app.db, request.params.id, variant);
        if (!photo) throw notFound(`photo ${request.params.id}`);
        return reply
          .type(photo.contentType)
          .header('Cache-Control', 'private, max-age=86400')
          .header('X-Content-Type-Options', 'nosniff')
          .header('ETag', `"${photo.sha256.slice(0, 16)}-${variant}"`)
          .send(photo.bytes);
      },
    );
  }
};
