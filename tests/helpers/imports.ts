// POST /api/imports from API tests, as the client sends it: multipart, from the app (CSRF header),
// and a commit after its dry run, naming it (`preview`) — unless the test gives `preview` itself.
import { multipartBody } from '../fixtures/imports/writers.ts';
import type { TestContext } from './app.ts';
import { FROM_APP } from './auth.ts';

type Fields = Record<string, string>;
type File = { name: string; data: Buffer };

export function importer(ctx: TestContext, defaultCookie: () => string) {
  /** One request, exactly as given. */
  const send = (fields: Fields, file: File, cookie = defaultCookie()) => {
    const body = multipartBody(fields, file);
    return ctx.app.inject({
      method: 'POST',
      url: '/api/imports',
      payload: body.payload,
      headers: { ...body.headers, cookie, ...FROM_APP },
    });
  };
  /** A dry run, or a commit preceded by its dry run. */
  const upload = async (fields: Fields, file: File, cookie = defaultCookie()) => {
    if (fields.mode === 'dry-run' || fields.preview !== undefined) return send(fields, file, cookie);
    const dry = await send({ ...fields, mode: 'dry-run' }, file, cookie);
    if (dry.statusCode !== 200) return dry;
    return send({ ...fields, preview: dry.json().previewId }, file, cookie);
  };
  return { send, upload };
}
