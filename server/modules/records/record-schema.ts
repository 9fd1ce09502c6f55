// The response schema of one record of a kind, built from its definition (kinds.ts) so a new field
// is declared once. Staff-only fields are optional: anonymous callers get records without them.
import { type TSchema, Type } from 'typebox';
import { isRecordKind, isStaffOnlyField } from '../../contract/staff-only.ts';
import type { FieldSpec, KindDefinition } from './kinds.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

function valueSchema(spec: FieldSpec): TSchema {
  switch (spec.type) {
    case 'text':
    case 'date':
      return Nullable(Type.String());
    case 'integer':
    case 'id':
      return Nullable(Type.Integer());
    case 'number':
      return Nullable(Type.Number());
    case 'boolean':
      return Type.Boolean();
    case 'idArray':
      return Type.Array(Type.Integer());
    case 'json':
    case 'geometry':
    case 'composite':
      return Type.Unknown();
  }
}

/** One record of a kind as the API answers it: fields, bookkeeping and the kind's read-only extras. */
export function recordSchema(kind: KindDefinition) {
  const properties: Record<string, TSchema> = {
    kind: Type.Literal(kind.id),
    id: Type.Integer(),
    version: Type.Integer(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
    deletedAt: Nullable(Type.String()),
  };
  for (const [name, spec] of Object.entries(kind.fields)) {
    const schema = valueSchema(spec);
    properties[name] =
      isRecordKind(kind.id) && isStaffOnlyField(kind.id, name) ? Type.Optional(schema) : schema;
  }
  // Extras come with reads, not with the answer to a write.
  for (const name of Object.keys(kind.extras ?? {})) properties[name] = Type.Optional(Type.Unknown());
  return Type.Object(properties);
}
