// Text measured as people and PostgreSQL count it: in characters (code points), not UTF-16 units.

/** Length in characters (Unicode code points): '𠀀' is 1, although it is 2 UTF-16 units. */
export function textLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
