// Reading CSV text in tests with Python's csv module (RFC 4180 quoting, as Excel writes it), so what
// our writer produced is checked by a parser that is not the writer.
import { execFileSync } from 'node:child_process';

const READER = `
import csv, io, json, sys
text = sys.stdin.buffer.read().decode('utf-8-sig')
rows = list(csv.reader(io.StringIO(text, newline='')))
json.dump({'header': rows[0] if rows else [], 'rows': rows[1:]}, sys.stdout, ensure_ascii=False)
`;

/** The header and every record of a CSV text (BOM and quoting handled by the reader), cells as text. */
export async function readCsvText(text: string): Promise<{ header: string[]; rows: string[][] }> {
  const out = execFileSync('python3', ['-c', READER], {
    input: text,
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
  });
  return JSON.parse(out) as { header: string[]; rows: string[][] };
}
