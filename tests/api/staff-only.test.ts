// Staff-only fields (server/contract/staff-only.ts) never reach anonymous callers, on any read path.
// Records with secret values in every staff-only field are created first; then EVERY GET route in
// app.routeTable is called anonymously with parameters that return those records (a route without
// a URL below fails the test), and no body — JSON, CSV, GeoJSON or decoded vector tile — may carry
// a secret value or a staff-only field name on a record of its kind.
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader as Protobuf } from 'pbf';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_COLLECTIONS } from '../../server/contract/collections.ts';
import { isRecordKind, type RecordKind, STAFF_ONLY_FIELDS } from '../../server/contract/staff-only.ts';
import { COLLECTIONS } from '../../server/modules/features/collections.ts';
import { TILE_LAYERS } from '../../server/modules/tiles/tile-layers.ts';
import { useTestApp } from '../helpers/app.ts';
import { signIn } from '../helpers/auth.ts';
import { tileAt } from '../helpers/tiles.ts';
import { json, lineBody, markerBody, type Place, placeInDistrict } from './boundaries-helpers.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useTestApp();

const SECRET = 'ZZSECRET';
const PERSON_PHONE = '13900007777';
let place: Place;
let lineId: number;
let markerId: number;
let inspectionId: number;
let disputeId: number;
let placeNameId: string;
let facilityId: string;
let villageFiguresId: number;
let protectionListId: number;

