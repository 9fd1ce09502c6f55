// The CSRF attack of the issue, in a real browser: a planner is signed in to the app; a page served
// from another port of the same host (same-site, so the SameSite=Strict cookie goes along) posts a
// multipart import commit to the app. The server refuses it by its Origin and nothing is imported;
// the same upload from the app's own page goes through.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppPage, signInThroughUi, useBrowser } from '../helpers/browser.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useBrowser();
const RUN = Date.now().toString(36).toUpperCase();
let attacker: http.Server;
let attackerUrl: string;

/** A page that uploads a one-row facility CSV to `target` with the visitor's cookies. */
function attackPage(target: string, code: string): string {
  return `<!doctype html><meta charset="utf-8"><title>loading</title><script>
    const form = new FormData();
    form.append('collection', 'facilities');
    form.append('crs', 'wgs84');
    form.append('mode', 'commit');
    const csv = 'code,name,subtype,operator,lon,lat\\n${code},跨站导入,care_home,public,105.7161,29.7032\\n';
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'a.csv');
    fetch(${JSON.stringify(target)}, { method: 'POST', body: form, mode: 'no-cors', credentials: 'include' })
      .then(() => { document.title = 'sent'; }, () => { document.title = 'sent'; });
  </script>`;
}

const count = async (code: string) =>
  (
    await sql<{ n: number }>`SELECT count(*)::int AS n FROM facilities WHERE code = ${code}`.execute(
      ctx.app.db,
    )
  ).rows[0]!.n;

beforeAll(async () => {
  attacker = http.createServer((request, response) => {
    const code = new URL(request.url ?? '/', 'http://x').searchParams.get('code') ?? 'none';
    response.setHeader('content-type', 'text/html; charset=utf-8');
    response.end(attackPage(`${ctx.baseUrl}/api/imports`, code));
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await new Promise((resolve) => attacker?.close(resolve));
  await sql`DELETE FROM facilities WHERE code LIKE ${`E2E-CSRF-${RUN}-%`}`.execute(ctx.app.db);
});

describe('CSRF from another port of the same host', () => {
  it('a signed-in planner visiting the other page imports nothing; the app itself still can', async () => {
    const page = await openAppPage(ctx.browser, ctx.baseUrl, '', { viewport: { width: 1280, height: 800 } });
    await signInThroughUi(page, 'planner', 'demo-planner');

    const evil = await page.context().newPage();
    const code = `E2E-CSRF-${RUN}-1`;
    await evil.goto(`${attackerUrl}?code=${code}`);
    await evil.waitForFunction(() => document.title === 'sent', null, { timeout: 30_000 });
    expect(await count(code)).toBe(0);

    // The same upload from the app's own page (same cookie) is accepted: the refusal was the origin.
    const own = `E2E-CSRF-${RUN}-2`;
    const status = await page.evaluate(async (ownCode) => {
      const csv = `code,name,subtype,operator,lon,lat\n${ownCode},本站导入,care_home,public,105.7161,29.7032\n`;
      const send = (mode: string, preview?: string) => {
        const form = new FormData();
        form.append('collection', 'facilities');
        form.append('crs', 'wgs84');
        form.append('mode', mode);
        if (preview) form.append('preview', preview);
        form.append('file', new Blob([csv], { type: 'text/csv' }), 'a.csv');
        return fetch('/api/imports', { method: 'POST', body: form });
      };
      // As the app does it: the dry run, then the commit naming it.
      const dry = (await (await send('dry-run')).json()) as { previewId: string };
      const response = await send('commit', dry.previewId);
      return response.status;
    }, own);
    expect(status).toBe(200);
    expect(await count(own)).toBe(1);
  }, 120_000);
});
