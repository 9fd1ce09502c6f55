// The engine's spatial grid and the per-town summaries, on hand-placed items (no database).
import { describe, expect, it } from 'vitest';
import { Random } from '../../data/generator/random.ts';
import { buildGrid, distanceToCell, runBuffer, runsNear } from '../../server/modules/coverage/engine/grid.ts';
import { makeDemandPoints } from '../../server/modules/coverage/engine/points.ts';
import { median, select, sortUncovered, sumTowns } from '../../server/modules/coverage/engine/towns.ts';

const near = (grid: ReturnType<typeof buildGrid>, x: number, y: number, reach: number) => {
  const seen: number[] = [];
  const runs = runBuffer(grid);
  const n = runsNear(grid, x, y, reach, runs);
  for (let r = 0; r < 2 * n; r += 2) for (let k = runs[r]!; k < runs[r + 1]!; k++) seen.push(grid.order[k]!);
  return seen.sort((a, b) => a - b);
};

describe('grid', () => {
  // Items at (0,0) (5,0) (15,0) (25,12) with 10 m cells: 3 × 2 cells from (0,0); cells 0, 0, 1, 5.
  const grid = buildGrid(Float64Array.of(0, 5, 15, 25), Float64Array.of(0, 0, 0, 12), 10);

  it('buckets items by cell, counting cells from the lowest corner', () => {
    expect([grid.nx, grid.ny, grid.x0, grid.y0]).toEqual([3, 2, 0, 0]);
    expect(Array.from(grid.start)).toEqual([0, 2, 3, 3, 3, 3, 4]);
    expect(Array.from(grid.order)).toEqual([0, 1, 2, 3]);
  });

  it('visits the items of every cell the square around a point touches, and no others', () => {
    expect(near(grid, 1, 1, 1)).toEqual([0, 1]); // cell 0 only
    expect(near(grid, 12, 1, 4)).toEqual([0, 1, 2]); // x 8..16: cells 0 and 1
    expect(near(grid, 24, 11, 2)).toEqual([3]); // cell 5 only
    expect(near(grid, 12, 5, 100)).toEqual([0, 1, 2, 3]); // clamped to the grid
    expect(near(grid, 24, 5, 6)).toEqual([2, 3]); // x 18..30, y -1..11: cells 1, 2, 4, 5
    expect(near(grid, -50, -50, 1)).toEqual([]); // wholly outside the grid: no cell
  });

  it('measures from a point to a cell edge (0 inside)', () => {
    expect(distanceToCell(grid, 0, 0, 5, 5)).toBe(0);
    expect(distanceToCell(grid, 2, 0, 5, 5)).toBe(15); // cell spans x 20..30
    expect(distanceToCell(grid, 2, 1, 5, 5)).toBe(Math.hypot(15, 5)); // corner (20, 10)
  });

  it('has one cell for no items', () => {
    const empty = buildGrid(new Float64Array(0), new Float64Array(0), 10);
    expect([empty.nx, empty.ny, Array.from(empty.start)]).toEqual([1, 1, [0, 0]]);
  });
});

describe('median and selection', () => {
  it('is the middle value, or the mean of the two middle ones', () => {
    expect(median(Float64Array.of(3, 1, 2))).toBe(2);
    expect(median(Float64Array.of(4, 1, 3, 2))).toBe(2.5);
    expect(median(Float64Array.of(7))).toBe(7);
    expect(median(Float64Array.of(5, 5, 1, 9, 5, 5))).toBe(5);
  });
  it('is null for no values or no reachable site', () => {
    expect(median(new Float64Array(0))).toBeNull();
    expect(median(Float64Array.of(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY))).toBeNull();
  });
  it('selects the k-th smallest like a full sort does', () => {
    const random = new Random('median-test');
    const values = Float64Array.from({ length: 501 }, () => random.int(0, 999));
    const sorted = Array.from(values).sort((a, b) => a - b);
    for (const k of [0, 1, 250, 499, 500]) expect(select(values.slice(), k)).toBe(sorted[k]);
  });
});

describe('town sums and the uncovered list', () => {
  // Two towns; the codes are given in code order (the input order).
  const points = makeDemandPoints({
    codes: ['A1', 'A2', 'B1', 'B2', 'B3'],
    names: ['a1', 'a2', 'b1', 'b2', 'b3'],
    lon: Float64Array.of(106.5, 106.51, 106.6, 106.61, 106.62),
    lat: Float64Array.of(29.5, 29.5, 29.6, 29.6, 29.6),
    population: Float64Array.of(100, 200, 300, 400, 500),
    elderly: Float64Array.of(10, 30, 30, 5, 50),
    town: Int32Array.of(0, 0, 1, 1, 1),
    townCodes: ['A', 'B'],
  });
  const index = (code: string) => points.codes.indexOf(code);
  const covered = new Uint8Array(points.count);
  covered[index('A1')] = 1;
  covered[index('B3')] = 1;

  it('adds people, elderly and villages per town, in all and covered', () => {
    const [a, b] = sumTowns(points, covered);
    expect(a).toEqual({
      villages: 2,
      population: 300,
      elderly: 40,
      coveredPopulation: 100,
      coveredElderly: 10,
      coveredVillages: 1,
      medianNearest: null,
    });
    expect(b).toMatchObject({
      villages: 3,
      population: 1200,
      elderly: 85,
      coveredPopulation: 500,
      coveredVillages: 1,
    });
  });

  it('lists uncovered points most elderly first, ties in code order', () => {
    const list = Array.from(sortUncovered(points, covered), (i) => points.codes[i]);
    expect(list).toEqual(['A2', 'B1', 'B2']); // 30 (A2 before B1 by code), 30, 5
  });
});
