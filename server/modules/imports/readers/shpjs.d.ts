// Types for the parts of shpjs (no bundled types) that the Shapefile reader uses.
declare module 'shpjs' {
  import type { FeatureCollection } from 'geojson';

  type Bytes = ArrayBuffer | ArrayBufferView;
  export default function getShapefile(input: {
    shp: Bytes;
    dbf?: Bytes;
    cpg?: string;
    prj?: string;
  }): Promise<FeatureCollection & { fileName?: string }>;
}
