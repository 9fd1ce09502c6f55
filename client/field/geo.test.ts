import { describe, expect, it } from 'vitest';
import { formatDistance, headingText, headingTo } from './geo.ts';

describe('headingTo', () => {
  it('says how far and which way, on the eight compass points', () => {
    // 0.002° of latitude north and the same distance east at 29.7°N: north-east, ~310 m.
    const from: [number, number] = [105.7, 29.7];
    const dLon = 0.002 / Math.cos((29.7 * Math.PI) / 180);
    const h = headingTo(from, [105.7 + dLon, 29.702]);
    expect(h.direction.zh).toBe('东北');
    expect(h.degrees).toBeGreaterThan(40);
    expect(h.degrees).toBeLessThan(50);
    // sqrt(2) × 0.002° × 111.2 km/° ≈ 314.5 m
    expect(h.metres).toBeGreaterThan(310);
    expect(h.metres).toBeLessThan(319);
    expect(headingText(h, 'zh')).toMatch(/^距离 31\d m · 东北$/);
    expect(headingTo(from, [105.7, 29.69]).direction.en).toBe('south');
    expect(headingTo(from, [105.69, 29.7]).direction.zh).toBe('西');
  });
  it('formats distances in m and km', () => {
    expect(formatDistance(320.4)).toBe('320 m');
    expect(formatDistance(1234)).toBe('1.2 km');
    expect(formatDistance(15_400)).toBe('15 km');
  });
});
