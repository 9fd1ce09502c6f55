// The database goes away while the API is serving: requests fail with 503 db_unavailable and
// leave no connection behind, health says the database is down, and everything recovers after the cluster restarts, without
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

describe('database faults', () => {
  it('answers 503 db_unavailable while the database is down, leaving no connection behind, then recovers without a restart', async () => {
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

    // Each request fails on its own connection attempt and gives the connection up: nothing is
    // left waiting in the pool or connected to the stopped server.
    for (const url of ['/api/districts', '/api/collections/towns/items', '/tiles/towns/3/6/3.mvt']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(503);
      expect(response.json().error.code, url).toBe('db_unavailable');
      expect(response.headers['retry-after']).toBe('5');
      expect(response.body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|stack/i);
    }
    expect(database.pool.waitingCount, 'requests left waiting for a connection').toBe(0);
    expect(database.pool.totalCount, 'connections kept to a stopped server').toBe(0);
    const health = await app.inject({ method: 'GET', url: '/api/health' });
    expect(health.statusCode).toBe(503);
    expect(health.json()).toEqual({ status: 'degraded', db: 'down' });

    // The same app serves again once the cluster is back: no restart, no stale connection.
    cluster.start();
    await expect
      .poll(
        async () => {
          const [healthNow, districts] = await Promise.all([
            app.inject({ method: 'GET', url: '/api/health' }),
            app.inject({ method: 'GET', url: '/api/districts' }),
          ]);
          return [healthNow.statusCode, districts.statusCode];
        },
        { timeout: 30_000, interval: 100 },
      )
      .toEqual([200, 200]);
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
    // Once the cluster answers again, the cut-off transaction's row is not there.
    await expect
      .poll(
        () =>
          database.pool
            .query<{ n: number }>(`SELECT count(*)::int AS n FROM districts WHERE code = '999990'`)
            .then(
              (r) => r.rows[0]?.n,
              () => 'not up yet',
            ),
        { timeout: 30_000, interval: 100 },
      )
      .toBe(0);
  }, 60_000);
});
