// The one CSV writer for every CSV the app produces, on the server (exports) and in the browser
// (coverage table, boundary statistics): RFC 4180 quoting, CRLF line ends, a UTF-8 byte-order mark
// so Excel reads Chinese correctly, and two spreadsheet rules:
// - Formula guard: a text cell starting with = + - @ tab or CR is prefixed with ' unless it is a
//   plain number, so Excel, WPS or LibreOffice never runs `=HYPERLINK(…)` or `-1+cmd|' /C calc'!A0`.
// - Codes as text: a text value made only of digits (a 12-digit village code, a marker number
//   "007") is written as the formula ="500111001001", so Excel shows it as typed instead of
//   5.00111E+11 or 7. Numbers (population, beds) stay numbers. Importers undo it (undoCodeAsText).
// Pure functions only: this file is bundled into the client.

export const CSV_BOM = '\uFEFF';

/** A plain decimal number, as a spreadsheet would read it: -5, +3, 1e3, .5, 12.25. */
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const FORMULA_START = /^[=+\-@\t\r]/;
const DIGITS_ONLY = /^[0-9]+$/;

/** The cell's text with the formula guard applied (' before anything a spreadsheet would evaluate). */
export function guardFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled. */
function quote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * One CSV field. Nested values (lists, objects) are written as JSON. Digit-only text becomes
 * ="…" (codes as text); other text goes through the formula guard.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (DIGITS_ONLY.test(text)) return quote(`="${text}"`);
  return quote(guardFormula(text));
}

/** One record, CRLF-terminated. */
export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/** A whole CSV document: BOM, header, rows. */
export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return CSV_BOM + csvLine(header) + rows.map(csvLine).join('');
}

/** For readers: a cell (already unquoted) in the codes-as-text form ="digits" → the digits; else as is. */
export function undoCodeAsText(cell: string): string {
  return /^="[0-9]+"$/.test(cell) ? cell.slice(2, -1) : cell;
}

/** A cell read back as it was before this writer: codes as text undone, the guard's ' taken off. */
export function readBackCell(cell: string): string {
  const code = undoCodeAsText(cell);
  if (code !== cell) return code;
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}
