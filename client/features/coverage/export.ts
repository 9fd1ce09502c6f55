// Downloads made in the browser: the per-town table as CSV (the shared writer in
// server/contract/csv.ts: UTF-8 with BOM, formula guard, codes as text) and the service area as GeoJSON.
export { toCsv } from '../../../server/contract/csv.ts';

export function download(filename: string, content: string, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}