beforeAll(async () => {
  const editor = await signIn(ctx.app, 'boundary_editor');
  place = await placeInDistrict(ctx.app);
  const create = async (url: string, body: unknown) => {
    const response = await ctx.app.inject(json('POST', url, editor, body));
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id as number;
  };
  lineId = await create('/api/boundary-lines', lineBody(place));
  markerId = await create(
    '/api/boundary-markers',
    markerBody(place, lineId, {
      responsibleSide: `${SECRET} 王五 ${PERSON_PHONE}`,
      note: `${SECRET} 桩旁农户 ${PERSON_PHONE}`,
    }),
  );
  inspectionId = await create('/api/inspections', {
    lineId,
    round: 1,
    status: 'in_progress',
    startDate: '2024-05-01',
    ourSidePeople: [{ name: `${SECRET}甲`, phone: PERSON_PHONE }],
    otherSidePeople: [{ name: `${SECRET}乙`, phone: PERSON_PHONE }],
    findings: [{ markerId, condition: 'intact', note: `${SECRET} 完好` }],
    surveyNotes: `${SECRET} 修测`,
    problems: `${SECRET} 问题`,
    settlement: `${SECRET} 处理`,
    report: `${SECRET} 报告`,
  });
  disputeId = await create('/api/disputes', {
    title: `${SECRET} 林地争议`,
    districtCode: place.district,
    lineId,
    parties: [{ name: `${SECRET}甲村` }, { name: `${SECRET}乙村` }],
    causeType: 'forest',
    cause: `${SECRET} 权属不清`,
    stage: 'negotiating',
    riskLevel: 'high',
    discoveredOn: '2024-01-10',
    resolution: `${SECRET} 调解`,
  });
  const names = await ctx.app.inject({
    method: 'GET',
    url: `/api/place-names/historical?district=${place.district}`,
  });
  placeNameId = String(JSON.stringify(names.json()).match(/"id":"?(\d+)/)?.[1]);
  const facilities = await ctx.app.inject({
    method: 'GET',
    url: `/api/collections/facilities/items?district=${place.district}&limit=1`,
  });
  facilityId = String(facilities.json().features[0].id);
  villageFiguresId = Number(
    (await ctx.app.db.selectFrom('village_figures').select('id').limit(1).executeTakeFirstOrThrow()).id,
  );
  protectionListId = Number(
    (await ctx.app.db.selectFrom('protection_lists').select('id').limit(1).executeTakeFirstOrThrow()).id,
  );
  // The versioned tile URLs TileJSON lists, now that the secrets are written.
  for (const { id } of TILE_LAYERS)
    tileTemplates[id] = (await ctx.app.inject({ method: 'GET', url: `/tiles/${id}.json` })).json().tiles[0];
});
const tileTemplates: Record<string, string> = {};

/** Concrete anonymous requests for every GET route; a route missing here fails the walk. */
function urlsFor(route: string): string[] | undefined {
  const d = place.district;
  const { lon, lat } = place;
  const bbox = `${lon - 0.01},${lat - 0.01},${lon + 0.01},${lat + 0.01}`;
  const tile = tileAt(lon, lat, 16);
  const kinds = [
    'boundary-lines',
    'boundary-markers',
    'inspections',
    'disputes',
    'facilities',
    'place-names',
    'village-figures',
  ];
  const ids: Record<string, number> = {
    'boundary-lines': lineId,
    'boundary-markers': markerId,
    inspections: inspectionId,
    disputes: disputeId,
    facilities: Number(facilityId),
    'place-names': Number(placeNameId),
    'village-figures': villageFiguresId,
  };
  const collections = COLLECTIONS.map((c) => c.id);
  const table: Record<string, string[]> = {
    '/api/collections/:collectionId': collections.map((c) => `/api/collections/${c}`),
    '/api/collections/:collectionId/items': [
      ...collections.map((c) => `/api/collections/${c}/items?district=${d}&bbox=${bbox}&limit=10000`),
      `/api/collections/boundary-markers/items?line=${lineId}`,
    ],
    '/api/collections/:collectionId/items/:featureId': [
      `/api/collections/boundary-markers/items/${markerId}`,
      `/api/collections/boundary-lines/items/${lineId}`,
      `/api/collections/facilities/items/${facilityId}`,
    ],
    '/api/boundaries/stats': [`/api/boundaries/stats?district=${d}`],
    '/api/boundaries/search': [`/api/boundaries/search?district=${d}&q=001`],
    '/api/offline-package': [`/api/offline-package?line=${lineId}`],
    '/api/photos/:id': ['/api/photos/1'],
    '/api/photos/:id/thumbnail': ['/api/photos/1/thumbnail'],
    '/api/place-names/search': [`/api/place-names/search?q=${encodeURIComponent('镇')}&district=${d}`],
    '/api/place-names/historical': [`/api/place-names/historical?district=${d}`],
    '/api/place-names/at': [`/api/place-names/at?lon=${lon}&lat=${lat}`],
    '/api/place-names/:id': [`/api/place-names/${placeNameId}`],
    '/api/vanished-names': [`/api/vanished-names?district=${d}`],
    '/api/vanished-names/:id': [],
    '/api/vanished-names/:id/history': [],
    '/api/protection-lists/:id': [`/api/protection-lists/${protectionListId}`],
    '/api/labels/boundary-markers/:id.:format': [`/api/labels/boundary-markers/${markerId}.png`],
    '/api/labels/place-names/:id.:format': [`/api/labels/place-names/${placeNameId}.png`],
    '/api/labels/boundary-lines/:id/markers.pdf': [`/api/labels/boundary-lines/${lineId}/markers.pdf`],
    '/api/labels/towns/:code/place-names.pdf': [],
    '/api/nearest': [`/api/nearest?lon=${lon}&lat=${lat}&limit=50`],
    '/api/indicators': [`/api/indicators?district=${d}`],
    '/api/exports/:collection.:format': ['geojson', 'csv'].flatMap((f) =>
      EXPORT_COLLECTIONS.map((c) => `/api/exports/${c}.${f}?district=${d}`),
    ),
    '/tiles/:layer/:z/:x/:y.mvt': TILE_LAYERS.map(
      ({ id: layer }) => `/tiles/${layer}/16/${tile.x}/${tile.y}.mvt`,
    ),
    '/tiles/:layer/:version/:z/:x/:y.mvt': TILE_LAYERS.map(
      ({ id: layer }) =>
        new URL(
          tileTemplates[layer]!.replace('{z}', '16')
            .replace('{x}', String(tile.x))
            .replace('{y}', String(tile.y)),
        ).pathname,
    ),
    '/tiles/:layer.json': ['boundary-markers', 'facilities'].map((l) => `/tiles/${l}.json`),
    // The audit log is for administrators only (401 to anonymous callers).
    '/api/admin/audit.:format': ['/api/admin/audit.csv', '/api/admin/audit.xlsx'],
    // Scenarios are staff-only whole (401 to anonymous callers): any id shows the guard.
    '/api/scenarios/:id': ['/api/scenarios/1'],
    '/api/scenarios/:id/history': ['/api/scenarios/1/history'],
    '/api/collections/:collectionId/queryables': collections.map((c) => `/api/collections/${c}/queryables`),
    '/api/collections/:collectionId/schema': collections.map((c) => `/api/collections/${c}/schema`),
    '/docs/static/*': ['/docs/static/swagger-ui.css'],
    '/*': ['/index.html'],
  };
  for (const kind of kinds) {
    table[`/api/${kind}`] = [`/api/${kind}?district=${d}`, `/api/${kind}?line=${lineId}`];
    table[`/api/${kind}/:id`] = [`/api/${kind}/${ids[kind]}`];
    table[`/api/${kind}/:id/history`] = [`/api/${kind}/${ids[kind]}/history`];
  }
  if (table[route]) return table[route];
  return /[:*]/.test(route) ? undefined : [route];
}

/** Staff-only field names found on records of their kind anywhere in a JSON value. */
function staffOnlyKeys(value: unknown, kind: RecordKind | null, at = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => staffOnlyKeys(v, kind, `${at}[${i}]`));
  if (typeof value !== 'object' || value === null) return [];
  const object = value as Record<string, unknown>;
  const own = typeof object.kind === 'string' && isRecordKind(object.kind) ? object.kind : null;
  const recordKind = own ?? kind;
  const found =
    recordKind && (own || object.type === 'Feature' || 'id' in object)
      ? (STAFF_ONLY_FIELDS[recordKind] as readonly string[])
          .filter(
            (f) =>
              f in object || (object.properties as Record<string, unknown> | undefined)?.[f] !== undefined,
          )
          .map((f) => `${at}.${f} (${recordKind})`)
      : [];
  return [
    ...found,
    ...Object.entries(object).flatMap(([k, v]) => staffOnlyKeys(v, recordKind, `${at}.${k}`)),
  ];
}

/** The record kind a URL is about, for the field-name check. */
function kindOfUrl(url: string): RecordKind | null {
  const match = /^\/(?:api\/collections\/|api\/exports\/|tiles\/|api\/)([a-z-]+)/.exec(url);
  return match && isRecordKind(match[1]!) ? match[1] : null;
}

describe('staff-only fields on every public GET route', () => {
  it('the secrets are there for staff (so the walk below can fail)', async () => {
    const viewer = await signIn(ctx.app, 'viewer');
    const staffView = await ctx.app.inject({
      method: 'GET',
      url: `/api/boundary-markers?line=${lineId}`,
      headers: { cookie: viewer },
    });
    expect(staffView.body).toContain(SECRET);
    const staffItems = await ctx.app.inject({
      method: 'GET',
      url: `/api/collections/boundary-markers/items?line=${lineId}`,
      headers: { cookie: viewer },
    });
    expect(staffItems.body).toContain(PERSON_PHONE);
  });

  it('no anonymous response carries a staff-only value or field', async () => {
    const seen = new Set<string>();
    const missing: string[] = [];
    const problems: string[] = [];
    let tileMarkers = 0;
    for (const route of ctx.app.routeTable) {
      if (route.method !== 'GET' || seen.has(route.url)) continue;
      seen.add(route.url);
      const urls = urlsFor(route.url);
      if (!urls) {
        missing.push(route.url);
        continue;
      }
      for (const url of urls) {
        const response = await ctx.app.inject({ method: 'GET', url });
        if (
          ![200, 302, 401, 404].includes(response.statusCode) ||
          (response.statusCode === 404 && !url.startsWith('/api/photos'))
        )
          problems.push(`${url}: ${response.statusCode} ${response.body.slice(0, 200)}`);
        const type = String(response.headers['content-type'] ?? '');
        const kind = kindOfUrl(url);
        if (type.startsWith('application/vnd.mapbox-vector-tile')) {
          const tile = new VectorTile(new Protobuf(response.rawPayload));
          for (const [layerName, layer] of Object.entries(tile.layers)) {
            const layerKind = isRecordKind(layerName) ? layerName : kind;
            for (let i = 0; i < layer.length; i++) {
              const properties = layer.feature(i).properties;
              if (layerName === 'boundary-markers' && properties.lineId === lineId) tileMarkers++;
              if (JSON.stringify(properties).includes(SECRET))
                problems.push(`${url}: ${layerName} carries a secret`);
              for (const f of layerKind ? (STAFF_ONLY_FIELDS[layerKind] as readonly string[]) : [])
                if (f in properties) problems.push(`${url}: ${layerName} has staff-only ${f}`);
            }
          }
          continue;
        }
        if (response.body.includes(SECRET) || response.body.includes(PERSON_PHONE))
          problems.push(`${url}: body carries a staff-only value`);
        if (/json/.test(type))
          problems.push(...staffOnlyKeys(response.json(), kind).map((p) => `${url}: ${p}`));
        if (type.startsWith('text/csv')) {
          const header = response.body
            .replace(/^\uFEFF/, '')
            .split('\r\n')[0]!
            .split(',');
          for (const f of kind ? (STAFF_ONLY_FIELDS[kind] as readonly string[]) : [])
            if (header.includes(f)) problems.push(`${url}: CSV column ${f}`);
        }
      }
    }
    expect(missing, 'GET routes without a URL in this test').toEqual([]);
    expect(problems).toEqual([]);
    expect(tileMarkers, 'the marker tile holds the test marker').toBeGreaterThan(0);
  });

  it('anonymous callers still get the public fields (the walk is not vacuous)', async () => {
    const marker = (await ctx.app.inject({ method: 'GET', url: `/api/boundary-markers/${markerId}` })).json();
    expect(marker).toMatchObject({ id: markerId, number: '001Q', condition: 'intact', lineId });
    const items = (
      await ctx.app.inject({ method: 'GET', url: `/api/collections/boundary-markers/items?line=${lineId}` })
    ).json();
    expect(items.features[0].properties).toMatchObject({ id: markerId, number: '001Q' });
  });

  it('facility service numbers are public', async () => {
    const nearest = (
      await ctx.app.inject({ method: 'GET', url: `/api/nearest?lon=${place.lon}&lat=${place.lat}&limit=50` })
    ).json();
    expect(nearest.results.some((r: { phone: string | null }) => /^023-\d{8}$/.test(r.phone ?? ''))).toBe(
      true,
    );
    const csv = await ctx.app.inject({
      method: 'GET',
      url: `/api/exports/facilities.csv?district=${place.district}`,
    });
    expect(
      csv.body
        .replace(/^\uFEFF/, '')
        .split('\r\n')[0]!
        .split(','),
    ).toContain('phone');
  });
});
