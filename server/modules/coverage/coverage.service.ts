// Coverage requests end to end: validate the selection, fetch (or reuse) the district's villages and
// the selection's baseline, apply proposed sites, union the service area, and shape the response.
//
// Caching (per database handle): the villages of a district and the baseline of each selection are
// kept in memory, keyed by the data version (max id of coverage_data_changes, bumped by triggers on
// villages, facilities, facility_subtypes, towns and districts; the villages only by writes to
// villages), so a write invalidates what it affects. A what-if request with proposed sites reuses its
// selection's baseline and only touches points near the proposed sites; the dissolved service area of
// the baseline is cached in coverage_area_cache and only the parts a new circle touches are re-unioned.

import { createHash } from 'node:crypto';
import type { Feature, Point } from 'geojson';
import { sql } from 'kysely';
import type pg from 'pg';
import {
  type CoverageBody,
  type CoverageResponse,
  LIFE_CIRCLES,
  type SuggestionsBody,
  type SuggestionsResponse,
} from '../../contract/coverage.schemas.ts';
import { REFERENCE_SPEED_MPS, speedOf } from '../../contract/network.ts';
import type { Database } from '../../db/database.ts';
import { invalid, notFound } from '../../errors.ts';
import { networkCoverage } from '../network/network.coverage.ts';
import { type NetworkService, networkServiceFor, noNetwork } from '../network/network.service.ts';
import { networkSuggestions } from '../network/network.suggestions.ts';
import { runTask } from '../work/pool.ts';
import { figures, metres, ratio, round, villageFeature } from './coverage.figures.ts';
import {
  cacheServiceArea,
  type DistrictRow,
  type FacilityFilter,
  type FacilityRow,
  findDistrict,
  listSubtypes,
  listTowns,
  loadVillages,
  type SubtypeRow,
  selectFacilities,
  serviceArea,
  type TownRow,
  townsAt,
} from './coverage.repository.ts';
import {
  applyProposed,
  type Baseline,
  type Candidate,
  computeBaseline,
  type DemandPoints,
  makeDemandPoints,
  type Site,
  type StepTimer,
  type TownSums,
  type WhatIf,
} from './engine/index.ts';

const DEFAULT_UNCOVERED_LIMIT = 5000;
const MAX_CACHED_BASELINES = 12;
const MAX_GRID_CANDIDATES = 20_000;

/** Records how long each step took; rendered as a Server-Timing header. */
export class Timings implements StepTimer {
  readonly steps: { name: string; ms: number }[] = [];
  step<T>(name: string, work: () => T): T {
    const started = performance.now();
    try {
      return work();
    } finally {
      this.steps.push({ name, ms: performance.now() - started });
    }
  }
  async stepAsync<T>(name: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.steps.push({ name, ms: performance.now() - started });
    }
  }
  header(): string {
    return this.steps.map((s) => `${s.name};dur=${s.ms.toFixed(1)}`).join(', ');
  }
}

type Selection = Pick<
  CoverageBody,
  'district' | 'facilities' | 'lifeCircle' | 'radiusMeters' | 'proposed' | 'measure' | 'speed'
>;

interface Resolved {
  district: DistrictRow;
  subtypes: Map<string, SubtypeRow>;
  filter: FacilityFilter;
  /** A fixed radius for every site, or null for each subtype's default. */
  fixedRadius: number | null;
  key: string;
  /** Measure 'network': radii are walking times at the GB 50180 pace, reached at this speed. */
  speedMps: number;
  scale: number;
}

const services = new WeakMap<Database, CoverageService>();

/** One service (and so one cache) per database handle: every app built on it shares them. */
export function coverageServiceFor(db: Database, pool: pg.Pool): CoverageService {
  let service = services.get(db);
  if (!service) {
    service = new CoverageService(db, pool);
    services.set(db, service);
  }
  return service;
}

export class CoverageService {
  private readonly networks: NetworkService;
  private readonly points = new Map<string, { version: string; points: Promise<DemandPoints> }>();
  private readonly baselines = new Map<string, Promise<{ baseline: Baseline; facilities: FacilityRow[] }>>();

  constructor(
    private readonly db: Database,
    private readonly pool: pg.Pool,
  ) {
    this.networks = networkServiceFor(db, pool);
  }

  /** Forget cached baselines (the benchmark uses it to time a cold selection). */
  clearSelections(): void {
    this.baselines.clear();
    this.networks.clearSelections();
  }

