// The walking-network part of a coverage response: per town and in total, the walking coverage
// beside the straight-line one and the gap between them, the reached streets, the villages left
// uncovered on foot, what the off-network walk was, and (on request) every village's walk.
import type { Feature, Point } from 'geojson';
import type { Static } from 'typebox';
import type { NetworkCoverage } from '../../contract/network.schemas.ts';
import { OFF_NETWORK_CAP_M } from '../../contract/network.ts';
import { metres, round, figures as straightFigures, villageFeature } from '../coverage/coverage.figures.ts';
import type { DemandPoints, Site, TownSums } from '../coverage/engine/index.ts';
import type { Graph } from './graph.ts';
import type { NetworkService, StepTimer } from './network.service.ts';

export type NetworkCoverageBody = Static<typeof NetworkCoverage>;

interface StraightFigures {
  code: string;
  rate: number | null;
  elderlyRate: number | null;
}

export interface NetworkCoverageInput {
  key: string;
  graph: Graph;
  points: DemandPoints;
  sites: Site[];
  proposed: Site[];
  speedMps: number;
  towns: { code: string; name: string }[];
  straightTowns: StraightFigures[];
  straightTotals: { rate: number | null; elderlyRate: number | null };
  /** Straight-line metres from each point to its nearest facility (the same selection). */
  straightNearest: (i: number) => number;
  uncoveredLimit: number;
  villageDetail: boolean;
  timer: StepTimer;
}

/** Every village's walk is given to the millimetre, so a check can tell "on the limit" from 1 cm beyond. */
const millimetres = (value: number) => (Number.isFinite(value) ? round(value, 3) : null);
const gapOf = (straight: number | null, walking: number | null) =>
  straight === null || walking === null ? null : round(straight - walking, 6);

/** The straight response's figures, without its facility count (walking does not change it). */
function figures(s: Omit<TownSums, 'medianNearest'>) {
  const { facilityCount: _count, ...rest } = straightFigures(s, 0);
  return rest;
}

