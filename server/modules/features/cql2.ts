// CQL2 (OGC API – Features Part 3) for the subset we serve: comparison, AND/OR/NOT, IN, LIKE,
// BETWEEN, IS NULL and S_INTERSECTS with a geometry literal. The text encoding is parsed here
// into the JSON encoding's shape, so one translator (filter-sql.ts) handles both. Anything outside
// the subset is a 400 that names it, never a silently shortened filter. Nesting is limited
// (MAX_FILTER_DEPTH): a deep NOT chain is a 400, not a call-stack overflow.
import { badRequest, invalid } from '../../errors.ts';

/** A CQL2-JSON node as a client may send it: checked by the translator, never trusted. */
export type Cql2Json = unknown;

const FIELD = 'query.filter';

/** NOT, AND/OR and parentheses nested at most this deep: real filters use a handful. */
export const MAX_FILTER_DEPTH = 50;

export const tooDeep = () => invalid(FIELD, 'filter_too_deep', { max: MAX_FILTER_DEPTH });

type Token =
  | { kind: 'word'; text: string; at: number }
  | { kind: 'ident'; text: string; at: number } // "double-quoted" property name
  | { kind: 'string'; text: string; at: number }
  | { kind: 'number'; value: number; at: number }
  | { kind: 'punct'; text: string; at: number }
  | { kind: 'end'; at: number };

function fail(problem: string, at?: number): never {
  throw badRequest(FIELD, at === undefined ? problem : `${problem} (at character ${at + 1})`);
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const at = i;
    if (ch === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) fail('unterminated string', at);
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i];
        i++;
      }
      tokens.push({ kind: 'string', text: value, at });
      continue;
    }
    if (ch === '"') {
      const end = text.indexOf('"', i + 1);
      if (end < 0) fail('unterminated quoted property name', at);
      tokens.push({ kind: 'ident', text: text.slice(i + 1, end), at });
      i = end + 1;
      continue;
    }
    const number = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (number && (ch !== '-' || /[\d.]/.test(text[i + 1] ?? ''))) {
      tokens.push({ kind: 'number', value: Number(number[0]), at });
      i += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_.:]*/.exec(text.slice(i));
    if (word) {
      tokens.push({ kind: 'word', text: word[0], at });
      i += word[0].length;
      continue;
    }
    const punct = /^(<>|<=|>=|[=<>(),])/.exec(text.slice(i));
    if (punct) {
      tokens.push({ kind: 'punct', text: punct[0], at });
      i += punct[0].length;
      continue;
    }
    fail(`unexpected character '${ch}'`, at);
  }
  tokens.push({ kind: 'end', at: text.length });
  return tokens;
}

const COMPARISONS = new Set(['=', '<>', '<', '<=', '>', '>=']);
const GEOMETRY_TYPES: Record<string, string> = {
  POINT: 'Point',
  LINESTRING: 'LineString',
  POLYGON: 'Polygon',
  MULTIPOINT: 'MultiPoint',
  MULTILINESTRING: 'MultiLineString',
  MULTIPOLYGON: 'MultiPolygon',
};
const RESERVED = new Set(['AND', 'OR', 'NOT', 'LIKE', 'BETWEEN', 'IN', 'IS', 'NULL', 'TRUE', 'FALSE']);

class TextParser {
  private pos = 0;
  private depth = 0;
  constructor(private readonly tokens: Token[]) {}

  /** One level deeper (NOT, parentheses), refused past MAX_FILTER_DEPTH. */
  private nested<T>(inner: () => T): T {
    if (++this.depth > MAX_FILTER_DEPTH) throw tooDeep();
    try {
      return inner();
    } finally {
      this.depth--;
    }
  }

