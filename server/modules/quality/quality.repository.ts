// The data-quality check a bureau runs after loading its own data (采集 — 治理 — 入库): gaps,
// overlaps and spill-over of town polygons, villages and place names outside their town, division
// codes that do not nest, names and marker numbers used twice where the schema allows it, boundary
// lines that do not follow the edge they describe and markers away from their line.
//
// Pure SQL through the given handle, which may be a transaction: the import dry run calls
// checkQuality(trx, district) after writing the would-be rows and before rolling back. So every
// query is one statement with CTEs (no temp tables, no second connection), run one after another.
import type { Geometry } from 'geojson';
import { type RawBuilder, sql } from 'kysely';
import {
  QUALITY_CHECKS,
  type QualityCheck,
  type QualityProblem,
  type QualityReport,
  SEVERITIES,
  type Severity,
} from '../../contract/quality.schemas.ts';
import type { Database } from '../../db/database.ts';
import { notFound } from '../../errors.ts';
import { DISTRICT_TOLERANCE_M, MARKER_MAX_DISTANCE_M } from '../boundaries/validation.ts';

/** Gap, overlap and spill-over pieces smaller than this are rounding noise, not problems. */
export const MIN_AREA_M2 = 100;
/** A piece whose mean width (2 × area / perimeter) is below this is a sliver: a warning. */
export const SLIVER_WIDTH_M = 10;
/** A boundary line may stray this far (Hausdorff distance) from the edge the two towns share. */
export const LINE_EDGE_TOLERANCE_M = 20;
/** Towns this close count as touching: a gap's neighbours, the edge two towns share. */
const TOUCH_M = 2;
/** The report lists at most this many problems per check (most serious and largest first). */
export const MAX_LISTED_PER_CHECK = 500;

export type { QualityProblem, QualityReport };
export { MARKER_MAX_DISTANCE_M };

interface Context {
  code: string;
  name: string;
  /** UTM zone of the district's centre (WGS84 / UTM, true metres to ~0.1 %) for buffers and Hausdorff. */
  srid: number;
}

/** A problem before its id is made and the list is sorted. */
interface Found {
  severity: Severity;
  codes: string[];
  message: { zh: string; en: string };
  areaM2?: number;
  distanceM?: number;
  geometry: Geometry;
  /** Makes the id unique when codes alone do not (e.g. two gaps between the same towns). */
  anchor?: string;
}

// --- wording ---------------------------------------------------------------------------------------

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const twoDecimals = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
// As the client formats them (client/i18n/format.ts): 12,345 m² / 1.23 km², 850 m / 2.4 km.
const area = (m2: number) => (m2 < 1e6 ? `${grouped.format(m2)} m²` : `${twoDecimals.format(m2 / 1e6)} km²`);
const distance = (m: number) => (m < 1000 ? `${grouped.format(m)} m` : `${oneDecimal.format(m / 1000)} km`);
const zhList = (names: string[]) => names.join('、');
const enList = (names: string[]) => names.join(', ');

// --- SQL pieces -------------------------------------------------------------------------------------

const geoJson = (expression: RawBuilder<unknown>) => sql<Geometry>`ST_AsGeoJSON(${expression}, 7)::json`;
const anchorOf = (expression: RawBuilder<unknown>) =>
  sql<string>`round(ST_X(ST_PointOnSurface(${expression}))::numeric, 5) || ',' || round(ST_Y(ST_PointOnSurface(${expression}))::numeric, 5)`;
/** The district outline and a band along its edge (in UTM), inside which spill-over and gaps are
 * blamed on the outline: the demo's outlines are drawn at ~100 m precision. */
const districtCte = (c: Context) => sql`d AS (
    SELECT outline, ST_Buffer(ST_Boundary(ST_Transform(outline, ${c.srid}::int)), ${DISTRICT_TOLERANCE_M}::float8) AS edge_band
    FROM districts WHERE code = ${c.code})`;

