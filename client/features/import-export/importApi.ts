// POST /api/imports through XMLHttpRequest, for its upload progress. The form fields go before the
// file: the server streams the file straight into the reader and needs to know what it is first.

import type { ImportReport, RowProblem } from '../../../server/contract/imports.schemas.ts';
import { APP_HEADERS, ApiError, request } from '../../api/client.ts';
import { errorFromResponse } from '../../api/errors.ts';
import type { Crs, ImportCollection } from './text.ts';

export const IMPORT_LIMIT_BYTES = 50 * 1024 * 1024;

export type { ImportReport, RowProblem };
export type PreviewRow = ImportReport['preview'][number];
export type ImportMode = ImportReport['mode'];
export type Encoding = 'auto' | 'utf-8' | 'gbk';

export interface ImportRequest {
  file: File;
  collection: ImportCollection;
  crs: Crs;
  encoding: Encoding;
  mode: ImportMode;
  district?: string;
  /** For a commit: the previewId of the dry run of this file. */
  preview?: string;
  /** The importer saw the overlapping towns of the dry run and commits them anyway. */
  confirm?: 'overlaps';
}

export interface UploadProgress {
  /** 0..1 while the file is sent; then the server works and `sent` is true. */
  fraction: number;
  sent: boolean;
}

export interface Upload {
  done: Promise<ImportReport>;
  abort: () => void;
}

export function uploadImport(request: ImportRequest, onProgress: (p: UploadProgress) => void): Upload {
  const xhr = new XMLHttpRequest();
  const done = new Promise<ImportReport>((resolve, reject) => {
    const form = new FormData();
    form.append('collection', request.collection);
    form.append('crs', request.crs);
    form.append('mode', request.mode);
    form.append('encoding', request.encoding);
    if (request.district) form.append('district', request.district);
    // A commit names its dry run: the server refuses to overwrite records changed since.
    if (request.preview) form.append('preview', request.preview);
    if (request.confirm) form.append('confirm', request.confirm);
    form.append('file', request.file, request.file.name);

    xhr.open('POST', '/api/imports');
    xhr.setRequestHeader('accept', 'application/json');
    for (const [name, value] of Object.entries(APP_HEADERS)) xhr.setRequestHeader(name, value);
    xhr.responseType = 'text';
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress({ fraction: event.loaded / event.total, sent: false });
    };
    xhr.upload.onload = () => onProgress({ fraction: 1, sent: true });
    xhr.onerror = () => reject(new ApiError(0, 'network', 'network'));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300 && body) {
        resolve(body as ImportReport);
        return;
      }
      reject(errorFromResponse(xhr.status, body));
    };
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}

export interface UndoResult {
  importId: number;
  undone: number;
  removed: number;
  restored: number;
}

/** POST /api/imports/{id}/undo: the whole import taken back, or an ApiError (409: changed since). */
export const undoImport = (id: number) =>
  request<UndoResult>(`/api/imports/${id}/undo`, { method: 'POST', body: {} });
