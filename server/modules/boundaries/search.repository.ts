// Finding boundary records the way staff type them: a marker number ("界桩 004Q", "4q", "004")
// and a line by name or by its two units in either order ("玉龙镇—雍溪镇界线", "雍溪镇 玉龙镇").
import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import { KINDS } from '../records/kinds.ts';

export interface BoundaryHit {
  kind: 'boundary-markers' | 'boundary-lines';
  id: number;
  label: string;
  lineId: number;
  lineName: string;
  number?: string;
  condition?: string;
  status?: string;
  inspectionState?: string;
  /** [west, south, east, north] to show it. */
  bbox: [number, number, number, number];
}

export interface ParsedQuery {
  /** Marker number prefix, e.g. "004Q" or "004". */
  number?: string;
  /** Unit or line name parts, dashes and the words 界线/界桩 taken off. */
  names: string[];
}

const DASHES = /[—–‐‑‒―－\-~～至与和]+/g;

export function parseBoundaryQuery(q: string): ParsedQuery {
  const text = q.normalize('NFKC').trim();
  const bare = text.replace(/^(界桩|桩号|界桩号)\s*/, '').replace(/号$/, '');
  const number = /^(\d{1,3})\s*([ABCDEQabcdeq])?$/.exec(bare);
  if (number) return { number: number[1]!.padStart(3, '0') + (number[2]?.toUpperCase() ?? ''), names: [] };
  const names = text
    .replace(/(行政区域)?界线$|线$/, '')
    .replace(DASHES, ' ')
    .split(/\s+/)
    .filter((part) => part.length > 0);
  return { names };
}

export async function searchBoundaries(db: Database, district: string, q: string, limit: number) {
  const parsed = parseBoundaryQuery(q);
  if (parsed.number) {
    const { rows } = await sql<BoundaryHit>`
      SELECT 'boundary-markers' AS kind, m.id::int AS id, '界桩 ' || m.number || ' · ' || l.name AS label,
             l.id::int AS "lineId", l.name AS "lineName", m.number, m.condition,
             json_build_array(ST_X(m.geom), ST_Y(m.geom), ST_X(m.geom), ST_Y(m.geom)) AS bbox
      FROM boundary_markers m JOIN boundary_lines l ON l.id = m.line_id
      WHERE m.deleted_at IS NULL AND l.deleted_at IS NULL AND l.district_code = ${district}
        AND m.number LIKE ${`${parsed.number}%`}
      ORDER BY m.number = ${parsed.number} DESC, l.code, m.number LIMIT ${limit}`.execute(db);
    return rows;
  }
  if (!parsed.names.length) return [];
  // Every part must name the line or one of its units.
  const matches = parsed.names.map(
    (part) => sql`(r.name LIKE ${`%${part}%`} OR r.left_unit_name LIKE ${`%${part}%`}
      OR r.right_unit_name LIKE ${`%${part}%`} OR r.code = ${part})`,
  );
  const { rows } = await sql<BoundaryHit>`
    SELECT 'boundary-lines' AS kind, r.id::int AS id, r.name AS label, r.id::int AS "lineId", r.name AS "lineName",
           r.status, ${sql.raw(KINDS['boundary-lines'].extras!.inspectionState!)} AS "inspectionState",
           json_build_array(ST_XMin(r.geom), ST_YMin(r.geom), ST_XMax(r.geom), ST_YMax(r.geom)) AS bbox
    FROM boundary_lines r
    WHERE r.deleted_at IS NULL AND r.district_code = ${district} AND ${sql.join(matches, sql` AND `)}
    ORDER BY r.name = ${q.trim()} DESC, length(r.name), r.code LIMIT ${limit}`.execute(db);
  return rows;
}
