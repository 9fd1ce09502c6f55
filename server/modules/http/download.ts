// The one way a download names its file: Content-Disposition built by the `content-disposition`
// package (RFC 6266, with the RFC 5987/8187 `filename*` for Chinese names and an ASCII fallback), from
// a name first made safe as a file name. Every route that sends a file to save or print uses it: a
// record's code in a name (a line code with a quote, Chinese, a slash) can neither add a parameter
// to the header nor make Node refuse it (a 500 with no body).
import { create } from 'content-disposition';
import { printableLine } from '../../contract/text.ts';

/** Characters no file system or download dialog takes in a name, and the path separators. */
const UNSAFE_IN_FILE_NAME = /["\\/:*?<>|]/g;

/** A name that can be saved as is: no path, no quotes, no control characters, at most 150 characters. */
export function safeFileName(name: string): string {
  const cleaned = printableLine(name).replace(UNSAFE_IN_FILE_NAME, '_').trim();
  const chars = [...cleaned];
  return (chars.length > 150 ? chars.slice(chars.length - 150).join('') : cleaned) || 'download';
}

/** The Content-Disposition header of a file to save (`attachment`) or to open in place (`inline`). */
export function contentDisposition(fileName: string, type: 'attachment' | 'inline' = 'attachment'): string {
  return create(safeFileName(fileName), { type });
}

/** Sets Content-Disposition (and no-store: downloads are made for one request) on a reply. */
export function asDownload(
  reply: { header(name: string, value: string): unknown },
  fileName: string,
  type: 'attachment' | 'inline' = 'attachment',
): void {
  reply.header('Content-Disposition', contentDisposition(fileName, type));
  reply.header('Cache-Control', 'no-store');
}
