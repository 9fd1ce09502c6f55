// The shared sphere (server/contract/geodesy.ts), checked against closed-form arcs of a sphere of
// radius R = 6 371 008.8 m and against the ellipsoid's exact geodesic.
import { describe, expect, it } from 'vitest';
import {
  circleRing,
  destinationPoint,
  haversineMetres,
  EARTH_MEAN_RADIUS_M as R,
} from '../../server/contract/geodesy.ts';
import { vincentyDistance } from '../../server/modules/coverage/engine/ellipsoid.ts';

describe('haversine', () => {
  it('gives arcs of the sphere: a degree, a quarter and half of a great circle', () => {
    expect(haversineMetres([0, 0], [1, 0])).toBeCloseTo((R * Math.PI) / 180, 6);
    expect(haversineMetres([106, 10], [106, 11])).toBeCloseTo((R * Math.PI) / 180, 6);
    expect(haversineMetres([0, 0], [90, 0])).toBeCloseTo((R * Math.PI) / 2, 4);
    expect(haversineMetres([0, 0], [0, 90])).toBeCloseTo((R * Math.PI) / 2, 4);
    expect(haversineMetres([0, 0], [180, 0])).toBeCloseTo(R * Math.PI, 4); // antipodes: no NaN
  });
  it('is 0 for the same point and symmetric', () => {
    expect(haversineMetres([106.5, 29.5], [106.5, 29.5])).toBe(0);
    const a = [106.51, 29.57];
    const b = [106.62, 29.48];
    expect(haversineMetres(a, b)).toBe(haversineMetres(b, a));
  });
  it('is within 0.5 % of the ellipsoid across Chongqing', () => {
    for (const [a, b] of [
      [
        [106.5, 29.5],
        [106.5, 29.6],
      ],
      [
        [105.3, 28.2],
        [110.1, 32.1],
      ],
      [
        [107.0, 30.0],
        [107.01, 30.0],
      ],
    ] as [number, number][][]) {
      const exact = vincentyDistance(a![0], a![1], b![0], b![1]);
      expect(Math.abs(haversineMetres(a!, b!) - exact) / exact).toBeLessThan(0.005);
    }
  });
  it('ignores a third ordinate', () => {
    expect(haversineMetres([0, 0, 100], [1, 0, 0])).toBeCloseTo((R * Math.PI) / 180, 6);
  });
});

describe('destination and circles', () => {
  it('walks north along a meridian and east along the equator', () => {
    const north = destinationPoint([106, 29], (R * Math.PI) / 180, 0);
    expect(north[0]).toBeCloseTo(106, 9);
    expect(north[1]).toBeCloseTo(30, 9);
    const east = destinationPoint([10, 0], (R * Math.PI) / 2, 90);
    expect(east[0]).toBeCloseTo(100, 9);
    expect(east[1]).toBeCloseTo(0, 9);
  });
  it('draws a closed ring whose every vertex lies on the radius', () => {
    const ring = circleRing([106.55, 29.56], 1500, 16);
    expect(ring).toHaveLength(17);
    expect(ring[16]).toEqual(ring[0]);
    for (const p of ring) expect(haversineMetres([106.55, 29.56], p)).toBeCloseTo(1500, 6);
  });
});
