// An "offline package" for a line, a town or a district: what a device needs to work there with no
// signal — the boundary records (lines, markers, inspections, disputes), the thumbnails of their
// photos (staff), the list of tiles covering the area (our vector layers up to the zoom the map
// over-zooms them from, the base map file up to z17) and how big it all is. The size of the tiles
// is measured on a spread sample of real tiles per layer and zoom, not guessed.
import type { Geometry } from 'geojson';
import { sql } from 'kysely';
import {
  OFFLINE_LINE_BUFFER_M,
  OFFLINE_MAX_ZOOM,
  OFFLINE_MIN_ZOOM,
  type OfflineAreaKind,
  OVERLAY_TILE_MAX_ZOOM,
  type ZoomTiles,
} from '../../contract/field-kit.ts';
import { withoutStaffOnly } from '../../contract/staff-only.ts';
import type { Database } from '../../db/database.ts';
import { notFound } from '../../errors.ts';
import { FILE_TILE_PATH } from '../basemaps/basemaps.ts';
import type { TileFile } from '../basemaps/tile-file.ts';
import { BOUNDARY_KIND_IDS } from '../boundaries/kinds.ts';
import { KINDS } from '../records/kinds.ts';
import { listRecords } from '../records/records.repository.ts';
import { TILE_LAYERS } from '../tiles/tile-layers.ts';
import { sampleTiles, tileList } from './tile-list.ts';

const SAMPLES_PER_ZOOM = 3;

interface Area {
  kind: OfflineAreaKind;
  key: string;
  name: string;
  district: string;
  geometry: Geometry;
  bbox: [number, number, number, number];
  lineIds: number[];
}

async function findArea(db: Database, kind: OfflineAreaKind, key: string): Promise<Area> {
  // The area as a simplified outline (tile cover does not need survey detail) and its lines.
  const areaSql =
    kind === 'district'
      ? sql`SELECT code AS key, name, code AS district, outline AS geom FROM districts WHERE code = ${key}`
      : kind === 'town'
        ? sql`SELECT code AS key, name, district_code AS district, geom FROM towns WHERE code = ${key}`
        : sql`SELECT id::text AS key, name, district_code AS district,
              ST_Buffer(geom::geography, ${OFFLINE_LINE_BUFFER_M})::geometry AS geom
              FROM boundary_lines WHERE id = ${Number(key)} AND deleted_at IS NULL`;
  const { rows } = await sql<{
    key: string;
    name: string;
    district: string;
    geometry: Geometry;
    bbox: [number, number, number, number];
    line_ids: string[] | null;
  }>`WITH a AS (${areaSql})
    SELECT a.key, a.name, a.district,
      ST_AsGeoJSON(ST_SimplifyPreserveTopology(a.geom, 0.0002), 6)::json AS geometry,
      json_build_array(ST_XMin(a.geom), ST_YMin(a.geom), ST_XMax(a.geom), ST_YMax(a.geom)) AS bbox,
      (SELECT array_agg(l.id ORDER BY l.id) FROM boundary_lines l
        WHERE l.deleted_at IS NULL AND l.district_code = a.district AND (
          ${kind === 'line' ? sql`l.id = ${Number(key)}` : kind === 'district' ? sql`true` : sql`${key} IN (l.left_unit_code, l.right_unit_code) OR ST_Intersects(l.geom, a.geom)`})) AS line_ids
    FROM a`.execute(db);
  const row = rows[0];
  if (!row) throw notFound(`${{ district: '区县', town: '镇街', line: '界线' }[kind]} ${key}`);
  return {
    kind,
    key: row.key,
    name: row.name,
    district: row.district,
    geometry: row.geometry,
    bbox: row.bbox,
    lineIds: (row.line_ids ?? []).map(Number),
  };
}

async function disputesInArea(db: Database, area: Area): Promise<Set<number>> {
  const { rows } = await sql<{ id: string }>`SELECT d.id FROM boundary_disputes d
    WHERE d.deleted_at IS NULL AND d.district_code = ${area.district} AND (
      d.line_id = ANY(${area.lineIds}::bigint[]) OR
      (d.area IS NOT NULL AND ST_Intersects(d.area, ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(area.geometry)}), 4326)))
      ${area.kind === 'district' ? sql`OR true` : sql``})`.execute(db);
  return new Set(rows.map((r) => Number(r.id)));
}

function photoIdsOf(records: Record<string, unknown>[]): number[] {
  const ids = new Set<number>();
  const add = (value: unknown) => {
    if (Array.isArray(value)) for (const id of value) if (Number.isInteger(id)) ids.add(id as number);
  };
  for (const record of records) {
    add(record.photoIds);
    for (const list of [record.findings, record.documents])
      if (Array.isArray(list)) for (const item of list) add((item as { photoIds?: unknown })?.photoIds);
  }
  return [...ids].sort((a, b) => a - b);
}

