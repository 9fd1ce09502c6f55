import { describe, expect, it } from 'vitest';
import { formatClock } from './time.ts';

describe('formatClock', () => {
  it('gives the time today and the date with it on another day', () => {
    const now = new Date(2026, 10, 30, 18, 0);
    expect(formatClock(new Date(2026, 10, 30, 9, 12).toISOString(), now)).toBe('09:12');
    expect(formatClock(new Date(2026, 10, 29, 23, 5).toISOString(), now)).toBe('11-29 23:05');
  });
});