interface AreaPiece {
  area_m2: number;
  width_m: number | null;
  along_outline: boolean;
}
const isSliver = (p: Pick<AreaPiece, 'width_m'>) => p.width_m !== null && p.width_m < SLIVER_WIDTH_M;

// --- checks -------------------------------------------------------------------------------------------

/** The outline minus the union of towns: every piece above MIN_AREA_M2, with the towns around it. */
async function townGaps(db: Database, c: Context): Promise<Found[]> {
  const { rows } = await sql<
    AreaPiece & { codes: string[]; names: string[]; geometry: Geometry; anchor: string }
  >`WITH ${districtCte(c)},
    covered AS (SELECT ST_Union(geom) AS geom FROM towns WHERE district_code = ${c.code}),
    pieces AS (
      SELECT (ST_Dump(ST_Difference(d.outline, coalesce(covered.geom, ST_SetSRID('POLYGON EMPTY'::geometry, 4326))))).geom AS geom
      FROM d, covered),
    measured AS (
      SELECT geom, ST_Area(geom::geography) AS area_m2, ST_Perimeter(geom::geography) AS perimeter_m
      FROM pieces WHERE ST_Dimension(geom) = 2)
    SELECT m.area_m2, 2 * m.area_m2 / nullif(m.perimeter_m, 0) AS width_m,
      ST_Covers(d.edge_band, ST_Transform(m.geom, ${c.srid}::int)) AS along_outline,
      ARRAY(SELECT t.code FROM towns t WHERE t.district_code = ${c.code}
        AND ST_DWithin(t.geom::geography, m.geom::geography, ${TOUCH_M}) ORDER BY t.code) AS codes,
      ARRAY(SELECT t.name FROM towns t WHERE t.district_code = ${c.code}
        AND ST_DWithin(t.geom::geography, m.geom::geography, ${TOUCH_M}) ORDER BY t.code) AS names,
      ${geoJson(sql`m.geom`)} AS geometry, ${anchorOf(sql`m.geom`)} AS anchor
    FROM measured m, d WHERE m.area_m2 > ${MIN_AREA_M2}`.execute(db);
  return rows.map((r) => {
    const size = area(r.area_m2);
    const between = r.names.length
      ? { zh: `，邻接${zhList(r.names)}`, en: ` next to ${enList(r.names)}` }
      : { zh: '', en: '' };
    const message = isSliver(r)
      ? { zh: `镇街之间有细缝 ${size}${between.zh}`, en: `Sliver gap of ${size}${between.en}` }
      : r.along_outline
        ? {
            zh: `沿区县界有 ${size} 未划入任何镇街${between.zh}（在区县界 ${DISTRICT_TOLERANCE_M} m 以内，可能是区县界精度所致）`,
            en: `${size} along the district outline is in no town${between.en} (within ${DISTRICT_TOLERANCE_M} m of the outline, which may be too coarse)`,
          }
        : {
            zh: `有 ${size} 未划入任何镇街${between.zh}`,
            en: `Gap of ${size} that belongs to no town${between.en}`,
          };
    return {
      severity: isSliver(r) || r.along_outline ? 'warning' : 'error',
      codes: r.codes,
      message,
      areaM2: r.area_m2,
      geometry: r.geometry,
      anchor: r.anchor,
    };
  });
}

