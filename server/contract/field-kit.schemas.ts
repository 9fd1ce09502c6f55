// Request schemas of the sync API (TypeBox), kept apart from field-kit.ts so the page can import
// the vocabularies without the schema library.
import { type Static, Type } from 'typebox';
import { SYNC_ACTIONS } from './field-kit.ts';

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
    action: Type.Union(SYNC_ACTIONS.map((a) => Type.Literal(a))),
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
