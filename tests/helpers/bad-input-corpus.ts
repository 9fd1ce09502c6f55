// Generates a corpus of hostile requests for every route in app.routeTable, driven by each
// route's own schema: malformed JSON, wrong types, huge numbers, NaN/Infinity, out-of-range
// coordinates, invalid and self-intersecting geometry, 10 MB strings, control and right-to-left
// characters, SQL and HTML injection. New routes are covered automatically.
import type { RouteEntry } from '../../server/app.ts';

export interface BadRequestCase {
  name: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  payload?: string;
}

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  required?: string[];
  minimum?: number;
  maximum?: number;
};

export const HOSTILE_STRINGS: Record<string, string> = {
  sqlInjection: "1'; DROP TABLE facilities; --",
  sqlUnion: "' UNION SELECT usename, passwd FROM pg_shadow --",
  html: '<img src=x onerror=alert(1)>',
  script: '<script>alert(1)</script>',
  controlChars: 'a\u0000b\u0007c\u001b[31m',
  rightToLeft: '\u202Eexe.txt\u202D龙水',
  zeroWidth: '\u200B\u200C\u200D\uFEFF',
  loneSurrogate: '\uD800',
  pathTraversal: '../../../../etc/passwd',
  encodedTraversal: '..%2F..%2F..%2Fetc%2Fpasswd',
  percent: '%',
  longish: 'x'.repeat(5000),
  emoji: '👩‍👩‍👧‍👦🀄',
  empty: '',
  spaces: '   ',
  nullWord: 'null',
  negative: '-1',
  hugeNumber: '1e309',
  nan: 'NaN',
  infinity: 'Infinity',
  float: '0.5',
  latBeyond: '91',
  lonBeyond: '181',
  lonLatBad: '181,91',
  lonLatNaN: 'NaN,NaN',
  bboxInverted: '106,30,105,29',
  bboxHuge: '-1e309,-1e309,1e309,1e309',
};

export const TEN_MB = 'x'.repeat(10 * 1024 * 1024);

const SELF_INTERSECTING = {
  type: 'Polygon',
  coordinates: [
    [
      [105.7, 29.6],
      [105.8, 29.7],
      [105.8, 29.6],
      [105.7, 29.7],
      [105.7, 29.6],
    ],
  ],
};

export const HOSTILE_VALUES: Record<string, unknown> = {
  null: null,
  true: true,
  zero: 0,
  negative: -1,
  float: 0.5,
  huge: 1e308,
  hugeNegative: -1e308,
  beyondSafeInteger: Number.MAX_SAFE_INTEGER + 2,
  string: 'abc',
  sql: HOSTILE_STRINGS.sqlInjection,
  html: HOSTILE_STRINGS.html,
  control: HOSTILE_STRINGS.controlChars,
  rtl: HOSTILE_STRINGS.rightToLeft,
  emptyObject: {},
  emptyArray: [],
  arrayOfNulls: [null, null],
  nested: { a: { b: { c: { d: [1, { e: 'x' }] } } } },
  latBeyond: { lon: 105.7, lat: 91 },
  lonBeyond: { lon: 181, lat: 29.6 },
  pointBad: { type: 'Point', coordinates: [181, 91] },
  pointNaNLike: { type: 'Point', coordinates: ['NaN', 'Infinity'] },
  selfIntersecting: SELF_INTERSECTING,
  unclosedRing: {
    type: 'Polygon',
    coordinates: [
      [
        [105.7, 29.6],
        [105.8, 29.7],
        [105.8, 29.6],
      ],
    ],
  },
  lineOnePoint: { type: 'LineString', coordinates: [[105.7, 29.6]] },
  longArray: Array.from({ length: 20000 }, (_, i) => i),
};

const RAW_BODIES: Record<string, string> = {
  truncated: '{"a": 1',
  notJson: 'hello',
  nanLiteral: '{"lon": NaN, "lat": 29.6}',
  infinityLiteral: '{"radiusMeters": Infinity}',
  trailingComma: '{"a": 1,}',
  singleQuotes: "{'a': 1}",
  array: '[1,2,3]',
  number: '42',
  string: '"x"',
  nullBody: 'null',
  deepNesting: `${'['.repeat(5000)}${']'.repeat(5000)}`,
  protoPollution: '{"__proto__": {"admin": true}, "constructor": {"prototype": {"x": 1}}}',
  duplicateKeys: '{"a": 1, "a": "two"}',
  bom: '\uFEFF{"a":1}',
};