/** Pairs of towns whose interiors intersect: the pieces above MIN_AREA_M2, summed per pair. */
async function townOverlaps(db: Database, c: Context): Promise<Found[]> {
  const { rows } = await sql<{
    codes: [string, string];
    names: [string, string];
    area_m2: number;
    all_slivers: boolean;
    geometry: Geometry;
  }>`WITH excess AS (
      -- Σ town areas − area of their union: below MIN_AREA_M2 no two towns can overlap by more, so
      -- the pairwise test (the slow part) is skipped. Planar in UTM: same vertices, no rounding.
      SELECT sum(ST_Area(ST_Transform(geom, ${c.srid}::int))) - ST_Area(ST_Transform(ST_Union(geom), ${c.srid}::int)) AS m2
      FROM towns WHERE district_code = ${c.code}),
    pairs AS (
      SELECT a.code AS a_code, a.name AS a_name, b.code AS b_code, b.name AS b_name,
        ST_Intersection(a.geom, b.geom) AS shared
      FROM towns a JOIN towns b ON b.district_code = a.district_code AND a.code < b.code AND a.geom && b.geom
      WHERE a.district_code = ${c.code} AND (SELECT m2 FROM excess) > ${MIN_AREA_M2}
        AND ST_Relate(a.geom, b.geom, '2********')),
    pieces AS (SELECT a_code, a_name, b_code, b_name, (ST_Dump(shared)).geom AS geom FROM pairs),
    measured AS (
      SELECT *, ST_Area(geom::geography) AS area_m2, ST_Perimeter(geom::geography) AS perimeter_m
      FROM pieces WHERE ST_Dimension(geom) = 2)
    SELECT ARRAY[a_code, b_code] AS codes, ARRAY[a_name, b_name] AS names, sum(area_m2) AS area_m2,
      bool_and(2 * area_m2 / nullif(perimeter_m, 0) < ${SLIVER_WIDTH_M}) AS all_slivers,
      ${geoJson(sql`ST_Multi(ST_Collect(geom))`)} AS geometry
    FROM measured WHERE area_m2 > ${MIN_AREA_M2}
    GROUP BY a_code, a_name, b_code, b_name`.execute(db);
  return rows.map((r) => {
    const size = area(r.area_m2);
    const [a, b] = r.names;
    return {
      severity: r.all_slivers ? 'warning' : 'error',
      codes: r.codes,
      message: r.all_slivers
        ? { zh: `${a}与${b}有细条重叠 ${size}`, en: `${a} and ${b} overlap in slivers of ${size}` }
        : { zh: `${a}与${b}重叠 ${size}`, en: `${a} and ${b} overlap by ${size}` },
      areaM2: r.area_m2,
      geometry: r.geometry,
    };
  });
}

/** Towns reaching beyond the district outline: the pieces outside above MIN_AREA_M2, per town. */
async function townsOutsideDistrict(db: Database, c: Context): Promise<Found[]> {
  const { rows } = await sql<{
    code: string;
    name: string;
    area_m2: number;
    minor: boolean;
    geometry: Geometry;
  }>`WITH ${districtCte(c)},
    covered AS (SELECT ST_Union(geom) AS geom FROM towns WHERE district_code = ${c.code}),
    -- Cut the union first (one overlay), then only the towns that reach into a piece large enough.
    spill AS (SELECT (ST_Dump(ST_Difference(covered.geom, d.outline))).geom AS geom FROM covered, d),
    large AS (SELECT geom FROM spill WHERE ST_Dimension(geom) = 2 AND ST_Area(geom::geography) > ${MIN_AREA_M2}),
    pieces AS (
      SELECT t.code, t.name, (ST_Dump(ST_Intersection(t.geom, large.geom))).geom AS geom
      FROM towns t JOIN large ON ST_Intersects(t.geom, large.geom) WHERE t.district_code = ${c.code}),
    measured AS (
      SELECT code, name, geom, ST_Area(geom::geography) AS area_m2, ST_Perimeter(geom::geography) AS perimeter_m
      FROM pieces WHERE ST_Dimension(geom) = 2)
    SELECT code, name, sum(area_m2) AS area_m2,
      bool_and(2 * area_m2 / nullif(perimeter_m, 0) < ${SLIVER_WIDTH_M}
        OR ST_Covers(d.edge_band, ST_Transform(geom, ${c.srid}::int))) AS minor,
      ${geoJson(sql`ST_Multi(ST_Collect(geom))`)} AS geometry
    FROM measured, d WHERE area_m2 > ${MIN_AREA_M2}
    GROUP BY code, name`.execute(db);
  return rows.map((r) => {
    const size = area(r.area_m2);
    return {
      severity: r.minor ? 'warning' : 'error',
      codes: [r.code],
      message: r.minor
        ? {
            zh: `${r.name}有 ${size} 超出区县界（细条或在区县界 ${DISTRICT_TOLERANCE_M} m 以内，可能是区县界精度所致）`,
            en: `${r.name} reaches ${size} beyond the district outline (slivers or within ${DISTRICT_TOLERANCE_M} m of it: the outline may be too coarse)`,
          }
        : {
            zh: `${r.name}有 ${size} 超出区县界`,
            en: `${r.name} reaches ${size} beyond the district outline`,
          },
      areaM2: r.area_m2,
      geometry: r.geometry,
    };
  });
}

