// A bureau's OpenStreetMap extract → road lines for the roads import: Debian's osmium-tool clips the
// extract to the district outline plus a margin and keeps the ways people can walk on;
// osm2pgrouting splits them at every junction (shared OSM node; a bridge crossing a road without
// one stays a bridge) into a scratch schema; the segments come back as GeoJSON lines with a stable
// code (way id and the OSM nodes at both ends), name, kind and walking direction, noded.
import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { ROAD_KINDS, type RoadKind } from '../../contract/network.ts';
import type { Database } from '../../db/database.ts';
import { makeWorkDir, type SpooledFile, spool } from '../imports/files/spool.ts';

const run = promisify(execFile);

/** highway values kept: what people walk on. Motorways and trunk roads are left out. */
export const WALKING_HIGHWAYS = [
  'footway',
  'path',
  'steps',
  'pedestrian',
  'living_street',
  'track',
  'residential',
  'service',
  'unclassified',
  'road',
  'tertiary',
  'tertiary_link',
  'secondary',
  'secondary_link',
  'primary',
  'primary_link',
];
/** On these, an OSM oneway applies to people on foot too; on streets it is for vehicles only. */
const FOOT_ONEWAY = new Set(['footway', 'path', 'steps', 'pedestrian']);
/** osm2pgrouting's tag configuration: our walking highways (Debian's pedestrian file is not well-formed XML). */
const mapconfig = () =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<configuration>\n  <tag_name name="highway" id="1">\n${WALKING_HIGHWAYS.map(
    (h, i) => `    <tag_value name="${h}" id="${101 + i}" />`,
  ).join('\n')}\n  </tag_name>\n</configuration>\n`;

const kindOf = (highway: string): RoadKind => {
  const base = highway.replace(/_link$/, '');
  return (ROAD_KINDS as readonly string[]).includes(base) ? (base as RoadKind) : 'road';
};

export interface OsmConversion {
  file: SpooledFile;
  ways: number;
  segments: number;
}

/** Converts `source` (.osm.pbf or .osm) into a GeoJSON file of walking road segments for `district`. */
export async function osmToRoads(
  db: Database,
  databaseUrl: string,
  source: string,
  district: string,
  marginM: number,
): Promise<OsmConversion> {
  const work = await makeWorkDir();
  try {
    const { rows } = await sql<{ outline: string | null }>`
      SELECT ST_AsGeoJSON(ST_Buffer(outline::geography, ${marginM})::geometry, 7) AS outline
      FROM districts WHERE code = ${district}`.execute(db);
    if (!rows[0]?.outline)
      throw new Error(`there is no district ${district} on the map: import its outline first`);
    const polygon = path.join(work.dir, 'clip.geojson');
    await writeFile(
      polygon,
      JSON.stringify({ type: 'Feature', properties: {}, geometry: JSON.parse(rows[0].outline) }),
    );
    const clipped = path.join(work.dir, 'clipped.osm.pbf');
    await run('osmium', [
      'extract',
      '--polygon',
      polygon,
      '--strategy',
      'complete_ways',
      source,
      '-o',
      clipped,
      '--overwrite',
    ]);
    const walking = path.join(work.dir, 'walking.osm.pbf');
    await run('osmium', [
      'tags-filter',
      clipped,
      `w/highway=${WALKING_HIGHWAYS.join(',')}`,
      '-o',
      walking,
      '--overwrite',
    ]);
    // osm2pgrouting reads OSM XML; ways closed to people on foot go.
    const xml = path.join(work.dir, 'walking.osm');
    await run('osmium', [
      'tags-filter',
      '--invert-match',
      walking,
      'w/foot=no',
      'w/access=no,private',
      '-o',
      xml,
      '--overwrite',
    ]);

    const config = path.join(work.dir, 'mapconfig.xml');
    await writeFile(config, mapconfig());
    const schema = `roads_osm_${process.pid}_${Date.now()}`;
    await sql`CREATE SCHEMA ${sql.id(schema)}`.execute(db);
    try {
      const url = new URL(databaseUrl);
      await run(
        'osm2pgrouting',
        [
          '-f',
          xml,
          '-c',
          config,
          '--schema',
          schema,
          '--clean',
          '-d',
          decodeURIComponent(url.pathname.slice(1)),
          '-U',
          decodeURIComponent(url.username || 'postgres'),
          '-h',
          url.hostname,
          '-p',
          url.port || '5432',
        ],
        {
          env: { ...process.env, ...(url.password ? { PGPASSWORD: decodeURIComponent(url.password) } : {}) },
          maxBuffer: 64 * 1024 * 1024,
        },
      );
      const { rows: ways } = await sql<{
        osm_id: string;
        source_osm: string;
        target_osm: string;
        name: string | null;
        highway: string;
        one_way: number | null;
        geometry: string;
      }>`SELECT w.osm_id, w.source_osm, w.target_osm, w.name, c.tag_value AS highway, w.one_way,
          ST_AsGeoJSON(w.the_geom, 7) AS geometry
        FROM ${sql.table(`${schema}.ways`)} w JOIN ${sql.table(`${schema}.configuration`)} c USING (tag_id)
        ORDER BY w.osm_id, w.source_osm, w.target_osm`.execute(db);
      const seen = new Map<string, number>();
      const features = ways.map((w) => {
        let code = `osm:${w.osm_id}:${w.source_osm}-${w.target_osm}`;
        const n = (seen.get(code) ?? 0) + 1;
        seen.set(code, n);
        if (n > 1) code += `:${n}`;
        const oneway = FOOT_ONEWAY.has(w.highway)
          ? w.one_way === 1
            ? 'yes'
            : w.one_way === -1
              ? 'reverse'
              : 'no'
          : 'no';
        return {
          type: 'Feature',
          properties: { code, name: w.name, kind: kindOf(w.highway), oneway, noded: true },
          geometry: JSON.parse(w.geometry),
        };
      });
      const out = path.join(work.dir, 'roads.geojson');
      await writeFile(out, JSON.stringify({ type: 'FeatureCollection', features }));
      const file = await spool(
        createReadStream(out),
        `${path.basename(source)} (${district})`,
        2 ** 31,
        () => new Error('too large'),
      );
      return { file, ways: new Set(ways.map((w) => w.osm_id)).size, segments: features.length };
    } finally {
      await sql`DROP SCHEMA ${sql.id(schema)} CASCADE`.execute(db);
    }
  } finally {
    await work.dispose();
  }
}
