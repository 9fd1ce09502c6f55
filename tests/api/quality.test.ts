// The data-quality check on the real demo database. The clean districts go through GET /api/quality
// and are compared with what turf finds in the same data; the defects are made for real inside a
// REPEATABLE READ transaction that is always rolled back (other test files share the database and
// never see them): checkQuality(trx, …) before and after the change, and the new problems must be
// the defect, with codes and areas/distances that turf computes independently from the geometries.
import * as turf from '@turf/turf';
import type { Feature, LineString, MultiLineString, MultiPolygon, Point, Polygon, Position } from 'geojson';
import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../server/db/schema.ts';
import { MARKER_MAX_DISTANCE_M } from '../../server/modules/boundaries/validation.ts';
import {
  checkQuality,
  LINE_EDGE_TOLERANCE_M,
  MIN_AREA_M2,
  type QualityProblem,
} from '../../server/modules/quality/quality.repository.ts';
import { useTestApp } from '../helpers/app.ts';
import { signIn } from '../helpers/auth.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useTestApp();
const DAZU = '500111';
let viewer = '';

beforeAll(async () => {
  viewer = await signIn(ctx.app, 'viewer');
});

type Area = Polygon | MultiPolygon;
type Lines = LineString | MultiLineString;

/** Runs `work` in a REPEATABLE READ transaction and always rolls it back. */
async function rolledBack<T>(work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  const trx = await ctx.app.db.startTransaction().setIsolationLevel('repeatable read').execute();
  try {
    return await work(trx);
  } finally {
    await trx.rollback().execute();
  }
}

/** The problems `change` adds to the district's report (ids are stable, so a set difference). */
async function added(trx: Transaction<DB>, change: () => Promise<unknown>, district = DAZU) {
  const before = new Set((await checkQuality(trx, district)).problems.map((p) => p.id));
  await change();
  const report = await checkQuality(trx, district);
  return { report, added: report.problems.filter((p) => !before.has(p.id)) };
}

async function one<T>(db: Kysely<DB>, query: RawBuilder<T>): Promise<T> {
  const { rows } = await query.execute(db);
  if (!rows[0]) throw new Error('the demo data has no row for this test: run `npx tsx scripts/db.ts reset`');
  return rows[0];
}

const feature = <G extends GeoJSON.Geometry>(geometry: G): Feature<G> => ({
  type: 'Feature',
  properties: {},
  geometry,
});

/** Every LineString of a line or of a polygon's rings. */
function linesOf(geometry: Lines | Area): Position[][] {
  switch (geometry.type) {
    case 'LineString':
      return [geometry.coordinates];
    case 'MultiLineString':
    case 'Polygon':
      return geometry.coordinates;
    case 'MultiPolygon':
      return geometry.coordinates.flat();
  }
}

/** Metres from a point to the nearest part of a line or polygon boundary (turf, on the sphere). */
function metresTo(point: Position, geometry: Lines | Area): number {
  return Math.min(
    ...linesOf(geometry).map((coordinates) =>
      turf.pointToLineDistance(turf.point(point), turf.lineString(coordinates), { units: 'meters' }),
    ),
  );
}

function intersectionM2(a: Area, b: Area): number {
  const shared = turf.intersect(turf.featureCollection([feature(a), feature(b)]));
  return shared ? turf.area(shared) : 0;
}

const near = (actual: number | undefined, expected: number, relative = 0.01, absolute = 1) => {
  expect(actual).toBeDefined();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(expected * relative + absolute);
};

const only = (problems: QualityProblem[], check: QualityProblem['check']) =>
  problems.filter((p) => p.check === check);

