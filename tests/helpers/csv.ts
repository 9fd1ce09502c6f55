// Reading CSV text in tests with the import's own CSV reader, so what a writer produced is checked
// by a parser that is not the writer.
import { openCsv } from '../../server/modules/imports/readers/csv.ts';

/** The header and every record of a CSV text (BOM and quoting handled by the reader). */
export async function readCsvText(text: string): Promise<{ header: string[]; rows: string[][] }> {
  async function* chunks() {
    yield Buffer.from(text, 'utf8');
  }
  const csv = await openCsv(chunks(), 'utf-8');
  const rows: string[][] = [];
  for await (const batch of csv.batches) for (const record of batch) rows.push(record.cells);
  return { header: csv.header, rows };
}
