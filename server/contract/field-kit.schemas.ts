// Request schemas of the sync API (TypeBox), kept apart from field-kit.ts so the page can import
// the vocabularies without the schema library.
import { type Static, Type } from 'typebox';
import { BASEMAP_KINDS, CONFLICT_CHOICES, SYNC_ACTIONS, SYNC_OUTCOMES } from './field-kit.ts';

/** One of a vocabulary's values, typed as its union. */
const oneOf = <T extends readonly string[]>(values: T) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values] });

export const SyncOperation = Type.Object(
  {
    opId: Type.String({
      format: 'uuid',
      description: 'Made by the device; a resent operation is answered once',
    }),
    kind: Type.Union([
      Type.Literal('boundary-lines'),
      Type.Literal('boundary-markers'),
      Type.Literal('inspections'),
      Type.Literal('disputes'),
    ]),
    action: oneOf(SYNC_ACTIONS),
    id: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
    baseVersion: Type.Optional(Type.Integer({ minimum: 1 })),
    changes: Type.Record(Type.String({ maxLength: 64 }), Type.Unknown()),
    reason: Type.Optional(Type.String({ maxLength: 2000 })),
    editedAt: Type.String({ format: 'date-time', description: 'When the edit was made on the device' }),
    offline: Type.Boolean({ default: true }),
  },
  { additionalProperties: false },
);
export type SyncOperation = Static<typeof SyncOperation>;

export const SyncRequest = Type.Object(
  { operations: Type.Array(SyncOperation, { minItems: 1, maxItems: 200 }) },
  { additionalProperties: false },
);

// --- Answers ------------------------------------------------------------------------------------

const AnyRecord = Type.Record(Type.String(), Type.Unknown());
const ConflictFieldSchema = Type.Object({
  field: Type.String(),
  base: Type.Unknown(),
  theirs: Type.Unknown(),
  mine: Type.Unknown(),
  chosen: Type.Optional(Type.String()),
});
const ErrorSchema = Type.Object({
  code: Type.String(),
  message: Type.String(),
  details: Type.Optional(Type.Unknown()),
});

export const SyncResponse = Type.Object({
  syncedAt: Type.String({ format: 'date-time' }),
  results: Type.Array(
    Type.Object({
      opId: Type.String(),
      outcome: oneOf(SYNC_OUTCOMES),
      kind: Type.String(),
      id: Type.Optional(Type.Integer()),
      record: Type.Optional(AnyRecord),
      applied: Type.Optional(Type.Array(Type.String())),
      theirs: Type.Optional(Type.Array(Type.String())),
      conflict: Type.Optional(Type.Object({ id: Type.Integer(), fields: Type.Array(ConflictFieldSchema) })),
      error: Type.Optional(ErrorSchema),
    }),
  ),
});

export const ConflictList = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      kind: Type.String(),
      recordId: Type.Integer(),
      userId: Type.Integer(),
      baseVersion: Type.Integer(),
      serverVersion: Type.Integer(),
      currentVersion: Type.Integer(),
      fields: Type.Array(ConflictFieldSchema),
      reason: Type.Union([Type.String(), Type.Null()]),
      editedAt: Type.String(),
      createdAt: Type.String(),
      record: AnyRecord,
    }),
  ),
});

export const ResolveResponse = Type.Object({
  conflictId: Type.Integer(),
  record: AnyRecord,
  resolution: Type.Record(Type.String(), oneOf(CONFLICT_CHOICES)),
});

const BBoxSchema = Type.Array(Type.Number(), { minItems: 4, maxItems: 4 });

export const BasemapList = Type.Object({
  layers: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.Object({ zh: Type.String(), en: Type.String() }),
      kind: oneOf(BASEMAP_KINDS),
      tiles: Type.Optional(Type.Array(Type.String())),
      url: Type.Optional(Type.String()),
      format: Type.Optional(Type.String()),
      tileFormat: Type.Optional(Type.String()),
      tileSize: Type.Optional(Type.Integer()),
      minzoom: Type.Integer(),
      maxzoom: Type.Integer(),
      bounds: Type.Optional(BBoxSchema),
      attribution: Type.String(),
      overlay: Type.Optional(Type.Object({ tiles: Type.Array(Type.String()), attribution: Type.String() })),
      vectorLayers: Type.Optional(Type.Array(Type.String())),
      offline: Type.Boolean(),
    }),
  ),
});

const Count = Type.Object({ count: Type.Integer(), bytes: Type.Integer() });

export const OfflinePackageResponse = Type.Object({
  area: Type.Object({
    kind: Type.String(),
    key: Type.String(),
    name: Type.String(),
    district: Type.String(),
    bbox: BBoxSchema,
  }),
  generatedAt: Type.String(),
  records: Type.Record(Type.String(), Type.Array(AnyRecord)),
  photos: Type.Array(Type.Object({ id: Type.Integer(), thumbnailUrl: Type.String(), bytes: Type.Integer() })),
  tiles: Type.Object({
    minzoom: Type.Integer(),
    maxzoom: Type.Integer(),
    layers: Type.Array(
      Type.Object({
        id: Type.String(),
        template: Type.String(),
        minzoom: Type.Integer(),
        maxzoom: Type.Integer(),
      }),
    ),
    basemap: Type.Optional(
      Type.Object({ template: Type.String(), minzoom: Type.Integer(), maxzoom: Type.Integer() }),
    ),
    zooms: Type.Array(
      Type.Object({
        z: Type.Integer(),
        count: Type.Integer(),
        rows: Type.Array(Type.Array(Type.Integer(), { minItems: 3, maxItems: 3 })),
      }),
    ),
  }),
  estimate: Type.Object({
    bytes: Type.Integer(),
    overlayTiles: Count,
    basemapTiles: Count,
    records: Count,
    photos: Count,
  }),
});

export const BoundarySearchResponse = Type.Object({
  query: Type.Object({ number: Type.Optional(Type.String()), names: Type.Array(Type.String()) }),
  items: Type.Array(
    Type.Object({
      kind: Type.String(),
      id: Type.Integer(),
      label: Type.String(),
      lineId: Type.Integer(),
      lineName: Type.String(),
      number: Type.Optional(Type.String()),
      condition: Type.Optional(Type.String()),
      status: Type.Optional(Type.String()),
      inspectionState: Type.Optional(Type.String()),
      bbox: BBoxSchema,
    }),
  ),
});
