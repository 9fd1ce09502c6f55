// Gold set (tests/fixtures/search-gold.json): every query kind the search supports, against the demo district.
// Top-1 accuracy must be at least 95 %; every miss and the accuracy per kind are printed.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';

interface GoldQuery {
  kind: string;
  q: string;
  expect: string;
}
const gold = JSON.parse(readFileSync(new URL('../fixtures/search-gold.json', import.meta.url), 'utf8')) as {
  district: string;
  queries: GoldQuery[];
};

const KINDS = [
  'hanzi-1',
  'hanzi-2',
  'hanzi-3+',
  'pinyin',
  'pinyin-spaced',
  'initials',
  'mixed',
  'former-name',
  'homophone',
  'one-wrong-char',
  'traditional',
  'pinyin-typo',
];

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useTestApp();

it('has at least 100 queries covering every query kind', () => {
  expect(gold.queries.length).toBeGreaterThanOrEqual(100);
  for (const kind of KINDS)
    expect(gold.queries.filter((g) => g.kind === kind).length, kind).toBeGreaterThanOrEqual(5);
});

it('puts the expected place first for at least 95 % of the gold queries', async () => {
  const byKind = new Map<string, { hits: number; total: number }>();
  const misses: string[] = [];
  for (const g of gold.queries) {
    const response = await ctx.app.inject({
      url: `/api/place-names/search?district=${gold.district}&limit=5&q=${encodeURIComponent(g.q)}`,
    });
    expect(response.statusCode, g.q).toBe(200);
    const results = (response.json() as { results: Array<{ name: string; matchKind: string }> }).results;
    const hit = results[0]?.name === g.expect;
    const tally = byKind.get(g.kind) ?? { hits: 0, total: 0 };
    tally.total += 1;
    if (hit) tally.hits += 1;
    else {
      misses.push(
        `  [${g.kind}] ${g.q} → expected ${g.expect}, got ${results.map((r) => `${r.name}(${r.matchKind})`).join(', ') || 'nothing'}`,
      );
    }
    byKind.set(g.kind, tally);
  }
  const hits = [...byKind.values()].reduce((sum, t) => sum + t.hits, 0);
  const accuracy = hits / gold.queries.length;
  const table = [...byKind.entries()].map(
    ([kind, t]) =>
      `  ${kind.padEnd(16)} ${String(t.hits).padStart(3)}/${String(t.total).padEnd(3)} ${((100 * t.hits) / t.total).toFixed(1)} %`,
  );
  console.log(
    [
      `gold set top-1: ${hits}/${gold.queries.length} = ${(100 * accuracy).toFixed(1)} %`,
      ...table,
      misses.length ? `misses:\n${misses.join('\n')}` : 'misses: none',
    ].join('\n'),
  );
  expect(accuracy).toBeGreaterThanOrEqual(0.95);
});
