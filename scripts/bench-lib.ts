// Shared pieces of the benchmarks: percentiles and one table format with ratios against a
// baseline measured in the same run. Timings are reported, never asserted.
import pg from 'pg';

export interface BenchRow {
  name: string;
  p50: number;
  p95: number;
  p99?: number;
  baselineName?: string;
  baselineP50?: number;
  baselineP95?: number;
  target?: string;
  unit: 'ms' | 's';
}

// Deterministic pseudo-random numbers (mulberry32), so every run uses the same queries and data.
export function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

const fmt = (v: number | undefined) =>
  v === undefined || Number.isNaN(v) ? '' : v < 10 ? v.toFixed(2) : v.toFixed(1);

export function printTable(title: string, rows: BenchRow[]): void {
  console.log(`\n${title}`);
  const header = ['case', 'p50', 'p95', 'p99', 'baseline', 'base p50', 'base p95', 'ratio p50', 'target'];
  const body = rows.map((r) => [
    r.name,
    `${fmt(r.p50)} ${r.unit}`,
    `${fmt(r.p95)} ${r.unit}`,
    r.p99 === undefined ? '' : `${fmt(r.p99)} ${r.unit}`,
    r.baselineName ?? '',
    r.baselineP50 === undefined ? '' : `${fmt(r.baselineP50)} ${r.unit}`,
    r.baselineP95 === undefined ? '' : `${fmt(r.baselineP95)} ${r.unit}`,
    r.baselineP50 ? `${(r.p50 / r.baselineP50).toFixed(2)}×` : '',
    r.target ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => [...(row[i] ?? '')].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of body) console.log(line(row));
}

/** Creates database `name` in the cluster of `adminUrl` when missing; returns its URL. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = new pg.Pool({ connectionString: adminUrl, max: 1 });
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${name.replaceAll('"', '')}"`);
  await admin.end();
  return adminUrl.replace(/\/[^/]*$/, `/${name}`);
}
