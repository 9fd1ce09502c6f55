// A GeoJSON `crs` member can make GDAL fetch a URL: {"type":"link","properties":{"href":…}},
// {"type":"url","properties":{"url":…}}, or a `name` that is a URL. Before GDAL sees a GeoJSON file,
// every `crs` member (on the collection, a feature or a geometry; not inside `properties`, which is
// the row's own data) is rewritten: a name we recognise as an EPSG code or CRS84 becomes its plain
// URN, anything else becomes null (ignored), and the caller is told so it can warn the user. A
// character walk, not JSON.parse: a 50 MB file is read once, without building its objects.

/** `crs` values that name a system by EPSG code (or CRS84), and its URN for GDAL. */
export function recognisedCrs(value: unknown): string | null {
  if (!value || typeof value !== 'object') return null;
  const { type, properties } = value as { type?: unknown; properties?: Record<string, unknown> };
  const kind = typeof type === 'string' ? type.toLowerCase() : '';
  if (kind === 'epsg' && Number.isInteger(properties?.code))
    return `urn:ogc:def:crs:EPSG::${properties!.code}`;
  if (kind !== 'name' || typeof properties?.name !== 'string') return null;
  const name = properties.name.trim();
  if (
    /^(urn:ogc:def:crs:OGC:1\.3:CRS84|https?:\/\/www\.opengis\.net\/def\/crs\/OGC\/1\.3\/CRS84|CRS84)$/i.test(
      name,
    )
  )
    return 'urn:ogc:def:crs:OGC:1.3:CRS84';
  const code =
    /^(?:EPSG:{1,2}|urn:ogc:def:crs:EPSG:[0-9.]*:|https?:\/\/www\.opengis\.net\/def\/crs\/EPSG\/0\/)(\d{4,6})$/i.exec(
      name,
    )?.[1];
  return code ? `urn:ogc:def:crs:EPSG::${code}` : null;
}

export interface CrsRewrite {
  text: string;
  /** How many `crs` members were set to null because they name no EPSG code (links, URLs, others). */
  ignored: number;
}

const QUOTE = 34;
const BACKSLASH = 92;

/** The index just past the JSON string starting at `at` (a quote). */
function stringEnd(text: string, at: number): number {
  let i = at + 1;
  for (;;) {
    const c = text.charCodeAt(i);
    if (Number.isNaN(c)) return text.length;
    if (c === BACKSLASH) i += 2;
    else if (c === QUOTE) return i + 1;
    else i++;
  }
}

/** The index just past the JSON value starting at `at` (after whitespace). */
function valueEnd(text: string, at: number): number {
  let i = at;
  while (/\s/.test(text[i] ?? '')) i++;
  const first = text[i];
  if (first === '"') return stringEnd(text, i);
  if (first !== '{' && first !== '[') {
    while (i < text.length && !/[,}\]\s]/.test(text[i]!)) i++;
    return i;
  }
  let depth = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) i = stringEnd(text, i) - 1;
    else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return text.length;
}

/** Rewrites every `crs` member outside `properties` (see the file's first comment). */
export function rewriteCrsMembers(text: string): CrsRewrite {
  // What each open container is: an object entered under the key "properties" holds row data.
  const stack: { object: boolean; data: boolean }[] = [];
  let lastKey: string | null = null;
  let expectKey = false;
  let out = '';
  let copied = 0;
  let ignored = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      const top = stack[stack.length - 1];
      if (top?.object && expectKey) {
        const raw = text.slice(i, end);
        // Keys may be written with escapes ("cr\u0073"): compare what a JSON parser reads.
        let key: string;
        try {
          key = raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
        } catch {
          key = raw;
        }
        lastKey = key;
        expectKey = false;
        if (key === 'crs' && !top.data) {
          let colon = end;
          while (colon < text.length && text[colon] !== ':') colon++;
          const valueStart = colon + 1;
          const valueStop = valueEnd(text, valueStart);
          let value: unknown = null;
          try {
            value = JSON.parse(text.slice(valueStart, valueStop));
          } catch {
            value = undefined;
          }
          const urn = recognisedCrs(value);
          if (value !== null) {
            if (!urn) ignored++;
            out += text.slice(copied, valueStart);
            out += urn ? JSON.stringify({ type: 'name', properties: { name: urn } }) : 'null';
            copied = valueStop;
          }
          i = valueStop - 1;
          continue;
        }
      }
      i = end - 1;
      continue;
    }
    if (c === 123 /* { */ || c === 91 /* [ */) {
      const parent = stack[stack.length - 1];
      const data = (parent?.data ?? false) || (parent?.object === true && lastKey === 'properties');
      stack.push({ object: c === 123, data });
      expectKey = c === 123;
      lastKey = null;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      stack.pop();
      expectKey = false;
    } else if (c === 44 /* , */) {
      expectKey = stack[stack.length - 1]?.object === true;
    }
  }
  return { text: copied === 0 ? text : out + text.slice(copied), ignored };
}
