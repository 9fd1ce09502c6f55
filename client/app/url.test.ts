import { describe, expect, it } from 'vitest';
import { formatHash, parseHash } from './url.ts';

describe('URL hash state', () => {
  it('round-trips mode, district, view and selection', () => {
    const hash = '#/map?mode=boundaries&district=500112&c=106.6808,29.8495&z=9.72&sel=boundary-markers:42';
    const state = parseHash(hash);
    expect(state).toMatchObject({
      route: 'map',
      mode: 'boundaries',
      district: '500112',
      view: { center: [106.6808, 29.8495], zoom: 9.72 },
      selection: { collection: 'boundary-markers', id: '42' },
    });
    expect(formatHash(state)).toBe(hash);
  });

  it('carries a saved coverage scenario, and only a numeric id', () => {
    const hash = '#/map?mode=planning&district=500111&scenario=17';
    expect(parseHash(hash).scenario).toBe('17');
    expect(formatHash(parseHash(hash))).toBe(hash);
    expect(parseHash('#/map?mode=planning&scenario=1;drop').scenario).toBeUndefined();
  });

  it('falls back to defaults on anything unknown or malformed', () => {
    expect(parseHash('')).toMatchObject({
      route: 'map',
      mode: 'public',
      district: undefined,
      view: undefined,
      selection: null,
    });
    const odd = parseHash('#/map?mode=admin&district=5001&c=999,1&z=x&sel=users:1');
    expect(odd).toMatchObject({ mode: 'public', district: undefined, view: undefined, selection: null });
    expect(parseHash('#/map?sel=facilities:1;drop').selection).toBeNull();
  });

  it('reads #/place/{id} as that place name selected', () => {
    expect(parseHash('#/place/338')).toMatchObject({
      route: 'place',
      placeId: '338',
      selection: { collection: 'place-names', id: '338' },
    });
    expect(parseHash('#/place/abc').route).toBe('map');
  });
});