  private async resolve(body: Selection, timings: Timings): Promise<Resolved> {
    const [district, subtypeRows] = await timings.stepAsync('lookup', () =>
      Promise.all([findDistrict(this.db, body.district), listSubtypes(this.db)]),
    );
    if (!district) throw notFound(`district '${body.district}'`);
    const subtypes = new Map(subtypeRows.map((s) => [s.subtype, s]));
    if (body.lifeCircle !== undefined && body.radiusMeters !== undefined) {
      throw invalid('body.radiusMeters', 'radius_twice');
    }
    if (body.lifeCircle === undefined && body.radiusMeters === undefined) {
      throw invalid('body.lifeCircle', 'radius_missing', {
        allowed: [...Object.keys(LIFE_CIRCLES), 'default'],
      });
    }
    const selection = body.facilities ?? {};
    selection.subtypes?.forEach((subtype, i) => {
      if (!subtypes.has(subtype))
        throw invalid(`body.facilities.subtypes[${i}]`, 'unknown_subtype', { subtype });
    });
    const filter: FacilityFilter = {
      categories: selection.categories ? [...new Set(selection.categories)].sort() : undefined,
      subtypes: selection.subtypes ? [...new Set(selection.subtypes)].sort() : undefined,
      statuses: [...new Set(selection.statuses ?? ['operating'])].sort() as FacilityFilter['statuses'],
    };
    const speedMps = speedOf(body.speed) ?? REFERENCE_SPEED_MPS;
    const scale = body.measure === 'network' ? speedMps / REFERENCE_SPEED_MPS : 1;
    const radius =
      body.radiusMeters ??
      (body.lifeCircle && body.lifeCircle !== 'default' ? LIFE_CIRCLES[body.lifeCircle] : null);
    const fixedRadius = radius === null ? null : radius * scale;
    const key = createHash('sha1')
      .update(JSON.stringify([district.code, district.version, filter, fixedRadius, scale]))
      .digest('base64url');
    return { district, subtypes, filter, fixedRadius, key, speedMps, scale };
  }

  /** The radius of a proposed or suggested site: the fixed one, or its subtype's default. */
  private siteRadius(
    resolved: Resolved,
    subtype: string | undefined,
    field: string,
  ): { radius: number; subtype: string | null } {
    if (subtype !== undefined && !resolved.subtypes.has(subtype))
      throw invalid(field, 'unknown_subtype', { subtype });
    if (resolved.fixedRadius !== null) return { radius: resolved.fixedRadius, subtype: subtype ?? null };
    const only = resolved.filter.subtypes?.length === 1 ? resolved.filter.subtypes[0] : undefined;
    const chosen = subtype ?? only;
    if (!chosen) throw invalid(field, 'subtype_needed_for_default_radius');
    return { radius: resolved.subtypes.get(chosen)!.defaultRadiusM * resolved.scale, subtype: chosen };
  }

  private async demandPoints(district: DistrictRow, timings: Timings): Promise<DemandPoints> {
    const cached = this.points.get(district.code);
    if (cached && cached.version === district.pointsVersion)
      return timings.stepAsync('villages(cached)', () => cached.points);
    const loading = loadVillages(this.pool, district.code).then(makeDemandPoints);
    this.points.set(district.code, { version: district.pointsVersion, points: loading });
    loading.catch(() => this.points.delete(district.code));
    return timings.stepAsync('villages(load)', () => loading);
  }

  private async baseline(resolved: Resolved, points: DemandPoints, timings: Timings) {
    const cached = this.baselines.get(resolved.key);
    if (cached) return timings.stepAsync('baseline(cached)', () => cached);
    const computing = (async () => {
      const facilities = await timings.stepAsync('facilities', () =>
        selectFacilities(this.db, resolved.district.code, resolved.filter),
      );
      const sites: Site[] = facilities.map((f) => ({
        lon: f.lon,
        lat: f.lat,
        radius: resolved.fixedRadius ?? f.defaultRadiusM * resolved.scale,
      }));
      // PostgreSQL dissolves the service area while this process computes the baseline: the query
      // is sent once the event loop turns (setImmediate), before the synchronous work below.
      const area = timings.stepAsync('serviceArea(baseline)', () =>
        cacheServiceArea(this.db, resolved.key, resolved.district.code, sites),
      );
      area.catch(() => {});
      await new Promise((resolve) => setImmediate(resolve));
      const baseline = computeBaseline(points, sites, timings);
      await area;
      return { baseline, facilities };
    })();
    this.baselines.set(resolved.key, computing);
    computing.catch(() => this.baselines.delete(resolved.key));
    while (this.baselines.size > MAX_CACHED_BASELINES)
      this.baselines.delete(this.baselines.keys().next().value!);
    return computing;
  }

