// Merges results/bench-*.json (written by each benchmark as { rows: BenchRow[] }) into one table
// and results/bench-summary.json. Figures are reported as measured; nothing here passes or fails.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type BenchRow, printTable } from './bench-lib.ts';

const dir = path.resolve(import.meta.dirname, '../results');
const files = existsSync(dir)
  ? readdirSync(dir)
      .filter((f) => /^bench-(?!summary).+\.json$/.test(f))
      .sort()
  : [];
const all: (BenchRow & { bench: string })[] = [];
for (const file of files) {
  const data = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { rows?: BenchRow[] };
  const bench = file.replace(/^bench-|\.json$/g, '');
  for (const row of data.rows ?? []) all.push({ ...row, bench, name: `${bench}: ${row.name}` });
}
printTable('Civic Atlas benchmarks (this machine, this run)', all);
writeFileSync(
  path.join(dir, 'bench-summary.json'),
  JSON.stringify({ measuredAt: new Date().toISOString(), rows: all }, null, 2),
);
console.log(`\nper-benchmark details: ${dir}/bench-*.log; explained in docs/PERFORMANCE.md`);
