// Shared setup for the boundary API tests: a fresh line (with its own code) inside a real district,
// built from the district's own geometry so the tests do not depend on the demo data's lines.
import { sql } from 'kysely';
import { beforeAll } from 'vitest';
import type { App } from '../../server/app.ts';
import { useTestApp } from '../helpers/app.ts';
import { FROM_APP, signIn } from '../helpers/auth.ts';

export interface Place {
  district: string;
  /** A point well inside the district. */
  lon: number;
  lat: number;
}

export async function placeInDistrict(app: App): Promise<Place> {
  const { rows } = await sql<{ code: string; lon: number; lat: number }>`
    SELECT code, ST_X(ST_PointOnSurface(outline)) AS lon, ST_Y(ST_PointOnSurface(outline)) AS lat
    FROM districts ORDER BY code LIMIT 1`.execute(app.db);
  const row = rows[0];
  if (!row) throw new Error('no district in the test database: run `npx tsx scripts/db.ts reset`');
  return { district: row.code, lon: row.lon, lat: row.lat };
}

let counter = 0;
export const uniqueCode = (prefix: string) =>
  `${prefix}-${process.pid}-${Date.now().toString(36)}-${++counter}`;

/** A valid new line: ~1 km east–west through the given point. */
export function lineBody(place: Place, overrides: Record<string, unknown> = {}) {
  return {
    code: uniqueCode('T'),
    name: '测试甲镇—测试乙镇线',
    level: 'township',
    districtCode: place.district,
    leftUnitCode: 'A-unit',
    leftUnitName: '测试甲镇',
    rightUnitCode: 'B-unit',
    rightUnitName: '测试乙镇',
    status: 'delimiting',
    geometry: {
      type: 'LineString',
      coordinates: [
        [place.lon - 0.005, place.lat],
        [place.lon + 0.005, place.lat],
      ],
    },
    ...overrides,
  };
}

/** A valid new marker on `lineId`, `northM` metres north of the line's midpoint. */
export function markerBody(
  place: Place,
  lineId: number,
  overrides: Record<string, unknown> = {},
  northM = 5,
) {
  return {
    lineId,
    number: '001Q',
    markerType: 'single',
    material: 'granite',
    condition: 'intact',
    geometry: { type: 'Point', coordinates: [place.lon, place.lat + northM / 111_320] },
    ...overrides,
  };
}

export function json(
  method: string,
  url: string,
  cookie: string | undefined,
  payload?: unknown,
  headers: Record<string, string> = {},
) {
  return {
    method: method as 'POST',
    url,
    headers: { ...(cookie ? { cookie, ...FROM_APP } : {}), 'content-type': 'application/json', ...headers },
    payload: JSON.stringify(payload ?? {}),
  };
}

/** The test app with a boundary editor's and a viewer's session and a place in a district, set up in beforeAll. */
export function boundaryTestApp() {
  // biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
  const ctx = useTestApp();
  const setup = { ctx, editor: '', viewer: '', place: { district: '', lon: 0, lat: 0 } as Place };
  beforeAll(async () => {
    setup.editor = await signIn(ctx.app, 'boundary_editor');
    setup.viewer = await signIn(ctx.app, 'viewer');
    setup.place = await placeInDistrict(ctx.app);
  });
  return setup;
}
