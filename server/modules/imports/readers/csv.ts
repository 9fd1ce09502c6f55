// Streaming CSV (RFC 4180: quoted fields, "" escapes, CR/LF, line breaks inside quotes) over
// decoded text. The delimiter (comma, tab or semicolon) is taken from the header line. Rows are
// numbered as a spreadsheet shows them: the header is row 1, the first record row 2.
import { detectEncoding, type EncodingChoice, peek, type TextEncoding, textDecoder } from './text.ts';

export interface CsvRecord {
  row: number;
  cells: string[];
}

export interface CsvFile {
  encoding: TextEncoding;
  header: string[];
  /** Records in batches (one per decoded chunk), so a 100k-row file is not 100k awaits. */
  batches: AsyncGenerator<CsvRecord[]>;
}

function pickDelimiter(firstLine: string): string {
  const counts = [',', '\t', ';'].map((d) => [d, firstLine.split(d).length] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![0];
}

export async function openCsv(chunks: AsyncIterable<Buffer>, choice: EncodingChoice): Promise<CsvFile> {
  const { head, rest } = await peek(chunks);
  const encoding = choice === 'auto' ? detectEncoding(head) : choice;
  const decoder = textDecoder(encoding);

  async function* texts(): AsyncGenerator<string> {
    if (head.length) yield decoder.write(head);
    for (let next = await rest.next(); !next.done; next = await rest.next()) yield decoder.write(next.value);
    yield decoder.end();
  }

  const batches = parseBatches(texts());
  // The header is the first record; the rest of its batch goes out first.
  let pending: CsvRecord[] = [];
  let header: string[] = [];
  // Not for-await: leaving that loop early would close the generator.
  for (let next = await batches.next(); !next.done; next = await batches.next()) {
    if (next.value.length === 0) continue;
    header = next.value[0]!.cells.map((c) => c.trim());
    pending = next.value.slice(1);
    break;
  }
  async function* records(): AsyncGenerator<CsvRecord[]> {
    yield pending;
    yield* batches;
  }
  return { encoding, header, batches: records() };
}

/** Whole records from `text`; a record cut off at the end is left for the next chunk (unless final). */
function parseChunk(
  text: string,
  delimiter: string,
  firstRow: number,
  final: boolean,
): { records: CsvRecord[]; consumed: number; nextRow: number } {
  const records: CsvRecord[] = [];
  let row = firstRow;
  let i = 0;
  while (i < text.length) {
    const newline = text.indexOf('\n', i);
    if (newline < 0 && !final) break;
    const end = newline < 0 ? text.length : newline;
    const lineEnd = end > i && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    const line = text.slice(i, lineEnd);
    if (!line.includes('"')) {
      // The common case: no quoting, so the line is the record.
      if (line !== '') records.push({ row, cells: line.split(delimiter) });
      row += 1;
      i = end + 1;
      continue;
    }
    const quoted = parseQuotedRecord(text, i, delimiter, final);
    if (!quoted) break; // a quoted field runs past the text we have
    records.push({ row, cells: quoted.cells });
    row += 1;
    i = quoted.next;
  }
  return { records, consumed: Math.min(i, text.length), nextRow: row };
}

/** RFC 4180 record with quotes, possibly spanning lines; null when the text ends inside it. */
function parseQuotedRecord(
  text: string,
  start: number,
  delimiter: string,
  final: boolean,
): { cells: string[]; next: number } | null {
  const cells: string[] = [];
  let field = '';
  let inQuotes = false;
  let i = start;
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (inQuotes) {
      if (ch !== '"') field += ch;
      else if (text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else inQuotes = false;
      continue;
    }
    if (ch === '"') inQuotes = true;
    else if (ch === delimiter) {
      cells.push(field);
      field = '';
    } else if (ch === '\n') {
      cells.push(field);
      return { cells, next: i + 1 };
    } else if (ch !== '\r') field += ch;
  }
  if (!final) return null;
  cells.push(field);
  return { cells, next: i };
}

async function* parseBatches(texts: AsyncIterable<string>): AsyncGenerator<CsvRecord[]> {
  let delimiter: string | null = null;
  let carry = '';
  let row = 1;
  for await (const text of texts) {
    carry += text;
    if (delimiter === null) {
      const end = carry.search(/\r|\n/);
      if (end < 0) continue;
      delimiter = pickDelimiter(carry.slice(0, end));
    }
    const { records, consumed, nextRow } = parseChunk(carry, delimiter, row, false);
    row = nextRow;
    carry = carry.slice(consumed);
    if (records.length) yield records;
  }
  if (carry !== '') {
    delimiter ??= pickDelimiter(carry);
    const { records } = parseChunk(carry, delimiter, row, true);
    if (records.length) yield records;
  }
}
