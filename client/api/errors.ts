// The client's one reading of the server's error body `{"error":{code,message,details}}`: the error
// classes every call throws, field errors keyed by form field, and the one function that turns a
// detail into text.
import { type ProblemDetail, renderProblem } from '../../server/contract/problems.ts';
import type { Language } from '../i18n/index.tsx';

/** One entry of `error.details`. `code`/`params` come with catalogued problems. */
export interface ErrorDetail {
  field?: string;
  problem?: string;
  code?: string;
  params?: Record<string, unknown>;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** 412: the record changed since it was read; `current` is the record as it is now. */
export class ConflictError<T = Record<string, unknown>> extends ApiError {
  constructor(readonly current: T) {
    super(412, 'precondition_failed', 'conflict');
    this.name = 'ConflictError';
  }
}

/**
 * A detail as text in the reader's language: the server's problem catalogue (code + params →
 * words in either language); a detail with no catalogued code keeps the server's own `problem`.
 */
export function problemText(detail: ErrorDetail, lang: Language): string {
  return renderProblem(
    {
      field: detail.field ?? '',
      problem: detail.problem ?? detail.code ?? '',
      code: detail.code,
      params: detail.params as ProblemDetail['params'],
    },
    lang,
  );
}

/** The form field a detail concerns: `body.` (ajv's prefix) removed; `query.`/`params.` kept. */
export const formField = (field: string) => field.replace(/^body\./, '');

/** An error's details by form field; several problems for one field are joined. */
export function fieldErrorsOf(error: unknown, lang: Language): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(error instanceof ApiError) || !error.details) return out;
  for (const detail of error.details) {
    if (!detail.field) continue;
    const field = formField(detail.field);
    const text = problemText(detail, lang);
    out[field] = out[field] ? `${out[field]}; ${text}` : text;
  }
  return out;
}

/** Builds the error a failed response stands for, from its status and parsed body. */
export function errorFromResponse(status: number, body: unknown): ApiError {
  const error =
    typeof body === 'object' && body !== null && 'error' in body
      ? (body as { error: unknown }).error
      : undefined;
  if (typeof error !== 'object' || error === null)
    return new ApiError(status, status === 413 ? 'payload_too_large' : 'http', `HTTP ${status}`);
  const { code, message, details } = error as { code?: unknown; message?: unknown; details?: unknown };
  if (status === 412 && typeof details === 'object' && details !== null && 'current' in details)
    return new ConflictError((details as { current: Record<string, unknown> }).current);
  return new ApiError(
    status,
    typeof code === 'string' ? code : 'http',
    typeof message === 'string' ? message : `HTTP ${status}`,
    Array.isArray(details) ? (details as ErrorDetail[]) : undefined,
  );
}
