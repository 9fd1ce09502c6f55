// Types for @mapbox/tile-cover (the package ships none): the tiles [x, y, z] covering a geometry.
declare module '@mapbox/tile-cover' {
  import type { Geometry } from 'geojson';
  export function tiles(
    geometry: Geometry,
    limits: { min_zoom: number; max_zoom: number },
  ): [number, number, number][];
}
