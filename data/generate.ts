// The deterministic demo-data generator: real district outlines and division names/codes (from the
// committed extracts in data/sources/extracted) plus synthetic town polygons, village locations,
// population, facilities, boundary lines/markers and place-name records, as one DemoDataset.
// Synthetic rows carry origin 'synthetic' and must never be presented as real (data/README.md).
//
//   npx tsx data/generate.ts --out demo.json      (byte-identical output on every run)
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MultiPolygon } from 'geojson';
import type { DemoDataset, DemoDistrict, DemoTown, DemoVillage } from '../server/db/dataset-types.ts';
import { generateBoundaries } from './generator/boundaries.ts';
import {
  type DistrictContext,
  type TownState,
  townKind,
  townShort,
  villageName,
} from './generator/context.ts';
import { generateFacilities } from './generator/facilities.ts';
import { dist, LocalFrame } from './generator/geometry.ts';
import { generatePlaceNames } from './generator/place-names.ts';
import { profileFor } from './generator/profiles.ts';
import { Random } from './generator/random.ts';
import { buildTowns } from './generator/towns.ts';
import { placeVillages } from './generator/villages.ts';
import { generateRoads } from './roads.ts';

/** Districts in the demo, the default (Dazu) first. */
export const DEMO_DISTRICTS = ['500111', '500112', '500241'] as const;

interface Extract {
  source: { package: string; version: string; license: string };
}
interface OutlinesFile extends Extract {
  districts: { code: string; name: string; centre: [number, number]; outline: MultiPolygon }[];
}
interface DivisionsFile extends Extract {
  districts: { code: string; name: string }[];
  towns: { code: string; name: string; district_code: string }[];
  villages: { code: string; name: string; town_code: string }[];
}

function readExtract<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./sources/extracted/${name}`, import.meta.url), 'utf8')) as T;
}

export function generateDemo(): DemoDataset {
  const outlines = readExtract<OutlinesFile>('outlines.json');
  const divisions = readExtract<DivisionsFile>('divisions.json');
  const dataset: DemoDataset = {
    districts: [],
    towns: [],
    villages: [],
    facilities: [],
    placeNames: [],
    boundaryLines: [],
    roads: [],
  };

  for (const code of DEMO_DISTRICTS) {
    const src = outlines.districts.find((d) => d.code === code);
    const official = divisions.districts.find((d) => d.code === code);
    if (!src || !official) throw new Error(`district ${code} missing from the extracts`);
    const frame = new LocalFrame(src.centre[0], src.centre[1]);
    const outline = frame.multiPolygonToLocal(src.outline);
    const core = frame.toLocal(src.centre);

    const townRows = divisions.towns.filter((t) => t.district_code === code);
    const { shapes, edges } = buildTowns(
      outline,
      core,
      townRows.map((t) => ({ code: t.code, kind: townKind(t.name) })),
      new Random(`${code}:towns`),
    );
    const towns: TownState[] = townRows.map((t, i) => {
      const shape = shapes[i]!;
      return {
        code: t.code,
        name: t.name,
        short: townShort(t.name),
        kind: townKind(t.name),
        shape: shape.shape,
        seat: shape.seat,
        coreDistance: dist(shape.seat, core),
      };
    });

    const villageRng = new Random(`${code}:villages`);
    const ctx: DistrictContext = {
      code,
      name: official.name,
      profile: profileFor(code),
      frame,
      outline,
      core,
      towns,
      villages: towns.flatMap((t) =>
        placeVillages(
          t,
          divisions.villages
            .filter((v) => v.town_code === t.code)
            .map((v) => ({ code: v.code, ...villageName(v.name) })),
          villageRng,
        ),
      ),
      edges,
    };

    dataset.districts.push(district(official.name, code, src.outline, outlines));
    dataset.towns.push(...towns.map((t) => town(ctx, t)));
    dataset.villages.push(
      ...ctx.villages.map(
        (v): DemoVillage => ({
          code: v.code,
          name: v.name,
          kind: v.kind,
          town_code: v.town.code,
          district_code: code,
          geom: { type: 'Point', coordinates: frame.toLonLat(v.at) },
          population: v.population,
          elderly_population: v.elderly,
          households: v.households,
          geom_origin: 'synthetic',
          population_origin: 'synthetic',
        }),
      ),
    );
    dataset.facilities.push(...generateFacilities(ctx, new Random(`${code}:facilities`)));
    dataset.boundaryLines.push(...generateBoundaries(ctx, new Random(`${code}:boundaries`)));
    dataset.placeNames.push(...generatePlaceNames(ctx, new Random(`${code}:place-names`)));
    dataset.roads.push(...generateRoads(ctx, dataset.placeNames, new Random(`${code}:roads`)));
  }
  return dataset;
}

function district(name: string, code: string, outline: MultiPolygon, src: OutlinesFile): DemoDistrict {
  return {
    code,
    name,
    outline: {
      type: 'MultiPolygon',
      coordinates: outline.coordinates.map((poly) =>
        poly.map((ring) => ring.map((p) => [Math.round(p[0]! * 1e6) / 1e6, Math.round(p[1]! * 1e6) / 1e6])),
      ),
    },
    outline_origin: 'real',
    outline_source: `${src.source.package}@${src.source.version} (${src.source.license}), geojson/shape-with-internal-borders/chongqing.geojson`,
  };
}

function town(ctx: DistrictContext, t: TownState): DemoTown {
  return {
    code: t.code,
    name: t.name,
    kind: t.kind,
    district_code: ctx.code,
    geom: ctx.frame.multiPolygonToLonLat(t.shape),
    seat: { type: 'Point', coordinates: ctx.frame.toLonLat(t.seat) },
    geom_origin: 'synthetic',
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outIndex = process.argv.indexOf('--out');
  const out = outIndex >= 0 ? process.argv[outIndex + 1] : undefined;
  const json = `${JSON.stringify(generateDemo())}\n`;
  if (out) writeFileSync(out, json);
  else process.stdout.write(json);
}