  async coverage(body: CoverageBody, timings: Timings): Promise<CoverageResponse> {
    const resolved = await this.resolve(body, timings);
    const proposedInput = body.proposed ?? [];
    const proposed = proposedInput.map((p, i) => ({
      ...p,
      ...this.siteRadius(resolved, p.subtype, `body.proposed[${i}].subtype`),
    }));
    const proposedSites: Site[] = proposed.map((p) => ({ lon: p.lon, lat: p.lat, radius: p.radius }));

    const points = await this.demandPoints(resolved.district, timings);
    const [towns, { baseline, facilities }, proposedTowns] = await Promise.all([
      listTowns(this.db, resolved.district.code),
      this.baseline(resolved, points, timings),
      townsAt(this.db, resolved.district.code, proposed),
    ]);
    // The service area is computed by PostgreSQL while this process does the what-if arithmetic.
    // (Re)store the baseline's area first: a no-op unless the cache row expired meanwhile.
    const areaPromise = timings.stepAsync('serviceArea', async () => {
      await cacheServiceArea(this.db, resolved.key, resolved.district.code, baseline.sites);
      return serviceArea(this.db, resolved.key, resolved.district.code, proposedSites);
    });
    areaPromise.catch(() => {});
    const whatIf =
      proposed.length > 0 ? timings.step('whatIf', () => applyProposed(baseline, proposedSites)) : null;

    const townFacilities = new Map<string, number>();
    for (const f of facilities)
      if (f.townCode) townFacilities.set(f.townCode, (townFacilities.get(f.townCode) ?? 0) + 1);
    const townFacilitiesAfter = new Map(townFacilities);
    for (const t of proposedTowns) if (t) townFacilitiesAfter.set(t, (townFacilitiesAfter.get(t) ?? 0) + 1);

    const townIndex = new Map(points.townCodes.map((code, i) => [code, i]));
    const empty: TownSums = { ...noSums(), medianNearest: null };
    const townFigures = (sums: TownSums[], town: TownRow, counts: Map<string, number>) => {
      const index = townIndex.get(town.code);
      const s = index === undefined ? empty : sums[index]!;
      return {
        code: town.code,
        name: town.name,
        ...figures(s, counts.get(town.code) ?? 0),
        medianNearestM: metres(s.medianNearest),
        bbox: town.bbox,
      };
    };
    const before = towns.map((t) => townFigures(baseline.towns, t, townFacilities));
    const totalsBefore = figures(sumAll(baseline.towns), facilities.length);

    const uncoveredLimit = body.uncoveredLimit ?? DEFAULT_UNCOVERED_LIMIT;
    const uncoveredVillages = timings.step('uncoveredList', () =>
      uncoveredCollection(baseline, whatIf, towns, uncoveredLimit),
    );
    const area = await areaPromise;

    const response: CoverageResponse = {
      district: { code: resolved.district.code, name: resolved.district.name },
      radius: radiusInfo(body, resolved, facilities),
      totals: totalsBefore,
      towns: before,
      serviceArea: area,
      uncoveredVillages,
    };
    if (whatIf) {
      const after = towns.map((t) => townFigures(whatIf.towns, t, townFacilitiesAfter));
      const totalsAfter = figures(sumAll(whatIf.towns), facilities.length + proposed.length);
      response.totals = totalsAfter;
      response.towns = after;
      response.proposed = proposed.map((p, i) => ({
        lon: p.lon,
        lat: p.lat,
        subtype: p.subtype,
        radiusM: p.radius,
        townCode: proposedTowns[i] ?? null,
        newlyCoveredPopulation: whatIf.perSite[i]!.population,
        newlyCoveredElderly: whatIf.perSite[i]!.elderly,
        newlyCoveredVillages: whatIf.perSite[i]!.villages,
      }));
      response.delta = {
        ...deltaOf(totalsBefore, totalsAfter),
        towns: after
          .map((a, i) => ({ code: a.code, name: a.name, ...deltaOf(before[i]!, a) }))
          .filter((d) => d.coveredPopulation !== 0 || d.coveredElderly !== 0 || d.facilityCount !== 0),
      };
    }
    if (body.measure === 'network') {
      response.measure = 'network';
      const graph = await timings.stepAsync('network.graph', () =>
        this.networks.graph(resolved.district.code),
      );
      if (!graph) throw noNetwork(resolved.district.code);
      response.network = networkCoverage(this.networks, {
        key: resolved.key,
        graph,
        points,
        sites: baseline.sites,
        proposed: proposedSites,
        speedMps: resolved.speedMps,
        towns,
        straightTowns: response.towns,
        straightTotals: response.totals,
        straightNearest: whatIf ? whatIf.nearest : (i) => baseline.nearest[i]!,
        uncoveredLimit,
        villageDetail: body.villageDetail ?? false,
        timer: timings,
      });
    }
    return response;
  }