describe('GET /api/quality', () => {
  it('is for signed-in staff, checks the district code and knows its districts', async () => {
    const anonymous = await ctx.app.inject({ url: `/api/quality?district=${DAZU}` });
    expect(anonymous.statusCode).toBe(401);
    const bad = await ctx.app.inject({ url: '/api/quality?district=5001', headers: { cookie: viewer } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('query.district');
    const missing = await ctx.app.inject({ url: '/api/quality', headers: { cookie: viewer } });
    expect(missing.statusCode).toBe(400);
    const unknown = await ctx.app.inject({
      url: '/api/quality?district=000000',
      headers: { cookie: viewer },
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('not_found');
  });

  // Yubei and Xiushan: no other test file writes there, so the committed demo data is all there is.
  for (const district of ['500112', '500241']) {
    it(`finds in ${district} exactly what turf finds in the same data`, async () => {
      const response = await ctx.app.inject({
        url: `/api/quality?district=${district}`,
        headers: { cookie: viewer },
      });
      expect(response.statusCode).toBe(200);
      const report = response.json() as Awaited<ReturnType<typeof checkQuality>>;
      expect(report.district.code).toBe(district);
      const total = (check: string) => report.checks.find((c) => c.check === check)?.total;

      const db = ctx.app.db;
      const outline = (
        await one(
          db,
          sql<{ g: Area }>`SELECT ST_AsGeoJSON(outline)::json AS g FROM districts WHERE code = ${district}`,
        )
      ).g;
      const { rows: towns } = await sql<{ code: string; g: Area }>`
        SELECT code, ST_AsGeoJSON(geom)::json AS g FROM towns WHERE district_code = ${district} ORDER BY code`.execute(
        db,
      );
      const town = new Map(towns.map((t) => [t.code, t.g]));

      // Gaps and overlaps: the demo's towns tile the outline up to rounding, in pieces below the
      // threshold; the union is smaller than the sum of areas by less than the threshold.
      const union = turf.union(turf.featureCollection(towns.map((t) => feature(t.g))))!;
      const gaps = turf.difference(turf.featureCollection([feature(outline), union]));
      const gapPieces = gaps ? turf.flatten(gaps).features.map((f) => turf.area(f)) : [];
      expect(total('town_gap')).toBe(gapPieces.filter((m2) => m2 > MIN_AREA_M2).length);
      const overlapM2 = towns.reduce((sum, t) => sum + turf.area(t.g), 0) - turf.area(union);
      expect(overlapM2).toBeLessThan(MIN_AREA_M2);
      expect(total('town_overlap')).toBe(0);
      const spill = turf.difference(turf.featureCollection([union, feature(outline)]));
      const spillPieces = spill ? turf.flatten(spill).features.map((f) => turf.area(f)) : [];
      expect(total('town_outside_district')).toBe(spillPieces.filter((m2) => m2 > MIN_AREA_M2).length);

      // Villages in their town; codes nest.
      const { rows: villages } = await sql<{ code: string; town_code: string; g: Point }>`
        SELECT code, town_code, ST_AsGeoJSON(geom)::json AS g FROM villages WHERE district_code = ${district}`.execute(
        db,
      );
      const strays = villages.filter(
        (v) =>
          !turf.booleanPointInPolygon(v.g.coordinates, town.get(v.town_code)!, { ignoreBoundary: false }),
      );
      expect(only(report.problems, 'outside_own_town').map((p) => p.codes[0])).toEqual(
        strays.map((v) => v.code),
      );
      const unnested = [
        ...villages.filter((v) => !v.code.startsWith(v.town_code)).map((v) => v.code),
        ...towns.filter((t) => !t.code.startsWith(district)).map((t) => t.code),
      ];
      expect(total('code_not_nested')).toBe(unnested.length);

      // Markers within 50 m of their line.
      const { rows: markers } = await sql<{ g: Point; line: Lines }>`
        SELECT ST_AsGeoJSON(m.geom)::json AS g, ST_AsGeoJSON(l.geom)::json AS line
        FROM boundary_markers m JOIN boundary_lines l ON l.id = m.line_id
        WHERE l.district_code = ${district} AND m.deleted_at IS NULL AND l.deleted_at IS NULL`.execute(db);
      expect(markers.length).toBeGreaterThan(50);
      const far = markers.filter((m) => metresTo(m.g.coordinates, m.line) > MARKER_MAX_DISTANCE_M);
      expect(total('marker_off_line')).toBe(far.length);

      // Lines against the edge their towns share: the towns share vertices exactly, so the edge is
      // the vertices both rings have. A shared vertex far from every line of the pair means a stretch
      // of edge the line does not follow (the demo generator drops short second contacts).
      const { rows: lines } = await sql<{ code: string; a: string; b: string; g: Lines }>`
        SELECT code, left_unit_code AS a, right_unit_code AS b, ST_AsGeoJSON(geom)::json AS g
        FROM boundary_lines WHERE district_code = ${district} AND deleted_at IS NULL`.execute(db);
      const expected = new Map<string, number>();
      for (const line of lines) {
        const vertices = (g: Area) =>
          new Set(
            linesOf(g)
              .flat()
              .map((p) => p.join(',')),
          );
        const inB = vertices(town.get(line.b)!);
        const shared = [...vertices(town.get(line.a)!)]
          .filter((k) => inB.has(k))
          .map((k) => k.split(',').map(Number));
        expect(shared.length, `${line.code}: its towns share an edge`).toBeGreaterThan(1);
        const offEdge = Math.max(
          ...linesOf(line.g)
            .flat()
            .map((p) => metresTo(p, town.get(line.b)!)),
        );
        const uncovered = Math.max(...shared.map((p) => metresTo(p, line.g)));
        if (Math.max(offEdge, uncovered) > LINE_EDGE_TOLERANCE_M) expected.set(line.code, uncovered);
        expect(offEdge, `${line.code} runs on its towns' edge`).toBeLessThan(LINE_EDGE_TOLERANCE_M);
      }
      const lineProblems = only(report.problems, 'line_off_edge');
      expect(lineProblems.map((p) => p.codes[0]).sort()).toEqual([...expected.keys()].sort());
      for (const p of lineProblems) {
        expect(p.severity).toBe('warning'); // only part of the edge lacks a line: the line itself is right
        near(p.distanceM, expected.get(p.codes[0]!)!, 0.01, 3);
      }
      expect(report.counts.error).toBe(0);
      expect(report.problems.length).toBe(report.counts.error + report.counts.warning + report.counts.info);
    });
  }
});

describe('defects made in a rolled-back transaction are found', () => {
  /** A town of Dazu at least 1 km inside the outline, with its neighbours (towns it shares an edge with). */
  async function interiorTown(trx: Transaction<DB>) {
    return one(
      trx,
      sql<{ code: string; name: string; g: Area; neighbours: string[] }>`
        SELECT t.code, t.name, ST_AsGeoJSON(t.geom)::json AS g,
          ARRAY(SELECT n.code FROM towns n WHERE n.district_code = t.district_code AND n.code <> t.code
            AND ST_Length(ST_CollectionExtract(ST_Intersection(ST_Boundary(n.geom), ST_Boundary(t.geom)), 2)) > 0
            ORDER BY n.code) AS neighbours
        FROM towns t JOIN districts d ON d.code = t.district_code
        WHERE t.district_code = ${DAZU}
          AND ST_CoveredBy(ST_Buffer(t.geom::geography, 1000)::geometry, d.outline)
        ORDER BY ST_Area(t.geom) LIMIT 1`,
    );
  }

  it('two towns that overlap: one error per neighbour, with the area turf measures', async () => {
    await rolledBack(async (trx) => {
      const town = await interiorTown(trx);
      const { rows: before } = await sql<{ code: string; g: Area }>`
        SELECT code, ST_AsGeoJSON(geom)::json AS g FROM towns WHERE code = ANY(${town.neighbours})`.execute(
        trx,
      );
      const { added: problems } = await added(trx, () =>
        sql`UPDATE towns SET geom = ST_Multi(ST_Buffer(geom::geography, 150)::geometry) WHERE code = ${town.code}`.execute(
          trx,
        ),
      );
      const grown = (
        await one(
          trx,
          sql<{ g: Area }>`SELECT ST_AsGeoJSON(geom)::json AS g FROM towns WHERE code = ${town.code}`,
        )
      ).g;
      const overlaps = only(problems, 'town_overlap');
      const expected = before
        .map((n) => ({ code: n.code, m2: intersectionM2(grown, n.g) }))
        .filter((n) => n.m2 > MIN_AREA_M2);
      expect(expected.length).toBeGreaterThan(1);
      expect(overlaps.map((p) => p.codes.find((c) => c !== town.code)).sort()).toEqual(
        expected.map((n) => n.code).sort(),
      );
      for (const n of expected) {
        const problem = overlaps.find((p) => p.codes.includes(n.code))!;
        expect(problem.severity).toBe('error');
        expect(problem.codes).toContain(town.code);
        near(problem.areaM2, n.m2, 0.01);
        near(turf.area(problem.geometry as Area), n.m2, 0.01); // the geometry is where it overlaps
      }
      // Growing into the neighbours moves the shared edges too; nothing else is new.
      expect(problems.filter((p) => !['town_overlap', 'line_off_edge'].includes(p.check))).toEqual([]);
    });
  });

  it('a hole cut at a shared edge: a gap between the two towns, with its area', async () => {
    await rolledBack(async (trx) => {
      const town = await interiorTown(trx);
      // The middle of the longest stretch of edge with one neighbour.
      const edge = await one(
        trx,
        sql<{ neighbour: string; lon: number; lat: number }>`
          SELECT n.code AS neighbour, ST_X(p) AS lon, ST_Y(p) AS lat FROM towns t, towns n,
            LATERAL (SELECT (ST_Dump(ST_LineMerge(ST_CollectionExtract(ST_Intersection(ST_Boundary(t.geom), ST_Boundary(n.geom)), 2)))).geom AS piece) s,
            LATERAL ST_LineInterpolatePoint(s.piece, 0.5) p
          WHERE t.code = ${town.code} AND n.code = ANY(${town.neighbours})
          ORDER BY ST_Length(s.piece::geography) DESC LIMIT 1`,
      );
      const disc = turf.circle([edge.lon, edge.lat], 0.15, { units: 'kilometers', steps: 128 });
      const { added: problems } = await added(trx, () =>
        sql`UPDATE towns SET geom = ST_Multi(ST_Difference(geom, ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(disc.geometry)}), 4326)))
          WHERE code = ${town.code}`.execute(trx),
      );
      const gaps = only(problems, 'town_gap');
      expect(gaps).toHaveLength(1);
      const gap = gaps[0]!;
      expect(gap.severity).toBe('error');
      expect(gap.codes).toEqual([town.code, edge.neighbour].sort());
      const expected = intersectionM2(disc.geometry, town.g); // about half the disc
      expect(expected).toBeGreaterThan(0.4 * turf.area(disc));
      near(gap.areaM2, expected, 0.01);
      near(turf.area(gap.geometry as Area), expected, 0.01);
      expect(turf.booleanPointInPolygon(turf.centroid(gap.geometry as Area), disc)).toBe(true);
    });
  });

  it('a village moved into the neighbouring town: outside its own town, by how far', async () => {
    await rolledBack(async (trx) => {
      const town = await interiorTown(trx);
      const target = await one(
        trx,
        sql<{ code: string; lon: number; lat: number }>`
          SELECT n.code, ST_X(ST_PointOnSurface(n.geom)) AS lon, ST_Y(ST_PointOnSurface(n.geom)) AS lat
          FROM towns n WHERE n.code = ${town.neighbours[0]!}`,
      );
      const village = await one(
        trx,
        sql<{ code: string }>`SELECT code FROM villages WHERE town_code = ${town.code} ORDER BY code LIMIT 1`,
      );
      const { added: problems } = await added(trx, () =>
        sql`UPDATE villages SET geom = ST_SetSRID(ST_MakePoint(${target.lon}, ${target.lat}), 4326) WHERE code = ${village.code}`.execute(
          trx,
        ),
      );
      expect(problems).toHaveLength(1);
      const [problem] = problems;
      expect(problem).toMatchObject({
        check: 'outside_own_town',
        severity: 'error',
        codes: [village.code, town.code, target.code],
      });
      const [lon, lat] = (problem!.geometry as Point).coordinates;
      expect(lon).toBeCloseTo(target.lon, 6);
      expect(lat).toBeCloseTo(target.lat, 6);
      near(problem!.distanceM, metresTo([target.lon, target.lat], town.g), 0.01);
    });
  });

  it('codes that do not nest: a village under another town, a town under another district', async () => {
    await rolledBack(async (trx) => {
      const town = await interiorTown(trx);
      const other = town.neighbours[0]!;
      const villageCode = `${other}987`;
      const townCode = '500112987';
      const { added: problems } = await added(trx, async () => {
        await sql`INSERT INTO villages (code, name, kind, town_code, district_code, geom, population, elderly_population,
            households, geom_origin, population_origin)
          SELECT ${villageCode}, '测试错码村', 'village', code, district_code, ST_PointOnSurface(geom), 10, 1, 4, 'manual', 'manual'
          FROM towns WHERE code = ${town.code}`.execute(trx);
        // A 3 m square inside the town: below the overlap threshold, so only its code is wrong.
        await sql`INSERT INTO towns (code, name, kind, district_code, geom, seat, geom_origin)
          SELECT ${townCode}, '测试错码镇', 'town', ${DAZU},
            ST_Multi(ST_Expand(ST_PointOnSurface(geom), 0.000015)), ST_PointOnSurface(geom), 'manual'
          FROM towns WHERE code = ${town.code}`.execute(trx);
      });
      const nesting = only(problems, 'code_not_nested');
      expect(nesting.map((p) => [p.severity, p.codes])).toEqual([
        ['error', [villageCode, town.code]],
        ['error', [townCode, DAZU]],
      ]);
      expect(nesting[0]!.message.en).toContain(town.code);
      expect(problems.filter((p) => p.severity === 'error')).toHaveLength(2);
    });
  });

  it('a marker pushed 80 m off its line: the 50 m rule of the boundary editor', async () => {
    await rolledBack(async (trx) => {
      const marker = await one(
        trx,
        sql<{ id: string; number: string; line_code: string; g: Point; line: Lines }>`
          SELECT m.id, m.number, l.code AS line_code, ST_AsGeoJSON(m.geom)::json AS g, ST_AsGeoJSON(l.geom)::json AS line
          FROM boundary_markers m JOIN boundary_lines l ON l.id = m.line_id
          WHERE l.district_code = ${DAZU} AND l.code LIKE '500111-L0%' AND l.code <> '500111-L001'
            AND l.origin = 'synthetic' AND m.deleted_at IS NULL AND NOT m.off_line_exception
          ORDER BY l.code DESC, m.number LIMIT 1`,
      );
      // 80 m at right angles to the line where the marker stands.
      const parts = linesOf(marker.line).map((c) => turf.lineString(c));
      const nearest = parts
        .map((part) => ({ part, at: turf.nearestPointOnLine(part, marker.g.coordinates) }))
        .sort((a, b) => a.at.properties.dist - b.at.properties.dist)[0]!;
      const i = Math.min(nearest.at.properties.index, nearest.part.geometry.coordinates.length - 2);
      const along = turf.bearing(
        nearest.part.geometry.coordinates[i]!,
        nearest.part.geometry.coordinates[i + 1]!,
      );
      const moved = turf.destination(marker.g.coordinates, 80, along + 90, { units: 'meters' }).geometry
        .coordinates;
      const expected = metresTo(moved, marker.line);
      expect(expected).toBeGreaterThan(70);
      const { added: problems } = await added(trx, () =>
        sql`UPDATE boundary_markers SET geom = ST_SetSRID(ST_MakePoint(${moved[0]!}, ${moved[1]!}), 4326) WHERE id = ${marker.id}`.execute(
          trx,
        ),
      );
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({
        check: 'marker_off_line',
        severity: 'error',
        codes: [`${marker.line_code}#${marker.number}`, marker.line_code],
      });
      near(problems[0]!.distanceM, expected, 0.01);

      // Marked as an allowed exception it is only information.
      await sql`UPDATE boundary_markers SET off_line_exception = true WHERE id = ${marker.id}`.execute(trx);
      const after = only((await checkQuality(trx, DAZU)).problems, 'marker_off_line').filter(
        (p) => p.codes[0] === `${marker.line_code}#${marker.number}`,
      );
      expect(after.map((p) => p.severity)).toEqual(['info']);
    });
  });

  it('a line bent away from its towns’ edge: an error with the distance turf measures', async () => {
    await rolledBack(async (trx) => {
      const line = await one(
        trx,
        sql<{ id: string; code: string; g: MultiLineString }>`
          SELECT id, code, ST_AsGeoJSON(geom)::json AS g FROM boundary_lines
          WHERE district_code = ${DAZU} AND origin = 'synthetic' AND code <> '500111-L001' AND deleted_at IS NULL
            AND ST_NumGeometries(geom) = 1 AND ST_NPoints(geom) >= 8
          ORDER BY code DESC LIMIT 1`,
      );
      const coordinates = line.g.coordinates[0]!;
      const middle = Math.floor(coordinates.length / 2);
      const bearing = turf.bearing(coordinates[middle - 1]!, coordinates[middle + 1]!);
      const bent = turf.destination(coordinates[middle]!, 120, bearing + 90, { units: 'meters' }).geometry
        .coordinates;
      const moved: MultiLineString = {
        type: 'MultiLineString',
        coordinates: [coordinates.map((c, i) => (i === middle ? bent : c))],
      };
      const expected = metresTo(bent, line.g); // the original line runs on the edge (within 2 m)
      expect(expected).toBeGreaterThan(60);
      const { added: problems } = await added(trx, () =>
        sql`UPDATE boundary_lines SET geom = ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(moved)}), 4326) WHERE id = ${line.id}`.execute(
          trx,
        ),
      );
      // Markers near the bent vertex may now stand off the line too; nothing else is new.
      expect(problems.filter((p) => p.check !== 'marker_off_line' || p.codes[1] !== line.code)).toHaveLength(
        1,
      );
      const [problem] = only(problems, 'line_off_edge');
      expect(problem).toMatchObject({ check: 'line_off_edge', severity: 'error' });
      expect(problem!.codes[0]).toBe(line.code);
      near(problem!.distanceM, expected, 0.01, 3);
      // Where: the bent stretch, near the moved vertex.
      expect(metresTo(bent, problem!.geometry as Lines)).toBeLessThan(5);
    });
  });

  it('names and marker numbers used twice where the schema allows it: warnings', async () => {
    await rolledBack(async (trx) => {
      const place = await one(
        trx,
        sql<{ code: string; name: string; town_code: string }>`
          SELECT p.code, p.name, p.town_code FROM place_names p JOIN towns t ON t.code = p.town_code
          WHERE t.district_code = ${DAZU} AND p.category = 'settlement' ORDER BY p.code LIMIT 1`,
      );
      const marker = await one(
        trx,
        sql<{ line_id: string; line_code: string; number: string }>`
          SELECT m.line_id, l.code AS line_code, m.number FROM boundary_markers m JOIN boundary_lines l ON l.id = m.line_id
          WHERE l.district_code = ${DAZU} AND l.origin = 'synthetic' AND l.code <> '500111-L001'
            AND m.marker_type = 'single' AND m.deleted_at IS NULL
          ORDER BY l.code DESC, m.number LIMIT 1`,
      );
      const pairNumber = `${marker.number.slice(0, 3)}A`;
      const { added: problems } = await added(trx, async () => {
        await sql`INSERT INTO place_names (code, name, pinyin, category, district_code, town_code, geom, label_point, source, origin)
          SELECT 'T-QA-DUP', name, pinyin, category, district_code, town_code, geom, label_point,
            'quality test', 'manual'
          FROM place_names WHERE code = ${place.code}`.execute(trx);
        await sql`INSERT INTO boundary_markers (line_id, number, marker_type, material, condition, geom, origin)
          SELECT line_id, ${pairNumber}, 'double', 'granite', 'intact', geom, 'manual'
          FROM boundary_markers WHERE line_id = ${marker.line_id} AND number = ${marker.number} AND deleted_at IS NULL`.execute(
          trx,
        );
      });
      expect(problems.map((p) => [p.check, p.severity, p.codes])).toEqual([
        ['duplicate_name', 'warning', [place.code, 'T-QA-DUP'].sort()],
        [
          'duplicate_marker_number',
          'warning',
          [`${marker.line_code}#${pairNumber}`, `${marker.line_code}#${marker.number}`, marker.line_code],
        ],
      ]);
      expect(problems[0]!.message.zh).toContain(place.name);
    });
  });
});
