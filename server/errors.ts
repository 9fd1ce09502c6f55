// One error type for the whole API and the handler that turns anything thrown into the one JSON
// shape {"error":{"code","message","details"?}}. 5xx responses never carry SQL or stack traces.

import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  type ProblemArgs,
  type ProblemCode,
  type ProblemDetail,
  problemDetail,
} from './contract/problems.ts';

export type ErrorCode =
  | 'bad_request'
  | 'validation_failed'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'precondition_failed'
  | 'precondition_required'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'account_locked'
  | 'db_unavailable'
  | 'busy'
  | 'internal';

/** {field, problem, code?, params?}: where, what in English, and the code the client renders. */
export type ErrorDetail = ProblemDetail;

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[] | Record<string, unknown>,
  ) {
    super(message);
  }
}

export const badRequest = (field: string, problem: string) =>
  new AppError(400, 'bad_request', `${field}: ${problem}`, [{ field, problem }]);
/** A 400 for one field, with its problem code (server/contract/problems.ts). */
export function invalid<C extends ProblemCode>(field: string, code: C, ...args: ProblemArgs<C>): AppError {
  const detail = problemDetail(field, code, ...args);
  return new AppError(400, 'bad_request', `${field}: ${detail.problem}`, [detail]);
}
export const notFound = (what: string) => new AppError(404, 'not_found', `${what} not found`);

// Errors that mean "the database is not there", as opposed to a bad query.
const DB_DOWN_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
]);
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: string }).code;
  if (code && DB_DOWN_CODES.has(code)) return true;
  return /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|Client has encountered a connection error/i.test(
    error.message,
  );
}

// PostgreSQL data exceptions caused by request values: 22003 numeric out of range, 22021/22P05
// characters that cannot be stored, 22P02 invalid text representation, 22008 date out of range,
// 2201E/2201F invalid argument for a math function, 54000 program limit (e.g. index row too big).
const REJECTED_VALUE_CODES = new Set([
  '22003',
  '22021',
  '22P05',
  '22P02',
  '22008',
  '22007',
  '2201E',
  '2201F',
  '54000',
]);
function isRejectedValue(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && REJECTED_VALUE_CODES.has(code);
}

// Parallel writers. 23505 unique_violation: two writers raced past the validation's "already used" check (or a
// restore brings back a value taken meanwhile). The unique index let exactly one in; the others
// get 409 naming the field, never a 500. Constraint name → the field it guards.
const UNIQUE_FIELDS: Record<string, { field: string; problem: string }> = {
  boundary_markers_line_number_key: {
    field: 'body.number',
    problem: 'is already used by a live marker on this line',
  },
  boundary_inspections_line_round_key: {
    field: 'body.round',
    problem: 'this line already has a live inspection for this round',
  },
  boundary_lines_code_key: { field: 'body.code', problem: 'is already used by another line' },
  facilities_code_key: { field: 'body.code', problem: 'is already used by another facility' },
  place_names_code_key: { field: 'body.code', problem: 'is already used by another place name' },
  protection_list_entries_live_key: { field: 'body.placeNameId', problem: 'is on this list already' },
  protection_lists_name_key: { field: 'body.name', problem: 'is already the name of a list' },
  village_figures_village_year_key: {
    field: 'body.year',
    problem: 'this village has figures for this year already',
  },
};
function concurrentWriteConflict(error: unknown): AppError | undefined {
  const code = (error as { code?: unknown }).code;
  if (code === '40P01' || code === '40001') {
    // Deadlock or serialization failure: PostgreSQL rolled one writer back; nothing was written.
    return new AppError(
      409,
      'conflict',
      'A change made at the same moment got in the way; nothing was saved, try again.',
    );
  }
  if (code !== '23505') return undefined;
  const constraint = String((error as { constraint?: unknown }).constraint ?? '');
  const known = UNIQUE_FIELDS[constraint];
  if (!known)
    return new AppError(409, 'conflict', 'A value that must be unique is already used by another record.');
  return new AppError(409, 'conflict', `${known.field} ${known.problem}.`, [known]);
}

// A multipart body the parser (busboy) cannot read: cut off, no boundary. Plain Errors without a
// status, told apart by their messages.
function isMalformedMultipart(error: unknown): boolean {
  return (
    error instanceof Error &&
    /unexpected end of multipart data|Multipart: Boundary not found|^Boundary required$/i.test(error.message)
  );
}

interface AjvError {
  instancePath: string;
  message?: string;
  keyword: string;
  params: Record<string, unknown>;
}

