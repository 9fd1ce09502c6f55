// Saves content made in the browser (a CSV, a GeoJSON, a map PNG) as a file: one object URL, one
// link click, the URL released once the browser has started the download.
export function download(filename: string, content: string | Blob, type = 'application/octet-stream'): void {
  const url = URL.createObjectURL(content instanceof Blob ? content : new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
