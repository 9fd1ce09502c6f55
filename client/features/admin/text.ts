// How the admin page shows times and errors: times in Beijing time (the bureau's, and the audit
// export's), a refused change as the server's coded problems in the reader's language.
import { beijingTime } from '../../../server/contract/audit.ts';
import { ApiError, ConflictError, problemText } from '../../api/errors.ts';
import type { Language } from '../../i18n/index.tsx';

export { beijingTime };
/** 2025-03-04 09:15 (Beijing time). */
export const beijingMinute = (iso: string) => beijingTime(iso).slice(0, 16);

/** The problems of a refused request, each in the reader's language; '' for a 412 (shown apart). */
export function refusalText(error: unknown, language: Language): string {
  if (error instanceof ConflictError) return '';
  if (error instanceof ApiError && error.details?.length)
    return error.details.map((d) => problemText(d, language)).join('；');
  return error instanceof Error ? error.message : String(error);
}

/** A refused field's text keyed by form field (body.role → role). */
export function fieldProblems(error: unknown, language: Language): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(error instanceof ApiError) || !error.details) return out;
  for (const d of error.details) {
    const field = (d.field ?? '').replace(/^body\./, '');
    out[field] = [out[field], problemText(d, language)].filter(Boolean).join('；');
  }
  return out;
}
