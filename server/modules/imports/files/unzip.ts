// Unpacks an uploaded zip with hard caps checked while inflating: a small archive that inflates to
// gigabytes (a zip bomb) or holds thousands of entries is refused before it costs memory or disk.
import { promisify } from 'node:util';
import { inflateRaw as inflateRawCallback } from 'node:zlib';
import { iter } from 'but-unzip';

export const ZIP_MAX_ENTRIES = 200;
export const ZIP_MAX_INFLATED_BYTES = 300 * 1024 * 1024;

export class ZipProblem extends Error {}

// zlib's thread pool, not the event loop, does the inflating.
const inflateRaw = promisify(inflateRawCallback);

export interface ZipEntry {
  /** The path inside the archive, with forward slashes. */
  name: string;
  bytes: Uint8Array;
}

/**
 * Whether the archive ends with an intact end-of-central-directory record pointing inside the file.
 * but-unzip scans for that record without bounds and never returns on a truncated archive.
 */
function zipLooksComplete(bytes: Uint8Array): boolean {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const earliest = Math.max(0, view.length - 22 - 0xffff);
  for (let at = view.length - 22; at >= earliest; at--) {
    if (view.readUInt32LE(at) !== 0x06054b50) continue;
    const size = view.readUInt32LE(at + 12);
    const offset = view.readUInt32LE(at + 16);
    return offset + size <= at;
  }
  return false;
}

/** Names of the entries (no inflating): for telling what an archive is. */
export function zipNames(bytes: Uint8Array): string[] {
  if (bytes.length < 22 || !zipLooksComplete(bytes))
    throw new ZipProblem('the zip archive is damaged or truncated (no central directory at its end)');
  const names: string[] = [];
  try {
    for (const entry of iter(bytes)) {
      names.push(entry.filename.replaceAll('\\', '/'));
      if (names.length > ZIP_MAX_ENTRIES)
        throw new ZipProblem(`the zip archive holds more than ${ZIP_MAX_ENTRIES} files`);
    }
  } catch (error) {
    if (error instanceof ZipProblem) throw error;
    throw new ZipProblem('the zip archive is damaged and cannot be read');
  }
  return names;
}

/** Inflates the entries `wanted` accepts, within the caps. */
export async function unzipEntries(
  bytes: Uint8Array,
  wanted: (name: string) => boolean,
): Promise<ZipEntry[]> {
  zipNames(bytes); // completeness and entry count first
  let budget = ZIP_MAX_INFLATED_BYTES;
  const inflate = async (raw: Uint8Array) => {
    try {
      // maxOutputLength stops zlib as soon as the budget is used up, whatever the entry claims.
      return await inflateRaw(raw, { maxOutputLength: Math.max(1, budget) });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
        throw new ZipProblem(
          `the zip archive inflates to more than ${ZIP_MAX_INFLATED_BYTES / 1024 / 1024} MB; split it into smaller files`,
        );
      throw new ZipProblem('the zip archive is damaged and cannot be read');
    }
  };
  const entries: ZipEntry[] = [];
  try {
    for (const entry of iter(bytes, inflate)) {
      const name = entry.filename.replaceAll('\\', '/');
      if (name.endsWith('/') || name.includes('__MACOSX/') || !wanted(name)) continue;
      const content = await entry.read();
      budget -= content.length;
      if (budget < 0)
        throw new ZipProblem(
          `the zip archive inflates to more than ${ZIP_MAX_INFLATED_BYTES / 1024 / 1024} MB; split it into smaller files`,
        );
      entries.push({ name, bytes: content });
    }
  } catch (error) {
    if (error instanceof ZipProblem) throw error;
    throw new ZipProblem('the zip archive is damaged and cannot be read');
  }
  return entries;
}