  private peek(): Token {
    return this.tokens[this.pos]!;
  }
  private next(): Token {
    return this.tokens[this.pos++]!;
  }
  private isWord(word: string, offset = 0): boolean {
    const t = this.tokens[this.pos + offset];
    return t?.kind === 'word' && t.text.toUpperCase() === word;
  }
  private isPunct(text: string): boolean {
    const t = this.peek();
    return t.kind === 'punct' && t.text === text;
  }
  private expectPunct(text: string): void {
    const t = this.next();
    if (t.kind !== 'punct' || t.text !== text) fail(`expected '${text}'`, t.at);
  }
  private expectWord(word: string): void {
    const t = this.next();
    if (t.kind !== 'word' || t.text.toUpperCase() !== word) fail(`expected ${word}`, t.at);
  }

  parse(): Cql2Json {
    const expr = this.or();
    const t = this.peek();
    if (t.kind !== 'end') fail('unexpected text after the end of the expression', t.at);
    return expr;
  }

  /** `a WORD b WORD c…` as one node with every operand, or the operand alone. */
  private chain(word: 'AND' | 'OR', operand: () => Cql2Json): Cql2Json {
    const args = [operand()];
    while (this.isWord(word)) {
      this.next();
      args.push(operand());
    }
    return args.length === 1 ? args[0] : { op: word.toLowerCase(), args };
  }

  private or(): Cql2Json {
    return this.chain('OR', () => this.and());
  }

  private and(): Cql2Json {
    return this.chain('AND', () => this.not());
  }

  private not(): Cql2Json {
    if (this.isWord('NOT')) {
      this.next();
      return { op: 'not', args: [this.nested(() => this.not())] };
    }
    return this.predicate();
  }

  private predicate(): Cql2Json {
    if (this.isPunct('(')) {
      this.next();
      const inner = this.nested(() => this.or());
      this.expectPunct(')');
      return inner;
    }
    const t = this.peek();
    if (
      t.kind === 'word' &&
      this.tokens[this.pos + 1]?.kind === 'punct' &&
      (this.tokens[this.pos + 1] as { text: string }).text === '('
    ) {
      const name = t.text.toUpperCase();
      if (name === 'S_INTERSECTS') {
        this.next();
        this.expectPunct('(');
        const a = this.geometryOperand();
        this.expectPunct(',');
        const b = this.geometryOperand();
        this.expectPunct(')');
        return { op: 's_intersects', args: [a, b] };
      }
      if (!['DATE', 'TIMESTAMP'].includes(name)) fail(`function '${t.text}' is not supported`, t.at);
    }
    const left = this.scalar();
    const negated =
      this.isWord('NOT') && (this.isWord('LIKE', 1) || this.isWord('BETWEEN', 1) || this.isWord('IN', 1));
    if (negated) this.next();
    let result: Cql2Json;
    const op = this.peek();
    if (op.kind === 'punct' && COMPARISONS.has(op.text)) {
      this.next();
      result = { op: op.text, args: [left, this.scalar()] };
    } else if (this.isWord('LIKE')) {
      this.next();
      result = { op: 'like', args: [left, this.scalar()] };
    } else if (this.isWord('BETWEEN')) {
      this.next();
      const low = this.scalar();
      this.expectWord('AND');
      result = { op: 'between', args: [left, low, this.scalar()] };
    } else if (this.isWord('IN')) {
      this.next();
      this.expectPunct('(');
      const list = [this.scalar()];
      while (this.isPunct(',')) {
        this.next();
        list.push(this.scalar());
      }
      this.expectPunct(')');
      result = { op: 'in', args: [left, list] };
    } else if (this.isWord('IS')) {
      this.next();
      const not = this.isWord('NOT');
      if (not) this.next();
      this.expectWord('NULL');
      const isNull = { op: 'isNull', args: [left] };
      return not ? { op: 'not', args: [isNull] } : isNull;
    } else if (op.kind === 'end') {
      fail('the expression ends where a comparison was expected', op.at);
    } else {
      fail('expected a comparison (=, <>, <, <=, >, >=, LIKE, BETWEEN, IN or IS NULL)', op.at);
    }
    return negated ? { op: 'not', args: [result] } : result;
  }

