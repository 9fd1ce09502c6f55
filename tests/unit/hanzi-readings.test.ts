// The readings generator (scripts/generate-hanzi-readings.ts) never rewrites a released migration:
// run on a copy of migrations/, it leaves every file as it was, writes nothing while pinyin-pro
// agrees with the newest shipped readings, and otherwise adds one new migration after the last.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generate, latestShipped, MIGRATIONS } from '../../scripts/generate-hanzi-readings.ts';

const copies: string[] = [];
function copyOfMigrations(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'hanzi-readings-'));
  cpSync(MIGRATIONS, dir, { recursive: true });
  copies.push(dir);
  return dir;
}
const contents = (dir: string) =>
  Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));

afterEach(() => {
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('hanzi_readings generator', () => {
  it('agrees with the shipped readings today, and changes no file', () => {
    const dir = copyOfMigrations();
    const before = contents(dir);
    expect(generate(dir)).toBeNull();
    expect(contents(dir)).toEqual(before);
    expect(contents(dir)['0004_place_name_search.sql']).toBe(
      readFileSync(path.join(MIGRATIONS, '0004_place_name_search.sql'), 'utf8'),
    );
  });

  it('adds a new migration after the last when the readings differ, leaving 0004 as it was', () => {
    const dir = copyOfMigrations();
    const file = path.join(dir, '0004_place_name_search.sql');
    // Pretend 0004 shipped without 做's second-rank reading list.
    const tampered = readFileSync(file, 'utf8').replace(
      /\n {2}\('zuo', 2, '[^']*'\)/,
      "\n  ('zuo', 2, '撮')",
    );
    writeFileSync(file, tampered);
    const before = contents(dir);
    const last = Math.max(...Object.keys(before).map((f) => Number(f.slice(0, 4))));
    const expected = `${String(last + 1).padStart(4, '0')}_hanzi_readings.sql`;

    expect(generate(dir, true)).toBe(expected); // --check writes nothing
    expect(contents(dir)).toEqual(before);
    expect(generate(dir)).toBe(expected);
    const after = contents(dir);
    expect(Object.keys(after).sort()).toEqual([...Object.keys(before), expected].sort());
    for (const [name, text] of Object.entries(before)) expect(after[name], name).toBe(text);
    expect(latestShipped(dir)).toEqual({ file: expected, rows: latestShipped(MIGRATIONS).rows });
    expect(after[expected]).toContain('SELECT place_name_search_refresh(ARRAY(SELECT id FROM place_names));');
    // The new migration is now the newest: running again writes nothing more.
    expect(generate(dir)).toBeNull();
  });
});
