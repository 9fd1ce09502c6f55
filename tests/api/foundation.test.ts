// Foundation API against the real PostGIS with the demo data loaded (npm test resets the test
// database first): health, districts, meta, OGC API Features, vector tiles, error shapes.
import { VectorTile } from '@mapbox/vector-tile';
import { sql } from 'kysely';
import { PbfReader as Protobuf } from 'pbf';
import { describe, expect, it } from 'vitest';
import { TILE_LAYERS } from '../../server/modules/tiles/tile-layers.ts';
import { useTestApp } from '../helpers/app.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useTestApp();
const DAZU = '500111';

async function getJson(url: string, headers: Record<string, string> = {}) {
  const response = await ctx.app.inject({ method: 'GET', url, headers });
  return { status: response.statusCode, body: response.json(), headers: response.headers };
}

/** Tile x/y containing a lon/lat at zoom z (Web Mercator). */
function tileOf(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const rad = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  return [x, y];
}

describe('health and districts', () => {
  it('reports ok with the database up', async () => {
    const { status, body } = await getJson('/api/health');
    expect(status).toBe(200);
    expect(body).toEqual({ status: 'ok', db: 'ok' });
  });

  it('lists the three seed districts with real names, extents and layer counts', async () => {
    const { status, body } = await getJson('/api/districts');
    expect(status).toBe(200);
    const byCode = new Map(body.districts.map((d: { code: string }) => [d.code, d]));
    expect([...byCode.keys()]).toEqual(expect.arrayContaining(['500111', '500112', '500241']));
    const dazu = byCode.get(DAZU) as Record<string, unknown> & { bbox: number[] };
    expect(dazu.name).toBe('大足区');
    expect(dazu.towns).toBe(27);
    // 309 official villages/communities; import tests running in parallel may add their own rows.
    expect(dazu.villages).toBeGreaterThanOrEqual(309);
    const official = await ctx.database.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM villages WHERE district_code = '500111' AND geom_origin = 'synthetic'`,
    );
    expect(official.rows[0]?.n).toBe(309);
    expect(dazu.facilities).toBeGreaterThan(500);
    expect(dazu.boundaryLines).toBeGreaterThan(30);
    expect(dazu.boundaryMarkers).toBeGreaterThan(100);
    // Dazu lies around 105.3-106.0 E, 29.4-30.0 N.
    const [w, s, e, n] = dazu.bbox as [number, number, number, number];
    expect(w).toBeGreaterThan(105.1);
    expect(e).toBeLessThan(106.1);
    expect(s).toBeGreaterThan(29.2);
    expect(n).toBeLessThan(30.1);
    expect(dazu.outlineOrigin).toBe('real');
  });

  it('says the demo data is loaded and lists the facility taxonomy', async () => {
    const { body } = await getJson('/api/meta');
    expect(body.demoData).toBe(true);
    const subtypes = body.facilitySubtypes.map((s: { subtype: string }) => s.subtype);
    expect(subtypes).toEqual(
      expect.arrayContaining(['institution', 'village_point', 'funeral_home', 'community_centre']),
    );
    expect(subtypes).toHaveLength(22);
    expect(body.placeNameCategories).toHaveLength(12);
  });
});

describe('OGC API – Features', () => {
  it('lists the collections with items links (place names also by geometry type)', async () => {
    const { status, body } = await getJson('/api/collections');
    expect(status).toBe(200);
    expect(body.collections.map((c: { id: string }) => c.id)).toEqual([
      'towns',
      'villages',
      'facilities',
      'place-names',
      'boundary-lines',
      'boundary-markers',
      'place-names-points',
      'place-names-lines',
      'place-names-polygons',
    ]);
    for (const c of body.collections)
      expect(c.links.some((l: { rel: string }) => l.rel === 'items')).toBe(true);
  });

  it('describes one collection and 404s an unknown one', async () => {
    expect((await getJson('/api/collections/facilities')).body.id).toBe('facilities');
    const missing = await getJson('/api/collections/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
  });

  it('pages through towns of a district with numberMatched and a next link', async () => {
    const first = await getJson(`/api/collections/towns/items?district=${DAZU}&limit=10`);
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toContain('application/geo+json');
    expect(first.body.type).toBe('FeatureCollection');
    expect(first.body.numberMatched).toBe(27);
    expect(first.body.numberReturned).toBe(10);
    const next = first.body.links.find((l: { rel: string }) => l.rel === 'next');
    expect(next.href).toContain('offset=10');
    const last = await getJson(`/api/collections/towns/items?district=${DAZU}&limit=10&offset=20`);
    expect(last.body.numberReturned).toBe(7);
    expect(last.body.links.some((l: { rel: string }) => l.rel === 'next')).toBe(false);
    const town = first.body.features[0];
    expect(town.geometry.type).toBe('MultiPolygon');
    expect(town.properties).toMatchObject({ districtCode: DAZU, geomOrigin: 'synthetic' });
    expect(town.properties.code).toMatch(/^500111\d{3}$/);
  });

  it('returns villages with camelCase population fields, filtered by town', async () => {
    const { body } = await getJson(`/api/collections/villages/items?town=500111100&limit=1000`);
    expect(body.numberMatched).toBeGreaterThan(5);
    for (const v of body.features) {
      expect(v.properties.townCode).toBe('500111100');
      expect(v.properties.townName).toBe('龙水镇');
      expect(v.properties.elderlyPopulation).toBeLessThanOrEqual(v.properties.population);
      expect(v.properties.households).toBeGreaterThan(0);
      expect(v.geometry.type).toBe('Point');
    }
  });

  it('filters facilities by category, subtype, status and bbox', async () => {
    const points = await getJson(
      `/api/collections/facilities/items?district=${DAZU}&subtype=village_point&limit=1000`,
    );
    expect(points.body.numberMatched).toBe(201);
    const homes = await getJson(`/api/collections/facilities/items?district=${DAZU}&subtype=funeral_home`);
    expect(homes.body.numberMatched).toBe(1);
    expect(homes.body.features[0].properties).toMatchObject({ category: 'funeral', subtypeName: '殡仪馆' });
    const planned = await getJson(
      `/api/collections/facilities/items?district=${DAZU}&status=planned&limit=1000`,
    );
    expect(planned.body.numberMatched).toBeGreaterThan(0);
    for (const f of planned.body.features) expect(f.properties.status).toBe('planned');

    const all = await getJson(
      `/api/collections/facilities/items?district=${DAZU}&category=elderly_care&limit=10000`,
    );
    const [lon, lat] = all.body.features[0].geometry.coordinates as [number, number];
    const box = `${lon - 0.01},${lat - 0.01},${lon + 0.01},${lat + 0.01}`;
    const near = await getJson(`/api/collections/facilities/items?bbox=${box}&limit=10000`);
    expect(near.body.numberMatched).toBeGreaterThan(0);
    expect(near.body.numberMatched).toBeLessThan(all.body.numberMatched);
    for (const f of near.body.features) {
      const [x, y] = f.geometry.coordinates;
      expect(x).toBeGreaterThanOrEqual(lon - 0.01);
      expect(x).toBeLessThanOrEqual(lon + 0.01);
      expect(y).toBeGreaterThanOrEqual(lat - 0.01);
      expect(y).toBeLessThanOrEqual(lat + 0.01);
    }
  });

  it('returns one feature by id or code, and 404 otherwise', async () => {
    const list = await getJson(`/api/collections/facilities/items?district=${DAZU}&limit=1`);
    const id = list.body.features[0].id;
    expect(typeof id).toBe('number');
    const one = await getJson(`/api/collections/facilities/items/${id}`);
    expect(one.status).toBe(200);
    expect(one.body.id).toBe(id);
    expect(one.body.properties.name).toBe(list.body.features[0].properties.name);

    const town = await getJson('/api/collections/towns/items/500111100');
    expect(town.body.properties.name).toBe('龙水镇');
    for (const url of ['/api/collections/towns/items/999999999', '/api/collections/facilities/items/abc']) {
      const missing = await getJson(url);
      expect(missing.status).toBe(404);
      expect(missing.body.error.code).toBe('not_found');
    }
  });

  it('serves place names with pinyin, history fields and former names; historical names are flagged', async () => {
    const { body } = await getJson(`/api/collections/place-names/items?district=${DAZU}&limit=10000`);
    const byName = new Map(
      body.features.map((f: { properties: { name: string } }) => [f.properties.name, f.properties]),
    );
    for (const name of ['龙水镇', '宝顶山', '邮亭铺', '巴岳山', '濑溪河']) {
      const p = byName.get(name) as Record<string, unknown> | undefined;
      expect(p, name).toBeDefined();
      expect(p?.isHistorical, name).toBe(true);
      expect(p?.protectionList, name).toBeTruthy();
    }
    expect(
      body.features.some(
        (f: { properties: { formerNames: unknown[] } }) => f.properties.formerNames.length > 0,
      ),
    ).toBe(true);
    const lines = body.features.filter((f: { geometry: { type: string } }) => f.geometry.type !== 'Point');
    expect(lines.length).toBeGreaterThan(0); // rivers / areas keep their shape, with a label point
  });

  it('serves boundary lines with status and next inspection, and markers of a line', async () => {
    const lines = await getJson(`/api/collections/boundary-lines/items?district=${DAZU}&limit=1000`);
    const statuses = new Set(
      lines.body.features.map((f: { properties: { status: string } }) => f.properties.status),
    );
    expect([...statuses].sort()).toEqual(['delimited', 'delimiting', 'disputed', 'undelimited']);
    const line = lines.body.features.find(
      (f: { properties: { markerCount: number } }) => f.properties.markerCount > 0,
    );
    const markers = await getJson(`/api/collections/boundary-markers/items?line=${line.id}&limit=1000`);
    expect(markers.body.numberMatched).toBe(line.properties.markerCount);
    for (const m of markers.body.features) {
      expect(m.properties.number).toMatch(/^\d{3}[ABCDEQ]$/);
      expect(m.properties.lineId).toBe(line.id);
    }
  });

  it.each([
    ['limit=0', 'query.limit'],
    ['limit=abc', 'query.limit'],
    ['offset=-1', 'query.offset'],
    ['district=5001', 'query.district'],
    ['bbox=1,2,3', 'query.bbox'],
    ['bbox=1,2,3,NaN', 'query.bbox'],
    ['bbox=0,10,1,5', 'query.bbox'], // south above north; west > east is a box across the antimeridian
    ['bbox=0,-91,1,1', 'query.bbox'],
    ['unknown=1', 'query.unknown'],
    ['category=elderly_care', 'query.category'], // towns have no category
  ])('answers 400 naming the field for %s', async (query, field) => {
    const { status, body } = await getJson(`/api/collections/towns/items?${query}`);
    expect(status).toBe(400);
    expect(body.error.code).toBe('bad_request');
    expect(body.error.message).toContain(field);
    expect(body.error.details.some((d: { field: string }) => d.field === field)).toBe(true);
  });
});

describe('vector tiles', () => {
  // Longshui (龙水镇) area of Dazu at z12.
  const [x, y] = tileOf(105.78, 29.6, 12);

  /** A z12 tile with data of the layer: Longshui, or where the first boundary marker stands. */
  async function tileWithData(layer: string): Promise<[number, number]> {
    if (layer !== 'boundary-markers') return [x, y];
    const { rows } = await sql<{ lon: number; lat: number }>`
      SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM boundary_markers ORDER BY id LIMIT 1`.execute(
      ctx.app.db,
    );
    return tileOf(rows[0]!.lon, rows[0]!.lat, 12);
  }
  const MVT_TYPES: Record<string, string> = { String: 'string', Number: 'number', Boolean: 'boolean' };

  // Every layer TileJSON announces (server/modules/tiles/tile-layers.ts), decoded from a real
  // tile: the MVT layers it holds and each one's fields, names and value types, are the declared ones.
  it.each(TILE_LAYERS.map((l) => [l.id, l] as const))(
    '%s tile decodes with its declared layers, fields and integer feature ids',
    async (id, declared) => {
      const [tx, ty] = await tileWithData(id);
      const response = await ctx.app.inject({ method: 'GET', url: `/tiles/${id}/12/${tx}/${ty}.mvt` });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/vnd.mapbox-vector-tile');
      expect(response.headers.etag).toMatch(/^(W\/)?".+"$/);
      expect(response.headers['cache-control']).toContain('max-age');
      const tile = new VectorTile(new Protobuf(response.rawPayload));
      expect(Object.keys(tile.layers).sort()).toEqual(declared.vectorLayers.map((l) => l.id).sort());
      for (const { id: name, fields } of declared.vectorLayers) {
        const vectorLayer = tile.layers[name]!;
        expect(vectorLayer.length, name).toBeGreaterThan(0);
        expect(vectorLayer.extent).toBe(4096);
        const seen: Record<string, string> = {};
        for (let i = 0; i < vectorLayer.length; i++) {
          const feature = vectorLayer.feature(i);
          expect(Number.isInteger(feature.id), name).toBe(true);
          for (const [key, value] of Object.entries(feature.properties)) seen[key] = typeof value;
        }
        // Null values are left out of a feature; over a whole tile every field shows up.
        expect(seen, name).toEqual(
          Object.fromEntries(Object.entries(fields).map(([k, t]) => [k, MVT_TYPES[t]])),
        );
      }
    },
  );

  it('facility tiles carry only the attributes the map draws', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: `/tiles/facilities/12/${x}/${y}.mvt` });
    const layer = new VectorTile(new Protobuf(response.rawPayload)).layers.facilities!;
    expect(Object.keys(layer.feature(0).properties).sort()).toEqual([
      'category',
      'name',
      'status',
      'subtype',
      'tier',
    ]);
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const url = `/tiles/towns/12/${x}/${y}.mvt`;
    const first = await ctx.app.inject({ method: 'GET', url });
    const again = await ctx.app.inject({
      method: 'GET',
      url,
      headers: { 'if-none-match': String(first.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
  });

  it('returns an empty tile far from any data', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/tiles/facilities/12/0/0.mvt' });
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload.length).toBe(0);
  });

  it('serves TileJSON 3.0.0 with vector_layers', async () => {
    const { status, body } = await getJson('/tiles/towns.json');
    expect(status).toBe(200);
    expect(body.tilejson).toBe('3.0.0');
    expect(body.tiles[0]).toMatch(/\/tiles\/towns\/v[0-9]+-[0-9a-z]+\/\{z\}\/\{x\}\/\{y\}\.mvt$/);
    expect(body.vector_layers.map((l: { id: string }) => l.id)).toEqual(['towns', 'town-labels']);
  });

  it.each([
    ['/tiles/nope/1/0/0.mvt', 404],
    ['/tiles/towns/23/0/0.mvt', 400],
    ['/tiles/towns/2/4/0.mvt', 400],
    ['/tiles/towns/2/0/4.mvt', 400],
    ['/tiles/towns/a/0/0.mvt', 400],
    ['/tiles/..%2F..%2Fetc%2Fpasswd/1/0/0.mvt', 404],
  ])('%s → %i with a JSON error', async (url, status) => {
    const response = await ctx.app.inject({ method: 'GET', url });
    expect(response.statusCode).toBe(status);
    expect(response.json().error.code).toBeTruthy();
  });
});

describe('errors', () => {
  it('answers unknown API routes with the JSON error shape', async () => {
    const { status, body } = await getJson('/api/nothing-here');
    expect(status).toBe(404);
    expect(body.error).toMatchObject({ code: 'not_found' });
  });
});
