// The database goes away while the API is serving: requests fail fast with 503 db_unavailable,
// health says the database is down, and everything recovers after the cluster restarts, without
// restarting the server. Runs on its own throwaway cluster (tests/helpers/cluster.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../server/app.ts';
import { type DatabaseHandle, openDatabase } from '../../server/db/database.ts';
import { createCluster, type ThrowawayCluster, throwawayPort } from '../helpers/cluster.ts';

let cluster: ThrowawayCluster;
let database: DatabaseHandle;
let app: App;

beforeAll(async () => {
  cluster = await createCluster('faults', throwawayPort(1));
  database = openDatabase(cluster.url, 10);
  app = await buildApp({ db: database.db, pool: database.pool });
  await app.ready();
}, 120_000);

afterAll(async () => {
  await app?.close();
  await database?.close();
  cluster?.stop();
});

async function timed(url: string) {
  const started = performance.now();
  const response = await app.inject({ method: 'GET', url });
  return { response, ms: performance.now() - started };
}

describe('database faults', () => {
  it('answers 503 db_unavailable within 1 s while the database is down, then recovers within 5 s', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);

    // Requests in flight while the cluster stops: each ends as 200 (finished first) or 503, never 500.
    const inFlight = Array.from({ length: 20 }, (_, i) =>
      app.inject({
        method: 'GET',
        url: i % 2 ? '/api/collections/facilities/items' : '/tiles/facilities/5/25/13.mvt',
      }),
    );
    cluster.stop('fast');
    for (const response of await Promise.all(inFlight)) expect([200, 503]).toContain(response.statusCode);

    for (const url of ['/api/districts', '/api/collections/towns/items', '/tiles/towns/3/6/3.mvt']) {
      const { response, ms } = await timed(url);
      expect(response.statusCode, url).toBe(503);
      expect(response.json().error.code, url).toBe('db_unavailable');
      expect(response.headers['retry-after']).toBe('5');
      expect(ms, `${url} answered in ${ms.toFixed(0)} ms`).toBeLessThan(1000);
      expect(response.body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|stack/i);
    }
    const health = await timed('/api/health');
    expect(health.response.statusCode).toBe(503);
    expect(health.response.json()).toEqual({ status: 'degraded', db: 'down' });
    expect(health.ms).toBeLessThan(1000);

    cluster.start();
    const restarted = performance.now();
    let recovered = false;
    while (performance.now() - restarted < 5000) {
      const [healthNow, districts] = await Promise.all([
        app.inject({ method: 'GET', url: '/api/health' }),
        app.inject({ method: 'GET', url: '/api/districts' }),
      ]);
      if (healthNow.statusCode === 200 && districts.statusCode === 200) {
        recovered = true;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(recovered, 'recovered within 5 s of the restart').toBe(true);
  }, 60_000);

  it('leaves nothing half-written when the database dies mid-transaction', async () => {
    // A multi-row write in one transaction, cut off by an immediate shutdown before COMMIT.
    const client = await database.pool.connect();
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO districts (code, name, outline, outline_origin, outline_source)
       VALUES ('999990', '断电测试', ST_Multi(ST_MakeEnvelope(0, 0, 1, 1, 4326)), 'synthetic', 'test')`,
    );
    cluster.stop('immediate');
    await expect(client.query('COMMIT')).rejects.toThrow();
    client.release(true);
    cluster.start();
    let count: number | undefined;
    const started = performance.now();
    while (count === undefined && performance.now() - started < 5000) {
      try {
        const { rows } = await database.pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM districts WHERE code = '999990'`,
        );
        count = rows[0]?.n;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    expect(count).toBe(0);
  }, 60_000);
});
