// A name with the matched characters marked — as React text nodes, never as HTML.
import type { PlaceSearchResult } from './api.ts';

export function Highlighted({ highlight }: { highlight: PlaceSearchResult['highlight'] }) {
  const chars = Array.from(highlight.text);
  const parts: { text: string; marked: boolean }[] = [];
  let at = 0;
  for (const [start, end] of [...highlight.ranges].sort((a, b) => a[0] - b[0])) {
    if (start > at) parts.push({ text: chars.slice(at, start).join(''), marked: false });
    if (end > Math.max(start, at))
      parts.push({ text: chars.slice(Math.max(start, at), end).join(''), marked: true });
    at = Math.max(at, end);
  }
  if (at < chars.length) parts.push({ text: chars.slice(at).join(''), marked: false });
  return (
    <>
      {parts.map((part, index) =>
        part.marked ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts of one string, in order
          <mark key={index}>{part.text}</mark>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts of one string, in order
          <span key={index}>{part.text}</span>
        ),
      )}
    </>
  );
}
