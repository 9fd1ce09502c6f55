// Photos of markers, inspection findings and dispute documents: JPEG or PNG up to 10 MB, the type
// taken from the file's first bytes (never its name or the browser's claim), decoded once by sharp
// to prove it is an image, and a small JPEG thumbnail made for lists and the phone.
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { problemDetail } from '../../contract/problems.ts';
import type { Database } from '../../db/database.ts';
import { AppError } from '../../errors.ts';

export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
const THUMBNAIL_PX = 320;

export type PhotoType = 'image/jpeg' | 'image/png';

/** The image type from the magic bytes, or null when the content is neither JPEG nor PNG. */
export function sniffImageType(bytes: Buffer): PhotoType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= 8 && png.every((b, i) => bytes[i] === b)) return 'image/png';
  return null;
}

const refused = (code: 'photo_empty' | 'photo_not_image' | 'photo_unreadable') => {
  const detail = problemDetail('body.file', code);
  return new AppError(422, 'validation_failed', `file: ${detail.problem}`, [detail]);
};

export interface StoredPhoto {
  id: number;
  contentType: PhotoType;
  byteSize: number;
  width: number | null;
  height: number | null;
  hasThumbnail: boolean;
}

export async function storePhoto(
  db: Database,
  bytes: Buffer,
  fileName: string | undefined,
  userId: number,
): Promise<StoredPhoto> {
  if (bytes.length === 0) throw refused('photo_empty');
  if (bytes.length > MAX_PHOTO_BYTES)
    throw new AppError(413, 'payload_too_large', 'Photos may be at most 10 MB.');
  const contentType = sniffImageType(bytes);
  if (!contentType) throw refused('photo_not_image');
  let width: number | null = null;
  let height: number | null = null;
  let thumbnail: Buffer | null = null;
  try {
    // rotate() applies the phone's EXIF orientation so thumbnails stand the right way up.
    const image = sharp(bytes, { failOn: 'error', limitInputPixels: 100_000_000 });
    const meta = await image.metadata();
    width = meta.width ?? null;
    height = meta.height ?? null;
    thumbnail = await image
      .rotate()
      .resize(THUMBNAIL_PX, THUMBNAIL_PX, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 75 })
      .toBuffer();
  } catch {
    throw refused('photo_unreadable');
  }
  const row = await db
    .insertInto('photos')
    .values({
      content_type: contentType,
      byte_size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      width,
      height,
      original: bytes,
      thumbnail,
      file_name: fileName?.slice(0, 200) ?? null,
      uploaded_by: String(userId),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return {
    id: Number(row.id),
    contentType,
    byteSize: bytes.length,
    width,
    height,
    hasThumbnail: thumbnail !== null,
  };
}

export async function readPhoto(
  db: Database,
  id: number,
  variant: 'original' | 'thumbnail',
): Promise<{ bytes: Buffer; contentType: string; sha256: string } | undefined> {
  const row = await db
    .selectFrom('photos')
    .select(['content_type', 'sha256', variant === 'original' ? 'original as bytes' : 'thumbnail as bytes'])
    .where('id', '=', String(id))
    .executeTakeFirst();
  if (!row?.bytes) return undefined;
  return {
    bytes: row.bytes,
    contentType: variant === 'original' ? row.content_type : 'image/jpeg',
    sha256: row.sha256,
  };
}