function describeValidation(error: FastifyError): ErrorDetail[] {
  // Name fields the way a caller writes them: query.limit, body.facilities.statuses[1].
  const context =
    error.validationContext === 'querystring' ? 'query' : (error.validationContext ?? 'request');
  return ((error.validation ?? []) as AjvError[]).map((v) => {
    const missing = v.keyword === 'required' ? `.${String(v.params.missingProperty)}` : '';
    const extra = v.keyword === 'additionalProperties' ? `.${String(v.params.additionalProperty)}` : '';
    const pointer = v.instancePath.replace(/\/(\d+)(?=\/|$)/g, '[$1]').replaceAll('/', '.');
    const field = `${context}${pointer}${missing}${extra}`;
    if (v.keyword === 'required') return problemDetail(field, 'required');
    if (v.keyword === 'additionalProperties') return problemDetail(field, 'unknown_field');
    if (v.keyword === 'maxLength') return problemDetail(field, 'too_long', { max: Number(v.params.limit) });
    if (v.keyword === 'minLength') return problemDetail(field, 'too_short', { min: Number(v.params.limit) });
    if (v.keyword === 'maxItems') return problemDetail(field, 'too_many', { max: Number(v.params.limit) });
    if (v.keyword === 'enum')
      return problemDetail(field, 'not_in_vocabulary', { allowed: v.params.allowedValues as string[] });
    if (v.keyword === 'type')
      return problemDetail(field, 'wrong_type', { type: String(v.params.type).split(',') });
    if (v.keyword === 'minimum') return problemDetail(field, 'too_small', { min: Number(v.params.limit) });
    if (v.keyword === 'maximum') return problemDetail(field, 'too_large', { max: Number(v.params.limit) });
    if (v.keyword === 'format')
      return problemDetail(field, 'bad_format', { format: String(v.params.format) });
    if (v.keyword === 'pattern')
      return problemDetail(field, 'bad_pattern', { pattern: String(v.params.pattern) });
    return problemDetail(field, 'schema_invalid', { message: v.message ?? 'is invalid' });
  });
}

/** Fastify's router-level errors (FST_ERR_BAD_URL, FST_ERR_MAX_PARAM_LENGTH …) as our JSON. */
export function answerFrameworkError(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  const message =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? 'A path parameter is too long.'
      : error.code === 'FST_ERR_BAD_URL'
        ? 'The URL is not valid: a path segment is not correctly percent-encoded UTF-8.'
        : 'The request could not be routed.';
  reply.status(400).send({ error: { code: 'bad_request', message } });
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const answer = error instanceof AppError ? error : concurrentWriteConflict(error);
    if (answer) {
      return reply.status(answer.status).send({
        error: {
          code: answer.code,
          message: answer.message,
          ...(answer.details ? { details: answer.details } : {}),
        },
      });
    }
    if (error.validation) {
      const details = describeValidation(error);
      const message = details.map((d) => `${d.field} ${d.problem}`).join('; ');
      return reply.status(400).send({ error: { code: 'bad_request', message, details } });
    }
    if (isRejectedValue(error)) {
      // A value that passed validation but that PostgreSQL cannot take (out of range, NUL in text).
      return reply.status(400).send({
        error: {
          code: 'bad_request',
          message:
            'A value in the request cannot be used: a number is out of range or a text contains characters that cannot be stored (such as NUL).',
        },
      });
    }
    if (isMalformedMultipart(error)) {
      return reply.status(400).send({
        error: {
          code: 'bad_request',
          message:
            'The multipart/form-data body is malformed: it ends early or its boundary is missing; send it again.',
        },
      });
    }
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      return reply
        .status(503)
        .header('Retry-After', '5')
        .send({
          error: {
            code: 'db_unavailable',
            message: 'The database is unavailable; try again in a few seconds.',
          },
        });
    }
    const status = error.statusCode ?? 500;
    if (status === 413) {
      return reply
        .status(413)
        .send({ error: { code: 'payload_too_large', message: 'The request body is too large.' } });
    }
    if (status === 415) {
      return reply.status(415).send({
        error: { code: 'unsupported_media_type', message: 'Send the request body as application/json.' },
      });
    }
    if (status === 429) {
      return reply.status(429).send({ error: { code: 'rate_limited', message: error.message } });
    }
    if (status >= 400 && status < 500) {
      // Fastify's own client errors (malformed JSON, empty body …): their messages name no internals.
      const message =
        error instanceof SyntaxError ? `The request body is not valid JSON: ${error.message}` : error.message;
      return reply.status(status).send({ error: { code: 'bad_request', message } });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'internal', message: 'Internal server error.' } });
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({
      error: { code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` },
    });
  });
}
