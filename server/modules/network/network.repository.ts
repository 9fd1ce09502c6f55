// SQL for the walking network: a district's edges as typed arrays (geometry as WKB, parsed here),
// the graph's version, and the rebuild of the graph from the district's roads.
import { sql } from 'kysely';
import type pg from 'pg';
import { NOT_WALKABLE_KINDS } from '../../contract/network.ts';
import type { Database } from '../../db/database.ts';
import type { EdgeRows } from './graph.ts';

/** max(coverage_data_changes.id) of road_edges: changes whenever any district's graph is rebuilt. */
export async function networkVersion(db: Database): Promise<string> {
  const { rows } = await sql<{ v: string }>`
    SELECT coalesce(max(id), 0)::text AS v FROM coverage_data_changes WHERE table_name = 'road_edges'`.execute(
    db,
  );
  return rows[0]!.v;
}

export async function loadEdges(pool: pg.Pool, district: string): Promise<EdgeRows> {
  const result = await pool.query<[string, string, string, number, number, Buffer]>({
    text: `SELECT id, source, target, cost, reverse_cost, ST_AsBinary(geom, 'NDR')
           FROM road_edges WHERE district_code = $1 ORDER BY id`,
    values: [district],
    rowMode: 'array',
  });
  const n = result.rows.length;
  let points = 0;
  for (const row of result.rows) points += row[5].readUInt32LE(5);
  const out: EdgeRows = {
    id: new Float64Array(n),
    source: new Float64Array(n),
    target: new Float64Array(n),
    cost: new Float64Array(n),
    reverseCost: new Float64Array(n),
    coords: new Float64Array(points * 2),
    offset: new Int32Array(n + 1),
  };
  let at = 0;
  result.rows.forEach((row, e) => {
    out.id[e] = Number(row[0]);
    out.source[e] = Number(row[1]);
    out.target[e] = Number(row[2]);
    out.cost[e] = row[3];
    out.reverseCost[e] = row[4];
    // WKB LineString, little endian: 1 byte order, 4 type, 4 count, then x y doubles.
    const wkb = row[5];
    const count = wkb.readUInt32LE(5);
    out.offset[e] = at;
    for (let i = 0; i < count; i++) {
      out.coords[2 * (at + i)] = wkb.readDoubleLE(9 + 16 * i);
      out.coords[2 * (at + i) + 1] = wkb.readDoubleLE(17 + 16 * i);
    }
    at += count;
  });
  out.offset[n] = at;
  return out;
}

/** Rebuilds a district's routable graph from its roads (walkable kinds only, noded). */
export async function rebuildNetwork(db: Database, district: string): Promise<void> {
  await sql`SELECT road_network_rebuild(${district}, ${NOT_WALKABLE_KINDS as string[]}::text[])`.execute(db);
}

/** The district a point lies in, or null. */
export async function districtAt(db: Database, lon: number, lat: number): Promise<string | null> {
  const { rows } = await sql<{ code: string }>`
    SELECT code FROM districts WHERE ST_Intersects(outline, ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326))
    ORDER BY code LIMIT 1`.execute(db);
  return rows[0]?.code ?? null;
}
