// Response schemas of the protection-list API; the client imports the Static<> types.
import { type Static, type TSchema, Type } from 'typebox';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
export const List = Type.Object({
  id: Type.String(),
  name: Type.String(),
  batch: Nullable(Type.Integer()),
  year: Type.Integer(),
  authority: Nullable(Type.String()),
  document: Nullable(Type.String()),
  count: Type.Integer({ description: 'names on the list now' }),
});
export const Entry = Type.Object({
  placeNameId: Type.String(),
  name: Type.String(),
  pinyin: Type.String(),
  category: Type.String(),
  categoryName: Type.String(),
  townName: Nullable(Type.String()),
  districtName: Type.String(),
  status: Type.String(),
  point: Type.Array(Type.Number()),
  addedAt: Type.String(),
  addedBy: Type.String(),
  addedReason: Type.String(),
  removedAt: Nullable(Type.String()),
  removedBy: Nullable(Type.String()),
  removedReason: Nullable(Type.String()),
});
export const Changed = Type.Object({
  listId: Type.String(),
  placeNameId: Type.Integer(),
  removed: Type.Optional(Type.Boolean()),
});

export type ProtectionList = Static<typeof List>;
export type ListedName = Static<typeof Entry>;
