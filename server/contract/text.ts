// Text measured as people and PostgreSQL count it: in characters (code points), not UTF-16 units.

/** Length in characters (Unicode code points): '𠀀' is 1, although it is 2 UTF-16 units. */
export function textLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

// C0 and C1 control characters (tabs and line breaks among them), DEL, and the non-characters
// U+FFFE/U+FFFF: XML (SVG) forbids most of them and a one-line field on a label or in a header
// cannot show any of them.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL = /[\u0000-\u001F\u007F-\u009F\uFFFE\uFFFF]+/g;
/** Lone UTF-16 surrogates: not characters at all, and invalid in XML and UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** One line of printable text: control characters become a space (runs of them one), lone surrogates go. */
export function printableLine(text: string): string {
  return text.replace(LONE_SURROGATE, '').replace(CONTROL, ' ');
}

const MARKUP: Record<string, string> = {
  '<': '&lt;',
  '>': '&gt;',
  '&': '&amp;',
  "'": '&#39;',
  '"': '&quot;',
};
/** Text to put into HTML, XML or SVG (content or a quoted attribute): shown as written, never markup. */
export function escapeMarkup(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => MARKUP[c]!);
}
