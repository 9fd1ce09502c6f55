// The direction of the code's dependencies, checked on every import of every source file:
// - server/contract/ is the shared module (API schemas, vocabularies, record kinds, map style and
//   palette, pinyin, geodesy, CSV): it imports nothing of ours outside itself and nothing that
//   cannot run in a browser, so the client bundles it as it is;
// - the server never imports client/, data/, scripts/ or tests/;
// - the client imports the server only through server/contract/;
// - the demo generator (data/) never imports the client;
// - no runtime import cycle anywhere (type-only imports are erased, so they may go both ways
//   inside one side).
// A new back-edge fails here with the file and the import that adds it.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SIDES = ['server', 'client', 'data', 'scripts'];
/** Packages that only run in Node or talk to the database: never in the shared module. */
const SERVER_ONLY_PACKAGES = /^(node:|fastify$|@fastify\/|pg$|pg-|kysely$|sharp$|pdfkit$)/;

interface Edge {
  from: string;
  to: string;
  /** The import as written. */
  spec: string;
  typeOnly: boolean;
  dynamic: boolean;
}

function sourceFiles(dir: string, found: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) sourceFiles(full, found);
    else if (/\.(ts|tsx|mts|mjs)$/.test(name) && !name.endsWith('.d.ts')) found.push(full);
  }
  return found;
}

/** Comments out of the way, so an import written in a comment is not one. */
const withoutComments = (text: string) =>
  text.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

const STATIC_IMPORT =
  /(?:^|[\n;])\s*(import|export)\s+(type\s+)?(?:[\w*\s{},$]*?\s+from\s+)?['"]([^'"]+)['"]/g;
const DYNAMIC_IMPORT = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** `import { type A, type B } from '…'` names types only, so it is erased like `import type`. */
function onlyTypes(clause: string): boolean {
  const names = /^\s*(?:import|export)\s*\{([^}]*)\}\s*from/.exec(clause.replace(/^[\n;]/, ''))?.[1];
  if (names === undefined) return false;
  const items = names
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  return items.length > 0 && items.every((item) => item.startsWith('type '));
}

function importsOf(file: string): Edge[] {
  const text = withoutComments(readFileSync(file, 'utf8'));
  const from = path.relative(ROOT, file);
  const edges: Edge[] = [];
  const add = (spec: string, typeOnly: boolean, dynamic: boolean) => {
    const to = spec.startsWith('.') ? path.relative(ROOT, path.resolve(path.dirname(file), spec)) : spec;
    edges.push({ from, to, spec, typeOnly, dynamic });
  };
  for (const m of text.matchAll(STATIC_IMPORT)) {
    add(m[3]!, Boolean(m[2]) || onlyTypes(m[0]), false);
  }
  // `import('…').Type` in a type position is a type reference, not a runtime import.
  for (const m of text.matchAll(DYNAMIC_IMPORT))
    add(m[1]!, text.slice(m.index! + m[0].length).startsWith('.'), true);
  return edges;
}

const files = SIDES.flatMap((side) => sourceFiles(path.join(ROOT, side)));
const edges = files.flatMap(importsOf);
const local = edges.filter((e) => e.spec.startsWith('.'));
const under = (file: string, dir: string) => file === dir || file.startsWith(`${dir}/`);

describe('dependencies run one way', () => {
  it('finds the sources and their imports', () => {
    expect(files.length).toBeGreaterThan(200);
    expect(local.length).toBeGreaterThan(1000);
  });

  it('every relative import names a file that exists', () => {
    const missing = local
      .filter((e) => !existsSync(path.join(ROOT, e.to)))
      .map((e) => `${e.from} → ${e.spec}`);
    expect(missing).toEqual([]);
  });

  it('the shared module (server/contract/) imports only itself and browser-safe packages', () => {
    const bad = edges
      .filter((e) => under(e.from, 'server/contract'))
      .filter((e) =>
        e.spec.startsWith('.') ? !under(e.to, 'server/contract') : SERVER_ONLY_PACKAGES.test(e.spec),
      )
      .map((e) => `${e.from} → ${e.spec}`);
    expect(bad).toEqual([]);
  });

  it('the server never imports the client, the demo generator, scripts or tests', () => {
    const bad = local
      .filter((e) => under(e.from, 'server'))
      .filter((e) => ['client', 'data', 'scripts', 'tests'].some((dir) => under(e.to, dir)))
      .map((e) => `${e.from} → ${e.spec}`);
    expect(bad).toEqual([]);
  });

  it('the client reaches the server only through server/contract/', () => {
    const bad = local
      .filter((e) => under(e.from, 'client'))
      .filter(
        (e) =>
          (under(e.to, 'server') && !under(e.to, 'server/contract')) ||
          ['data', 'scripts', 'tests'].some((dir) => under(e.to, dir)),
      )
      .map((e) => `${e.from} → ${e.spec}`);
    expect(bad).toEqual([]);
  });

  it('the demo generator never imports the client', () => {
    const bad = local
      .filter((e) => under(e.from, 'data') && under(e.to, 'client'))
      .map((e) => `${e.from} → ${e.spec}`);
    expect(bad).toEqual([]);
  });

  it('no runtime import cycle', () => {
    const graph = new Map<string, string[]>();
    for (const e of local) {
      if (e.typeOnly || e.dynamic) continue;
      const list = graph.get(e.from) ?? [];
      list.push(e.to);
      graph.set(e.from, list);
    }
    // Tarjan's strongly connected components: every component of more than one file is a cycle.
    let counter = 0;
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const cycles: string[] = [];
    const visit = (v: string) => {
      index.set(v, counter);
      low.set(v, counter);
      counter++;
      stack.push(v);
      onStack.add(v);
      for (const w of graph.get(v) ?? []) {
        if (!index.has(w)) {
          visit(w);
          low.set(v, Math.min(low.get(v)!, low.get(w)!));
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
      if (low.get(v) === index.get(v)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== v);
        if (component.length > 1) cycles.push(component.sort().join(' ⇄ '));
      }
    };
    for (const v of graph.keys()) if (!index.has(v)) visit(v);
    expect(cycles).toEqual([]);
  });
});