export function networkCoverage(service: NetworkService, input: NetworkCoverageInput): NetworkCoverageBody {
  const { graph, points, timer } = input;
  const base = service.baseline(input.key, graph, points, input.sites, timer);
  const whatIf = input.proposed.length > 0 ? service.whatIf(base, input.proposed, timer) : null;
  const towns = whatIf ? whatIf.towns : base.towns;
  const isCovered = whatIf ? whatIf.isCovered : (i: number) => base.covered[i] === 1;
  const nearest = whatIf ? whatIf.pointNearest : (i: number) => base.pointNearest[i]!;

  const townIndex = new Map(points.townCodes.map((code, i) => [code, i]));
  const straight = new Map(input.straightTowns.map((t) => [t.code, t]));
  const zero = {
    villages: 0,
    population: 0,
    elderly: 0,
    coveredPopulation: 0,
    coveredElderly: 0,
    coveredVillages: 0,
  };
  const total = {
    villages: 0,
    population: 0,
    elderly: 0,
    coveredPopulation: 0,
    coveredElderly: 0,
    coveredVillages: 0,
  };
  const townRows = input.towns.map((town) => {
    const index = townIndex.get(town.code);
    const s = index === undefined ? null : towns[index]!;
    const sums = s ?? { ...zero, medianNearest: null };
    if (s) for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += s[k];
    const f = figures(sums);
    const st = straight.get(town.code);
    return {
      code: town.code,
      name: town.name,
      ...f,
      medianNearestM: metres(sums.medianNearest),
      straightRate: st?.rate ?? null,
      straightElderlyRate: st?.elderlyRate ?? null,
      gap: {
        rate: gapOf(st?.rate ?? null, f.rate),
        elderlyRate: gapOf(st?.elderlyRate ?? null, f.elderlyRate),
      },
    };
  });
  const totals = figures(total);

  let beyond = 0;
  let walkSum = 0;
  let walkMax = 0;
  for (let i = 0; i < points.count; i++) {
    const q = base.snaps.offset[i]!;
    if (!Number.isFinite(q)) beyond++;
    else {
      walkSum += q;
      if (q > walkMax) walkMax = q;
    }
  }
  const snapped = points.count - beyond;
  let facilitiesBeyond = 0;
  for (let i = 0; i < base.sites.length; i++) if (base.siteSnaps.edge[i]! < 0) facilitiesBeyond++;

  const uniform = base.reach.uniform;
  const response: NetworkCoverageBody = {
    speedMps: round(input.speedMps, 4),
    minutes: uniform === null ? null : round(uniform / input.speedMps / 60, 2),
    reachM: uniform === null ? null : round(uniform, 1),
    graph: { edges: graph.edgeCount, vertices: graph.vertexCount },
    offNetwork: {
      capM: OFF_NETWORK_CAP_M,
      villagesBeyondCap: beyond,
      facilitiesBeyondCap: facilitiesBeyond,
      maxVillageWalkM: snapped > 0 ? round(walkMax, 1) : null,
      meanVillageWalkM: snapped > 0 ? round(walkSum / snapped, 1) : null,
    },
    totals: {
      ...totals,
      gap: {
        rate: gapOf(input.straightTotals.rate, totals.rate),
        elderlyRate: gapOf(input.straightTotals.elderlyRate, totals.elderlyRate),
      },
    },
    towns: townRows,
    serviceArea: timer.step('network.serviceArea', () => service.serviceArea(base, whatIf)),
    uncoveredVillages: timer.step('network.uncoveredList', () =>
      uncovered(input, base.uncoveredOrder, whatIf?.newlyCovered ?? null, nearest, base.snaps.offset),
    ),
  };
  if (whatIf) {
    response.proposed = whatIf.perSite.map((p) => ({
      newlyCoveredPopulation: p.population,
      newlyCoveredElderly: p.elderly,
      newlyCoveredVillages: p.villages,
    }));
    const before = { ...zero };
    for (const t of base.towns)
      for (const k of Object.keys(before) as (keyof typeof before)[]) before[k] += t[k];
    const was = figures(before);
    const change = (a: number | null, b: number | null) =>
      a === null || b === null ? null : round(b - a, 6);
    response.delta = {
      coveredPopulation: totals.coveredPopulation - was.coveredPopulation,
      coveredElderly: totals.coveredElderly - was.coveredElderly,
      rate: change(was.rate, totals.rate),
      elderlyRate: change(was.elderlyRate, totals.elderlyRate),
    };
  }
  if (input.villageDetail) {
    const order = Array.from(points.codeRank.keys()).sort(
      (a, b) => points.codeRank[a]! - points.codeRank[b]!,
    );
    response.villages = order.map((i) => {
      const e = base.snaps.edge[i]!;
      return {
        code: points.codes[i]!,
        networkM: millimetres(nearest(i)),
        offNetworkM: millimetres(base.snaps.offset[i]!),
        edgeId: e >= 0 ? graph.edgeId[e]! : null,
        fraction: e >= 0 ? base.snaps.fraction[i]! : null,
        covered: isCovered(i),
      };
    });
    response.sites = base.sites.map((_, i) => {
      const e = base.siteSnaps.edge[i]!;
      return {
        edgeId: e >= 0 ? graph.edgeId[e]! : null,
        fraction: e >= 0 ? base.siteSnaps.fraction[i]! : null,
        offNetworkM: millimetres(base.siteSnaps.offset[i]!),
      };
    });
  }
  return response;
}

/** Villages not covered on foot, most elderly first, with their walking and off-network metres. */
function uncovered(
  input: NetworkCoverageInput,
  order: Int32Array,
  newlyCovered: Set<number> | null,
  nearest: (i: number) => number,
  offset: Float64Array,
) {
  const { points } = input;
  const names = new Map(input.towns.map((t) => [t.code, t.name]));
  const features: Feature<Point>[] = [];
  for (const i of order) {
    if (features.length >= input.uncoveredLimit) break;
    if (newlyCovered?.has(i)) continue;
    const d = nearest(i);
    features.push(
      villageFeature(points, i, names, {
        networkM: metres(d),
        straightM: metres(input.straightNearest(i)),
        minutes: Number.isFinite(d) ? round(d / input.speedMps / 60, 1) : null,
        offNetworkM: metres(offset[i]!),
      }),
    );
  }
  return {
    type: 'FeatureCollection' as const,
    numberMatched: order.length - (newlyCovered?.size ?? 0),
    numberReturned: features.length,
    features,
  };
}
