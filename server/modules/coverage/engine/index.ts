// The pure coverage engine: which demand points (villages) lie within reach of which sites, the
// distance from each point to its nearest site, per-town aggregates, what-if sites and greedy
// siting. It works on typed arrays held in memory per district (loaded once per data version, see
// coverage.service.ts), so a district of a million points is answered in well under a second and
// a what-if site touches only the points around it. No database, no I/O: every module is unit
// tested on hand-made points (tests/unit/coverage-*.test.ts).
//   points.ts       demand points and their grid     grid.ts        the one spatial grid
//   ellipsoid.ts    distances on WGS84               geodesic.ts    the geodesic measure (covered = within radius)
//   site-index.ts   nearest / within-reach sites     towns.ts       town sums, medians, uncovered list
//   baseline.ts     a selection's state              what-if.ts     proposed sites on top of it
//   suggestions.ts  greedy siting
export { type Baseline, computeBaseline, type StepTimer, summarise } from './baseline.ts';
export { LocalFrame } from './ellipsoid.ts';
export { type Site, TOLERANCE_M } from './geodesic.ts';
export { buildGrid, type Grid } from './grid.ts';
export { type DemandPoints, type DemandRows, makeDemandPoints } from './points.ts';
export { type Candidate, greedySuggestions, type Suggestion } from './suggestions.ts';
export type { TownSums } from './towns.ts';
export { applyProposed, type WhatIf } from './what-if.ts';