/** Villages (error) and place-name label points (warning) that are not inside their own town. */
async function outsideOwnTown(db: Database, c: Context): Promise<Found[]> {
  const { rows } = await sql<{
    kind: 'village' | 'place_name';
    code: string;
    name: string;
    town_code: string;
    town_name: string;
    distance_m: number;
    in_code: string | null;
    in_name: string | null;
    geometry: Geometry;
  }>`WITH outside AS (
      SELECT 'village' AS kind, v.code, v.name, t.code AS town_code, t.name AS town_name, v.geom AS point, t.geom AS town
      FROM villages v JOIN towns t ON t.code = v.town_code
      WHERE t.district_code = ${c.code} AND NOT ST_Covers(t.geom, v.geom)
      UNION ALL
      SELECT 'place_name', p.code, p.name, t.code, t.name, p.label_point, t.geom
      FROM place_names p JOIN towns t ON t.code = p.town_code
      WHERE t.district_code = ${c.code} AND NOT ST_Covers(t.geom, p.label_point))
    SELECT o.kind, o.code, o.name, o.town_code, o.town_name,
      ST_Distance(o.point::geography, o.town::geography) AS distance_m, inside.code AS in_code, inside.name AS in_name,
      ${geoJson(sql`o.point`)} AS geometry
    FROM outside o
    LEFT JOIN LATERAL (SELECT code, name FROM towns WHERE ST_Covers(geom, o.point) ORDER BY code LIMIT 1) inside ON true`.execute(
    db,
  );
  return rows.map((r) => {
    const far = distance(r.distance_m);
    const where = r.in_name
      ? { zh: `，位于${r.in_name}`, en: `, in ${r.in_name}` }
      : { zh: '，不在任何镇街内', en: ', in no town' };
    const what =
      r.kind === 'village' ? { zh: '村（社区）', en: 'Village' } : { zh: '地名', en: 'Place name' };
    return {
      severity: r.kind === 'village' ? 'error' : 'warning',
      codes: [r.code, r.town_code, ...(r.in_code ? [r.in_code] : [])],
      message: {
        zh: `${what.zh}“${r.name}”在所属${r.town_name}之外 ${far}${where.zh}`,
        en: `${what.en} ${r.name} lies ${far} outside its town ${r.town_name}${where.en}`,
      },
      distanceM: r.distance_m,
      geometry: r.geometry,
    };
  });
}

/** 统计用区划代码 nest: a village's 12 digits start with its town's 9, a town's with the district's 6. */
async function codesNotNested(db: Database, c: Context): Promise<Found[]> {
  const { rows } = await sql<{
    kind: 'village' | 'town';
    code: string;
    name: string;
    parent_code: string;
    parent_name: string;
    district_mismatch: boolean;
    geometry: Geometry;
  }>`SELECT 'village' AS kind, v.code, v.name, t.code AS parent_code, t.name AS parent_name,
      v.district_code <> t.district_code AS district_mismatch, ${geoJson(sql`v.geom`)} AS geometry
    FROM villages v JOIN towns t ON t.code = v.town_code
    WHERE (t.district_code = ${c.code} OR v.district_code = ${c.code})
      AND (left(v.code, 9) <> t.code OR v.district_code <> t.district_code)
    UNION ALL
    SELECT 'town', t.code, t.name, t.district_code, ${c.name}, false, ${geoJson(sql`t.geom`)}
    FROM towns t WHERE t.district_code = ${c.code} AND left(t.code, 6) <> t.district_code
    ORDER BY 2`.execute(db);
  return rows.map((r) => ({
    severity: 'error',
    codes: [r.code, r.parent_code],
    message:
      r.kind === 'town'
        ? {
            zh: `镇街“${r.name}”的代码 ${r.code} 不以区县代码 ${r.parent_code} 开头`,
            en: `Town ${r.name}: code ${r.code} does not start with the district code ${r.parent_code}`,
          }
        : r.code.slice(0, 9) !== r.parent_code
          ? {
              zh: `村（社区）“${r.name}”的代码 ${r.code} 不以所属${r.parent_name}的代码 ${r.parent_code} 开头`,
              en: `Village ${r.name}: code ${r.code} does not start with its town ${r.parent_name}'s code ${r.parent_code}`,
            }
          : {
              zh: `村（社区）“${r.name}”所记区县与所属${r.parent_name}的区县不一致`,
              en: `Village ${r.name} names another district than its town ${r.parent_name}`,
            },
    geometry: r.geometry,
  }));
}