async function overlayTileBytes(db: Database, zooms: ZoomTiles[]) {
  let bytes = 0;
  let count = 0;
  for (const layer of TILE_LAYERS) {
    for (const zoom of zooms) {
      if (zoom.z > OVERLAY_TILE_MAX_ZOOM || zoom.count === 0) continue;
      const sample = sampleTiles(zoom, SAMPLES_PER_ZOOM);
      const sizes = await Promise.all(
        sample.map(async ([x, y]) => {
          const { rows } = await sql<{
            n: number;
          }>`SELECT octet_length(${sql.raw(layer.sqlFunction)}(${zoom.z}, ${x}, ${y}))::int AS n`.execute(db);
          return rows[0]?.n ?? 0;
        }),
      );
      bytes += (sizes.reduce((a, b) => a + b, 0) / sizes.length) * zoom.count;
      count += zoom.count;
    }
  }
  return { count, bytes: Math.round(bytes) };
}

async function fileTileBytes(file: TileFile, zooms: ZoomTiles[]) {
  let bytes = 0;
  let count = 0;
  for (const zoom of zooms) {
    if (zoom.z < file.info.minzoom || zoom.z > file.info.maxzoom || zoom.count === 0) continue;
    const sample = sampleTiles(zoom, SAMPLES_PER_ZOOM * 2);
    const sizes = await Promise.all(
      sample.map(async ([x, y]) => (await file.tile(zoom.z, x, y))?.byteLength ?? 0),
    );
    bytes += (sizes.reduce((a, b) => a + b, 0) / sizes.length) * zoom.count;
    count += zoom.count;
  }
  return { count, bytes: Math.round(bytes) };
}

export async function offlinePackage(
  db: Database,
  kind: OfflineAreaKind,
  key: string,
  options: { staff: boolean; basemapFile: TileFile | null },
) {
  const area = await findArea(db, kind, key);
  const lineIds = new Set(area.lineIds);
  const disputeIds = await disputesInArea(db, area);
  const records: Record<string, Record<string, unknown>[]> = {};
  // A field area holds the boundary records (the other kinds are edited in the office).
  for (const id of BOUNDARY_KIND_IDS) {
    const def = KINDS[id];
    const rows = await listRecords(db, def, { district: area.district, deleted: false, limit: 100_000 });
    records[id] = rows
      .filter(({ record }) =>
        id === 'boundary-lines'
          ? lineIds.has(record.id)
          : id === 'disputes'
            ? disputeIds.has(record.id)
            : lineIds.has(record.lineId as number),
      )
      .map(({ record, extras }) => withoutStaffOnly(id, { kind: id, ...record, ...extras }, options.staff));
  }
  const photoIds = options.staff ? photoIdsOf(Object.values(records).flat()) : [];
  const { rows: photoRows } = await sql<{ id: string; n: number }>`
    SELECT id, coalesce(octet_length(thumbnail), 0)::int AS n FROM photos WHERE id = ANY(${photoIds}::bigint[]) ORDER BY id`.execute(
    db,
  );
  const photos = photoRows.map((p) => ({
    id: Number(p.id),
    thumbnailUrl: `/api/photos/${p.id}/thumbnail`,
    bytes: p.n,
  }));

  const zooms = await tileList(area.geometry, OFFLINE_MIN_ZOOM, OFFLINE_MAX_ZOOM);
  const overlay = await overlayTileBytes(db, zooms);
  const file = options.basemapFile;
  const basemap = file ? await fileTileBytes(file, zooms) : { count: 0, bytes: 0 };
  const recordBytes = Buffer.byteLength(JSON.stringify(records));
  const photoBytes = photos.reduce((sum, p) => sum + p.bytes, 0);
  return {
    area: { kind, key: area.key, name: area.name, district: area.district, bbox: area.bbox },
    generatedAt: new Date().toISOString(),
    records,
    photos,
    tiles: {
      minzoom: OFFLINE_MIN_ZOOM,
      maxzoom: OFFLINE_MAX_ZOOM,
      layers: TILE_LAYERS.map((l) => ({
        id: l.id,
        template: `/tiles/${l.id}/{z}/{x}/{y}.mvt`,
        minzoom: OFFLINE_MIN_ZOOM,
        maxzoom: OVERLAY_TILE_MAX_ZOOM,
      })),
      ...(file
        ? {
            basemap: {
              template: `${FILE_TILE_PATH}/{z}/{x}/{y}.${file.info.tileFormat}`,
              minzoom: Math.max(OFFLINE_MIN_ZOOM, file.info.minzoom),
              maxzoom: Math.min(OFFLINE_MAX_ZOOM, file.info.maxzoom),
            },
          }
        : {}),
      zooms,
    },
    estimate: {
      bytes: overlay.bytes + basemap.bytes + recordBytes + photoBytes,
      overlayTiles: overlay,
      basemapTiles: basemap,
      records: { count: Object.values(records).reduce((n, list) => n + list.length, 0), bytes: recordBytes },
      photos: { count: photos.length, bytes: photoBytes },
    },
  };
}
