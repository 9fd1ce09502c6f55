// Request validation: query strings and path parameters arrive as text, so they are coerced
// ("10" → 10); JSON bodies are not — {"version": true} or {"beds": "12"} is a wrong type and
// gets a 400, never a silent conversion into a valid write. JSON bodies must be valid Unicode:
// invalid UTF-8 or a lone surrogate escape ("\ud800") is a 400, never stored altered (PostgreSQL
// would get U+FFFD in its place). Text lengths count characters (code points), as ajv's maxLength
// and PostgreSQL's length() do, so 60 CJK Extension-B characters fit a 100-character field.

import { isUtf8 } from 'node:buffer';
import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';
import { badRequest } from '../../errors.ts';

const common: Options = { allErrors: true, removeAdditional: false, useDefaults: true, strict: false };

function makeAjv(coerceTypes: boolean): Ajv {
  const ajv = new Ajv({ ...common, coerceTypes });
  addFormats.default(ajv);
  return ajv;
}

const coercing = makeAjv(true);
const strict = makeAjv(false);

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? strict : coercing).compile(schema as object);

const LONE_SURROGATE = /\p{Surrogate}/u;

/** Where in a parsed JSON value a string (or object key) holds a lone surrogate, e.g. body.a[2].b. */
export function loneSurrogateAt(value: unknown, at: string): string | undefined {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? at : undefined;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = loneSurrogateAt(item, `${at}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (LONE_SURROGATE.test(key)) return `${at}.${key.replace(/\p{Surrogate}/gu, '\uFFFD')}`;
      const found = loneSurrogateAt(item, `${at}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Fastify's own JSON parser (with its prototype-poisoning checks), after a UTF-8 check on the
 * raw bytes, and followed by the lone-surrogate check on every string and key.
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer;
    if (!isUtf8(bytes)) {
      done(badRequest('body', 'is not valid UTF-8 text; send JSON encoded as UTF-8'), undefined);
      return;
    }
    parseJson(request, bytes.toString('utf8'), (error, value) => {
      if (error) return done(error, undefined);
      const at = loneSurrogateAt(value, 'body');
      if (at) {
        return done(
          badRequest(
            at,
            'contains a lone UTF-16 surrogate (an escape such as \\ud800 without its pair), which is not a character; send valid Unicode text',
          ),
          undefined,
        );
      }
      done(null, value);
    });
  });
}
