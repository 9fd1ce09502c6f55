// An upload is written to a private temporary folder before anything else happens: no database
// transaction is open while a slow client is still sending, and GDAL reads the file from disk.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

export interface SpooledFile {
  /** The folder holding the upload and everything made from it; removed by `dispose`. */
  dir: string;
  path: string;
  /** The name the client gave (never used as a path). */
  name: string;
  bytes: number;
  sha256: string;
  dispose(): Promise<void>;
}

export async function makeWorkDir(): Promise<{ dir: string; dispose(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'civic-import-'));
  return { dir, dispose: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Writes the stream to disk, counting and hashing it. `tooLarge` is thrown as soon as the limit is
 * passed (the partial file is removed).
 */
export async function spool(
  stream: AsyncIterable<Buffer>,
  name: string,
  limitBytes: number,
  tooLarge: () => Error,
): Promise<SpooledFile> {
  const work = await makeWorkDir();
  const file = path.join(work.dir, 'upload');
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    await pipeline(
      stream,
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          bytes += chunk.length;
          if (bytes > limitBytes) throw tooLarge();
          hash.update(chunk);
          yield chunk;
        }
      },
      createWriteStream(file, { mode: 0o600 }),
    );
  } catch (error) {
    await work.dispose();
    throw error;
  }
  return { dir: work.dir, path: file, name, bytes, sha256: hash.digest('hex'), dispose: work.dispose };
}
