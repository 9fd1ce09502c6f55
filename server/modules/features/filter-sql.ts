// A CQL2-JSON tree (from filter-lang=cql2-json, or parsed from cql2-text) → a SQL condition. Every
// literal is a bound parameter; the only SQL text comes from the collection definitions (trusted
// code), chosen by looking a property name up among the collection's queryables.
import { type RawBuilder, sql } from 'kysely';
import { badRequest } from '../../errors.ts';
import { type Cql2Json, MAX_FILTER_DEPTH, tooDeep } from './cql2.ts';
import type { Crs } from './crs.ts';
import type { PropertyType } from './queryables.ts';

export interface FilterContext {
  collectionId: string;
  /** Queryable name → SQL expression and type. `geometry` is the feature geometry. */
  queryables: Map<string, { expr: string; type: PropertyType | 'geometry' }>;
  filterCrs: Crs;
  /** The filter's geometry literals in SRID 4326, collected so the route can check they transform. */
  geometries?: RawBuilder<unknown>[];
}

const FIELD = 'query.filter';
const COMPARE: Record<string, string> = { '=': '=', '<>': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };
const SUPPORTED = [
  'and',
  'or',
  'not',
  '=',
  '<>',
  '<',
  '<=',
  '>',
  '>=',
  'like',
  'between',
  'in',
  'isNull',
  's_intersects',
];
const GEOMETRY_DEPTH: Record<string, number> = {
  Point: 0,
  MultiPoint: 1,
  LineString: 1,
  MultiLineString: 2,
  Polygon: 2,
  MultiPolygon: 3,
};

const fail = (problem: string): never => {
  throw badRequest(FIELD, problem);
};
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A name from the request, echoed only when it is a plain identifier (never arbitrary text). */
const safeName = (name: unknown) =>
  typeof name === 'string' && /^[A-Za-z_][A-Za-z0-9_-]{0,60}$/.test(name) ? `'${name}'` : '(as given)';

interface Property {
  expr: string;
  type: PropertyType | 'geometry';
  name: string;
}

function property(node: unknown, ctx: FilterContext): Property | null {
  if (!isObject(node) || typeof node.property !== 'string') return null;
  const found = ctx.queryables.get(node.property);
  if (!found)
    fail(
      `property ${safeName(node.property)} is not a queryable of collection '${ctx.collectionId}' (see its /queryables: ${[...ctx.queryables.keys()].join(', ')})`,
    );
  return { ...found!, name: node.property as string };
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function validDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return (
    d.getUTCFullYear() === Number(m[1]) &&
    d.getUTCMonth() === Number(m[2]) - 1 &&
    d.getUTCDate() === Number(m[3])
  );
}

/** A literal as a bound, typed SQL value to compare with a property of `type`. */
function literal(node: unknown, type: PropertyType | 'geometry', prop: string): RawBuilder<unknown> {
  const wrong = (what: string) => fail(`property '${prop}' is ${what}`);
  switch (type) {
    case 'string':
      if (typeof node !== 'string') wrong('text: compare it with a quoted string');
      return sql`${node}::text`;
    case 'integer':
    case 'number':
      if (typeof node !== 'number' || !Number.isFinite(node)) wrong('a number');
      return sql`${node}::double precision`;
    case 'boolean':
      if (typeof node !== 'boolean') wrong('a boolean (TRUE or FALSE)');
      return sql`${node}::boolean`;
    case 'date':
    case 'timestamp': {
      const text = isObject(node) ? (node.date ?? node.timestamp) : node;
      if (typeof text !== 'string') return wrong(`a ${type}: use DATE('YYYY-MM-DD') or TIMESTAMP('…Z')`);
      if (validDate(text)) return sql`${text}::date`;
      if (ISO_TIMESTAMP.test(text) && !Number.isNaN(Date.parse(text))) return sql`${text}::timestamptz`;
      return wrong(`a ${type}, and the value is not a valid date (YYYY-MM-DD) or timestamp (RFC 3339)`);
    }
    default:
      return wrong(`of type ${type}, which cannot be compared`);
  }
}

