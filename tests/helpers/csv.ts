// Reading CSV text in tests with GDAL's CSV driver (the one the import uses), so what a writer
// produced is checked by a parser that is not the writer.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The header and every record of a CSV text (BOM and quoting handled by GDAL), every cell as text. */
export async function readCsvText(text: string): Promise<{ header: string[]; rows: string[][] }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'civic-csv-test-'));
  try {
    const file = path.join(dir, 'table.csv');
    writeFileSync(file, text);
    const out = execFileSync(
      'ogr2ogr',
      ['-f', 'GeoJSONSeq', '/vsistdout/', file, '-oo', 'AUTODETECT_TYPE=NO'],
      {
        encoding: 'utf8',
        maxBuffer: 1024 * 1024 * 1024,
      },
    );
    const features = out
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => (JSON.parse(line) as { properties: Record<string, string | null> }).properties);
    // The header as the file has it (GDAL keeps the column order).
    const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
    const header =
      features.length > 0
        ? Object.keys(features[0]!)
        : firstLine.split(',').map((h) => h.replace(/^"|"$/g, ''));
    return { header, rows: features.map((f) => header.map((h) => f[h] ?? '')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