/** The same name twice among towns of the district, villages of a town or place names of a town. */
async function duplicateNames(db: Database, c: Context): Promise<Found[]> {
  const { rows } = await sql<{
    kind: 'town' | 'village' | 'place_name';
    scope_code: string;
    scope_name: string;
    name: string;
    codes: string[];
    geometry: Geometry;
  }>`SELECT 'town' AS kind, ${c.code} AS scope_code, ${c.name} AS scope_name, name,
      array_agg(code ORDER BY code) AS codes, ${geoJson(sql`ST_Collect(seat)`)} AS geometry
    FROM towns WHERE district_code = ${c.code} GROUP BY name HAVING count(*) > 1
    UNION ALL
    SELECT 'village', t.code, t.name, v.name, array_agg(v.code ORDER BY v.code), ${geoJson(sql`ST_Collect(v.geom)`)}
    FROM villages v JOIN towns t ON t.code = v.town_code
    WHERE t.district_code = ${c.code} GROUP BY t.code, t.name, v.name HAVING count(*) > 1
    UNION ALL
    SELECT 'place_name', t.code, t.name, p.name, array_agg(p.code ORDER BY p.code), ${geoJson(sql`ST_Collect(p.label_point)`)}
    FROM place_names p JOIN towns t ON t.code = p.town_code
    WHERE t.district_code = ${c.code} GROUP BY t.code, t.name, p.name HAVING count(*) > 1`.execute(db);
  const what = {
    town: { zh: '镇街', en: 'towns' },
    village: { zh: '村（社区）', en: 'villages' },
    place_name: { zh: '地名', en: 'place names' },
  };
  return rows.map((r) => ({
    severity: 'warning',
    codes: r.codes,
    message: {
      zh: `${r.scope_name}内有 ${r.codes.length} 个${what[r.kind].zh}同名“${r.name}”`,
      en: `${r.codes.length} ${what[r.kind].en} in ${r.scope_name} are all named ${r.name}`,
    },
    geometry: r.geometry,
    anchor: r.kind,
  }));
}

/**
 * Marker numbers on a line: live markers cannot repeat a number (unique index), but the schema lets
 * one 3-digit number carry letters of different kinds, e.g. 012Q beside 012A — two markers with one
 * number. A same-number pair (A/B) or triple (C/D/E) is one kind, and fine.
 */
async function duplicateMarkerNumbers(db: Database, c: Context): Promise<Found[]> {
  const { rows } = await sql<{ line_code: string; digits: string; numbers: string[]; geometry: Geometry }>`
    SELECT l.code AS line_code, left(m.number, 3) AS digits, array_agg(m.number ORDER BY m.number) AS numbers,
      ${geoJson(sql`ST_Collect(m.geom)`)} AS geometry
    FROM boundary_markers m JOIN boundary_lines l ON l.id = m.line_id
    WHERE l.district_code = ${c.code} AND l.deleted_at IS NULL AND m.deleted_at IS NULL
    GROUP BY l.code, left(m.number, 3)
    HAVING count(DISTINCT m.marker_type) > 1 OR count(*) > count(DISTINCT m.number)`.execute(db);
  return rows.map((r) => ({
    severity: 'warning',
    codes: [...r.numbers.map((n) => `${r.line_code}#${n}`), r.line_code],
    message: {
      zh: `界线 ${r.line_code} 上编号 ${r.digits} 重复使用：${zhList(r.numbers)}`,
      en: `Line ${r.line_code} uses number ${r.digits} twice: ${enList(r.numbers)}`,
    },
    geometry: r.geometry,
  }));
}