/** Percent-encodes a path segment; a lone surrogate becomes raw invalid UTF-8 bytes on purpose. */
function segment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80';
  }
}

function fill(url: string, params: Record<string, string>): string {
  return url.replace(/:(\w+)/g, (_, name: string) => segment(params[name] ?? '1'));
}

function paramNames(url: string): string[] {
  return [...url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
}

/** A value of the right type for a schema, so one field at a time can be made hostile. */
function plausible(schema: JsonSchema | undefined): unknown {
  const type = Array.isArray(schema?.type) ? schema?.type[0] : schema?.type;
  switch (type) {
    case 'integer':
    case 'number':
      return schema?.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return Object.fromEntries(
        (schema?.required ?? []).map((key) => [key, plausible(schema?.properties?.[key])]),
      );
    default:
      return 'a';
  }
}

export function buildCorpus(routes: RouteEntry[], sampleParams: Record<string, string>): BadRequestCase[] {
  const cases: BadRequestCase[] = [];
  const seen = new Set<string>();
  for (const route of routes) {
    if (route.method === 'HEAD' || route.method === 'OPTIONS') continue;
    // The API and the tiles; static client files and the OpenAPI UI take no input.
    if (!route.url.startsWith('/api/') && !route.url.startsWith('/tiles/')) continue;
    const key = `${route.method} ${route.url}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const baseUrl = fill(route.url, sampleParams);
    const query = (route.schema?.querystring ?? {}) as JsonSchema;
    const body = (route.schema?.body ?? undefined) as JsonSchema | undefined;
    const hasBody = ['POST', 'PUT', 'PATCH'].includes(route.method);
    const json = { 'content-type': 'application/json', 'if-match': '"1"' };

    // Path parameters: each hostile string in turn.
    for (const param of paramNames(route.url)) {
      for (const [label, value] of Object.entries(HOSTILE_STRINGS)) {
        if (value === '') continue; // an empty segment is a different route
        cases.push({
          name: `${key} param ${param}=${label}`,
          method: route.method,
          url: fill(route.url, { ...sampleParams, [param]: value }),
          headers: hasBody ? json : undefined,
          payload: hasBody ? JSON.stringify(plausible(body)) : undefined,
        });
      }
    }

    // Query string: every known parameter gets every hostile string; unknown parameters too.
    const queryNames = [...Object.keys(query.properties ?? {}), 'unknownParam'];
    for (const name of queryNames) {
      for (const [label, value] of Object.entries(HOSTILE_STRINGS)) {
        cases.push({
          name: `${key} query ${name}=${label}`,
          method: route.method,
          url: `${baseUrl}?${new URLSearchParams({ [name]: value }).toString()}`,
          headers: hasBody ? json : undefined,
          payload: hasBody ? JSON.stringify(plausible(body)) : undefined,
        });
      }
    }

    if (!hasBody) continue;
    // Bodies: malformed JSON, wrong media type, a 10 MB string, then each field made hostile.
    for (const [label, raw] of Object.entries(RAW_BODIES)) {
      cases.push({
        name: `${key} body ${label}`,
        method: route.method,
        url: baseUrl,
        headers: json,
        payload: raw,
      });
    }
    cases.push({
      name: `${key} body as text/plain`,
      method: route.method,
      url: baseUrl,
      headers: { 'content-type': 'text/plain' },
      payload: 'a=1',
    });
    cases.push({
      name: `${key} body 10 MB string`,
      method: route.method,
      url: baseUrl,
      headers: json,
      payload: JSON.stringify({ name: TEN_MB, q: TEN_MB }),
    });
    const base = plausible(body) as Record<string, unknown>;
    const fields = Object.keys(body?.properties ?? {});
    for (const field of [...fields, 'unknownField']) {
      for (const [label, value] of Object.entries(HOSTILE_VALUES)) {
        cases.push({
          name: `${key} body.${field}=${label}`,
          method: route.method,
          url: baseUrl,
          headers: json,
          payload: JSON.stringify({ ...(typeof base === 'object' && base ? base : {}), [field]: value }),
        });
      }
    }
  }
  return cases;
}
