// Property types of each collection, read once from PostgreSQL's own result types (a query of the
// collection's property expressions that returns no rows), so /schema, /queryables and the CQL2
// translator agree with what the items really carry.
import type pg from 'pg';
import type { CollectionDefinition } from './collections.ts';

export type PropertyType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'timestamp' | 'json';

const BY_OID: Record<number, PropertyType> = {
  16: 'boolean',
  20: 'integer',
  21: 'integer',
  23: 'integer',
  700: 'number',
  701: 'number',
  1700: 'number',
  1082: 'date',
  1114: 'timestamp',
  1184: 'timestamp',
  114: 'json',
  3802: 'json',
};

const cache = new Map<string, Promise<Record<string, PropertyType>>>();

/** name → type for every property of the collection (text, varchar and enums are strings). */
export function propertyTypes(
  pool: pg.Pool,
  def: CollectionDefinition,
): Promise<Record<string, PropertyType>> {
  let types = cache.get(def.id);
  if (!types) {
    const names = Object.keys(def.properties);
    const select = names.map((name, i) => `${def.properties[name]} AS c${i}`).join(', ');
    types = pool
      .query({ text: `SELECT ${select} FROM ${def.from} WHERE false` })
      .then((result) =>
        Object.fromEntries(names.map((name, i) => [name, BY_OID[result.fields[i]!.dataTypeID] ?? 'string'])),
      );
    types.catch(() => cache.delete(def.id));
    cache.set(def.id, types);
  }
  return types;
}

/** JSON Schema for one property value of that type. */
export function jsonSchemaOf(type: PropertyType): Record<string, unknown> {
  switch (type) {
    case 'date':
      return { type: 'string', format: 'date' };
    case 'timestamp':
      return { type: 'string', format: 'date-time' };
    case 'json':
      return {};
    default:
      return { type };
  }
}
