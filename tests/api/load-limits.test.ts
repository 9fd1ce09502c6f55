// One caller cannot take the service down: heavy routes run a bounded number at a time (the rest
// get 503 + Retry-After at once, never a queue), and each caller has a per-minute budget on them
// (429 in our error shape). Real app, real PostGIS.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: a vitest helper (beforeAll/afterAll), not a React hook
const ctx = useTestApp();

const suggestions = (payload: unknown, ip: string) =>
  ctx.app.inject({
    method: 'POST',
    url: '/api/coverage/suggestions',
    payload: payload as Record<string, unknown>,
    remoteAddress: ip,
  });

describe('heavy routes', () => {
  it('run site suggestions one at a time: parallel callers get 503 with Retry-After, not a wait', async () => {
    const body = {
      district: '500111',
      lifeCircle: '15min',
      k: 5,
      facilities: { categories: ['elderly_care'] },
    };
    const answers = await Promise.all(
      Array.from({ length: 4 }, (_, i) => suggestions(body, `10.9.0.${i + 1}`)),
    );
    const statuses = answers.map((a) => a.statusCode);
    expect(statuses).toContain(200);
    expect(statuses).toContain(503);
    for (const turnedAway of answers.filter((a) => a.statusCode === 503)) {
      expect(Number(turnedAway.headers['retry-after'])).toBeGreaterThan(0);
      expect(turnedAway.json().error.code).toBe('busy');
    }
    // The slot comes back: the next one alone is served.
    expect((await suggestions(body, '10.9.0.9')).statusCode).toBe(200);
  });

  it('give each caller a budget per minute (429, our error shape); another caller is not affected', async () => {
    // Bad bodies are cheap (400) but count: the budget is checked before anything else.
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await suggestions({ district: 'x' }, '10.9.1.1')).statusCode);
    expect(statuses.slice(0, 30).every((s) => s === 400)).toBe(true);
    expect(statuses[30]).toBe(429);
    const limited = await suggestions({ district: 'x' }, '10.9.1.1');
    expect(limited.json().error).toMatchObject({ code: 'rate_limited' });
    expect(limited.json().error.message).toMatch(/30/);
    expect((await suggestions({ district: 'x' }, '10.9.1.2')).statusCode).toBe(400);
  });

  it('render labels in the work pool within their budget: one at a time per caller, two on the server', async () => {
    const { rows } = await sql<{ id: string }>`SELECT line_id::text AS id FROM boundary_markers
      WHERE deleted_at IS NULL GROUP BY line_id ORDER BY count(*) DESC LIMIT 1`.execute(ctx.app.db);
    const sheet = (ip: string) =>
      ctx.app.inject({
        method: 'GET',
        url: `/api/labels/boundary-lines/${rows[0]!.id}/markers.pdf`,
        remoteAddress: ip,
      });
    const same = await Promise.all([sheet('10.9.2.1'), sheet('10.9.2.1')]);
    expect(same.map((r) => r.statusCode).sort()).toEqual([200, 503]);
    const busy = same.find((r) => r.statusCode === 503)!;
    expect(busy.json().error.code).toBe('busy');
    expect(Number(busy.headers['retry-after'])).toBeGreaterThan(0);
    const three = await Promise.all(['10.9.3.1', '10.9.3.2', '10.9.3.3'].map(sheet));
    expect(three.map((r) => r.statusCode).sort()).toEqual([200, 200, 503]);
    // The budget comes back.
    expect((await sheet('10.9.2.1')).statusCode).toBe(200);
  });
});