function column(p: Property): RawBuilder<unknown> {
  if (p.type === 'json' || p.type === 'geometry') fail(`property '${p.name}' cannot be compared`);
  return p.type === 'string' ? sql.raw(`(${p.expr})::text`) : sql.raw(`(${p.expr})`);
}

function positions(coords: unknown, depth: number): boolean {
  if (!Array.isArray(coords)) return false;
  if (depth === 0)
    return (
      (coords.length === 2 || coords.length === 3) &&
      coords.every((n) => typeof n === 'number' && Number.isFinite(n))
    );
  return coords.length > 0 && coords.every((c) => positions(c, depth - 1));
}

function geometryLiteral(node: unknown, ctx: FilterContext): RawBuilder<unknown> {
  const crs = ctx.filterCrs;
  const inStorage = (g: RawBuilder<unknown>) => {
    const flipped = crs.flipped ? sql`ST_FlipCoordinates(${g})` : g;
    const stored = crs.srid === 4326 ? flipped : sql`ST_Transform(${flipped}, 4326)`;
    if (crs.srid !== 4326) ctx.geometries?.push(stored);
    return stored;
  };
  if (isObject(node) && Array.isArray(node.bbox)) {
    const b = node.bbox;
    if ((b.length !== 4 && b.length !== 6) || !b.every((n) => typeof n === 'number' && Number.isFinite(n)))
      fail('BBOX needs 4 (or 6) numbers');
    const [x1, y1, x2, y2] = b.length === 6 ? [b[0], b[1], b[3], b[4]] : b;
    return inStorage(sql`ST_MakeEnvelope(${x1}, ${y1}, ${x2}, ${y2}, ${sql.lit(crs.srid)})`);
  }
  if (!isObject(node) || typeof node.type !== 'string')
    return fail('S_INTERSECTS needs a geometry property and a geometry');
  const depth = GEOMETRY_DEPTH[node.type];
  if (depth === undefined) fail(`geometry type ${node.type} is not supported in filters`);
  if (!positions(node.coordinates, depth!)) fail(`the ${node.type} literal has malformed coordinates`);
  const lineOk = (line: unknown[]) => line.length >= 2;
  const ringOk = (ring: unknown[]) => {
    const [first, last] = [ring[0] as number[], ring[ring.length - 1] as number[]];
    return ring.length >= 4 && first[0] === last[0] && first[1] === last[1];
  };
  const c = node.coordinates as unknown[];
  const ok =
    node.type === 'LineString'
      ? lineOk(c)
      : node.type === 'MultiLineString'
        ? (c as unknown[][]).every(lineOk)
        : node.type === 'Polygon'
          ? (c as unknown[][]).every(ringOk)
          : node.type === 'MultiPolygon'
            ? (c as unknown[][][]).every((p) => p.every(ringOk))
            : true;
  if (!ok) fail(`the ${node.type} literal is not valid (lines need 2 positions, rings 4 and closed)`);
  const geojson = JSON.stringify({ type: node.type, coordinates: node.coordinates });
  return inStorage(sql`ST_SetSRID(ST_GeomFromGeoJSON(${geojson}), ${sql.lit(crs.srid)})`);
}

function args(node: Record<string, unknown>, count?: number): unknown[] {
  const list = node.args;
  if (!Array.isArray(list)) return fail(`operator ${safeName(node.op)} needs an args array`);
  if (count !== undefined && list.length !== count)
    fail(
      `operator ${safeName(node.op)} takes ${count} argument${count === 1 ? '' : 's'}, got ${list.length}`,
    );
  return list;
}