/**
 * Township lines between two towns of the district against the edge those towns share (the part of
 * one town's boundary within TOUCH_M of the other), in UTM metres, both ways: a line that leaves the
 * edge by more than LINE_EDGE_TOLERANCE_M is an error; an edge with stretches no line of the pair
 * follows is a warning (the line is incomplete); towns that do not touch at all are an error. The
 * distance is the larger of the two (the Hausdorff distance, measured at vertices). Where: the
 * stretches of line off the edge and of edge without line, or the whole line.
 */
async function linesOffEdge(db: Database, c: Context): Promise<Found[]> {
  const { rows } = await sql<{
    codes: string[];
    a_code: string;
    b_code: string;
    a_name: string;
    b_name: string;
    stray_m: number | null;
    missing_m: number | null;
    missing_length_m: number | null;
    geometry: Geometry;
  }>`WITH lines AS (
      SELECT least(l.left_unit_code, l.right_unit_code) AS a, greatest(l.left_unit_code, l.right_unit_code) AS b,
        array_agg(l.code ORDER BY l.code) AS codes, ST_Transform(ST_Union(l.geom), ${c.srid}::int) AS line
      FROM boundary_lines l WHERE l.district_code = ${c.code} AND l.deleted_at IS NULL
      GROUP BY 1, 2),
    towns_utm AS MATERIALIZED (
      SELECT code, name, ST_Boundary(ST_Transform(geom, ${c.srid}::int)) AS boundary,
        ST_Buffer(ST_Transform(geom, ${c.srid}::int), ${TOUCH_M}::float8) AS grown
      FROM towns WHERE district_code = ${c.code} AND code IN (SELECT a FROM lines UNION SELECT b FROM lines)),
    edged AS MATERIALIZED (
      SELECT lines.*, ta.name AS a_name, tb.name AS b_name,
        ST_CollectionExtract(ST_Intersection(ta.boundary, tb.grown), 2) AS edge
      FROM lines JOIN towns_utm ta ON ta.code = lines.a JOIN towns_utm tb ON tb.code = lines.b),
    -- Directed Hausdorff distance X→Y is the Hausdorff distance between X ∪ Y and Y.
    measured AS (
      SELECT *,
        CASE WHEN NOT ST_IsEmpty(edge) THEN ST_HausdorffDistance(ST_Collect(line, edge), edge) END AS stray_m,
        CASE WHEN NOT ST_IsEmpty(edge) THEN ST_HausdorffDistance(ST_Collect(edge, line), line) END AS missing_m,
        ST_Difference(line, ST_Buffer(edge, ${LINE_EDGE_TOLERANCE_M}::float8)) AS off_edge,
        ST_Difference(edge, ST_Buffer(line, ${LINE_EDGE_TOLERANCE_M}::float8)) AS without_line
      FROM edged)
    SELECT codes, a AS a_code, b AS b_code, a_name, b_name, stray_m, missing_m,
      ST_Length(without_line) AS missing_length_m,
      ${geoJson(sql`ST_Transform(CASE WHEN stray_m IS NULL THEN line ELSE coalesce(nullif(
        ST_CollectionExtract(ST_Collect(off_edge, without_line), 2), 'MULTILINESTRING EMPTY'), line) END, 4326)`)} AS geometry
    FROM measured
    WHERE stray_m IS NULL OR stray_m > ${LINE_EDGE_TOLERANCE_M} OR missing_m > ${LINE_EDGE_TOLERANCE_M}`.execute(
    db,
  );
  return rows.map((r) => {
    const zhLines = zhList(r.codes);
    const enLines = enList(r.codes);
    const pair = { zh: `${r.a_name}与${r.b_name}`, en: `${r.a_name} and ${r.b_name}` };
    const codes = [...r.codes, r.a_code, r.b_code];
    if (r.stray_m === null)
      return {
        severity: 'error' as const,
        codes,
        message: {
          zh: `界线 ${zhLines} 所分隔的${pair.zh}并不相邻`,
          en: `Line ${enLines} separates ${pair.en}, which do not touch`,
        },
        geometry: r.geometry,
      };
    const distanceM = Math.max(r.stray_m, r.missing_m ?? 0);
    if (r.stray_m > LINE_EDGE_TOLERANCE_M)
      return {
        severity: 'error' as const,
        codes,
        message: {
          zh: `界线 ${zhLines} 偏离${pair.zh}的共同边界，最远 ${distance(r.stray_m)}`,
          en: `Line ${enLines} strays up to ${distance(r.stray_m)} from the edge ${pair.en} share`,
        },
        distanceM,
        geometry: r.geometry,
      };
    const missing = distance(r.missing_length_m ?? 0);
    return {
      severity: 'warning' as const,
      codes,
      message: {
        zh: `${pair.zh}的共同边界有 ${missing} 未被界线 ${zhLines} 覆盖（距界线最远 ${distance(distanceM)}）`,
        en: `${missing} of the edge ${pair.en} share is not followed by line ${enLines} (up to ${distance(distanceM)} from it)`,
      },
      distanceM,
      geometry: r.geometry,
    };
  });
}

