// The vector-tile layers: URL name → tile function (migrations/0003_tiles.sql) and the attributes
// each carries, for TileJSON. Keep in step with the SQL functions. No tile carries a staff-only
// field (server/contract/staff-only.ts): tiles are public and cached; loading this module fails
// when a layer lists one.
import { isRecordKind, isStaffOnlyField } from '../../contract/staff-only.ts';

export interface TileLayer {
  id: string;
  sqlFunction: string;
  description: string;
  minzoom: number;
  maxzoom: number;
  /** Tables the SQL function reads: their data versions make the layer's (tile URLs carry it). */
  tables: string[];
  /** MVT layers inside each tile (towns also carries town-labels) with their fields. */
  vectorLayers: { id: string; fields: Record<string, string> }[];
}

export const TILE_LAYERS: TileLayer[] = [
  {
    id: 'districts',
    tables: ['districts'],
    sqlFunction: 'tile_districts',
    description: 'District outlines',
    minzoom: 0,
    maxzoom: 16,
    vectorLayers: [{ id: 'districts', fields: { code: 'String', name: 'String' } }],
  },
  {
    id: 'towns',
    tables: ['towns'],
    sqlFunction: 'tile_towns',
    description: 'Town and subdistrict areas (synthetic polygons) and their label points',
    minzoom: 0,
    maxzoom: 16,
    vectorLayers: [
      { id: 'towns', fields: { code: 'String', name: 'String', kind: 'String', districtCode: 'String' } },
      { id: 'town-labels', fields: { code: 'String', name: 'String', kind: 'String' } },
    ],
  },
  {
    id: 'villages',
    tables: ['villages'],
    sqlFunction: 'tile_villages',
    description: 'Villages and communities',
    minzoom: 0,
    maxzoom: 16,
    vectorLayers: [
      {
        id: 'villages',
        fields: {
          code: 'String',
          name: 'String',
          kind: 'String',
          population: 'Number',
          elderlyPopulation: 'Number',
        },
      },
    ],
  },
  {
    id: 'facilities',
    tables: ['facilities', 'facility_subtypes'],
    sqlFunction: 'tile_facilities',
    description: 'Civil-affairs facilities',
    minzoom: 0,
    maxzoom: 16,
    vectorLayers: [
      {
        id: 'facilities',
        fields: { name: 'String', category: 'String', subtype: 'String', status: 'String', tier: 'Number' },
      },
    ],
  },
  {
    id: 'place-names',
    tables: ['place_names', 'place_name_categories'],
    sqlFunction: 'tile_place_names',
    description: 'Place-name label points',
    minzoom: 0,
    maxzoom: 16,
    vectorLayers: [
      {
        id: 'place-names',
        fields: {
          name: 'String',
          category: 'String',
          historical: 'Boolean',
          protected: 'Boolean',
          importance: 'Number',
        },
      },
    ],
  },
  {
    id: 'boundary-lines',
    tables: ['boundary_lines'],
    sqlFunction: 'tile_boundary_lines',
    description: 'Boundary lines by survey status',
    minzoom: 0,
    maxzoom: 16,
    vectorLayers: [{ id: 'boundary-lines', fields: { code: 'String', name: 'String', status: 'String' } }],
  },
  {
    id: 'boundary-markers',
    tables: ['boundary_markers'],
    sqlFunction: 'tile_boundary_markers',
    description: 'Boundary markers by condition',
    minzoom: 0,
    maxzoom: 16,
    vectorLayers: [
      { id: 'boundary-markers', fields: { number: 'String', condition: 'String', lineId: 'Number' } },
    ],
  },
];

for (const layer of TILE_LAYERS) {
  for (const vectorLayer of layer.vectorLayers) {
    const kind = isRecordKind(vectorLayer.id) ? vectorLayer.id : isRecordKind(layer.id) ? layer.id : null;
    const leaked = kind ? Object.keys(vectorLayer.fields).filter((f) => isStaffOnlyField(kind, f)) : [];
    if (leaked.length)
      throw new Error(`tile layer ${vectorLayer.id} lists staff-only fields ${leaked.join(', ')}`);
  }
}

export const TILE_LAYERS_BY_ID = new Map(TILE_LAYERS.map((l) => [l.id, l]));