  private scalar(): Cql2Json {
    const t = this.next();
    switch (t.kind) {
      case 'string':
        return t.text;
      case 'number':
        return t.value;
      case 'ident':
        return { property: t.text };
      case 'word': {
        const upper = t.text.toUpperCase();
        if (upper === 'TRUE') return true;
        if (upper === 'FALSE') return false;
        if ((upper === 'DATE' || upper === 'TIMESTAMP') && this.isPunct('(')) {
          this.next();
          const value = this.next();
          if (value.kind !== 'string') fail(`${upper} needs a quoted value`, value.at);
          this.expectPunct(')');
          return upper === 'DATE' ? { date: value.text } : { timestamp: value.text };
        }
        if (this.isPunct('(')) fail(`function '${t.text}' is not supported`, t.at);
        if (RESERVED.has(upper)) fail(`unexpected '${t.text}'`, t.at);
        return { property: t.text };
      }
      case 'punct':
        if (t.text === '(') fail('arithmetic and parenthesised values are not supported', t.at);
        return fail(`unexpected '${t.text}'`, t.at);
      default:
        return fail('the expression ends where a value was expected', t.at);
    }
  }

  private geometryOperand(): Cql2Json {
    const t = this.peek();
    if (t.kind === 'ident') {
      this.next();
      return { property: t.text };
    }
    if (t.kind !== 'word') fail('expected a geometry property or literal', t.at);
    const upper = t.text.toUpperCase();
    if (upper === 'BBOX') {
      this.next();
      this.expectPunct('(');
      const numbers = [this.numberToken()];
      while (this.isPunct(',')) {
        this.next();
        numbers.push(this.numberToken());
      }
      this.expectPunct(')');
      return { bbox: numbers };
    }
    const type = GEOMETRY_TYPES[upper];
    if (!type) {
      if (upper === 'GEOMETRYCOLLECTION' || upper === 'ENVELOPE')
        fail(`'${t.text}' literals are not supported`, t.at);
      this.next();
      return { property: t.text };
    }
    this.next();
    return { type, coordinates: this.coordinates(type) };
  }

  private numberToken(): number {
    const t = this.next();
    if (t.kind !== 'number') fail('expected a number', t.at);
    return t.value;
  }

  /** WKT coordinate lists: "x y" positions, nested in parentheses by the geometry type. */
  private coordinates(type: string): unknown {
    const position = () => {
      const xy = [this.numberToken(), this.numberToken()];
      if (this.peek().kind === 'number') xy.push(this.numberToken());
      return xy;
    };
    const list = <T>(item: () => T): T[] => {
      this.expectPunct('(');
      const items = [item()];
      while (this.isPunct(',')) {
        this.next();
        items.push(item());
      }
      this.expectPunct(')');
      return items;
    };
    // MULTIPOINT accepts both (1 2, 3 4) and ((1 2), (3 4)).
    const point = () => (this.isPunct('(') ? list(position)[0]! : position());
    switch (type) {
      case 'Point':
        return list(position)[0];
      case 'LineString':
        return list(position);
      case 'Polygon':
        return list(() => list(position));
      case 'MultiPoint':
        return list(point);
      case 'MultiLineString':
        return list(() => list(position));
      default:
        return list(() => list(() => list(position)));
    }
  }
}

/** CQL2 text → the equivalent CQL2-JSON tree. */
export function parseCql2Text(text: string): Cql2Json {
  if (text.trim() === '') fail('is empty');
  return new TextParser(tokenize(text)).parse();
}

/** CQL2 JSON text → its tree (structure is checked by the translator). */
export function parseCql2Json(text: string): Cql2Json {
  try {
    return JSON.parse(text) as Cql2Json;
  } catch {
    return fail('is not valid JSON (filter-lang=cql2-json)');
  }
}