  async suggestions(body: SuggestionsBody, timings: Timings): Promise<SuggestionsResponse> {
    const resolved = await this.resolve(body, timings);
    const site = this.siteRadius(resolved, body.subtype, 'body.subtype');
    const proposed = (body.proposed ?? []).map((p, i) => ({
      lon: p.lon,
      lat: p.lat,
      radius: this.siteRadius(resolved, p.subtype, `body.proposed[${i}].subtype`).radius,
    }));
    const points = await this.demandPoints(resolved.district, timings);
    const { baseline } = await this.baseline(resolved, points, timings);
    let covered = baseline.covered.slice();
    if (proposed.length > 0) {
      const whatIf = applyProposed(baseline, proposed);
      for (const i of whatIf.newlyCovered) covered[i] = 1;
    }
    const graph = body.measure === 'network' ? await this.networks.graph(resolved.district.code) : null;
    if (body.measure === 'network') {
      if (!graph) throw noNetwork(resolved.district.code);
      const base = this.networks.baseline(resolved.key, graph, points, baseline.sites, timings);
      const whatIf = proposed.length > 0 ? this.networks.whatIf(base, proposed, timings) : null;
      covered = Uint8Array.from({ length: points.count }, (_, i) =>
        whatIf ? (whatIf.isCovered(i) ? 1 : 0) : base.covered[i]!,
      );
    }
    const mode = body.candidates ?? 'both';
    const candidates: Candidate[] = [];
    if (mode !== 'grid') {
      for (let i = 0; i < points.count; i++) {
        candidates.push({
          lon: points.lon[i]!,
          lat: points.lat[i]!,
          radius: site.radius,
          source: 'village',
          villageIndex: i,
        });
      }
    }
    if (mode !== 'villages') {
      const spacing = body.gridSpacingMeters ?? Math.max(250, site.radius / 2);
      const grid = await timings.stepAsync('gridCandidates', () =>
        gridCandidates(this.db, resolved.district.code, spacing),
      );
      for (const [lon, lat] of grid) candidates.push({ lon, lat, radius: site.radius, source: 'grid' });
    }
    // In the work pool: a large district's greedy search would stall every other request.
    const picked = graph
      ? timings.step('greedy(network)', () =>
          networkSuggestions(this.networks, graph, points, covered, candidates, body.k ?? 5),
        )
      : await timings.stepAsync('greedy', () =>
          runTask('greedy-suggestions', { points, covered, candidates, k: body.k ?? 5 }),
        );
    const [towns, gridTowns] = await Promise.all([
      listTowns(this.db, resolved.district.code),
      townsAt(
        this.db,
        resolved.district.code,
        picked.filter((p) => p.candidate.source === 'grid').map((p) => p.candidate),
      ),
    ]);
    const townNames = new Map(towns.map((t) => [t.code, t.name]));
    let elderlyCovered = 0;
    let elderlyTotal = 0;
    for (let i = 0; i < points.count; i++) {
      elderlyTotal += points.elderly[i]!;
      if (covered[i]) elderlyCovered += points.elderly[i]!;
    }
    let running = elderlyCovered;
    let gridIndex = 0;
    return {
      district: { code: resolved.district.code, name: resolved.district.name },
      baseline: {
        coveredElderly: elderlyCovered,
        elderlyPopulation: elderlyTotal,
        elderlyRate: ratio(elderlyCovered, elderlyTotal),
      },
      candidatesConsidered: candidates.length,
      suggestions: picked.map((p, rank) => {
        running += p.elderly;
        const v = p.candidate.villageIndex;
        const townCode =
          v !== undefined ? points.townCodes[points.town[v]!]! : (gridTowns[gridIndex++] ?? null);
        return {
          rank: rank + 1,
          lon: round(p.candidate.lon, 6),
          lat: round(p.candidate.lat, 6),
          source: p.candidate.source,
          villageCode: v !== undefined ? points.codes[v]! : null,
          villageName: v !== undefined ? points.names[v]! : null,
          townCode,
          townName: townCode ? (townNames.get(townCode) ?? null) : null,
          radiusM: site.radius,
          newlyCoveredPopulation: p.population,
          newlyCoveredElderly: p.elderly,
          newlyCoveredVillages: p.villages,
          elderlyRateAfter: ratio(running, elderlyTotal),
        };
      }),
    };
  }
}