/** Property on one side, literal (or a property of the same type) on the other. */
function comparison(op: string, a: unknown, b: unknown, ctx: FilterContext): RawBuilder<unknown> {
  const left = property(a, ctx);
  const right = property(b, ctx);
  if (left && right) {
    if (left.type !== right.type)
      fail(`'${left.name}' (${left.type}) and '${right.name}' (${right.type}) cannot be compared`);
    return sql`${column(left)} ${sql.raw(op)} ${column(right)}`;
  }
  if (left) return sql`${column(left)} ${sql.raw(op)} ${literal(b, left.type, left.name)}`;
  if (right) return sql`${literal(a, right.type, right.name)} ${sql.raw(op)} ${column(right)}`;
  return fail(`operator '${op}' needs a property on one side`);
}

function needProperty(node: unknown, ctx: FilterContext, op: string): Property {
  const p = property(node, ctx);
  if (!p) fail(`the first argument of '${op}' must be a property`);
  return p!;
}

/** `depth`: how many AND/OR/NOT enclose `node` (a 400 past MAX_FILTER_DEPTH, never a stack overflow). */
export function filterSql(node: Cql2Json, ctx: FilterContext, depth = 0): RawBuilder<unknown> {
  if (depth > MAX_FILTER_DEPTH) throw tooDeep();
  if (typeof node === 'boolean') return node ? sql`true` : sql`false`;
  if (!isObject(node) || typeof node.op !== 'string')
    return fail('must be a CQL2 expression: an object with "op" and "args"');
  const op = node.op;
  switch (op) {
    case 'and':
    case 'or': {
      const parts = args(node);
      if (parts.length < 2) fail(`'${op}' needs at least two arguments`);
      return sql`(${sql.join(
        parts.map((p) => filterSql(p, ctx, depth + 1)),
        op === 'and' ? sql` AND ` : sql` OR `,
      )})`;
    }
    case 'not':
      return sql`NOT (${filterSql(args(node, 1)[0], ctx, depth + 1)})`;
    case '=':
    case '<>':
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const [a, b] = args(node, 2);
      return sql`(${comparison(COMPARE[op]!, a, b, ctx)})`;
    }
    case 'like': {
      const [a, b] = args(node, 2);
      const p = needProperty(a, ctx, op);
      if (p.type !== 'string') fail(`LIKE needs a text property; '${p.name}' is ${p.type}`);
      if (typeof b !== 'string') fail('LIKE needs a quoted pattern');
      return sql`(${column(p)} LIKE ${b})`;
    }
    case 'between': {
      const [a, low, high] = args(node, 3);
      const p = needProperty(a, ctx, op);
      if (p.type === 'string' || p.type === 'boolean')
        fail(`BETWEEN needs a number or date property; '${p.name}' is ${p.type}`);
      return sql`(${column(p)} BETWEEN ${literal(low, p.type, p.name)} AND ${literal(high, p.type, p.name)})`;
    }
    case 'in': {
      const [a, list] = args(node, 2);
      const p = needProperty(a, ctx, op);
      if (!Array.isArray(list) || list.length === 0) fail('IN needs a non-empty list of values');
      if ((list as unknown[]).length > 1000) fail('IN takes at most 1000 values');
      return sql`(${column(p)} IN (${sql.join((list as unknown[]).map((v) => literal(v, p.type, p.name)))}))`;
    }
    case 'isNull': {
      const [a] = args(node, 1);
      const p = needProperty(a, ctx, op);
      return sql`(${sql.raw(`(${p.expr})`)} IS NULL)`;
    }
    case 's_intersects': {
      const [a, b] = args(node, 2);
      const prop = property(a, ctx) ?? property(b, ctx);
      if (prop?.type !== 'geometry')
        fail("S_INTERSECTS needs the 'geometry' property and a geometry literal");
      const other = property(a, ctx) ? b : a;
      return sql`ST_Intersects(${sql.raw(prop!.expr)}, ${geometryLiteral(other, ctx)})`;
    }
    default:
      return fail(
        `operator ${safeName(op)} is not supported; supported: ${SUPPORTED.join(', ')} (CASEI, ACCENTI, arithmetic, temporal and other spatial operators are not)`,
      );
  }
}