/** Live markers farther than MARKER_MAX_DISTANCE_M from their line (the boundary editor's rule). */
async function markersOffLine(db: Database, c: Context): Promise<Found[]> {
  const { rows } = await sql<{
    line_code: string;
    number: string;
    exception: boolean;
    distance_m: number;
    geometry: Geometry;
  }>`SELECT l.code AS line_code, m.number, m.off_line_exception AS exception,
      ST_Distance(m.geom::geography, l.geom::geography) AS distance_m, ${geoJson(sql`m.geom`)} AS geometry
    FROM boundary_markers m JOIN boundary_lines l ON l.id = m.line_id
    WHERE l.district_code = ${c.code} AND l.deleted_at IS NULL AND m.deleted_at IS NULL
      AND NOT ST_DWithin(m.geom::geography, l.geom::geography, ${MARKER_MAX_DISTANCE_M})`.execute(db);
  return rows.map((r) => {
    const far = distance(r.distance_m);
    return {
      severity: r.exception ? 'info' : 'error',
      codes: [`${r.line_code}#${r.number}`, r.line_code],
      message: r.exception
        ? {
            zh: `界桩 ${r.number} 距界线 ${r.line_code} ${far}（已登记为允许偏离）`,
            en: `Marker ${r.number} stands ${far} from line ${r.line_code} (a recorded exception)`,
          }
        : {
            zh: `界桩 ${r.number} 距界线 ${r.line_code} ${far}，超过 ${MARKER_MAX_DISTANCE_M} m`,
            en: `Marker ${r.number} stands ${far} from line ${r.line_code}, more than ${MARKER_MAX_DISTANCE_M} m`,
          },
      distanceM: r.distance_m,
      geometry: r.geometry,
    };
  });
}

const RUNS: Record<QualityCheck, (db: Database, c: Context) => Promise<Found[]>> = {
  town_gap: townGaps,
  town_overlap: townOverlaps,
  town_outside_district: townsOutsideDistrict,
  outside_own_town: outsideOwnTown,
  code_not_nested: codesNotNested,
  duplicate_name: duplicateNames,
  duplicate_marker_number: duplicateMarkerNumbers,
  line_off_edge: linesOffEdge,
  marker_off_line: markersOffLine,
};