/** The sums of a town with no villages. */
const noSums = (): Omit<TownSums, 'medianNearest'> => ({
  villages: 0,
  population: 0,
  elderly: 0,
  coveredPopulation: 0,
  coveredElderly: 0,
  coveredVillages: 0,
});

function sumAll(towns: TownSums[]): Omit<TownSums, 'medianNearest'> {
  const total = noSums();
  for (const t of towns) {
    total.villages += t.villages;
    total.population += t.population;
    total.elderly += t.elderly;
    total.coveredPopulation += t.coveredPopulation;
    total.coveredElderly += t.coveredElderly;
    total.coveredVillages += t.coveredVillages;
  }
  return total;
}

type Figures = ReturnType<typeof figures>;
const difference = (a: number | null, b: number | null) =>
  a === null || b === null ? null : round(b - a, 6);
function deltaOf(before: Figures, after: Figures) {
  return {
    coveredPopulation: after.coveredPopulation - before.coveredPopulation,
    coveredElderly: after.coveredElderly - before.coveredElderly,
    rate: difference(before.rate, after.rate),
    elderlyRate: difference(before.elderlyRate, after.elderlyRate),
    facilityCount: after.facilityCount - before.facilityCount,
    coveredVillageCount: after.coveredVillageCount - before.coveredVillageCount,
  };
}

function radiusInfo(body: Selection, resolved: Resolved, facilities: FacilityRow[]) {
  const bySubtype: Record<string, number> = {};
  for (const f of facilities)
    bySubtype[f.subtype] = resolved.fixedRadius ?? f.defaultRadiusM * resolved.scale;
  return { lifeCircle: body.lifeCircle ?? null, meters: resolved.fixedRadius, bySubtype };
}

function uncoveredCollection(baseline: Baseline, whatIf: WhatIf | null, towns: TownRow[], limit: number) {
  const { points } = baseline;
  const townNames = new Map(towns.map((t) => [t.code, t.name]));
  const features: Feature<Point>[] = [];
  let matched = 0;
  for (const i of baseline.uncovered) {
    if (whatIf?.isCovered(i)) continue;
    matched++;
    if (features.length >= limit) continue;
    features.push(
      villageFeature(points, i, townNames, {
        nearestM: metres(whatIf ? whatIf.nearest(i) : baseline.nearest[i]!),
      }),
    );
  }
  return {
    type: 'FeatureCollection' as const,
    numberMatched: matched,
    numberReturned: features.length,
    features,
  };
}

/** Grid points at `spacing` metres inside the district outline (square grid in Web Mercator, scaled). */
async function gridCandidates(db: Database, district: string, spacing: number): Promise<[number, number][]> {
  const { rows } = await sql<{ lon: number; lat: number }>`
    WITH d AS (SELECT outline_3857 AS o, ${spacing}::float8 / cos(radians(ST_Y(ST_Centroid(outline)))) AS size
               FROM districts WHERE code = ${district}),
    c AS (SELECT ST_Centroid(g.geom) AS p FROM d, ST_SquareGrid(d.size, d.o) AS g)
    SELECT ST_X(q) AS lon, ST_Y(q) AS lat
    FROM (SELECT ST_Transform(c.p, 4326) AS q FROM c, d WHERE ST_Intersects(d.o, c.p)) x
    LIMIT ${MAX_GRID_CANDIDATES}`.execute(db);
  return rows.map((r) => [r.lon, r.lat]);
}
