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
  records: AsyncGenerator<CsvRecord>;
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

  const records = parseRecords(texts());
  const first = await records.next();
  const header = first.done ? [] : first.value.cells.map((c) => c.trim());
  return { encoding, header, records: numbered(records) };
}

async function* numbered(records: AsyncGenerator<CsvRecord>): AsyncGenerator<CsvRecord> {
  for await (const record of records) {
    if (record.cells.length === 1 && record.cells[0]!.trim() === '') continue; // blank line
    yield record;
  }
}

async function* parseRecords(texts: AsyncIterable<string>): AsyncGenerator<CsvRecord> {
  let delimiter: string | null = null;
  let cells: string[] = [];
  let field = '';
  let inQuotes = false;
  let quoteSeen = false; // the previous character closed a quote (or was the first of "")
  let pendingCR = false;
  let row = 1;
  let buffered = ''; // text before the delimiter is known (first line only)

  const finishRecord = (): CsvRecord => {
    cells.push(field);
    const record = { row, cells };
    row += 1;
    cells = [];
    field = '';
    return record;
  };

  function* consume(text: string): Generator<CsvRecord> {
    let start = 0; // start of the run of plain characters not yet added to `field`
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      if (inQuotes) {
        if (ch === '"') {
          field += text.slice(start, i);
          start = i + 1;
          inQuotes = false;
          quoteSeen = true;
        }
        continue;
      }
      if (pendingCR) {
        pendingCR = false;
        if (ch === '\n') {
          start = i + 1;
          continue;
        }
      }
      if (ch === '"') {
        field += text.slice(start, i);
        if (quoteSeen) field += '"'; // "" inside a quoted field
        start = i + 1;
        inQuotes = true;
        quoteSeen = false;
        continue;
      }
      quoteSeen = false;
      if (ch === delimiter) {
        field += text.slice(start, i);
        cells.push(field);
        field = '';
        start = i + 1;
      } else if (ch === '\n' || ch === '\r') {
        field += text.slice(start, i);
        start = i + 1;
        if (ch === '\r') pendingCR = true;
        yield finishRecord();
      }
    }
    field += text.slice(start);
  }

  for await (const text of texts) {
    if (delimiter === null) {
      buffered += text;
      const end = buffered.search(/\r|\n/);
      if (end < 0) continue;
      delimiter = pickDelimiter(buffered.slice(0, end));
      yield* consume(buffered);
      buffered = '';
    } else yield* consume(text);
  }
  if (delimiter === null && buffered !== '') {
    delimiter = pickDelimiter(buffered); // a file of one line without a line break
    yield* consume(buffered);
  }
  if (field !== '' || cells.length > 0) yield finishRecord();
}