const rank = (severity: Severity) => SEVERITIES.indexOf(severity);
const measure = (p: Pick<Found, 'areaM2' | 'distanceM'>) => p.areaM2 ?? p.distanceM ?? 0;
const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * Runs every check on one district through `db` (the app's Kysely or a transaction). Problems come
 * most serious first, then in QUALITY_CHECKS order, then largest first; at most
 * MAX_LISTED_PER_CHECK per check are listed, all are counted. Throws 404 for an unknown district.
 */
export async function checkQuality(db: Database, district: string): Promise<QualityReport> {
  const started = performance.now();
  // PostGIS functions carry high cost estimates, so PostgreSQL JIT-compiles these small queries:
  // ~400 ms of compiling per statement for ~20 ms of work. JIT is turned off for this check only:
  // in the caller's transaction (and set back afterwards), or in a read-only transaction of our own
  // that also gives every check the same snapshot.
  if (db.isTransaction) {
    const { rows } = await sql<{ jit: string }>`SELECT current_setting('jit') AS jit,
      set_config('jit', 'off', true)`.execute(db);
    const report = await runChecks(db, district, started);
    await sql`SELECT set_config('jit', ${rows[0]!.jit}, true)`.execute(db);
    return report;
  }
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      await sql`SET LOCAL jit = off`.execute(trx);
      return runChecks(trx, district, started);
    });
}

async function runChecks(db: Database, district: string, started: number): Promise<QualityReport> {
  const { rows } = await sql<Context>`SELECT code, name,
      (CASE WHEN ST_Y(ST_Centroid(outline)) >= 0 THEN 32600 ELSE 32700 END
        + floor((ST_X(ST_Centroid(outline)) + 180) / 6)::int + 1) AS srid
    FROM districts WHERE code = ${district}`.execute(db);
  const context = rows[0];
  if (!context) throw notFound(`district ${district}`);

  const problems: QualityProblem[] = [];
  const checks: QualityReport['checks'] = [];
  const counts = { error: 0, warning: 0, info: 0 };
  for (const check of QUALITY_CHECKS) {
    const checkStarted = performance.now();
    const found = (await RUNS[check](db, context)).sort(
      (x, y) => rank(x.severity) - rank(y.severity) || measure(y) - measure(x),
    );
    const tally = { error: 0, warning: 0, info: 0 };
    const ids = new Set<string>();
    for (const [index, f] of found.entries()) {
      tally[f.severity] += 1;
      if (index >= MAX_LISTED_PER_CHECK) continue;
      const base = [check, f.codes.join('+'), f.anchor].filter(Boolean).join(':');
      let id = base;
      for (let n = 2; ids.has(id); n++) id = `${base}~${n}`;
      ids.add(id);
      problems.push({
        id,
        check,
        severity: f.severity,
        codes: f.codes,
        message: f.message,
        ...(f.areaM2 === undefined ? {} : { areaM2: round1(f.areaM2) }),
        ...(f.distanceM === undefined ? {} : { distanceM: round1(f.distanceM) }),
        geometry: f.geometry,
      });
    }
    for (const s of SEVERITIES) counts[s] += tally[s];
    checks.push({
      check,
      ...tally,
      total: found.length,
      listed: Math.min(found.length, MAX_LISTED_PER_CHECK),
      durationMs: Math.round(performance.now() - checkStarted),
    });
  }
  problems.sort(
    (x, y) =>
      rank(x.severity) - rank(y.severity) ||
      QUALITY_CHECKS.indexOf(x.check) - QUALITY_CHECKS.indexOf(y.check) ||
      measure(y) - measure(x),
  );
  return {
    district: { code: context.code, name: context.name },
    checkedAt: new Date().toISOString(),
    durationMs: Math.round(performance.now() - started),
    counts,
    checks,
    thresholds: {
      minAreaM2: MIN_AREA_M2,
      sliverWidthM: SLIVER_WIDTH_M,
      outlineToleranceM: DISTRICT_TOLERANCE_M,
      lineEdgeToleranceM: LINE_EDGE_TOLERANCE_M,
      markerMaxDistanceM: MARKER_MAX_DISTANCE_M,
    },
    problems,
  };
}
